"""scripts/bench's script_size section: storepulse.js and the Firebase SDK route, measured alike."""

from __future__ import annotations

import json

from scripts.lib.bench_size import GOAL_GZIP_BYTES, PLAUSIBLE_GZIP_BYTES, section_script_size


def test_script_size_measures_ours_beside_the_firebase_sdk_route() -> None:
    section = json.loads(json.dumps(section_script_size()))

    ours, firebase = section["gzip_bytes"], section["firebase_sdk"]["gzip_bytes"]
    assert 0 < ours < section["bytes"]
    assert 0 < firebase < section["firebase_sdk"]["bytes"]
    # The SDK route carries app, auth and functions; the script carries the callable protocol alone.
    assert firebase > 4 * ours
    assert section["ratio"] == {
        "plausible": round(ours / PLAUSIBLE_GZIP_BYTES, 3),
        "firebase_sdk": round(ours / firebase, 3),
    }
    assert section["goal_gzip_bytes"] == GOAL_GZIP_BYTES
    assert section["met"] == (ours <= GOAL_GZIP_BYTES)
