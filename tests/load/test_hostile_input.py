"""Hostile input: at least 1000 generated payloads per callable family, end to end.

Payloads are valid ones mutated by hypothesis: fields dropped or added, values replaced by wrong
types, huge strings, deep nesting, unusual unicode (lone surrogates included), negative, NaN and
infinite numbers; ids forged or taken from other users; idempotency keys replayed with another
payload; callers swapped for other roles or nobody. Every answer must be a clean callable error or
a correct success: never `internal`, and an error writes nothing (every document's update time is
compared before and after). Each family ends with scripts/verify and prints its counts.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from google.cloud import firestore
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from storepulse.verify import verify
from tests.support.data import new_key
from tests.support.emulator_clients import CallableError, Endpoints, User, all_documents
from tests.support.world import World

EXAMPLES = 1000
MUTATIONS = ("valid", "drop", "extra", "replace", "whole", "forge", "replay")
CLEAN_ERRORS = {
    "INVALID_ARGUMENT", "UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND", "FAILED_PRECONDITION",
    "ALREADY_EXISTS", "RESOURCE_EXHAUSTED",
}  # fmt: skip
pytestmark = [pytest.mark.hostile, pytest.mark.load]
AUDITED_ON_ERROR = "/documents/qrScans/"


def nested(depth: int) -> Any:
    value: Any = {"k": "leaf"}
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


ODD_STRINGS = [
    "",
    " ",
    "\u0000",
    "\ud800",
    "a\udfffb",
    "../../etc/passwd",
    "a/b",
    "__id__",
    ".",
    "..",
    "\U0001f600" * 60,
    "\u202eRTL override",
    "\u210c\U0001d522\U0001d529\U0001d529\U0001d52c",
    "null",
    "true",
    "0",
    "-1",
    "1e309",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE users;--",
    "\n\t\r",
    "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48",
    "x" * 5000,
]

HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(ODD_STRINGS),
    st.integers(min_value=20_000, max_value=400_000).map(lambda n: "é" * n),
    st.integers(min_value=1, max_value=80).map(nested),
    st.lists(st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=6), st.integers(), max_size=3),
)


@dataclass
class Target:
    """One callable: who should call it, a fresh valid payload, the fields that hold ids."""

    name: str
    callers: list[User | None]
    valid: Callable[[], dict[str, Any]]
    ids: tuple[str, ...] = ()
    success_key: str = ""


@dataclass(frozen=True)
class Draw:
    target: Target
    caller: User | None
    mutation: str
    pick: int
    extra_key: str
    hostile: Any
    forged_id: str


Used = list[tuple[str, "User | None", dict[str, Any]]]


def mutate(draw: Draw, targets: list[Target], used_keys: Used) -> tuple[Target, User | None, Any]:
    """A valid payload of the drawn target, changed as the drawn mutation says."""
    target, caller, pick = draw.target, draw.caller, draw.pick
    payload: Any = target.valid()
    fields = sorted(payload)
    if draw.mutation == "drop" and fields:
        payload.pop(fields[pick % len(fields)])
    elif draw.mutation == "extra":
        payload[draw.extra_key] = draw.hostile
    elif draw.mutation == "replace" and fields:
        payload[fields[pick % len(fields)]] = draw.hostile
    elif draw.mutation == "whole":
        payload = draw.hostile
    elif draw.mutation == "forge" and target.ids:
        payload[target.ids[pick % len(target.ids)]] = draw.forged_id
    elif draw.mutation == "replay" and used_keys:
        name, caller, first = used_keys[pick % len(used_keys)]
        target = next(t for t in targets if t.name == name)
        changed = sorted(set(first) - {"idempotencyKey"})
        # A request whose only field is its key is replayed as it was (the first answer, `replayed`).
        payload = {**first, changed[pick % len(changed)]: draw.hostile} if changed else dict(first)
    return target, caller, payload


def run_family(
    family: str, targets: list[Target], world: World, endpoints: Endpoints, db: firestore.Client, forged_ids: list[str]
) -> Counter[str]:
    counts: Counter[str] = Counter()
    used_keys: Used = []
    state = {"documents": all_documents(endpoints)}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_payload(data: st.DataObject) -> None:
        # The same draws every time (hypothesis needs generation independent of outside state); the
        # mutation decides which of them it uses.
        target = data.draw(st.sampled_from(targets))
        caller = data.draw(st.sampled_from(target.callers))
        mutation = data.draw(st.sampled_from(MUTATIONS))
        pick = data.draw(st.integers(min_value=0, max_value=2**16))
        extra_key = data.draw(st.text(min_size=1, max_size=12))
        hostile = data.draw(HOSTILE)
        forged_id = data.draw(st.sampled_from(forged_ids))
        target, caller, payload = mutate(
            Draw(target, caller, mutation, pick, extra_key, hostile, forged_id), targets, used_keys
        )
        before = state["documents"]
        failure: CallableError | None = None
        try:
            result = world.call(target.name, payload, caller)
        except CallableError as error:
            failure = error
        if failure is not None:
            counts[f"{target.name} {failure.status}"] += 1
            assert failure.status in CLEAN_ERRORS, f"{target.name} {mutation} {payload!r:.300} -> {failure}"
            after = all_documents(endpoints)
            changed = {path for path in set(after) | set(before) if after.get(path) != before.get(path)}
            # By design, a refused QR code is logged (the scan log's `refused` entries) and nothing else.
            written = {path for path in changed if AUDITED_ON_ERROR not in path}
            assert not written, f"{target.name} {mutation} -> {failure.status} wrote {written}"
            state["documents"] = after
            return
        counts[f"{target.name} OK"] += 1
        assert isinstance(result, dict)
        assert not target.success_key or result.get(target.success_key), result
        if isinstance(payload, dict) and isinstance(payload.get("idempotencyKey"), str):
            used_keys.append((target.name, caller, payload))
        state["documents"] = all_documents(endpoints)

    one_payload()
    total = sum(counts.values())
    summary = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
    print(f"\nhostile[{family}]: {total} payloads: {summary}")
    mismatches = verify(db)
    assert not mismatches, "\n".join(map(str, mismatches))
    assert total >= EXAMPLES
    return counts


@pytest.fixture
def forged(world: World) -> list[str]:
    return ["ghost", "a", "0" * 128, "x" * 129, "a/b", "..", "__.*__", "😀", "", world.admin.uid]


def test_roles_and_catalog(
    world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any
) -> None:
    shop = world.shop()
    affiliate = world.affiliate()
    pool = [world.auth.create_user() for _ in range(6)]
    customer = world.customer()

    def pick() -> User:
        return pool[uuid.uuid4().int % len(pool)]

    targets = [
        Target(
            "set_user_role",
            [world.admin, shop.owner, customer, None],
            lambda: {"uid": pick().uid, "role": "customer", "idempotencyKey": new_key()},
            ("uid", "shopId"),
            "uid",
        ),
        Target(
            "create_shop",
            [world.admin, customer, None],
            lambda: {"name": "Hostile shop", "ownerUid": pick().uid},
            ("ownerUid",),
            "shopId",
        ),
        Target(
            "create_affiliate",
            [world.admin, affiliate.user, None],
            lambda: {"name": "A", "uid": pick().uid, "code": f"H{uuid.uuid4().hex[:6]}"},
            ("uid",),
            "affiliateId",
        ),
        Target(
            "upsert_coupon",
            [shop.owner, world.admin, customer, None],
            lambda: {
                "shopId": shop.shop_id,
                "code": f"C{uuid.uuid4().hex[:6]}",
                "title": "t",
                "active": True,
                "discount": {"kind": "percent", "value": 10},
                "idempotencyKey": new_key(),
            },
            ("shopId", "couponId", "affiliateId"),
            "couponId",
        ),
    ]
    with capsys.disabled():
        run_family("roles", targets[:3], world, emulators, db, [*forged, shop.shop_id])
        run_family("catalog", targets[3:], world, emulators, db, [*forged, shop.shop_id])


def test_customers_redemptions_and_actions(
    world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any
) -> None:
    shop, other = world.shop(), world.shop()
    affiliate = world.affiliate()
    customers = [world.customer() for _ in range(3)]
    newcomers = [world.auth.create_user() for _ in range(8)]
    coupon = world.coupon(shop, perCustomerLimit=100, affiliateId=affiliate.affiliate_id, commissionRate=0.1)
    limited = world.coupon(shop, maxRedemptions=5)
    redeemed = [world.redeem(customers[0], coupon)["redemptionId"]]

    def redemption() -> str:
        return redeemed[uuid.uuid4().int % len(redeemed)]

    targets = [
        Target(
            "register_customer",
            [*newcomers, customers[0], shop.owner, None],
            lambda: {"displayName": "New", "affiliateCode": affiliate.code, "idempotencyKey": new_key()},
            ("affiliateCode",),
            "uid",
        ),
        Target(
            "redeem_coupon",
            [*customers, shop.owner, other.owner, world.admin, None],
            lambda: {
                "couponId": [coupon, limited][uuid.uuid4().int % 2],
                "idempotencyKey": new_key(),
                "orderAmount": 20,
                "customerId": customers[1].uid,
            },
            ("couponId", "customerId", "shopId"),
            "redemptionId",
        ),
        Target(
            "reverse_redemption",
            [shop.owner, world.admin, other.owner, customers[0], None],
            lambda: {"redemptionId": redemption(), "reason": "hostile test"},
            ("redemptionId",),
            "redemptionId",
        ),
        Target(
            "track_action",
            [*customers, None],
            lambda: {
                "action": "search",
                "shopId": shop.shop_id,
                "context": {"q": "bread"},
                "idempotencyKey": new_key(),
            },
            ("shopId",),
            "actionId",
        ),
    ]
    forged_here = [*forged, other.shop_id, customers[2].uid]
    with capsys.disabled():
        run_family("customers and actions", [targets[0], targets[3]], world, emulators, db, forged_here)
        run_family("redemptions", targets[1:3], world, emulators, db, forged_here)


def test_visitors_and_checkout(
    world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any
) -> None:
    shop = world.shop()
    visitors = [world.auth.anonymous() for _ in range(3)]
    checkouts: list[str] = []
    for index, visitor in enumerate(visitors):
        world.call("track_page", {"sessionId": "s0", "shopId": shop.shop_id, "pageType": "checkout"}, visitor)
        checkouts.append(
            world.call(
                "checkout_started",
                {
                    "sessionId": "s0",
                    "shopId": shop.shop_id,
                    "total": 9,
                    "currency": "EUR",
                    "items": [{"productId": f"p{index}", "name": "P", "qty": 1, "unitPrice": 9}],
                },
                visitor,
            )["checkoutId"]
        )

    def session() -> str:
        return f"s{uuid.uuid4().int % 4}"

    def checkout() -> str:
        return checkouts[uuid.uuid4().int % len(checkouts)]

    items = [{"productId": "p1", "name": "Loaf", "qty": 2, "unitPrice": 3.5}]
    targets = [
        Target(
            "track_page",
            [*visitors, None],
            lambda: {"sessionId": session(), "shopId": shop.shop_id, "pageType": "category", "pageId": "bread"},
            ("shopId", "sessionId", "pageId"),
            "sessionId",
        ),
        Target("heartbeat", [*visitors, None], lambda: {"sessionId": session()}, ("sessionId",), "sessionId"),
        Target("end_session", [*visitors, None], lambda: {"sessionId": session()}, ("sessionId",), "sessionId"),
        Target(
            "checkout_started",
            [*visitors, None],
            lambda: {
                "sessionId": session(),
                "shopId": shop.shop_id,
                "items": items,
                "total": 7,
                "currency": "EUR",
                "customer": {"name": "Ada", "email": "ada@example.test"},
                "idempotencyKey": new_key(),
            },
            ("shopId", "sessionId"),
            "checkoutId",
        ),
        Target(
            "payment_initiated",
            [*visitors, None],
            lambda: {"checkoutId": checkout(), "method": "card"},
            ("checkoutId",),
            "checkoutId",
        ),
        Target(
            "payment_succeeded",
            [*visitors, None],
            lambda: {"checkoutId": checkout(), "amount": 7},
            ("checkoutId",),
            "checkoutId",
        ),
        Target(
            "payment_failed",
            [*visitors, None],
            lambda: {"checkoutId": checkout(), "errorCode": "declined", "errorMessage": "no", "details": {"bank": "B"}},
            ("checkoutId",),
            "checkoutId",
        ),
    ]
    with capsys.disabled():
        run_family("visitors", targets[:3], world, emulators, db, [*forged, *checkouts])
        run_family("checkout", targets[3:], world, emulators, db, [*forged, *checkouts])


def test_notifications(
    world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any
) -> None:
    shop = world.shop()
    customers = [world.customer() for _ in range(2)]
    coupon = world.coupon(shop, perCustomerLimit=100)
    for customer in customers:
        for _ in range(3):
            world.redeem(customer, coupon)
    own = {
        customer.uid: [
            doc.id
            for doc in db.collection("notifications")
            .where(filter=firestore.FieldFilter("recipientUid", "==", customer.uid))
            .stream()
        ]
        for customer in customers
    }
    states = ("read", "seen", "archived", "unread")

    def valid() -> dict[str, Any]:
        roll = uuid.uuid4().int
        payload: dict[str, Any] = {"state": states[roll % 4], "idempotencyKey": new_key()}
        if roll % 3 == 0:
            payload |= {"all": True, "category": "redemption"}
        elif roll % 3 == 1:
            payload["all"] = True
        else:
            payload["ids"] = own[customers[0].uid][: 1 + roll % 3]
        return payload

    targets = [
        Target(
            "mark_notifications",
            [customers[0], customers[0], customers[1], shop.owner, None],
            valid,
            ("ids",),
            "counts",
        )
    ]
    forged_here = [*forged, own[customers[1].uid][0]]
    with capsys.disabled():
        run_family("notifications", targets, world, emulators, db, forged_here)


def test_loyalty(world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any) -> None:
    from datetime import UTC, datetime

    from storepulse.loyalty import tokens as qr_tokens
    from tests.support.loyalty import demo_signing_key, program, qr

    shop, other = world.shop(), world.shop()
    program(world, shop)
    customers = [world.customer() for _ in range(3)]
    asked = world.call("scan_qr", {"token": qr(world, customers[0]), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customers[0])
    used = qr(world, customers[1])
    world.call("scan_qr", {"token": used, "idempotencyKey": new_key()}, shop.owner)  # a screenshot from now on
    codes = [
        used,
        qr_tokens.issue(b"forged-key", customers[2].uid, datetime.now(UTC))[0],
        qr_tokens.issue(demo_signing_key(), shop.owner.uid, datetime.now(UTC))[0],
    ]

    def scan_payload() -> dict[str, Any]:
        roll = uuid.uuid4().int % 4
        token = qr(world, customers[roll % 3]) if roll < 2 else codes[uuid.uuid4().int % len(codes)]
        return {"token": token, "idempotencyKey": new_key()}

    targets = [
        Target("scan_qr", [shop.owner, other.owner, customers[0], None], scan_payload, ("token",), "outcome"),
        Target(
            "adjust_points",
            [shop.owner, other.owner, customers[0], None],
            lambda: {"customerId": customers[0].uid, "delta": 5, "reason": "hostile", "idempotencyKey": new_key()},
            ("customerId",),
            "outcome",
        ),
        Target(
            "upsert_loyalty_program",
            [shop.owner, other.owner, customers[1], None],
            lambda: {"shopId": shop.shop_id, "name": "Rewards", "pointsPerScan": 10, "active": True},
            ("shopId",),
            "shopId",
        ),
        Target(
            "respond_to_enrollment",
            [customers[0], customers[1], shop.owner, None],
            lambda: {"enrollmentId": asked["enrollmentId"], "accept": True},
            ("enrollmentId",),
            "status",
        ),
    ]
    with capsys.disabled():
        run_family("loyalty", targets, world, emulators, db, [*forged, other.shop_id, customers[2].uid])


def test_invitations(world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any) -> None:
    from tests.support.loyalty import program

    shop, other = world.shop(), world.shop()
    program(world, shop)
    known, stranger = world.customer(), world.customer()
    world.redeem(known, world.coupon(shop), orderAmount=20)
    addresses = [str(known.email), str(stranger.email).upper(), "nobody@example.test", str(shop.owner.email)]

    def by_id() -> dict[str, Any]:
        who = (known, stranger)[uuid.uuid4().int % 2]
        return {"shopId": shop.shop_id, "customerId": who.uid, "idempotencyKey": new_key()}

    def by_email() -> dict[str, Any]:
        return {"shopId": shop.shop_id, "email": addresses[uuid.uuid4().int % 4], "idempotencyKey": new_key()}

    callers: list[User | None] = [shop.owner, shop.owner, other.owner, known, None]
    targets = [
        Target("invite_to_program", callers, by_id, ("shopId", "customerId"), "outcome"),
        Target("invite_to_program", callers, by_email, ("shopId",), "outcome"),
    ]
    with capsys.disabled():
        run_family("invitations", targets, world, emulators, db, [*forged, other.shop_id, stranger.uid])


def test_orders(world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any) -> None:
    from storepulse.orders.rules import Fulfilment, Status, next_statuses
    from tests.support.orders import move, order_payload, place

    shop, other = world.shop(), world.shop()
    customer, stranger = world.customer(), world.customer()
    delivering = [place(world, customer, shop, Fulfilment.DELIVERY) for _ in range(10)]
    for order_id in delivering:  # preparing: where delivery updates are accepted
        for status in (Status.CONFIRMED, Status.PREPARING):
            move(world, shop.owner, order_id, status)
    orders = [*delivering, *(place(world, customer, shop, Fulfilment.PICKUP) for _ in range(10))]
    others = place(world, stranger, other)

    def pick() -> tuple[str, dict[str, Any]]:
        order_id = orders[uuid.uuid4().int % len(orders)]
        return order_id, db.document(f"orders/{order_id}").get().to_dict() or {}

    def status_payload() -> dict[str, Any]:
        order_id, order = pick()
        moves = next_statuses(Status(order["status"]), Fulfilment(order["fulfilment"]["kind"]))
        target = moves[0] if moves and uuid.uuid4().int % 5 else Status.CANCELLED
        return {"orderId": order_id, "status": target.value, "note": "hostile", "idempotencyKey": new_key()}

    def delivery_payload() -> dict[str, Any]:
        order_id = delivering[uuid.uuid4().int % len(delivering)]
        return {"orderId": order_id, "carrier": "Bikes", "trackingNumber": "T-1", "idempotencyKey": new_key()}

    targets = [
        Target(
            "place_order",
            [customer, customer, shop.owner, world.auth.anonymous(), None],
            lambda: order_payload(shop.shop_id, Fulfilment.DELIVERY),
            ("shopId",),
            "orderId",
        ),
        Target(
            "update_order_status", [shop.owner, other.owner, customer, None], status_payload, ("orderId",), "status"
        ),
        Target("update_delivery", [shop.owner, other.owner, customer, None], delivery_payload, ("orderId",), "orderId"),
        Target(
            "cancel_order",
            [customer, stranger, shop.owner, None],
            lambda: {"orderId": pick()[0], "reason": "hostile", "idempotencyKey": new_key()},
            ("orderId",),
            "status",
        ),
    ]
    with capsys.disabled():
        run_family("orders", targets, world, emulators, db, [*forged, others, other.shop_id])


def test_privacy(world: World, emulators: Endpoints, db: firestore.Client, forged: list[str], capsys: Any) -> None:
    shop = world.shop()
    coupon = world.coupon(shop, perCustomerLimit=100)
    victims = [world.customer() for _ in range(3)]
    for victim in victims:
        world.redeem(victim, coupon)
    leaving = [world.customer() for _ in range(2)]
    uids = [victim.uid for victim in victims]

    def export_mine() -> dict[str, Any]:
        return {}

    def export_theirs() -> dict[str, Any]:
        return {"uid": uids[uuid.uuid4().int % len(uids)]}

    def erase_theirs() -> dict[str, Any]:
        return {"uid": uids[uuid.uuid4().int % len(uids)], "idempotencyKey": new_key()}

    def erase_mine() -> dict[str, Any]:
        return {"idempotencyKey": new_key()}

    admin = world.admin
    targets = [
        Target("export_my_data", [victims[0], shop.owner, admin, None], export_mine, (), "uid"),
        Target("export_user_data", [admin, admin, victims[1], shop.owner, None], export_theirs, ("uid",), "uid"),
        Target("delete_user_data", [admin, admin, victims[2], shop.owner, None], erase_theirs, ("uid",), "state"),
        Target("delete_my_account", [*leaving, shop.owner, world.admin, None], erase_mine, (), "state"),
    ]  # fmt: skip
    with capsys.disabled():
        run_family("privacy", targets, world, emulators, db, [*forged, shop.owner.uid])
