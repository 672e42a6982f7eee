"""The rules matrix: every role x every dashboard collection x get, list, create, update, delete.

The data belongs to shop X, customer A and affiliate P; each role tries to read it (a document
`get` and the dashboard query `list`) and to write it. Exactly the allowed set may succeed.
Run with `-s` to see the printed matrix; the emulator's rules coverage report is saved to
reports/rules-coverage.html at the end of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from google.cloud import firestore

from scripts.lib.stack import ROOT
from storepulse.orders.rules import OPEN as OPEN_STATUSES
from tests.support.emulator_clients import Endpoints, FirestoreRest, rules_coverage, structured_query

NOW = datetime(2030, 1, 1, tzinfo=UTC)

ROLES: dict[str, tuple[str | None, dict[str, str]]] = {
    "anonymous": (None, {}),
    "customer A": ("cust-a", {"role": "customer"}),
    "customer B": ("cust-b", {"role": "customer"}),
    "owner X": ("owner-x", {"role": "shop", "shopId": "shop-x"}),
    "owner Y": ("owner-y", {"role": "shop", "shopId": "shop-y"}),
    "affiliate P": ("aff-p-user", {"role": "affiliate", "affiliateId": "aff-p"}),
    "affiliate Q": ("aff-q-user", {"role": "affiliate", "affiliateId": "aff-q"}),
    "admin": ("root", {"role": "admin"}),
}


class Target:
    """One collection: the document a role tries to `get`, the dashboard query it `list`s, who may read."""

    def __init__(
        self,
        path: str,
        query: dict[str, Any],
        readers: set[str],
        *,
        parent: str = "",
        list_readers: set[str] | None = None,
        admin_reads: bool = True,
    ) -> None:
        self.path = path
        self.query = query
        self.parent = parent
        admin = {"admin"} if admin_reads else set()
        self.readers = readers | admin
        self.list_readers = (list_readers if list_readers is not None else readers) | admin

    @property
    def collection(self) -> str:
        return self.path.rsplit("/", 1)[0]


def newest(collection: str, field: str, value: str, by: str) -> dict[str, Any]:
    """A dashboard query: `field == value`, newest first by `by`."""
    return structured_query(collection, where=[(field, "EQUAL", value)], order_by=[(by, "DESCENDING")], limit=20)


TARGETS: dict[str, Target] = {
    "redemptions": Target(
        "redemptions/r-a-x",
        newest("redemptions", "shopId", "shop-x", "redeemedAt"),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "redemptions (customer view)": Target(
        "redemptions/r-a-x",
        newest("redemptions", "customerId", "cust-a", "redeemedAt"),
        {"owner X", "customer A"},
        list_readers={"customer A"},
    ),
    "adminActivityLog": Target(
        "adminActivityLog/e1",
        structured_query("adminActivityLog", order_by=[("createdAt", "DESCENDING")], limit=20),
        set(),
    ),
    "shopCustomerData": Target(
        "shopCustomerData/shop-x_cust-a",
        newest("shopCustomerData", "shopId", "shop-x", "lastRedemptionAt"),
        {"owner X"},
    ),
    "affiliateCustomerData": Target(
        "affiliateCustomerData/aff-p_cust-a",
        newest("affiliateCustomerData", "affiliateId", "aff-p", "acquiredAt"),
        {"affiliate P"},
    ),
    "userActionLog": Target(
        "userActionLog/u-a",
        newest("userActionLog", "uid", "cust-a", "createdAt"),
        {"customer A"},
    ),
    "users": Target(
        "users/cust-a",
        structured_query("users", order_by=[("roleUpdatedAt", "DESCENDING")], limit=20),
        {"customer A"},
        list_readers=set(),
    ),
    "shops": Target("shops/shop-x", structured_query("shops", limit=20), {"owner X"}, list_readers=set()),
    "coupons": Target("coupons/coupon-x", newest("coupons", "shopId", "shop-x", "updatedAt"), {"owner X"}),
    "affiliates": Target(
        "affiliates/aff-p", structured_query("affiliates", limit=20), {"affiliate P"}, list_readers=set()
    ),
    "liveStats (shop)": Target(
        "liveStats/shop_shop-x", structured_query("liveStats", limit=20), {"owner X"}, list_readers=set()
    ),
    "liveStats shards (shop)": Target(
        "liveStats/shop_shop-x/shards/0", structured_query("shards"), {"owner X"}, parent="liveStats/shop_shop-x"
    ),
    "liveStats shards (affiliate)": Target(
        "liveStats/affiliate_aff-p/shards/0",
        structured_query("shards"),
        {"affiliate P"},
        parent="liveStats/affiliate_aff-p",
    ),
    "liveStats (platform)": Target("liveStats/platform", structured_query("liveStats", limit=20), set()),
    "visitorSessions": Target(
        "visitorSessions/cust-a_s1",
        structured_query("visitorSessions", where=[("shopId", "EQUAL", "shop-x")], limit=20),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "checkouts": Target(
        "checkouts/co-a-x",
        structured_query("checkouts", where=[("shopId", "EQUAL", "shop-x")], limit=20),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "paymentErrors": Target(
        "paymentErrors/pe-a-x", newest("paymentErrors", "shopId", "shop-x", "createdAt"), {"owner X"}
    ),
    "liveVisitors": Target(
        "liveVisitors/shop-x", structured_query("liveVisitors", limit=20), {"owner X"}, list_readers=set()
    ),
    "liveVisitors shards": Target(
        "liveVisitors/shop-x/shards/0", structured_query("shards"), {"owner X"}, parent="liveVisitors/shop-x"
    ),
    "shopDaily shards (Insights: SHOP_DAY_SHARDS)": Target(
        "shopDaily/shop-x/days/2030-01-01/shards/0",
        structured_query("shards"),
        {"owner X"},
        parent="shopDaily/shop-x/days/2030-01-01",
    ),
    "notifications (bell)": Target(
        "notifications/n-a", newest("notifications", "recipientUid", "cust-a", "createdAt"), {"customer A"}
    ),
    "notifications (owner's)": Target(
        "notifications/n-x", newest("notifications", "recipientUid", "owner-x", "createdAt"), {"owner X"}
    ),
    "notificationCounts": Target(
        "notificationCounts/cust-a",
        structured_query("notificationCounts", limit=20),
        {"customer A"},
        list_readers=set(),
    ),
    "loyaltyPrograms": Target(
        "loyaltyPrograms/shop-x",
        structured_query("loyaltyPrograms", limit=20),
        set(ROLES) - {"anonymous"},
        list_readers=set(),
    ),
    "enrollments (shop list)": Target(
        "enrollments/shop-x_cust-a",
        structured_query(
            "enrollments",
            where=[("shopId", "EQUAL", "shop-x"), ("status", "EQUAL", "active")],
            order_by=[("lastActivityAt", "DESCENDING")],
            limit=20,
        ),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "enrollments (my cards)": Target(
        "enrollments/shop-x_cust-a",
        newest("enrollments", "customerId", "cust-a", "lastActivityAt"),
        {"owner X", "customer A"},
        list_readers={"customer A"},
    ),
    # An invitation by e-mail: the customer's alone (the shop reads it as a missing one).
    "enrollments (invited card)": Target(
        "enrollments/shop-x_cust-b",
        newest("enrollments", "customerId", "cust-b", "lastActivityAt"),
        {"customer B"},
    ),
    "pointsLedger": Target(
        "pointsLedger/l-a-x",
        newest("pointsLedger", "shopId", "shop-x", "createdAt"),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "pointsRequests": Target(
        "pointsRequests/pr-a-x",
        newest("pointsRequests", "customerId", "cust-a", "createdAt"),
        {"owner X", "customer A"},
        list_readers={"customer A"},
    ),
    "qrScans": Target("qrScans/q-a-x", newest("qrScans", "shopId", "shop-x", "at"), {"owner X"}),
    "loyaltyStats shards": Target(
        "loyaltyStats/shop-x/shards/0", structured_query("shards"), {"owner X"}, parent="loyaltyStats/shop-x"
    ),
    "platformTiers shards": Target(
        "platformTiers/current/shards/0", structured_query("shards"), set(), parent="platformTiers/current"
    ),
    "orders (my orders)": Target(
        "orders/o-a-x",
        newest("orders", "customerId", "cust-a", "updatedAt"),
        {"owner X", "customer A"},
        list_readers={"customer A"},
    ),
    "orders (order board)": Target(
        "orders/o-a-x",
        structured_query(
            "orders",
            where=[("shopId", "EQUAL", "shop-x"), ("status", "IN", list(OPEN_STATUSES))],
            order_by=[("updatedAt", "DESCENDING")],
            limit=20,
        ),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "orders (finished on a day)": Target(
        "orders/o-a-x",
        structured_query(
            "orders",
            where=[("shopId", "EQUAL", "shop-x"), ("finishedDay", "EQUAL", "2030-01-01")],
            order_by=[("updatedAt", "DESCENDING")],
            limit=20,
        ),
        {"owner X", "customer A"},
        list_readers={"owner X"},
    ),
    "order timeline": Target(
        "orders/o-a-x/timeline/t1",
        structured_query("timeline", order_by=[("at", "ASCENDING")]),
        {"owner X", "customer A"},
        parent="orders/o-a-x",
    ),
    "orderStats shards": Target(
        "orderStats/shop-x/shards/0", structured_query("shards"), {"owner X"}, parent="orderStats/shop-x"
    ),
    "platformPulse (public)": Target(
        "platformPulse/current", structured_query("platformPulse"), set(ROLES), list_readers=set(), admin_reads=False
    ),
    "liveWindows (public)": Target(
        "liveWindows/current", structured_query("liveWindows"), set(ROLES), list_readers=set(), admin_reads=False
    ),
    "platformHours shards": Target(
        "platformHours/2030-01-01T00/shards/0",
        structured_query("shards"),
        set(),
        parent="platformHours/2030-01-01T00",
        admin_reads=False,
    ),
    "platformUsers shards": Target(
        "platformUsers/current/shards/0",
        structured_query("shards"),
        set(),
        parent="platformUsers/current",
        admin_reads=False,
    ),
    "qrNonces": Target("qrNonces/n1", structured_query("qrNonces"), set(), admin_reads=False),
    "loyaltyAccounts": Target("loyaltyAccounts/cust-a", structured_query("loyaltyAccounts"), set(), admin_reads=False),
    "idempotencyKeys": Target("idempotencyKeys/k1", structured_query("idempotencyKeys"), set(), admin_reads=False),
}
OPERATIONS = ("get", "list", "create", "update", "delete")

SEED: dict[str, dict[str, Any]] = {
    "shops/shop-x": {"name": "X", "ownerUid": "owner-x"},
    "shops/shop-y": {"name": "Y", "ownerUid": "owner-y"},
    "affiliates/aff-p": {"name": "P", "uid": "aff-p-user", "code": "PPP"},
    "coupons/coupon-x": {"shopId": "shop-x", "code": "X10", "updatedAt": NOW},
    "coupons/coupon-y": {"shopId": "shop-y", "code": "Y10", "updatedAt": NOW},
    "redemptions/r-a-x": {"shopId": "shop-x", "customerId": "cust-a", "redeemedAt": NOW},
    "redemptions/r-b-y": {"shopId": "shop-y", "customerId": "cust-b", "redeemedAt": NOW},
    "adminActivityLog/e1": {"type": "redemption", "createdAt": NOW},
    "shopCustomerData/shop-x_cust-a": {"shopId": "shop-x", "customerId": "cust-a", "lastRedemptionAt": NOW},
    "shopCustomerData/shop-y_cust-b": {"shopId": "shop-y", "customerId": "cust-b", "lastRedemptionAt": NOW},
    "affiliateCustomerData/aff-p_cust-a": {"affiliateId": "aff-p", "customerId": "cust-a", "acquiredAt": NOW},
    "affiliateCustomerData/aff-q_cust-b": {"affiliateId": "aff-q", "customerId": "cust-b", "acquiredAt": NOW},
    "userActionLog/u-a": {"uid": "cust-a", "action": "page_view", "createdAt": NOW},
    "userActionLog/u-b": {"uid": "cust-b", "action": "page_view", "createdAt": NOW},
    "users/cust-a": {"uid": "cust-a", "role": "customer"},
    "liveStats/platform": {"scope": "platform"},
    "liveStats/shop_shop-x": {"scope": "shop_shop-x"},
    "liveStats/shop_shop-x/shards/0": {"redemptionsTotal": 1},
    "liveStats/affiliate_aff-p/shards/0": {"redemptionsTotal": 1},
    "idempotencyKeys/k1": {"result": {}},
    "visitorSessions/cust-a_s1": {"shopId": "shop-x", "uid": "cust-a", "ipHash": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"},
    "checkouts/co-a-x": {"shopId": "shop-x", "uid": "cust-a", "customer": {"email": "a@example.test"}},
    "paymentErrors/pe-a-x": {"shopId": "shop-x", "uid": "cust-a", "customer": {"phone": "+1555"}, "createdAt": NOW},
    "liveVisitors/shop-x": {"shopId": "shop-x", "onlineNow": 1},
    "liveVisitors/shop-x/shards/0": {"total": 1},
    "shopDaily/shop-x/days/2030-01-01/shards/0": {"sessions": 1},
    "notifications/n-a": {"recipientUid": "cust-a", "category": "redemption", "createdAt": NOW, "archived": False},
    "notifications/n-x": {"recipientUid": "owner-x", "category": "account", "createdAt": NOW, "archived": False},
    "notificationCounts/cust-a": {"uid": "cust-a", "unread": 1, "unseen": 1},
    "loyaltyPrograms/shop-x": {"shopId": "shop-x", "name": "X rewards", "pointsPerScan": 10, "active": True},
    "enrollments/shop-x_cust-a": {
        "shopId": "shop-x",
        "customerId": "cust-a",
        "status": "active",
        "lastActivityAt": NOW,
        "email": "a@x",
    },
    "enrollments/shop-x_cust-b": {
        "shopId": "shop-x",
        "customerId": "cust-b",
        "status": "invited",
        "lastActivityAt": NOW,
    },
    "enrollments/shop-y_cust-b": {
        "shopId": "shop-y",
        "customerId": "cust-b",
        "status": "active",
        "lastActivityAt": NOW,
    },
    "pointsLedger/l-a-x": {"shopId": "shop-x", "customerId": "cust-a", "delta": 10, "createdAt": NOW},
    "pointsRequests/pr-a-x": {"shopId": "shop-x", "customerId": "cust-a", "status": "open", "createdAt": NOW},
    "qrScans/q-a-x": {"shopId": "shop-x", "customerId": "cust-a", "outcome": "points_awarded", "at": NOW},
    "loyaltyStats/shop-x/shards/0": {"enrolled": 1},
    "platformTiers/current/shards/0": {"silver": 1},
    "orders/o-a-x": {
        "shopId": "shop-x",
        "customerId": "cust-a",
        "status": "preparing",
        "finishedDay": "2030-01-01",
        "updatedAt": NOW,
    },
    "orders/o-b-y": {"shopId": "shop-y", "customerId": "cust-b", "status": "placed", "updatedAt": NOW},
    "orders/o-a-x/timeline/t1": {"kind": "status", "status": "placed", "at": NOW, "shopId": "shop-x"},
    "orders/o-b-y/timeline/t1": {"kind": "status", "status": "placed", "at": NOW, "shopId": "shop-y"},
    "orderStats/shop-x/shards/0": {"placedTotal": 1},
    "platformPulse/current": {"totalUsers": 3, "customers": 1, "asOf": NOW},
    "liveWindows/current": {"activeNowAsOf": NOW, "onlineNowAsOf": NOW},
    "platformHours/2030-01-01T00/shards/0": {"redemptions": 1},
    "platformUsers/current/shards/0": {"customers": 1},
    "qrNonces/n1": {"customerId": "cust-a"},
    "loyaltyAccounts/cust-a": {"uid": "cust-a", "seq": 1, "lifetimeEarned": 10},
}


def expected(role: str, target: Target, operation: str) -> bool:
    if operation == "get":
        return role in target.readers
    if operation == "list":
        return role in target.list_readers
    return False


def attempt(client: FirestoreRest, target: Target, operation: str) -> bool:
    if operation == "get":
        return client.get(target.path).ok
    if operation == "list":
        return client.query(target.query, parent=target.parent).ok
    if operation == "create":
        return client.create(target.collection, {"forged": True}).ok
    if operation == "update":
        return client.update(target.path, {"forged": True}).ok
    return client.delete(target.path).ok


@pytest.fixture(scope="module")
def coverage_report(emulators: Endpoints) -> Iterator[Path]:
    report = ROOT / "reports" / "rules-coverage.html"
    yield report
    report.parent.mkdir(exist_ok=True)
    report.write_text(rules_coverage(emulators, html=True))
    print(f"\nrules coverage report: {report}")


def test_rules_matrix(
    db: firestore.Client, rest_as: Callable[..., FirestoreRest], coverage_report: Path, capsys: Any
) -> None:
    for path, fields in SEED.items():
        db.document(path).set(fields)
    rows: list[str] = []
    wrong: list[str] = []
    for role, (uid, claims) in ROLES.items():
        client = rest_as(uid, claims) if uid else rest_as(None)
        cells = []
        for name, target in TARGETS.items():
            got = "".join(op[0].upper() if attempt(client, target, op) else "-" for op in OPERATIONS)
            want = "".join(op[0].upper() if expected(role, target, op) else "-" for op in OPERATIONS)
            cells.append(got)
            if got != want:
                wrong.append(f"{role} on {name}: got {got}, expected {want}")
        rows.append(f"{role:<12} " + " ".join(f"{cell:<5}" for cell in cells))
    legend = "  ".join(f"{index}={name}" for index, name in enumerate(TARGETS))
    header = f"{'':<12} " + " ".join(f"{index:<5}" for index in range(len(TARGETS)))
    with capsys.disabled():
        print("\nRules matrix (G=get L=list C=create U=update D=delete; - denied):")
        print(legend)
        print(header)
        print("\n".join(rows))
    # Every server-owned document is unchanged by the write attempts.
    for path, fields in SEED.items():
        assert db.document(path).get().to_dict() == fields, path
    assert not wrong, "\n".join(wrong)
