"""track_action end to end: the trail, the feed, the rate limit, and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform.ratelimit import LIMITS
from tests.support.data import count, database_state, new_key
from tests.support.emulator_clients import CallableError
from tests.support.world import World

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_action_is_logged_for_the_user_and_the_admin_feed(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer("Ada")
    result = world.call(
        "track_action",
        {
            "action": "coupon_view",
            "shopId": shop.shop_id,
            "sessionId": "s1",
            "context": {"couponId": "c1", "position": 3, "featured": True},
            "device": {"platform": "web", "locale": "de-DE", "userAgent": IPHONE_SAFARI},
        },
        customer,
    )
    entry = db.document(f"userActionLog/{result['actionId']}").get().to_dict()
    assert entry is not None
    assert (entry["uid"], entry["action"], entry["shopId"]) == (customer.uid, "coupon_view", shop.shop_id)
    assert entry["context"] == {"couponId": "c1", "position": 3, "featured": True}
    # The user agent is kept only as its class.
    client = {"browser": "safari", "os": "ios", "device": "mobile"}
    assert entry["device"] == {"platform": "web", "appVersion": None, "locale": "de-DE", "client": client}
    feed = [
        d.to_dict()
        for d in db.collection("adminActivityLog")
        .where(filter=firestore.FieldFilter("type", "==", "user_action"))
        .stream()
    ]
    assert len(feed) == 1
    assert feed[0]["actionId"] == result["actionId"]
    assert "Ada" in feed[0]["summary"]


def test_anonymous_visitor_may_track(world: World, auth_emulator: Any, db: firestore.Client) -> None:
    visitor = auth_emulator.anonymous()
    world.call("track_action", {"action": "page_view"}, visitor)
    assert count(db, "userActionLog", uid=visitor.uid) == 1


def test_rate_limit_per_user_and_minute(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    other = world.customer()
    minute = datetime(2030, 6, 1, 12, 0, 5, tzinfo=UTC)
    for _ in range(LIMITS["track_action"].signed_in.count):
        world.call("track_action", {"action": "page_view"}, customer, now=minute)
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call("track_action", {"action": "page_view"}, customer, now=minute + timedelta(seconds=30))
    assert error.value.status == "RESOURCE_EXHAUSTED"
    assert error.value.details == {"retryAfterSeconds": 25, "limit": LIMITS["track_action"].signed_in.count}
    assert database_state(db) == before
    world.call("track_action", {"action": "page_view"}, other, now=minute)
    world.call("track_action", {"action": "page_view"}, customer, now=minute + timedelta(minutes=1))


def test_idempotent_tracking(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    payload = {"action": "share", "idempotencyKey": new_key()}
    first = world.call("track_action", payload, customer)
    assert world.call("track_action", payload, customer) == {**first, "replayed": True}
    assert count(db, "userActionLog", uid=customer.uid, action="share") == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"action": "hack"}, "action"),
        ({}, "action"),
        ({"action": "search", "context": {"q": "x" * 201}}, "context.q"),
        ({"action": "search", "context": {"nested": {"a": 1}}}, "context.nested"),
        ({"action": "search", "context": {f"k{i}": i for i in range(21)}}, "context"),
        ({"action": "search", "context": {"bad key": 1}}, "context.bad key"),
        ({"action": "search", "sessionId": "a/b"}, "sessionId"),
        ({"action": "search", "device": {"platform": "x" * 500}}, "device.platform"),
    ],
)
def test_bad_actions_are_invalid(world: World, db: firestore.Client, payload: dict[str, Any], field: str) -> None:
    customer = world.customer()
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call("track_action", payload, customer)
    assert error.value.status == "INVALID_ARGUMENT"
    assert any(f.startswith(field) for f in error.value.fields), error.value.fields
    assert database_state(db) == before


def test_unknown_shop_and_no_auth(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    before = database_state(db)
    with pytest.raises(CallableError) as missing:
        world.call("track_action", {"action": "page_view", "shopId": "ghost"}, customer)
    assert missing.value.status == "NOT_FOUND"
    with pytest.raises(CallableError) as nobody:
        world.call("track_action", {"action": "page_view"}, None)
    assert nobody.value.status == "UNAUTHENTICATED"
    assert database_state(db) == before
