"""Collection names (the user's names are kept as written) and the shared field vocabulary."""

from __future__ import annotations

# The user's own collection names.
REDEMPTIONS = "redemptions"
ADMIN_ACTIVITY_LOG = "adminActivityLog"
SHOP_CUSTOMER_DATA = "shopCustomerData"
AFFILIATE_CUSTOMER_DATA = "affiliateCustomerData"
USER_ACTION_LOG = "userActionLog"

USERS = "users"
SHOPS = "shops"
COUPONS = "coupons"
AFFILIATES = "affiliates"

# Live stats: `liveStats/{scopeId}` (summary) and `liveStats/{scopeId}/shards/{n}` (counters).
LIVE_STATS = "liveStats"
SHARDS = "shards"

# Server-only bookkeeping (never readable by clients).
IDEMPOTENCY_KEYS = "idempotencyKeys"
AFFILIATE_CODES = "affiliateCodes"
COUPON_CODES = "couponCodes"
COUPON_SLOTS = "couponSlots"
CUSTOMER_SLOTS = "couponCustomerSlots"
REVERSALS = "redemptionReversals"
ACTIVITY_MARKERS = "activityMarkers"
PRESENCE = "presence"
RATE_LIMITS = "rateLimits"
