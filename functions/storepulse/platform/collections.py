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

# `liveWindows/current`: when each windowed figure (active now, online now) was last applied.
LIVE_WINDOWS = "liveWindows"

# Server-only bookkeeping (never readable by clients).
IDEMPOTENCY_KEYS = "idempotencyKeys"
IDEMPOTENCY_CLAIMS = "idempotencyClaims"
AFFILIATE_CODES = "affiliateCodes"
COUPON_CODES = "couponCodes"
COUPON_SLOTS = "couponSlots"
CUSTOMER_USAGE = "couponCustomerUsage"
REVERSALS = "redemptionReversals"
ACTIVITY_MARKERS = "activityMarkers"
PRESENCE = "presence"
RATE_LIMITS = "rateLimits"
# `rateLimits/{callable}~{uid|address}~{key}~{windowStart}/slots/{n}`: one per admitted call in that window.
RATE_LIMIT_SLOTS = "slots"
# `pseudonymised/{collection}`: how far the daily pseudonymisation has gone (`upTo`).
PSEUDONYMISED = "pseudonymised"

# Live visitors (seed 001): sessions, checkouts and the seller's views.
VISITOR_SESSIONS = "visitorSessions"
PAGE_VIEWS = "pageViews"
CHECKOUTS = "checkouts"
PAYMENT_ERRORS = "paymentErrors"
# `liveVisitors/{shopId}` (summary) and `liveVisitors/{shopId}/shards/{n}` (counters).
LIVE_VISITORS = "liveVisitors"
# `shopDaily/{shopId}/days/{YYYY-MM-DD}/shards/{n}`: the day's figures, rebuildable from the above.
SHOP_DAILY = "shopDaily"
DAYS = "days"

# The notification centre: `notifications/{id}` (id from the source event) and the badge,
# `notificationCounts/{uid}`.
NOTIFICATIONS = "notifications"
NOTIFICATION_COUNTS = "notificationCounts"

# Loyalty (seed 002).
LOYALTY_PROGRAMS = "loyaltyPrograms"  # {shopId}
ENROLLMENTS = "enrollments"  # {shopId}_{customerId}
POINTS_LEDGER = "pointsLedger"
POINTS_REQUESTS = "pointsRequests"
QR_SCANS = "qrScans"
# `loyaltyStats/{shopId}/shards/{n}`: a shop's loyalty figures; `platformTiers/current/shards/{n}`:
# customers per tier above bronze.
LOYALTY_STATS = "loyaltyStats"
PLATFORM_TIERS = "platformTiers"
# Server-only: a scanned token's nonce (create-only: one scan per code), the per-customer points
# tickets that serialise every balance change, and each customer's points account (the next ticket
# and the lifetime total: kept off `users/{uid}` so a points change does not move the profile the
# customer's page listens to).
QR_NONCES = "qrNonces"
LOYALTY_ACCOUNTS = "loyaltyAccounts"

# Live orders (seed 004): `orders/{orderId}` and its history `orders/{orderId}/timeline/{id}`;
# `orderStats/{shopId}/shards/{n}`: a shop's order figures.
ORDERS = "orders"
TIMELINE = "timeline"
ORDER_STATS = "orderStats"

# The platform pulse (seed 003): `platformHours/{YYYY-MM-DDTHH}/shards/{n}` (events per hour),
# `platformUsers/current/shards/{n}` (users per role) and `platformPulse/current`, the one public
# document the sign-in page reads.
PLATFORM_HOURS = "platformHours"
PLATFORM_USERS = "platformUsers"
PLATFORM_PULSE = "platformPulse"

# Erasure of a user's personal data: `erasures/{uid}`, the progress of one erasure (server-only), so a
# call that stopped halfway is finished by the next.
ERASURES = "erasures"
