"""Every query the code and the dashboards run, declared once.

Each is a `QuerySpec`: equality filters plus an order. `build` turns one into a Firestore query,
and a test checks that each spec needing a composite index has it in firestore.indexes.json.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from google.cloud import firestore

from storepulse.platform import collections

Direction = Literal["ASCENDING", "DESCENDING"]


@dataclass(frozen=True)
class QuerySpec:
    name: str
    collection: str
    equals: tuple[str, ...] = ()
    order_by: tuple[tuple[str, Direction], ...] = ()
    range_field: str | None = None
    who: str = ""

    def needs_composite_index(self) -> bool:
        # Equality-only queries are served by merging single-field indexes; any order or range
        # combined with another field needs a composite index.
        fields = {*self.equals, *(name for name, _ in self.order_by)}
        if self.range_field:
            fields.add(self.range_field)
        return len(fields) > 1 and bool(self.order_by or self.range_field)

    def index_fields(self) -> list[tuple[str, str]]:
        """The composite index Firestore asks for: equality fields, then range/order fields."""
        fields = [(name, "ASCENDING") for name in self.equals]
        if self.range_field and all(name != self.range_field for name, _ in self.order_by):
            fields.append((self.range_field, "ASCENDING"))
        fields += list(self.order_by)
        return fields

    def build(
        self,
        db: firestore.Client,
        values: dict[str, Any] | None = None,
        *,
        since: Any = None,
        before: Any = None,
        until: Any = None,
        limit: int | None = None,
    ) -> firestore.Query:
        """The query for `values` of the equality fields (a list value is an `in` filter, served by the
        same index), and `since` (>=) and `before` (<), or `until` (<=), on the range field. A collection
        path with `{placeholders}` (a subcollection) takes them from `values`."""
        values = values or {}
        path = self.collection.format(**values) if "{" in self.collection else self.collection
        query: firestore.Query = db.collection(path)  # type: ignore[assignment]
        for name in self.equals:
            value = values[name]
            operator = "in" if isinstance(value, list | tuple) else "=="
            query = query.where(
                filter=firestore.FieldFilter(name, operator, list(value) if operator == "in" else value)
            )
        if self.range_field:
            bounds = [(">=", since)] if since is not None else []
            bounds += [("<", before)] if before is not None else [("<=", until)] if until is not None else []
            for operator, value in bounds or [(">=", None)]:
                query = query.where(filter=firestore.FieldFilter(self.range_field, operator, value))
        for name, direction in self.order_by:
            query = query.order_by(name, direction=direction)
        return query.limit(limit) if limit else query

    def in_order(self, snapshots: list[Any]) -> list[Any]:
        """Listener results in the query's order.

        google-cloud-firestore 2.34's watch comparator multiplies by the protobuf direction enum
        (DESCENDING == 2), so Python listeners deliver descending queries ascending. Web and
        mobile SDKs are not affected; Python consumers sort through here.
        """
        ordered = list(snapshots)
        for name, direction in reversed(self.order_by):
            ordered.sort(key=_field_getter(name), reverse=direction == "DESCENDING")
        return ordered


def _field_getter(name: str) -> Callable[[Any], Any]:
    return lambda snapshot: snapshot.get(name)


DESC: Direction = "DESCENDING"

ADMIN_FEED = QuerySpec("admin feed", collections.ADMIN_ACTIVITY_LOG, order_by=(("createdAt", DESC),), who="admin")
ADMIN_FEED_BY_TYPE = QuerySpec(
    "admin feed by type", collections.ADMIN_ACTIVITY_LOG, equals=("type",), order_by=(("createdAt", DESC),), who="admin"
)
ADMIN_FEED_BY_ACTION = QuerySpec(
    "admin feed by tracked action (tab changes, searches, ...)",
    collections.ADMIN_ACTIVITY_LOG,
    equals=("action",),
    order_by=(("createdAt", DESC),),
    who="admin",
)
SHOP_CUSTOMERS = QuerySpec(
    "shop customers by last redemption",
    collections.SHOP_CUSTOMER_DATA,
    equals=("shopId",),
    order_by=(("lastRedemptionAt", DESC),),
    who="shop",
)
SHOP_REDEMPTIONS = QuerySpec(
    "shop redemptions newest first",
    collections.REDEMPTIONS,
    equals=("shopId",),
    order_by=(("redeemedAt", DESC),),
    who="shop",
)
AFFILIATE_CUSTOMERS = QuerySpec(
    "affiliate customers newest first",
    collections.AFFILIATE_CUSTOMER_DATA,
    equals=("affiliateId",),
    order_by=(("acquiredAt", DESC),),
    who="affiliate",
)
CUSTOMER_REDEMPTIONS = QuerySpec(
    "customer's own redemptions newest first",
    collections.REDEMPTIONS,
    equals=("customerId",),
    order_by=(("redeemedAt", DESC),),
    who="customer",
)
CUSTOMER_ACTIONS = QuerySpec(
    "customer's own actions newest first",
    collections.USER_ACTION_LOG,
    equals=("uid",),
    order_by=(("createdAt", DESC),),
    who="customer",
)
SHOP_COUPONS = QuerySpec(
    "shop coupons", collections.COUPONS, equals=("shopId",), order_by=(("updatedAt", DESC),), who="shop"
)
TAKEN_COUPON_SLOTS = QuerySpec("taken slots of a coupon", collections.COUPON_SLOTS, equals=("couponId",), who="server")
# Counted (never listed) when every probed slot of a limited coupon is taken: redemptions/rules.find_free.
COUPON_SLOTS_BELOW = QuerySpec(
    "taken slots of a coupon below an index",
    collections.COUPON_SLOTS,
    equals=("couponId",),
    range_field="slot",
    who="server",
)
ACTIVE_PRESENCE = QuerySpec("presence in the window", collections.PRESENCE, range_field="lastActiveAt", who="server")
# The last run's non-zero figures: all a window run may need to move (an idle scope is never read).
ACTIVE_NOW_SCOPES = QuerySpec(
    "scopes with someone active now", collections.LIVE_STATS, range_field="activeNow", who="server"
)
ONLINE_NOW_SHOPS = QuerySpec(
    "shops with a visitor online now", collections.LIVE_VISITORS, range_field="onlineNow", who="server"
)

PAYMENT_ERRORS_OF_SHOP = QuerySpec(
    "shop payment errors newest first",
    collections.PAYMENT_ERRORS,
    equals=("shopId",),
    order_by=(("createdAt", DESC),),
    who="shop",
)
ALL_PAYMENT_ERRORS = QuerySpec(
    "payment errors newest first", collections.PAYMENT_ERRORS, order_by=(("createdAt", DESC),), who="admin"
)
ACTIVE_SESSIONS_OF_SHOP = QuerySpec(
    "active sessions of a shop (recount)", collections.VISITOR_SESSIONS, equals=("shopId", "status"), who="server"
)
IDLE_SESSIONS = QuerySpec(
    "active sessions idle past the timeout",
    collections.VISITOR_SESSIONS,
    equals=("status",),
    range_field="lastActivityAt",
    who="server",
)
ONLINE_SESSIONS = QuerySpec(
    "active sessions seen within the online window",
    collections.VISITOR_SESSIONS,
    equals=("status",),
    range_field="lastActivityAt",
    who="server",
)
ANONYMOUS_ONLINE = QuerySpec(
    "anonymous visitors' sessions seen within the online window (counted)",
    collections.VISITOR_SESSIONS,
    equals=("status", "anonymous"),
    range_field="lastActivityAt",
    who="server",
)
PAGE_VIEWS_OF_DAY = QuerySpec(
    "a shop's page views of a day", collections.PAGE_VIEWS, equals=("shopId", "day"), who="server"
)
CHECKOUTS_OF_DAY = QuerySpec(
    "a shop's checkouts of a day", collections.CHECKOUTS, equals=("shopId", "day"), who="server"
)

BELL = QuerySpec(
    "my notifications newest first (the bell)",
    collections.NOTIFICATIONS,
    equals=("recipientUid",),
    order_by=(("createdAt", DESC),),
    who="recipient",
)
BELL_BY_CATEGORY = QuerySpec(
    "my notifications of one category newest first",
    collections.NOTIFICATIONS,
    equals=("recipientUid", "category"),
    order_by=(("createdAt", DESC),),
    who="recipient",
)
BELL_INBOX = QuerySpec(
    "my notifications not archived newest first",
    collections.NOTIFICATIONS,
    equals=("recipientUid", "archived"),
    order_by=(("createdAt", DESC),),
    who="recipient",
)
# What `mark_notifications` may change: (flag field, within a category?) -> spec. The flag is
# `read` (false for read, true for unread), `seen` or `archived`; created up to the call's time.
NOTIFICATION_MARKS: dict[tuple[str, bool], QuerySpec] = {
    (flag, by_category): QuerySpec(
        f"my notifications by {flag}" + (" within a category" if by_category else "") + " (mark)",
        collections.NOTIFICATIONS,
        equals=("recipientUid", flag, *(("category",) if by_category else ())),
        range_field="createdAt",
        who="server",
    )
    for flag in ("read", "seen", "archived")
    for by_category in (False, True)
}

MY_CARDS = QuerySpec(
    "my loyalty cards (every program I am in or asked to join)",
    collections.ENROLLMENTS,
    equals=("customerId",),
    order_by=(("lastActivityAt", DESC),),
    who="customer",
)
SHOP_LOYALTY_CUSTOMERS = QuerySpec(
    "a shop's enrolled customers, latest activity first",
    collections.ENROLLMENTS,
    equals=("shopId", "status"),
    order_by=(("lastActivityAt", DESC),),
    who="shop",
)
MY_LEDGER = QuerySpec(
    "my points ledger newest first",
    collections.POINTS_LEDGER,
    equals=("customerId",),
    order_by=(("createdAt", DESC),),
    who="customer",
)
SHOP_LEDGER = QuerySpec(
    "a shop's points ledger newest first",
    collections.POINTS_LEDGER,
    equals=("shopId",),
    order_by=(("createdAt", DESC),),
    who="shop",
)
MY_OPEN_POINTS_REQUESTS = QuerySpec(
    "my open points requests",
    collections.POINTS_REQUESTS,
    equals=("customerId", "status"),
    order_by=(("createdAt", DESC),),
    who="customer",
)
SHOP_SCANS = QuerySpec(
    "a shop's QR scans newest first", collections.QR_SCANS, equals=("shopId",), order_by=(("at", DESC),), who="shop"
)

# Live orders (seed 004). `status` in SHOP_OPEN_ORDERS is given as the list of open statuses.
MY_ORDERS = QuerySpec(
    "my orders, latest change first",
    collections.ORDERS,
    equals=("customerId",),
    order_by=(("updatedAt", DESC),),
    who="customer",
)
ORDER_TIMELINE = QuerySpec(
    "an order's timeline, oldest first",
    f"{collections.ORDERS}/{{orderId}}/{collections.TIMELINE}",
    order_by=(("at", "ASCENDING"),),
    who="customer, shop",
)
SHOP_OPEN_ORDERS = QuerySpec(
    "a shop's open orders (the order board), latest change first",
    collections.ORDERS,
    equals=("shopId", "status"),
    order_by=(("updatedAt", DESC),),
    who="shop",
)
SHOP_FINISHED_ORDERS = QuerySpec(
    "a shop's orders finished on a day, latest first",
    collections.ORDERS,
    equals=("shopId", "finishedDay"),
    order_by=(("updatedAt", DESC),),
    who="shop",
)
# Shard collections a dashboard sums (listened to whole; no filter, no index).
LIVE_VISITOR_SHARDS = QuerySpec(
    "a shop's live visitor counters (summed)",
    f"{collections.LIVE_VISITORS}/{{shopId}}/{collections.SHARDS}",
    who="shop",
)
# A seller's Insights: one day's figures a query (1, 7 or 30 of them), at most SHARDS documents each.
SHOP_DAY_SHARDS = QuerySpec(
    "a shop's figures of one day (summed)",
    f"{collections.SHOP_DAILY}/{{shopId}}/{collections.DAYS}/{{day}}/{collections.SHARDS}",
    who="shop",
)
ORDER_STATS_SHARDS = QuerySpec(
    "a shop's order figures (summed)", f"{collections.ORDER_STATS}/{{shopId}}/{collections.SHARDS}", who="shop"
)
LIVE_STATS_SHARDS = QuerySpec(
    "a scope's live stats counters (summed)",
    f"{collections.LIVE_STATS}/{{scopeId}}/{collections.SHARDS}",
    who="admin, shop, affiliate",
)
ALL_SHOPS = QuerySpec("every shop", collections.SHOPS, who="admin")
ALL_AFFILIATES = QuerySpec("every affiliate", collections.AFFILIATES, who="admin")
# Every profile with a role has `roleUpdatedAt` (a registration is a grant too).
ALL_USERS = QuerySpec(
    "every user, latest role change first", collections.USERS, order_by=(("roleUpdatedAt", DESC),), who="admin"
)
ALL_ORDERS = QuerySpec(
    "every order, latest change first", collections.ORDERS, order_by=(("updatedAt", DESC),), who="admin"
)

# Served by single-field indexes (equality only): who a shop's owner may invite to its program.
CUSTOMER_BY_EMAIL = QuerySpec(
    "the registered customer with an e-mail address", collections.USERS, equals=("email", "role"), who="server"
)
CUSTOMER_ORDER_AT_SHOP = QuerySpec(
    "a customer's orders at a shop (is there one)", collections.ORDERS, equals=("shopId", "customerId"), who="server"
)

# The daily pseudonymisation (platform/retention.py, PSEUDONYMISED_AFTER): a span of records, once.
REDEEMED_IN_SPAN = QuerySpec(
    "redemptions redeemed in a span (pseudonymisation)", collections.REDEMPTIONS, range_field="redeemedAt", who="server"
)
FINISHED_IN_SPAN = QuerySpec(
    "orders finished in a span (pseudonymisation)", collections.ORDERS, range_field="finishedAt", who="server"
)

# Erasure and export (privacy/): everything of one user, by the field that names them (equality only,
# served by single-field indexes). `target.id` finds the notifications others got about the user's
# orders, cards and redemptions (an `in` over their ids).
PERSONAL_SESSIONS = QuerySpec("a user's visitor sessions", collections.VISITOR_SESSIONS, equals=("uid",), who="server")
PERSONAL_PAGE_VIEWS = QuerySpec("a user's page views", collections.PAGE_VIEWS, equals=("uid",), who="server")
PERSONAL_CHECKOUTS = QuerySpec("a user's checkouts", collections.CHECKOUTS, equals=("uid",), who="server")
PERSONAL_PAYMENT_ERRORS = QuerySpec(
    "a user's payment errors", collections.PAYMENT_ERRORS, equals=("uid",), who="server"
)
PERSONAL_POINTS_REQUESTS = QuerySpec(
    "a customer's points requests", collections.POINTS_REQUESTS, equals=("customerId",), who="server"
)
PERSONAL_QR_SCANS = QuerySpec("a customer's QR scans", collections.QR_SCANS, equals=("customerId",), who="server")
PERSONAL_SHOP_RECORDS = QuerySpec(
    "a customer's records at shops", collections.SHOP_CUSTOMER_DATA, equals=("customerId",), who="server"
)
PERSONAL_AFFILIATE_RECORDS = QuerySpec(
    "a customer's records at affiliates", collections.AFFILIATE_CUSTOMER_DATA, equals=("customerId",), who="server"
)
FEED_BY_ACTOR = QuerySpec(
    "feed entries a user made", collections.ADMIN_ACTIVITY_LOG, equals=("actorUid",), who="server"
)
FEED_BY_SUBJECT = QuerySpec(
    "feed entries about a user", collections.ADMIN_ACTIVITY_LOG, equals=("subjectUid",), who="server"
)
FEED_BY_CUSTOMER = QuerySpec(
    "feed entries about a customer", collections.ADMIN_ACTIVITY_LOG, equals=("customerId",), who="server"
)
NOTIFICATIONS_ABOUT = QuerySpec(
    "notifications about given orders, cards or redemptions",
    collections.NOTIFICATIONS,
    equals=("target.id",),
    who="server",
)
# Call records whose recorded result names the user (a registration's, a scan of their code): their
# sub-fields are indexed although `result` is not (firestore.indexes.json).
CALL_RECORDS_OF_USER = QuerySpec(
    "call records whose result is a user's", collections.IDEMPOTENCY_KEYS, equals=("result.uid",), who="server"
)
CALL_RECORDS_OF_CARDS = QuerySpec(
    "call records whose result is about given loyalty cards",
    collections.IDEMPOTENCY_KEYS,
    equals=("result.enrollmentId",),
    who="server",
)

ALL: tuple[QuerySpec, ...] = (
    ADMIN_FEED,
    ADMIN_FEED_BY_TYPE,
    ADMIN_FEED_BY_ACTION,
    SHOP_CUSTOMERS,
    SHOP_REDEMPTIONS,
    AFFILIATE_CUSTOMERS,
    CUSTOMER_REDEMPTIONS,
    CUSTOMER_ACTIONS,
    SHOP_COUPONS,
    TAKEN_COUPON_SLOTS,
    COUPON_SLOTS_BELOW,
    ACTIVE_PRESENCE,
    ACTIVE_NOW_SCOPES,
    ONLINE_NOW_SHOPS,
    PAYMENT_ERRORS_OF_SHOP,
    ALL_PAYMENT_ERRORS,
    ACTIVE_SESSIONS_OF_SHOP,
    IDLE_SESSIONS,
    ONLINE_SESSIONS,
    ANONYMOUS_ONLINE,
    PAGE_VIEWS_OF_DAY,
    CHECKOUTS_OF_DAY,
    BELL,
    BELL_BY_CATEGORY,
    BELL_INBOX,
    *NOTIFICATION_MARKS.values(),
    MY_CARDS,
    SHOP_LOYALTY_CUSTOMERS,
    MY_LEDGER,
    SHOP_LEDGER,
    MY_OPEN_POINTS_REQUESTS,
    SHOP_SCANS,
    MY_ORDERS,
    ORDER_TIMELINE,
    SHOP_OPEN_ORDERS,
    SHOP_FINISHED_ORDERS,
    ALL_ORDERS,
    LIVE_VISITOR_SHARDS,
    SHOP_DAY_SHARDS,
    ORDER_STATS_SHARDS,
    LIVE_STATS_SHARDS,
    ALL_SHOPS,
    ALL_AFFILIATES,
    ALL_USERS,
    CUSTOMER_BY_EMAIL,
    CUSTOMER_ORDER_AT_SHOP,
    REDEEMED_IN_SPAN,
    FINISHED_IN_SPAN,
    PERSONAL_SESSIONS,
    PERSONAL_PAGE_VIEWS,
    PERSONAL_CHECKOUTS,
    PERSONAL_PAYMENT_ERRORS,
    PERSONAL_POINTS_REQUESTS,
    PERSONAL_QR_SCANS,
    PERSONAL_SHOP_RECORDS,
    PERSONAL_AFFILIATE_RECORDS,
    FEED_BY_ACTOR,
    FEED_BY_SUBJECT,
    FEED_BY_CUSTOMER,
    NOTIFICATIONS_ABOUT,
    CALL_RECORDS_OF_USER,
    CALL_RECORDS_OF_CARDS,
)
