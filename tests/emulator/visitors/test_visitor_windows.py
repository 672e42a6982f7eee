"""The 30-minute session timeout and the 5-minute online window, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.cloud import firestore

from storepulse.platform.clock import FixedClock
from storepulse.visitors.live import read_live_visitors, recount_live_visitors, run_cleanup
from tests.support.emulator_clients import User
from tests.support.world import World

T0 = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


def test_idle_sessions_expire_and_online_now_honours_five_minutes(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    clock = FixedClock(T0)
    idle31, idle29, recent, in_checkout = (world.auth.anonymous() for _ in range(4))

    def visit(user: User, minutes_ago: int, page_type: str = "homepage") -> None:
        world.call(
            "track_page",
            {"sessionId": "s", "shopId": shop.shop_id, "pageType": page_type},
            user,
            now=T0 - timedelta(minutes=minutes_ago),
        )

    visit(idle31, 31)
    visit(idle29, 29)
    visit(recent, 4)
    visit(in_checkout, 40, "checkout")
    world.call(
        "checkout_started",
        {
            "sessionId": "s",
            "shopId": shop.shop_id,
            "total": 10,
            "currency": "EUR",
            "items": [{"productId": "p", "name": "P", "qty": 1, "unitPrice": 10}],
        },
        in_checkout,
        now=T0 - timedelta(minutes=31),
    )
    before = read_live_visitors(db, shop.shop_id)
    assert (before.figure("total"), before.figure("checkouts")) == (4, 1)

    result = run_cleanup(db, clock.now())

    assert result["expired"] == 2
    after = read_live_visitors(db, shop.shop_id)
    assert (after.figure("total"), after.figure("checkouts"), after.counts["pageTypes"]) == (2, 0, {"homepage": 2})
    assert (after.online_now, after.as_of) == (1, clock.now())
    assert after.counts == recount_live_visitors(db, shop.shop_id)
    assert db.document(f"visitorSessions/{idle31.uid}_s").get().get("status") == "expired"
    assert db.document(f"visitorSessions/{idle29.uid}_s").get().get("status") == "active"

    clock.advance(timedelta(minutes=2))  # idle29 now idle 31 minutes; recent 6 minutes
    assert run_cleanup(db, clock.now())["expired"] == 1
    later = read_live_visitors(db, shop.shop_id)
    assert (later.figure("total"), later.online_now) == (1, 0)


def test_a_returning_visitor_is_not_expired(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    visitor = world.auth.anonymous()
    world.call(
        "track_page",
        {"sessionId": "s", "shopId": shop.shop_id, "pageType": "homepage"},
        visitor,
        now=T0 - timedelta(minutes=35),
    )
    world.call("heartbeat", {"sessionId": "s"}, visitor, now=T0 - timedelta(minutes=10))
    assert run_cleanup(db, T0)["expired"] == 0
    assert read_live_visitors(db, shop.shop_id).figure("total") == 1
