"""Many idle shops and a little activity, for measuring what the every-minute jobs cost (the load
test and scripts/bench's `scale` section). Operations are counted from the client's RPCs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse.activity.actions import track_action
from storepulse.activity.models import TrackActionRequest
from storepulse.analytics.refresh import refresh_pulse
from storepulse.catalog import store as catalog
from storepulse.platform.caller import Caller, RequestFacts, Role
from storepulse.platform.db import merge_in_batches
from storepulse.stats import scopes
from storepulse.stats import store as stats
from storepulse.stats.refresh import refresh_active_now
from storepulse.visitors import store as visitors
from storepulse.visitors.live import run_cleanup
from storepulse.visitors.models import TrackPageRequest
from storepulse.visitors.sessions import track_page
from tests.support.operations import OperationCounter

STEP = timedelta(minutes=31)  # past the 30-minute session timeout: each step starts from zero
JOBS: dict[str, Callable[[firestore.Client, datetime], Any]] = {
    "refresh_live_stats": refresh_active_now,
    "expire_visitor_sessions": run_cleanup,
    "refresh_platform_pulse": refresh_pulse,
}


def seed_shops(db: firestore.Client, count: int, now: datetime) -> list[str]:
    """`count` shops as an idle shop's documents stand: the shop, its live-stats summary and its
    live-visitors summary, every figure at zero (batched writes, no callable traffic)."""
    refs = [catalog.shop_ref(db) for _ in range(count)]
    owner = f"scale-owner-{uuid.uuid4().hex[:6]}"
    documents: list[tuple[firestore.DocumentReference, dict[str, Any]]] = []
    for number, ref in enumerate(refs):
        scope = scopes.shop(ref.id)
        documents.append((ref, catalog.shop_document(f"Idle shop {number}", owner, owner, now)))
        documents.append((stats.scope_ref(db, scope), stats.opened_summary(scope, now)))
    merge_in_batches(db, documents)
    visitors.write_online_now(db, {ref.id: 0 for ref in refs})
    return [ref.id for ref in refs]


def act(db: firestore.Client, shop_ids: list[str], step: int, now: datetime) -> None:
    """One new customer action and one new visitor page in each shop, through the handlers' code."""
    for number, shop_id in enumerate(shop_ids):
        customer = Caller(f"scale-{step}-customer-{number}", Role.CUSTOMER)
        action = TrackActionRequest.model_validate({"action": "page_view", "shopId": shop_id})
        track_action(db, customer, action, now)
        visitor = Caller(f"scale-{step}-visitor-{number}", anonymous=True)
        page = TrackPageRequest.model_validate({"sessionId": "s", "shopId": shop_id, "pageType": "homepage"})
        track_page(db, visitor, page, RequestFacts(now=now))


def run_jobs(db: firestore.Client, now: datetime) -> dict[str, dict[str, Any]]:
    """Each every-minute job once at `now`, with its reads, writes and run time."""
    measured = {}
    for name, job in JOBS.items():
        with OperationCounter(db) as ops:
            started = time.perf_counter()
            job(db, now)
            elapsed_ms = (time.perf_counter() - started) * 1000
        measured[name] = {"reads": ops.reads, "writes": ops.writes, "ms": round(elapsed_ms, 1)}
    return measured


def step_cost(db: firestore.Client, active: list[str], step: int, at: datetime) -> dict[str, dict[str, Any]]:
    """Settle at `at` (unmeasured: the last step's sessions expire, its figures go to zero), one new
    customer and visitor in each `active` shop, then each job once, measured."""
    for job in JOBS.values():
        job(db, at)
    act(db, active, step, at)
    return run_jobs(db, at + timedelta(seconds=1))
