"""The every-minute jobs cost what the activity costs, not what the catalog holds: counted from the
client's RPCs with 10 and with 1,000 idle shops beside the same 5 active ones (the load tier, for
the 1,000 shops it seeds)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.cloud import firestore

from tests.support.scale import STEP, seed_shops, step_cost

ACTIVE = 5


@pytest.mark.load
def test_the_jobs_cost_the_same_for_10_and_1000_idle_shops(db: firestore.Client) -> None:
    start = datetime.now(UTC) + STEP
    active = seed_shops(db, ACTIVE, start)
    cost = {}
    seeded = 0
    for step, idle in enumerate((10, 1000)):
        seed_shops(db, idle - seeded, start)
        seeded = idle
        jobs = step_cost(db, active, step, start + step * STEP)
        cost[idle] = {name: (job["reads"], job["writes"]) for name, job in jobs.items()}
    print(f"\nevery-minute jobs (reads, writes): 10 idle shops {cost[10]}, 1,000 idle shops {cost[1000]}")
    windowed = ("refresh_live_stats", "expire_visitor_sessions")
    assert [cost[10][job] for job in windowed] == [cost[1000][job] for job in windowed]
    # The pulse's cost is fixed (tests/load/test_pulse_load.py); only the platform's live-stats shards
    # that activity has touched so far (at most 10) vary its reads.
    assert abs(cost[10]["refresh_platform_pulse"][0] - cost[1000]["refresh_platform_pulse"][0]) <= 10
    # Active now: 2 presence documents per active customer (platform and shop), the query for
    # non-zero figures (none after settling: billed 1); writes: each shop and the platform, the stamp.
    assert cost[10]["refresh_live_stats"] == (2 * ACTIVE + 1, ACTIVE + 1 + 1)
    # Online now: no idle session (billed 1), the active sessions, no non-zero figure (billed 1);
    # writes: each shop, the stamp.
    assert cost[10]["expire_visitor_sessions"] == (1 + ACTIVE + 1, ACTIVE + 1)
