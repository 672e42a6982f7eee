"""300 simulated sessions moving through pages with 8 parallel callers: live counts stay exact."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from google.cloud import firestore

from storepulse.visitors.live import read_live_visitors, recount_live_visitors
from tests.support.emulator_clients import CallableError, User
from tests.support.world import World

SESSIONS = 300
PARALLEL = 8
T0 = datetime(2030, 8, 1, 18, 0, tzinfo=UTC)
PAGES = [
    ("homepage", None),
    ("category", "shoes"),
    ("category", "hats"),
    ("offer", "summer"),
    ("product", "p1"),
    ("checkout", None),
    ("payment", None),
]


@pytest.mark.load
def test_three_hundred_sessions_with_eight_callers(world: World, db: firestore.Client) -> None:
    shops = [world.shop(), world.shop()]
    visitors = [world.auth.anonymous() for _ in range(30)]
    rng = random.Random(7)
    plans = []
    for number in range(SESSIONS):
        steps = [PAGES[rng.randrange(len(PAGES))] for _ in range(rng.randint(1, 4))]
        plans.append(
            (visitors[number % len(visitors)], f"s{number}", shops[number % 2].shop_id, steps, rng.random() < 0.2)
        )

    def run(plan: tuple[User, str, str, list[tuple[str, str | None]], bool]) -> list[str]:
        user, session_id, shop_id, steps, leaves = plan
        outcomes = []
        for step, (page_type, page_id) in enumerate(steps):
            payload = {"sessionId": session_id, "shopId": shop_id, "pageType": page_type}
            if page_id:
                payload["pageId"] = page_id
            try:
                world.call("track_page", payload, user, now=T0 + timedelta(seconds=step))
                world.call("heartbeat", {"sessionId": session_id}, user, now=T0 + timedelta(seconds=step, minutes=1))
                outcomes.append("OK")
            except CallableError as error:
                outcomes.append(error.status)
        if leaves:
            world.call("end_session", {"sessionId": session_id}, user, now=T0 + timedelta(minutes=2))
        return outcomes

    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(o for result in pool.map(run, plans) for o in result)

    assert set(outcomes) == {"OK"}, outcomes
    for shop in shops:
        live = read_live_visitors(db, shop.shop_id)
        assert live.counts == recount_live_visitors(db, shop.shop_id)
    assert sum(read_live_visitors(db, s.shop_id).figure("total") for s in shops) == sum(
        1 for _, _, _, _, leaves in plans if not leaves
    )
