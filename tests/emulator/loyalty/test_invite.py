"""`invite_to_program` end to end: by id (known and unknown customers), by e-mail (byte-identical
answers, whoever the address is), the answers after an invitation, repeats, who may invite, and
what the rules let the shop read of an `invited` card."""

from __future__ import annotations

import json
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.loyalty import store
from storepulse.platform import queries
from tests.support.data import database_state, new_key
from tests.support.emulator_clients import CallableError, Endpoints, FirestoreRest, User, http, structured_query
from tests.support.loyalty import bell, program, qr
from tests.support.orders import place
from tests.support.world import Shop, World


def invite(world: World, shop: Shop, caller: User | None = None, key: str | None = None, **who: Any) -> Any:
    payload = {"shopId": shop.shop_id, "idempotencyKey": key or new_key(), **who}
    return world.call("invite_to_program", payload, shop.owner if caller is None else caller)


def raw_invite(world: World, shop: Shop, payload: dict[str, Any]) -> bytes:
    """The response body exactly as the owner's client receives it."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {shop.owner.id_token}"}
    url = f"{world.functions.base}/invite_to_program"
    response = http().post(url, data=json.dumps({"data": {"shopId": shop.shop_id, **payload}}), headers=headers)
    assert response.status_code == 200, response.text
    return response.content


def figures(db: firestore.Client, shop: Shop) -> dict[str, Any]:
    stats = store.read_loyalty_stats(db, shop.shop_id)
    return {name: stats.get(name, 0) for name in ("pending", "enrolled")}


def requests_to(db: firestore.Client, uid: str) -> list[dict[str, Any]]:
    return [note for note in bell(db, uid) if note["category"] == "enrollment"]


def owner_notes(db: firestore.Client, shop: Shop) -> int:
    return len(bell(db, shop.owner.uid))


def test_by_id_a_customer_the_shop_knows_is_asked_as_a_scan_asks(
    world: World, db: firestore.Client, bakery: Shop
) -> None:
    redeemer, buyer, former = world.customer("Ada"), world.customer("Grace"), world.customer("Linus")
    world.redeem(redeemer, world.coupon(bakery), orderAmount=20)
    place(world, buyer, bakery)
    scanned = world.call("scan_qr", {"token": qr(world, former), "idempotencyKey": new_key()}, bakery.owner)
    world.call("respond_to_enrollment", {"enrollmentId": scanned["enrollmentId"], "accept": False}, former)
    assert figures(db, bakery) == {"pending": 0, "enrolled": 0}
    for customer in (redeemer, buyer, former):  # known by a redemption, an order, a loyalty history
        asked = invite(world, bakery, customerId=customer.uid)
        card = f"{bakery.shop_id}_{customer.uid}"
        assert asked == {"outcome": "requested", "enrollmentId": card, "status": "pending", "replayed": False}
        [request] = [n for n in requests_to(db, customer.uid) if n["action"]["state"] == "open"]
        assert request["action"] == {"kind": "enrollment_request", "id": card, "state": "open"}
        assert request["title"] == "Join Corner Bakery's loyalty program?"
        assert db.document(f"enrollments/{card}").get().get("status") == "pending"
    assert figures(db, bakery) == {"pending": 3, "enrolled": 0}
    accepted = world.call(
        "respond_to_enrollment", {"enrollmentId": f"{bakery.shop_id}_{buyer.uid}", "accept": True}, buyer
    )
    assert accepted["status"] == "active"
    assert figures(db, bakery) == {"pending": 2, "enrolled": 1}


def test_an_unknown_customer_and_no_user_at_all_are_the_same_not_found(
    world: World, db: firestore.Client, bakery: Shop
) -> None:
    stranger, elsewhere, invited_only = world.customer(), world.customer(), world.customer()
    other = world.shop()
    world.redeem(elsewhere, world.coupon(other), orderAmount=20)  # known at another shop only
    invite(world, bakery, email=invited_only.email)  # an invited card is not something the shop knows
    before = database_state(db)
    errors = []
    for uid in (stranger.uid, elsewhere.uid, invited_only.uid, "no-such-user", bakery.owner.uid, world.admin.uid):
        with pytest.raises(CallableError) as error:
            invite(world, bakery, customerId=uid)
        errors.append((error.value.status, error.value.message, error.value.details))
    assert errors == [("NOT_FOUND", "customerId: no customer of this shop has this id.", errors[0][2])] * 6
    assert errors[0][2] == {"fields": [{"field": "customerId", "message": "no customer of this shop has this id."}]}
    assert database_state(db) == before


def test_by_email_the_answer_is_the_same_byte_for_byte_whoever_the_address_is(
    world: World, db: firestore.Client, bakery: Shop, emulators: Endpoints
) -> None:
    newcomer, member, pending = world.customer("Ada"), world.customer(), world.customer()
    for customer in (member, pending):
        world.call("scan_qr", {"token": qr(world, customer), "idempotencyKey": new_key()}, bakery.owner)
    card = f"{bakery.shop_id}_{member.uid}"
    world.call("respond_to_enrollment", {"enrollmentId": card, "accept": True}, member)
    owner_view, shown = figures(db, bakery), owner_notes(db, bakery)
    owner = FirestoreRest(emulators, bakery.owner.id_token)
    lists = {status: owner.query(shop_list(bakery, status)) for status in ("active", "pending")}
    addresses = [
        str(newcomer.email).upper(),  # the registered customer, however the owner types the address
        "nobody-at-all@example.test",
        str(member.email),
        str(pending.email),
        str(bakery.owner.email),  # not a customer
        str(world.admin.email),
    ]
    keys = [new_key() for _ in addresses]
    first = [
        raw_invite(world, bakery, {"email": email, "idempotencyKey": key})
        for email, key in zip(addresses, keys, strict=True)
    ]
    again = [
        raw_invite(world, bakery, {"email": email, "idempotencyKey": key})
        for email, key in zip(addresses, keys, strict=True)
    ]
    assert set(first) == {
        b'{"result":{"enrollmentId":null,"outcome":"sent_if_customer","replayed":false,"status":null}}\n'
    }
    assert set(again) == {
        b'{"result":{"enrollmentId":null,"outcome":"sent_if_customer","replayed":true,"status":null}}\n'
    }
    # The newcomer is asked, exactly as after a scan; nothing the shop can read has changed.
    [request] = requests_to(db, newcomer.uid)
    invited = f"{bakery.shop_id}_{newcomer.uid}"
    assert (request["action"], request["title"]) == (
        {"kind": "enrollment_request", "id": invited, "state": "open"},
        "Join Corner Bakery's loyalty program?",
    )
    cards = [s.to_dict() for s in queries.MY_CARDS.build(db, {"customerId": newcomer.uid}).stream()]
    assert [(c["status"], c["shopName"], c["customerName"]) for c in cards] == [("invited", "Corner Bakery", "Ada")]
    assert (figures(db, bakery), owner_notes(db, bakery)) == (owner_view, shown)
    assert {status: owner.query(shop_list(bakery, status)) for status in ("active", "pending")} == lists
    assert [len(requests_to(db, c.uid)) for c in (member, pending)] == [1, 1]  # only their scan's request


def shop_list(shop: Shop, status: str) -> dict[str, Any]:
    """The shop's member list (SHOP_LOYALTY_CUSTOMERS) as its dashboard queries it."""
    where = [("shopId", "EQUAL", shop.shop_id), ("status", "EQUAL", status)]
    return structured_query("enrollments", where=where, order_by=[("lastActivityAt", "DESCENDING")], limit=50)


def test_the_shop_reads_an_invited_card_as_a_missing_one(
    world: World, db: firestore.Client, bakery: Shop, emulators: Endpoints
) -> None:
    customer, member = world.customer(), world.customer()
    world.call("scan_qr", {"token": qr(world, member), "idempotencyKey": new_key()}, bakery.owner)
    invite(world, bakery, email=customer.email)
    owner = FirestoreRest(emulators, bakery.owner.id_token)
    invited = owner.get(f"enrollments/{bakery.shop_id}_{customer.uid}")
    missing = owner.get(f"enrollments/{bakery.shop_id}_{world.customer().uid}")
    assert (invited.status, missing.status) == (403, 403)
    assert invited.body["error"]["status"] == missing.body["error"]["status"] == "PERMISSION_DENIED"
    assert FirestoreRest(emulators, customer.id_token).get(f"enrollments/{bakery.shop_id}_{customer.uid}").ok
    for status, expected in (("pending", [member.uid]), ("active", [])):
        listed = owner.query(shop_list(bakery, status))
        assert listed.ok, listed.body
        assert [d["fields"]["customerId"]["stringValue"] for d in listed.body] == expected
    unfiltered = structured_query("enrollments", where=[("shopId", "EQUAL", bakery.shop_id)], limit=50)
    assert owner.query(unfiltered).status == 403  # a list that could hold an invited card is refused


def test_accepting_or_declining_an_invitation(world: World, db: firestore.Client, bakery: Shop) -> None:
    joining, declining = world.customer("Ada"), world.customer("Grace")
    for customer in (joining, declining):
        invite(world, bakery, email=customer.email)
    shown = owner_notes(db, bakery)
    card = f"{bakery.shop_id}_{declining.uid}"
    declined = world.call("respond_to_enrollment", {"enrollmentId": card, "accept": False}, declining)
    assert (declined["status"], figures(db, bakery)) == ("declined", {"pending": 0, "enrolled": 0})
    assert owner_notes(db, bakery) == shown  # an invitation by e-mail tells the shop nothing, a decline included
    assert not db.document(f"enrollments/{card}").get().exists  # and leaves no card the shop could read
    [declined_request] = requests_to(db, declining.uid)
    assert declined_request["action"]["state"] == "declined"
    [request] = requests_to(db, joining.uid)
    accepted = world.call("respond_to_enrollment", {"enrollmentId": request["action"]["id"], "accept": True}, joining)
    assert (accepted["status"], figures(db, bakery)) == ("active", {"pending": 0, "enrolled": 1})
    joined = db.document(f"enrollments/{request['action']['id']}").get().to_dict() or {}
    assert (joined["status"], joined["balance"], joined["email"]) == ("active", 0, joining.email)
    assert db.document(f"notifications/{request['id']}").get().get("action")["state"] == "accepted"
    assert owner_notes(db, bakery) == shown + 1  # "Ada joined": the customer's own choice
    earned = world.call("scan_qr", {"token": qr(world, joining), "idempotencyKey": new_key()}, bakery.owner)
    assert (earned["outcome"], earned["balance"]) == ("points_awarded", 10)


def test_repeat_invitations_answer_the_current_state_and_keys_replay(
    world: World, db: firestore.Client, bakery: Shop
) -> None:
    customer, scanned = world.customer(), world.customer()
    world.redeem(customer, world.coupon(bakery), orderAmount=20)
    key = new_key()
    first = invite(world, bakery, key=key, customerId=customer.uid)
    assert invite(world, bakery, key=key, customerId=customer.uid) == {**first, "replayed": True}
    with pytest.raises(CallableError) as reused:
        invite(world, bakery, key=key, email=customer.email)
    assert (reused.value.status, reused.value.fields) == ("ALREADY_EXISTS", ["idempotencyKey"])
    card = first["enrollmentId"]
    assert invite(world, bakery, customerId=customer.uid) == {
        "outcome": "already_pending", "enrollmentId": card, "status": "pending", "replayed": False,
    }  # fmt: skip
    world.call("respond_to_enrollment", {"enrollmentId": card, "accept": True}, customer)
    assert invite(world, bakery, customerId=customer.uid) == {
        "outcome": "already_member", "enrollmentId": card, "status": "active", "replayed": False,
    }  # fmt: skip
    assert len(requests_to(db, customer.uid)) == 1
    # A scan of a customer whose card is only invited asks as before: pending, counted.
    invite(world, bakery, email=scanned.email)
    invite(world, bakery, email=scanned.email)  # a card exists now: nothing more
    asked = world.call("scan_qr", {"token": qr(world, scanned), "idempotencyKey": new_key()}, bakery.owner)
    assert asked["outcome"] == "enrollment_requested"
    assert (len(requests_to(db, scanned.uid)), figures(db, bakery)) == (2, {"pending": 1, "enrolled": 1})


def test_who_may_invite_and_what_is_refused(world: World, db: firestore.Client, bakery: Shop) -> None:
    customer, other = world.customer(), world.shop()
    affiliate = world.affiliate()
    world.redeem(customer, world.coupon(bakery), orderAmount=20)
    closed = world.shop()
    by_id = {"customerId": customer.uid}
    cases = [
        (lambda: invite(world, bakery, other.owner, **by_id), "PERMISSION_DENIED", []),
        (lambda: invite(world, bakery, customer, **by_id), "PERMISSION_DENIED", []),
        (lambda: invite(world, bakery, affiliate.user, **by_id), "PERMISSION_DENIED", []),
        (lambda: invite(world, bakery, world.auth.anonymous(), **by_id), "PERMISSION_DENIED", []),
        (lambda: invite(world, bakery, world.admin, **by_id), "PERMISSION_DENIED", []),
        (lambda: world.call("invite_to_program", {"shopId": bakery.shop_id, **by_id}, None), "UNAUTHENTICATED", []),
        (lambda: invite(world, bakery), "INVALID_ARGUMENT", ["customerId"]),
        (lambda: invite(world, bakery, **by_id, email=customer.email), "INVALID_ARGUMENT", ["email"]),
        (lambda: invite(world, bakery, email="not-an-address"), "INVALID_ARGUMENT", ["email"]),
        (lambda: invite(world, closed, email=customer.email), "FAILED_PRECONDITION", []),  # no program
    ]
    before = database_state(db)
    for call, status, fields in cases:
        with pytest.raises(CallableError) as error:
            call()
        assert (error.value.status, error.value.fields) == (status, fields)
    assert database_state(db) == before
    program(world, bakery, active=False)
    with pytest.raises(CallableError) as inactive:
        invite(world, bakery, **by_id)
    assert (inactive.value.status, inactive.value.message) == (
        "FAILED_PRECONDITION",
        "This shop has no active loyalty program.",
    )
