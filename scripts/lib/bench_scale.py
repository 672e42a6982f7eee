"""scripts/bench's `scale` section: what the every-minute jobs cost as idle shops grow.

Steps of 0, 10, 1,000 and 10,000 idle shops (the full run; the quick run stops at 1,000), each
beside 100 active ones. The operations are counted from the RPCs the Python client sends
(tests/support/operations.py), not estimated. Each step runs at its own injected time, 31 minutes
after the last, so every step starts from the same state: an unmeasured settling run expires the
previous step's sessions and returns its figures to zero; then one new customer acts and one new
visitor opens a page in each active shop, and each job runs once, measured. A redemption's p50
end to end (real time) is measured at every step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from tests.support.scale import STEP, seed_shops, step_cost

ACTIVE_SHOPS = 100


def measure_step(db: firestore.Client, idle_shops: int, active: list[str], step: int, at: datetime) -> dict[str, Any]:
    jobs = step_cost(db, active, step, at)
    return {
        "idle_shops": idle_shops,
        "active_shops": len(active),
        "jobs": jobs,
        "reads": sum(job["reads"] for job in jobs.values()),
        "writes": sum(job["writes"] for job in jobs.values()),
        "ms": round(sum(job["ms"] for job in jobs.values()), 1),
    }


def section_scale(
    db: firestore.Client, idle_steps: tuple[int, ...], redeem_p50_ms: Callable[[], float]
) -> dict[str, Any]:
    """The jobs' cost at each step of idle shops (flat is the goal) and a redemption's p50."""
    start = datetime.now(UTC) + STEP  # every earlier session and presence is past its window
    active = seed_shops(db, ACTIVE_SHOPS, start)
    seeded, steps, latency = 0, [], {}
    for step, idle_shops in enumerate(idle_steps):
        seed_shops(db, idle_shops - seeded, start)
        seeded = idle_shops
        steps.append(measure_step(db, idle_shops, active, step, start + step * STEP))
        latency[str(idle_shops)] = round(redeem_p50_ms(), 1)
    first, last = steps[0], steps[-1]
    growth = {
        "reads": round(last["reads"] / first["reads"], 3),
        "writes": round(last["writes"] / first["writes"], 3),
    }
    return {
        "steps": steps,
        "growth": growth,
        "redeem_p50_ms_by_idle_shops": latency,
        "goal": f"reads and writes per run with {idle_steps[-1]} idle shops within 2x of the run with none",
        "flat": max(growth.values()) <= 2,
    }
