"""Every collection a client reads and the model of its documents: the one list.

`scripts/contract` writes it to `contract/documents.json` (with the documents' JSON Schema), and
the emulator tests hold every stored document of these collections to its model
(`tests/support/shapes.py`). A path names each document id with a placeholder (`{orderId}`), as the
queries of `platform/queries.py` name the ids in their collection paths. Collections only the
server reads (idempotency records, slots, markers, presence, page views, the platform's hour and
user counters) are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from storepulse.activity.models import FeedEntry, UserAction
from storepulse.analytics.models import PlatformPulse, TierShard
from storepulse.catalog.models import Affiliate, AffiliateCustomer, Coupon, Shop
from storepulse.identity.models import UserProfile
from storepulse.loyalty.models import Enrollment, LedgerEntry, LoyaltyProgram, LoyaltyStatsShard, PointsRequest, QrScan
from storepulse.notifications.models import Notification, NotificationCounts
from storepulse.orders.models import Order, OrderStatsShard, OrderTimelineEntry
from storepulse.platform import collections as c
from storepulse.platform.models import DocumentModel, LiveWindows
from storepulse.redemptions.models import Redemption, ShopCustomer
from storepulse.stats.models import LiveStatsShard, LiveStatsSummary
from storepulse.visitors.models import (
    Checkout,
    LiveVisitorsShard,
    LiveVisitorsSummary,
    PaymentError,
    ShopDayShard,
    VisitorSession,
)

SHARD = f"{c.SHARDS}/{{shard}}"


@dataclass(frozen=True)
class Collection:
    """A collection clients read: its documents' path (`liveStats/{scopeId}/shards/{shard}`) and model."""

    path: str
    model: type[DocumentModel]

    @property
    def collection(self) -> str:
        """The collection's own path (`liveStats/{scopeId}/shards`), as a query names it."""
        return self.path.rpartition("/")[0]

    @property
    def collection_id(self) -> str:
        """The last collection name of the path (`shards`): what a collection-group scan asks for."""
        return self.collection.rpartition("/")[2]


COLLECTIONS: tuple[Collection, ...] = (
    Collection(f"{c.USERS}/{{uid}}", UserProfile),
    Collection(f"{c.SHOPS}/{{shopId}}", Shop),
    Collection(f"{c.AFFILIATES}/{{affiliateId}}", Affiliate),
    Collection(f"{c.COUPONS}/{{couponId}}", Coupon),
    Collection(f"{c.AFFILIATE_CUSTOMER_DATA}/{{recordId}}", AffiliateCustomer),
    Collection(f"{c.REDEMPTIONS}/{{redemptionId}}", Redemption),
    Collection(f"{c.SHOP_CUSTOMER_DATA}/{{recordId}}", ShopCustomer),
    Collection(f"{c.ADMIN_ACTIVITY_LOG}/{{entryId}}", FeedEntry),
    Collection(f"{c.USER_ACTION_LOG}/{{entryId}}", UserAction),
    Collection(f"{c.LIVE_STATS}/{{scopeId}}", LiveStatsSummary),
    Collection(f"{c.LIVE_STATS}/{{scopeId}}/{SHARD}", LiveStatsShard),
    Collection(f"{c.LIVE_WINDOWS}/current", LiveWindows),
    Collection(f"{c.VISITOR_SESSIONS}/{{sessionKey}}", VisitorSession),
    Collection(f"{c.CHECKOUTS}/{{checkoutId}}", Checkout),
    Collection(f"{c.PAYMENT_ERRORS}/{{errorId}}", PaymentError),
    Collection(f"{c.LIVE_VISITORS}/{{shopId}}", LiveVisitorsSummary),
    Collection(f"{c.LIVE_VISITORS}/{{shopId}}/{SHARD}", LiveVisitorsShard),
    Collection(f"{c.SHOP_DAILY}/{{shopId}}/{c.DAYS}/{{day}}/{SHARD}", ShopDayShard),
    Collection(f"{c.NOTIFICATIONS}/{{notificationId}}", Notification),
    Collection(f"{c.NOTIFICATION_COUNTS}/{{uid}}", NotificationCounts),
    Collection(f"{c.LOYALTY_PROGRAMS}/{{shopId}}", LoyaltyProgram),
    Collection(f"{c.ENROLLMENTS}/{{enrollmentId}}", Enrollment),
    Collection(f"{c.POINTS_LEDGER}/{{entryId}}", LedgerEntry),
    Collection(f"{c.POINTS_REQUESTS}/{{requestId}}", PointsRequest),
    Collection(f"{c.QR_SCANS}/{{scanId}}", QrScan),
    Collection(f"{c.LOYALTY_STATS}/{{shopId}}/{SHARD}", LoyaltyStatsShard),
    Collection(f"{c.PLATFORM_TIERS}/current/{SHARD}", TierShard),
    Collection(f"{c.ORDERS}/{{orderId}}", Order),
    Collection(f"{c.ORDERS}/{{orderId}}/{c.TIMELINE}/{{entryId}}", OrderTimelineEntry),
    Collection(f"{c.ORDER_STATS}/{{shopId}}/{SHARD}", OrderStatsShard),
    Collection(f"{c.PLATFORM_PULSE}/current", PlatformPulse),
)
