"""Loyalty end to end: the seed's three cases as each party's listeners see them, and every error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.loyalty import tokens
from storepulse.platform import queries
from tests.support.data import count, database_state, new_key
from tests.support.emulator_clients import CallableError, FirestoreRest, User
from tests.support.loyalty import bell, demo_signing_key, program, qr
from tests.support.world import Shop, World


def scan(world: World, shop: Shop, token: str, **extra: Any) -> Any:
    return world.call("scan_qr", {"token": token, "idempotencyKey": new_key()}, shop.owner, **extra)


def enroll(world: World, shop: Shop, customer: User) -> str:
    """Scan, then the customer accepts: an active member."""
    requested = scan(world, shop, qr(world, customer))
    world.call("respond_to_enrollment", {"enrollmentId": requested["enrollmentId"], "accept": True}, customer)
    return str(requested["enrollmentId"])


def test_a_new_customer_is_asked_joins_and_earns(
    world: World, db: firestore.Client, bakery: Shop, wait_for: Any
) -> None:
    customer = world.customer("Ada Lovelace")
    cards = queries.MY_CARDS.build(db, {"customerId": customer.uid})
    members = queries.SHOP_LOYALTY_CUSTOMERS.build(db, {"shopId": bakery.shop_id, "status": "active"})

    customer_bell = queries.BELL.build(db, {"recipientUid": customer.uid})
    owner_bell = queries.BELL.build(db, {"recipientUid": bakery.owner.uid})
    first = scan(world, bakery, qr(world, customer))
    assert (first["outcome"], first["customer"], first["points"]) == (
        "enrollment_requested",
        {"name": "Ada Lovelace"},
        None,
    )
    seen, _ = wait_for(customer_bell, lambda docs: len(docs) == 2)
    notes = [doc.to_dict() | {"id": doc.id} for doc in seen]
    assert [n["body"] for n in notes if n["category"] == "loyalty"] == ["Your QR code was scanned by Corner Bakery"]
    [request] = [n for n in notes if n["category"] == "enrollment"]
    assert request["action"] == {"kind": "enrollment_request", "id": first["enrollmentId"], "state": "open"}
    wait_for(cards, lambda docs: [d.get("status") for d in docs] == ["pending"])

    accepted = world.call("respond_to_enrollment", {"enrollmentId": first["enrollmentId"], "accept": True}, customer)
    assert accepted == {"enrollmentId": first["enrollmentId"], "status": "active", "replayed": False}
    listed, _ = wait_for(members, lambda docs: len(docs) == 1)
    assert (listed[0].get("customerName"), listed[0].get("email")) == ("Ada Lovelace", customer.email)
    assert db.document(f"notifications/{request['id']}").get().get("action")["state"] == "accepted"
    joined, _ = wait_for(owner_bell, lambda docs: any(d.get("category") == "loyalty" for d in docs))
    assert "Ada Lovelace joined Corner Bakery's loyalty program" in [d.get("body") for d in joined]

    second = scan(world, bakery, qr(world, customer))
    assert (second["outcome"], second["points"], second["balance"]) == ("points_awarded", 10, 10)
    earned, _ = wait_for(customer_bell, lambda docs: any(d.get("category") == "points" for d in docs))
    points = [d.get("body") for d in earned if d.get("category") == "points"]
    assert points == ["You earned 10 points from Corner Bakery. Balance: 10."]
    wait_for(cards, lambda docs: [d.get("balance") for d in docs] == [10])


def test_an_enrolled_customer_earns_on_every_scan(
    world: World, db: firestore.Client, bakery: Shop, wait_for: Any
) -> None:
    customer = world.customer()
    enrollment_id = enroll(world, bakery, customer)
    balances = [scan(world, bakery, qr(world, customer))["balance"] for _ in range(3)]
    assert balances == [10, 20, 30]
    cards = queries.MY_CARDS.build(db, {"customerId": customer.uid})
    wait_for(cards, lambda docs: [d.get("balance") for d in docs] == [30])
    ledger = sorted(
        s.to_dict()["balanceAfter"] for s in queries.MY_LEDGER.build(db, {"customerId": customer.uid}).stream()
    )
    assert ledger == [10, 20, 30]
    card = db.document(f"enrollments/{enrollment_id}").get().to_dict() or {}
    assert (card["balance"], card["lifetimeEarned"]) == (30, 30)


def test_a_manual_award_and_deductions_the_customer_answers(
    world: World, db: firestore.Client, bakery: Shop, wait_for: Any
) -> None:
    customer = world.customer()
    enroll(world, bakery, customer)

    def adjust(delta: int) -> Any:
        payload = {"customerId": customer.uid, "delta": delta, "reason": "birthday", "idempotencyKey": new_key()}
        return world.call("adjust_points", payload, bakery.owner)

    assert adjust(600) == {"outcome": "awarded", "balance": 600, "requestId": None, "replayed": False}
    categories = [n["category"] for n in bell(db, customer.uid)]
    assert categories.count("points") == 1  # the award
    assert categories.count("loyalty") == 2  # the scan, and the tier (500 lifetime points: silver)
    profile = db.document(f"users/{customer.uid}").get().to_dict() or {}
    account = db.document(f"loyaltyAccounts/{customer.uid}").get().to_dict() or {}
    assert (profile["tier"], account["lifetimeEarned"], account["seq"]) == ("silver", 600, 1)  # 500 lifts to silver
    assert "loyaltyLifetimeEarned" not in profile
    approved, declined = adjust(-200), adjust(-50)
    assert approved["outcome"] == declined["outcome"] == "requested"
    open_requests = queries.MY_OPEN_POINTS_REQUESTS.build(db, {"customerId": customer.uid, "status": "open"})
    wait_for(open_requests, lambda docs: sorted(d.get("points") for d in docs) == [50, 200])
    request_notes = [n for n in bell(db, customer.uid) if (n.get("action") or {}).get("kind") == "points_request"]
    assert {n["action"]["state"] for n in request_notes} == {"open"}

    yes = world.call("respond_to_points_request", {"requestId": approved["requestId"], "approve": True}, customer)
    no = world.call("respond_to_points_request", {"requestId": declined["requestId"], "approve": False}, customer)
    assert (yes["status"], yes["balance"], no["status"]) == ("approved", 400, "declined")
    wait_for(open_requests, lambda docs: docs == [])
    card = db.document(f"enrollments/{bakery.shop_id}_{customer.uid}").get().to_dict() or {}
    assert (card["balance"], card["lifetimeEarned"]) == (400, 600)
    again = world.call("respond_to_points_request", {"requestId": approved["requestId"], "approve": False}, customer)
    assert (again["status"], again["replayed"]) == ("approved", True)
    profile = db.document(f"users/{customer.uid}").get().to_dict() or {}
    assert profile["tier"] == "silver"  # by lifetime points, not balance


def test_a_deduction_the_balance_no_longer_covers_fails(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer()
    enroll(world, bakery, customer)
    request = world.call(
        "adjust_points",
        {"customerId": customer.uid, "delta": -5, "reason": "x", "idempotencyKey": new_key()},
        bakery.owner,
    )
    with pytest.raises(CallableError) as error:
        world.call("respond_to_points_request", {"requestId": request["requestId"], "approve": True}, customer)
    assert error.value.status == "FAILED_PRECONDITION"
    assert db.document(f"pointsRequests/{request['requestId']}").get().get("status") == "failed"
    assert db.document(f"enrollments/{bakery.shop_id}_{customer.uid}").get().get("balance") == 0


def test_a_screenshot_an_expired_and_a_forged_code_are_refused(
    world: World, db: firestore.Client, bakery: Shop
) -> None:
    customer = world.customer()
    token = qr(world, customer)
    scan(world, bakery, token)
    before = count(db, "notifications", recipientUid=customer.uid)
    with pytest.raises(CallableError) as replayed:
        scan(world, bakery, token)
    with pytest.raises(CallableError) as expired:
        scan(world, bakery, qr(world, customer), now=datetime.now(UTC) + timedelta(seconds=121))
    forged = tokens.issue(b"not-the-key", customer.uid, datetime.now(UTC))[0]
    with pytest.raises(CallableError) as bad:
        scan(world, bakery, forged)
    assert (replayed.value.status, "already scanned" in replayed.value.message) == ("FAILED_PRECONDITION", True)
    assert (expired.value.status, "expired" in expired.value.message) == ("FAILED_PRECONDITION", True)
    assert (bad.value.status, bad.value.fields) == ("INVALID_ARGUMENT", ["token"])
    assert count(db, "notifications", recipientUid=customer.uid) == before
    assert count(db, "qrScans", shopId=bakery.shop_id, outcome="refused") == 3


def test_who_may_scan_issue_and_run_programs(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer, other = world.customer(), world.shop("Blue Bike Shop")
    token = qr(world, customer)
    owner_code = tokens.issue(demo_signing_key(), bakery.owner.uid, datetime.now(UTC))[0]
    cases = [
        (lambda: world.call("scan_qr", {"token": token, "idempotencyKey": new_key()}, customer), "PERMISSION_DENIED"),
        (lambda: scan(world, bakery, owner_code), "PERMISSION_DENIED"),
        (lambda: scan(world, other, token), "FAILED_PRECONDITION"),  # no program at that shop
        (lambda: world.call("issue_qr_token", {}, bakery.owner), "PERMISSION_DENIED"),
        (lambda: world.call("issue_qr_token", {}, world.auth.anonymous()), "PERMISSION_DENIED"),
        (lambda: world.call("issue_qr_token", {}, None), "UNAUTHENTICATED"),
        (lambda: program(world, Shop(bakery.shop_id, other.owner)), "PERMISSION_DENIED"),
        (lambda: program(world, bakery, points=0), "INVALID_ARGUMENT"),
    ]
    before = database_state(db)
    for call, status in cases:
        with pytest.raises(CallableError) as error:
            call()
        assert error.value.status == status
    assert database_state(db) == before
    program(world, bakery, active=False)
    with pytest.raises(CallableError) as inactive:
        scan(world, bakery, token)
    assert inactive.value.status == "FAILED_PRECONDITION"


def test_adjustments_and_answers_need_the_right_people(world: World, db: firestore.Client, bakery: Shop) -> None:
    member, stranger = world.customer(), world.customer()
    enrollment_id = enroll(world, bakery, member)
    payload = {"customerId": stranger.uid, "delta": 5, "reason": "x", "idempotencyKey": new_key()}
    with pytest.raises(CallableError) as not_enrolled:
        world.call("adjust_points", payload, bakery.owner)
    with pytest.raises(CallableError) as zero:
        world.call("adjust_points", {**payload, "customerId": member.uid, "delta": 0}, bakery.owner)
    with pytest.raises(CallableError) as by_customer:
        world.call("adjust_points", {**payload, "customerId": member.uid}, member)
    with pytest.raises(CallableError) as foreign:
        world.call("respond_to_enrollment", {"enrollmentId": enrollment_id, "accept": False}, stranger)
    assert not_enrolled.value.status == "FAILED_PRECONDITION"
    assert (zero.value.status, zero.value.fields) == ("INVALID_ARGUMENT", ["delta"])
    assert by_customer.value.status == "PERMISSION_DENIED"
    assert (foreign.value.status, foreign.value.fields) == ("NOT_FOUND", ["enrollmentId"])
    first = world.call("respond_to_enrollment", {"enrollmentId": enrollment_id, "accept": False}, member)
    assert (first["status"], first["replayed"]) == ("active", True)  # the first answer stands


def test_a_declined_request_can_be_asked_again(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer = world.customer()
    asked = scan(world, bakery, qr(world, customer))
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": False}, customer)
    again = scan(world, bakery, qr(world, customer))
    assert again["outcome"] == "enrollment_requested"
    pending = scan(world, bakery, qr(world, customer))
    assert pending["outcome"] == "already_pending"


def test_three_programs_three_cards_and_exact_member_lists(world: World, db: firestore.Client) -> None:
    shops = [world.shop(name) for name in ("Corner Bakery", "Blue Bike Shop", "Green Grocer")]
    for shop in shops:
        program(world, shop)
    regular, occasional = world.customer(), world.customer()
    for shop in shops:
        enroll(world, shop, regular)
    enroll(world, shops[0], occasional)
    cards = list(queries.MY_CARDS.build(db, {"customerId": regular.uid}).stream())
    assert sorted(c.get("shopName") for c in cards) == ["Blue Bike Shop", "Corner Bakery", "Green Grocer"]
    for shop, expected in zip(shops, ([regular, occasional], [regular], [regular]), strict=True):
        members = queries.SHOP_LOYALTY_CUSTOMERS.build(db, {"shopId": shop.shop_id, "status": "active"}).stream()
        assert sorted(m.get("customerId") for m in members) == sorted(u.uid for u in expected)


def test_a_shop_never_reads_contact_before_the_customer_accepts(world: World, bakery: Shop, rest_as: Any) -> None:
    customer = world.customer()
    asked = scan(world, bakery, qr(world, customer))
    owner: FirestoreRest = rest_as(bakery.owner)
    path = f"enrollments/{asked['enrollmentId']}"
    pending = owner.get(path)
    assert pending.ok
    assert "email" not in pending.body["fields"]
    assert "phone" not in pending.body["fields"]
    assert not rest_as(world.shop().owner).get(path).ok  # another shop: denied
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer)
    active = owner.get(path).body["fields"]
    assert active["email"]["stringValue"] == customer.email


def test_points_requests_belong_to_their_customer(world: World, db: firestore.Client, bakery: Shop) -> None:
    member, stranger = world.customer(), world.customer()
    enroll(world, bakery, member)
    world.call(
        "adjust_points",
        {"customerId": member.uid, "delta": 40, "reason": "x", "idempotencyKey": new_key()},
        bakery.owner,
    )
    asked = world.call(
        "adjust_points",
        {"customerId": member.uid, "delta": -10, "reason": "x", "idempotencyKey": new_key()},
        bakery.owner,
    )
    before = database_state(db)
    for caller, status in ((stranger, "NOT_FOUND"), (bakery.owner, "NOT_FOUND"), (None, "UNAUTHENTICATED")):
        with pytest.raises(CallableError) as error:
            world.call("respond_to_points_request", {"requestId": asked["requestId"], "approve": True}, caller)
        assert error.value.status == status
    for name, payload in (
        ("scan_qr", {"token": "x", "idempotencyKey": new_key()}),
        ("adjust_points", {"customerId": member.uid, "delta": 1, "reason": "x", "idempotencyKey": new_key()}),
        ("respond_to_enrollment", {"enrollmentId": "e", "accept": True}),
        ("upsert_loyalty_program", {"shopId": bakery.shop_id, "name": "n", "active": True}),
    ):
        with pytest.raises(CallableError) as error:
            world.call(name, payload, None)
        assert error.value.status == "UNAUTHENTICATED", name
    assert database_state(db) == before
