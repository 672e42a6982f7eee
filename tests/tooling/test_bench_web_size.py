"""scripts/bench's web_size section: the sign-in route within its budget, and the role pages split
away from it (each role's chunk is loaded only after sign-in)."""

from __future__ import annotations

import json

from scripts.lib.bench_web_size import GOAL_GZIP_BYTES, ROLES, section_web_size


def test_the_sign_in_route_is_within_budget_and_the_role_pages_are_split_away() -> None:
    section = json.loads(json.dumps(section_web_size()))

    sign_in = section["sign_in_route"]
    assert 0 < sign_in["gzip_bytes"] <= GOAL_GZIP_BYTES
    assert section["met"] is True
    for role, sizes in section["roles"].items():
        assert role in ROLES
        # Loaded after sign-in, never with the landing page.
        assert sizes["chunk"] not in sign_in["files"]
        assert section["shell"]["chunk"] not in sign_in["files"]
        assert sizes["after_sign_in_gzip_bytes"] >= sizes["chunk_gzip_bytes"] > 0
