"""Rate limits under a flood: one anonymous visitor sends 2,000 `track_page` calls in parallel and
gets exactly its window's worth through, the rest refused with the seconds to wait and nothing
written for them, while another visitor's calls in the same seconds all succeed; the same for
`register_customer` counted per address. The test ends with scripts/verify (the `load` mark)."""

from __future__ import annotations

import functools
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform.ratelimit import LIMITS
from tests.support.emulator_clients import CallableError, User
from tests.support.world import World

FLOOD = 2_000
PARALLEL = 16
# Five seconds into a minute and into an hour: the windows end 55 s and 3,595 s later.
T0 = datetime(2030, 9, 1, 10, 0, 5, tzinfo=UTC)


def outcome(call: Any) -> tuple[str, Any]:
    try:
        call()
    except CallableError as error:
        return error.status, error.details
    return "OK", None


def count(db: firestore.Client, collection: str, **equal: Any) -> int:
    query: Any = db.collection(collection)
    for field, value in equal.items():
        query = query.where(filter=firestore.FieldFilter(field, "==", value))
    return int(query.count().get()[0][0].value)


@pytest.mark.load
def test_a_flood_of_page_views_from_one_visitor_stops_at_its_limit(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    flooder, neighbour = world.auth.anonymous(), world.auth.anonymous()
    limit = LIMITS["track_page"].anonymous.count

    def page(user: User, session: str) -> tuple[str, Any]:
        payload = {"sessionId": session, "shopId": shop.shop_id, "pageType": "homepage"}
        return outcome(lambda: world.call("track_page", payload, user, now=T0))

    # The neighbour browses one session as a browser does, one page after another, while the flood
    # runs: its k-th page view waits until the flood has started k * 100 calls, so all 20 land in the
    # flood's seconds (in one shared pool they would bunch up once the refusals turn fast, which is
    # twenty parallel writes to one session, not a visitor).
    started = 0
    progress = threading.Condition()

    def flood_call(number: int) -> tuple[str, Any]:
        nonlocal started
        with progress:
            started += 1
            progress.notify_all()
        return page(flooder, f"flood-{number}")

    def flood_reached(due: int) -> bool:
        return started >= due

    def browse() -> list[tuple[str, Any]]:
        answers = []
        for view in range(20):
            with progress:
                progress.wait_for(functools.partial(flood_reached, view * FLOOD // 20))
            answers.append(page(neighbour, "calm"))
        return answers

    with ThreadPoolExecutor(1) as own, ThreadPoolExecutor(PARALLEL) as pool:
        browsing = own.submit(browse)
        flooding = list(pool.map(flood_call, range(FLOOD)))
        calm_answers = browsing.result()
    with progress:
        assert started == FLOOD
    answers = [(flooder.uid, answer) for answer in flooding] + [(neighbour.uid, answer) for answer in calm_answers]

    flood = Counter(status for uid, (status, _) in answers if uid == flooder.uid)
    calm = Counter(status for uid, (status, _) in answers if uid == neighbour.uid)
    assert flood == {"OK": limit, "RESOURCE_EXHAUSTED": FLOOD - limit}
    assert calm == {"OK": 20}
    waits = {details["retryAfterSeconds"] for uid, (status, details) in answers if status != "OK"}
    assert waits == {55}
    # Nothing was written for a refused call: one page view per admitted call, no more.
    assert count(db, "pageViews", uid=flooder.uid) == limit
    assert count(db, "pageViews", uid=neighbour.uid) == 20


@pytest.mark.load
def test_registrations_are_counted_per_address(world: World, db: firestore.Client) -> None:
    limit = LIMITS["register_customer"].anonymous.count
    # An address of this run's own (a function instance remembers windows it saw full).
    shared = {"X-Forwarded-For": f"198.51.{random.randrange(256)}.{random.randrange(1, 255)}"}
    visitors = [world.auth.anonymous() for _ in range(6 * limit)]

    def register(user: User) -> tuple[str, Any]:
        payload = {"displayName": f"Visitor {user.uid[:6]}"}
        return outcome(lambda: world.call("register_customer", payload, user, now=T0, headers=shared))

    with ThreadPoolExecutor(PARALLEL) as pool:
        answers = list(pool.map(register, visitors))

    assert Counter(status for status, _ in answers) == {"OK": limit, "RESOURCE_EXHAUSTED": 5 * limit}
    assert {details["retryAfterSeconds"] for status, details in answers if status != "OK"} == {3595}
    assert count(db, "users", role="customer") == limit
    elsewhere = world.auth.anonymous()
    assert outcome(lambda: world.call("register_customer", {"displayName": "Next door"}, elsewhere, now=T0)) == (
        "OK",
        None,
    )
