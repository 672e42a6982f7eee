"""Live stats as users see them: listeners, active-now windows with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.platform import queries
from storepulse.platform.clock import FixedClock
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from storepulse.stats.refresh import refresh_active_now
from tests.support.world import World


def test_admin_feed_listener_sees_each_redemption(world: World, db: firestore.Client, wait_for: Any) -> None:
    shop = world.shop()
    customers = [world.customer() for _ in range(3)]
    coupon_id = world.coupon(shop)
    feed = queries.ADMIN_FEED_BY_TYPE.build(db, {"type": "redemption"}, limit=10)
    for customer in customers:
        redemption = world.redeem(customer, coupon_id)
        snapshot, _elapsed = wait_for(
            feed, lambda docs, rid=redemption["redemptionId"]: any(d.get("redemptionId") == rid for d in docs)
        )
        newest_first = queries.ADMIN_FEED_BY_TYPE.in_order(snapshot)
        assert newest_first[0].get("redemptionId") == redemption["redemptionId"]


def test_shop_stats_listener_moves_by_one(world: World, db: firestore.Client, wait_for: Any) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop)
    shards = db.collection("liveStats").document(f"shop_{shop.shop_id}").collection("shards")
    world.redeem(customer, coupon_id)
    snapshot, _ = wait_for(shards, lambda docs: sum(d.to_dict().get("redemptionsTotal", 0) for d in docs) == 1)
    assert sum(d.to_dict().get("redemptionsTotal", 0) for d in snapshot) == 1


def test_active_now_window_with_an_injected_clock(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    early, late, other_day = world.customer(), world.customer(), world.customer()
    clock = FixedClock(datetime(2030, 6, 1, 12, 0, tzinfo=UTC))
    world.call("track_action", {"action": "page_view", "shopId": shop.shop_id}, early, now=clock.now())
    clock.advance(timedelta(minutes=3))
    world.call("track_action", {"action": "page_view", "shopId": shop.shop_id}, late, now=clock.now())
    world.call("track_action", {"action": "page_view"}, other_day, now=clock.now() - timedelta(days=1))

    clock.advance(timedelta(minutes=3))  # early: 6 min ago, late: 3 min ago
    written = refresh_active_now(db, clock.now())

    assert written[f"shop_{shop.shop_id}"] == 1
    assert written["platform"] == 1
    figures = read_live_stats(db, scopes.shop(shop.shop_id), clock.now())
    assert (figures.active_now, figures.active_now_as_of) == (1, clock.now())
    assert figures.active_today == 2
    assert figures.actions_today == 2
    assert figures.last_activity_at == clock.now() - timedelta(minutes=3)
    clock.advance(timedelta(minutes=3))
    refresh_active_now(db, clock.now())
    assert read_live_stats(db, scopes.shop(shop.shop_id), clock.now()).active_now == 0


def test_an_idle_scope_is_never_rewritten(world: World, db: firestore.Client) -> None:
    """The job writes only figures that moved; when it ran is one stamp in `liveWindows/current`."""
    idle, busy = world.shop(), world.shop()
    customer = world.customer()
    clock = FixedClock(datetime(2030, 6, 1, 12, 0, tzinfo=UTC))
    world.call("track_action", {"action": "page_view", "shopId": busy.shop_id}, customer, now=clock.now())
    summary = db.document(f"liveStats/shop_{idle.shop_id}")
    written_at = summary.get().update_time

    moved = refresh_active_now(db, clock.now())
    clock.advance(timedelta(minutes=1))
    moved_again = refresh_active_now(db, clock.now())

    assert moved == {f"shop_{busy.shop_id}": 1, "platform": 1}
    assert moved_again == {}
    assert summary.get().update_time == written_at
    assert db.document("liveWindows/current").get().get("activeNowAsOf") == clock.now()
    assert read_live_stats(db, scopes.shop(idle.shop_id), clock.now()).active_now_as_of == clock.now()


def test_today_rolls_over_at_utc_midnight(world: World, db: firestore.Client) -> None:
    customer = world.customer()
    late_evening = datetime(2030, 6, 30, 23, 59, 30, tzinfo=UTC)
    world.call("track_action", {"action": "login"}, customer, now=late_evening)
    assert read_live_stats(db, scopes.PLATFORM, late_evening).actions_today == 1
    next_morning = late_evening + timedelta(minutes=1)
    figures = read_live_stats(db, scopes.PLATFORM, next_morning)
    assert (figures.actions_today, figures.active_today) == (0, 0)
