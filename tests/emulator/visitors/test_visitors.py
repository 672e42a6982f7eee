"""Visitor sessions end to end: track_page, heartbeat, end_session and the live counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.visitors.live import read_live_visitors, recount_live_visitors
from tests.support.data import database_state
from tests.support.emulator_clients import CallableError, User
from tests.support.world import World

T0 = datetime(2030, 3, 1, 10, 0, tzinfo=UTC)


def live(db: firestore.Client, shop_id: str) -> dict[str, Any]:
    return read_live_visitors(db, shop_id).counts


def page(
    world: World,
    user: User,
    shop_id: str,
    page_type: str,
    page_id: str | None = None,
    *,
    session: str = "s1",
    now: datetime = T0,
) -> Any:
    payload = {"sessionId": session, "shopId": shop_id, "pageType": page_type}
    if page_id:
        payload["pageId"] = page_id
    return world.call("track_page", payload, user, now=now)


def test_a_session_is_counted_on_exactly_one_page(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    started = page(world, visitor, shop.shop_id, "homepage")
    assert (started["started"], started["status"]) == (True, "active")
    assert live(db, shop.shop_id)["pageTypes"] == {"homepage": 1}

    moved = page(world, visitor, shop.shop_id, "category", "shoes", now=T0 + timedelta(minutes=1))
    assert moved["started"] is False
    counts = live(db, shop.shop_id)
    assert (counts["total"], counts["pageTypes"], counts["categories"]) == (1, {"category": 1}, {"shoes": 1})

    page(world, visitor, shop.shop_id, "offer", "summer", now=T0 + timedelta(minutes=2))
    counts = live(db, shop.shop_id)
    assert (counts["total"], counts["pageTypes"], counts["categories"], counts["offers"]) == (
        1,
        {"offer": 1},
        {},
        {"summer": 1},
    )
    assert counts == recount_live_visitors(db, shop.shop_id)


def test_moving_to_another_shop_moves_the_count(world: World, db: firestore.Client) -> None:
    first, second = world.shop(), world.shop()
    visitor = world.customer()
    page(world, visitor, first.shop_id, "homepage")
    page(world, visitor, second.shop_id, "product", "p1", now=T0 + timedelta(seconds=5))
    assert live(db, first.shop_id)["total"] == 0
    assert live(db, second.shop_id)["products"] == {"p1": 1}


def test_end_session_leaves_every_count_and_is_idempotent(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    page(world, visitor, shop.shop_id, "category", "shoes")
    ended = world.call("end_session", {"sessionId": "s1"}, visitor, now=T0 + timedelta(minutes=1))
    assert ended["status"] == "ended"
    assert live(db, shop.shop_id)["total"] == 0
    before = database_state(db)
    again = world.call("end_session", {"sessionId": "s1"}, visitor, now=T0 + timedelta(minutes=2))
    assert (again["status"], again["written"]) == ("ended", False)
    assert database_state(db) == before
    # Coming back starts a new visit.
    assert page(world, visitor, shop.shop_id, "homepage", now=T0 + timedelta(minutes=3))["started"] is True
    assert live(db, shop.shop_id)["total"] == 1


def test_heartbeats_closer_than_fifteen_seconds_write_nothing(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    page(world, visitor, shop.shop_id, "homepage")
    key = f"visitorSessions/{visitor.uid}_s1"
    written_at = db.document(key).get().update_time

    quick = world.call("heartbeat", {"sessionId": "s1"}, visitor, now=T0 + timedelta(seconds=14))
    assert quick["written"] is False
    assert db.document(key).get().update_time == written_at

    later = world.call("heartbeat", {"sessionId": "s1"}, visitor, now=T0 + timedelta(seconds=15))
    assert later["written"] is True
    assert db.document(key).get().get("lastActivityAt") == T0 + timedelta(seconds=15)


@pytest.mark.parametrize(
    ("name", "payload", "status", "field"),
    [
        ("track_page", {"sessionId": "s1", "shopId": "SHOP", "pageType": "category"}, "INVALID_ARGUMENT", "data"),
        (
            "track_page",
            {"sessionId": "s1", "shopId": "SHOP", "pageType": "homepage", "pageId": "x"},
            "INVALID_ARGUMENT",
            "data",
        ),
        ("track_page", {"sessionId": "s1", "shopId": "SHOP", "pageType": "basement"}, "INVALID_ARGUMENT", "pageType"),
        ("track_page", {"sessionId": "", "shopId": "SHOP", "pageType": "homepage"}, "INVALID_ARGUMENT", "sessionId"),
        ("track_page", {"sessionId": "s1", "shopId": "ghost", "pageType": "homepage"}, "NOT_FOUND", "shopId"),
        ("heartbeat", {"sessionId": "never-started"}, "NOT_FOUND", "sessionId"),
        ("heartbeat", {}, "INVALID_ARGUMENT", "sessionId"),
        ("end_session", {"sessionId": "never-started"}, "NOT_FOUND", "sessionId"),
    ],
)
def test_session_errors_write_nothing(
    world: World, db: firestore.Client, name: str, payload: dict[str, Any], status: str, field: str
) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    payload = {k: (shop.shop_id if v == "SHOP" else v) for k, v in payload.items()}
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call(name, payload, visitor, now=T0)
    assert (error.value.status, error.value.fields) == (status, [field])
    assert database_state(db) == before


@pytest.mark.parametrize("name", ["track_page", "heartbeat", "end_session"])
def test_callers_without_auth_are_rejected(world: World, db: firestore.Client, name: str) -> None:
    shop = world.shop()
    before = database_state(db)
    with pytest.raises(CallableError) as error:
        world.call(
            name,
            {"sessionId": "s1", "shopId": shop.shop_id, "pageType": "homepage"}
            if name == "track_page"
            else {"sessionId": "s1"},
            None,
        )
    assert error.value.status == "UNAUTHENTICATED"
    assert database_state(db) == before


def test_heartbeat_on_an_ended_session_is_refused(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    page(world, visitor, shop.shop_id, "homepage")
    world.call("end_session", {"sessionId": "s1"}, visitor, now=T0 + timedelta(minutes=1))
    with pytest.raises(CallableError) as error:
        world.call("heartbeat", {"sessionId": "s1"}, visitor, now=T0 + timedelta(minutes=2))
    assert error.value.status == "FAILED_PRECONDITION"
