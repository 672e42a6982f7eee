"""scripts/bench's cold_start section, measured once with one process each (no emulator)."""

from __future__ import annotations

import json

from scripts.lib.bench_cold import MEMORY_GOAL, TIME_GOAL, section_cold_start


def test_cold_start_measures_ours_beside_the_floor() -> None:
    section = json.loads(json.dumps(section_cold_start(processes=1)))

    assert section["processes"] == 1
    for side in ("ours", "floor"):
        figures = section[side]
        assert 0 < figures["import_s"] < figures["start_to_import_s"] < figures["process_s"] < 60
        assert len(figures["import_s_samples"]) == 1
        # The three SDKs alone are tens of megabytes and hundreds of modules.
        assert figures["peak_rss_mb"] > 30
        assert figures["modules"] > 300
    # Ours imports the floor's SDKs and Storepulse besides.
    assert section["ours"]["modules"] > section["floor"]["modules"]
    ratio = section["ratio"]
    assert ratio["time"] == round(section["ours"]["import_s"] / section["floor"]["import_s"], 3)
    assert ratio["memory"] == round(section["ours"]["peak_rss_mb"] / section["floor"]["peak_rss_mb"], 3)
    assert section["goal"] == {"time": TIME_GOAL, "memory": MEMORY_GOAL}
    assert section["met"] == {"time": ratio["time"] <= TIME_GOAL, "memory": ratio["memory"] <= MEMORY_GOAL}
    assert section["environment"]["GCLOUD_PROJECT"]
    assert "FIRESTORE_EMULATOR_HOST" not in section["environment"]
