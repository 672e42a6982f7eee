"""scripts/bench's `cold_start` section: what importing functions/main.py costs a new instance.

Every deployed function runs in instances of its own, and each imports functions/main.py whole
before its first request, so that import is every instance's cold start. It is measured beside a
floor, scripts/lib/cold_start_floor.py: a main.py with one callable that imports the same three
SDKs. Each sample is a fresh functions/venv python process; ours and the floor alternate (and swap
which goes first each round) so both share the machine's noise. Per process: the import's wall
time in the child, the time from spawning the process until the import is done, the process's
whole wall time, and its peak resident memory (VmHWM, read once the import is done).

The processes get the environment the Functions runtime gives a worker (as the emulator sets it,
without the emulator's own variables, so import-time code takes its production paths). Bytecode
is compiled ahead, as the Cloud Functions Python build does (`python -m compileall` over the
source), and the processes write none.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.lib.stack import PROJECT_ID, ROOT

FUNCTIONS = ROOT / "functions"
PYTHON = FUNCTIONS / "venv" / "bin" / "python"
FLOOR = ROOT / "scripts" / "lib" / "cold_start_floor.py"
PROCESSES = 7
TIME_GOAL = 1.25
MEMORY_GOAL = 1.15
# What the child runs: `time` is built in, so the clock starts before anything else is imported.
CHILD = """
import time
started = time.monotonic()
import {module}
done = time.monotonic()
import sys
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(started, done, peak_kb, len(sys.modules))
"""


@dataclass(frozen=True)
class Target:
    """A module a fresh process imports, from the directory it is deployed from."""

    name: str
    module: str
    cwd: Path
    function: str  # the entry point the runtime would name (FUNCTION_TARGET, K_SERVICE)


OURS = Target("ours", "main", FUNCTIONS, "redeem_coupon")
FLOOR_TARGET = Target("floor", FLOOR.stem, FLOOR.parent, "ping")


@dataclass(frozen=True)
class Sample:
    import_s: float
    start_to_import_s: float
    process_s: float
    peak_rss_kb: int
    modules: int


def user_env(path: Path = FUNCTIONS / ".env") -> dict[str, str]:
    """The KEY=VALUE lines of functions/.env, which deploy and the emulator both set."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and line[:1] not in "# ")
    return {key.strip(): value.strip() for key, value in pairs}


def runtime_env(target: Target) -> dict[str, str]:
    """The variables the Functions emulator gives a worker (functionsEmulator.js: user, system and
    runtime envs), minus FUNCTIONS_EMULATOR, the debug flags and the emulator hosts."""
    kept = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    return {
        **kept,
        **user_env(),
        "GCLOUD_PROJECT": PROJECT_ID,
        "GOOGLE_CLOUD_QUOTA_PROJECT": PROJECT_ID,
        "FIREBASE_CONFIG": json.dumps({"projectId": PROJECT_ID}),
        "FUNCTION_TARGET": target.function,
        "FUNCTION_SIGNATURE_TYPE": "http",
        "K_SERVICE": target.function,
        "K_REVISION": "1",
        "PORT": "8080",
        "TZ": "UTC",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def compile_ahead() -> None:
    """Bytecode for our sources and the floor, as the deploy build writes it."""
    sources = [FUNCTIONS / "main.py", FUNCTIONS / "storepulse", FLOOR]
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", *map(str, sources)], check=True, capture_output=True)


def sample(target: Target) -> Sample:
    """One fresh process importing `target` (time.monotonic is the system-wide CLOCK_MONOTONIC,
    so the child's readings and ours are on one clock)."""
    spawned = time.monotonic()
    result = subprocess.run(
        [str(PYTHON), "-c", CHILD.format(module=target.module)],
        cwd=target.cwd,
        env=runtime_env(target),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    exited = time.monotonic()
    if result.returncode != 0:
        raise RuntimeError(f"importing {target.module} in {target.cwd} failed:\n{result.stderr[-2000:]}")
    started, done, peak_kb, modules = result.stdout.split()[-4:]
    return Sample(
        import_s=float(done) - float(started),
        start_to_import_s=float(done) - spawned,
        process_s=exited - spawned,
        peak_rss_kb=int(peak_kb),
        modules=int(modules),
    )


def summary(samples: list[Sample]) -> dict[str, Any]:
    """Medians over the processes (each process's peak memory, then their median)."""
    return {
        "import_s": round(statistics.median(s.import_s for s in samples), 4),
        "start_to_import_s": round(statistics.median(s.start_to_import_s for s in samples), 4),
        "process_s": round(statistics.median(s.process_s for s in samples), 4),
        "peak_rss_mb": round(statistics.median(s.peak_rss_kb for s in samples) / 1024, 1),
        "modules": round(statistics.median(s.modules for s in samples)),
        "import_s_samples": [round(s.import_s, 4) for s in samples],
    }


def section_cold_start(processes: int = PROCESSES) -> dict[str, Any]:
    compile_ahead()
    samples: dict[str, list[Sample]] = {OURS.name: [], FLOOR_TARGET.name: []}
    for round_number in range(processes):
        pair = (OURS, FLOOR_TARGET) if round_number % 2 == 0 else (FLOOR_TARGET, OURS)
        for target in pair:
            samples[target.name].append(sample(target))
    ours, floor = summary(samples[OURS.name]), summary(samples[FLOOR_TARGET.name])
    time_ratio = round(ours["import_s"] / floor["import_s"], 3)
    memory_ratio = round(ours["peak_rss_mb"] / floor["peak_rss_mb"], 3)
    return {
        "processes": processes,
        "ours": ours,
        "floor": floor,
        "ratio": {
            "time": time_ratio,
            "memory": memory_ratio,
            "start_to_import": round(ours["start_to_import_s"] / floor["start_to_import_s"], 3),
            "process": round(ours["process_s"] / floor["process_s"], 3),
        },
        "goal": {"time": TIME_GOAL, "memory": MEMORY_GOAL},
        "met": {"time": time_ratio <= TIME_GOAL, "memory": memory_ratio <= MEMORY_GOAL},
        "measures": "time: median import of main in a fresh process; memory: median peak RSS (VmHWM)",
        "environment": runtime_env(OURS),
        "bytecode": "compiled ahead, as the Cloud Functions build does",
    }


def cold_start_rows(section: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """The bench table's rows: import time, spawn to import done, process wall time, peak RSS."""
    ours, floor, ratio, goal = section["ours"], section["floor"], section["ratio"], section["goal"]
    met = section["met"]
    return [
        (
            "cold start: import main ms",
            round(ours["import_s"] * 1000),
            round(floor["import_s"] * 1000),
            ratio["time"],
            f"<= {goal['time']} ({'met' if met['time'] else 'not met'})",
        ),
        (
            "  spawn -> import done ms",
            round(ours["start_to_import_s"] * 1000),
            round(floor["start_to_import_s"] * 1000),
            ratio["start_to_import"],
            "",
        ),
        (
            "  process wall ms",
            round(ours["process_s"] * 1000),
            round(floor["process_s"] * 1000),
            ratio["process"],
            "",
        ),
        (
            "cold start: peak RSS MB",
            ours["peak_rss_mb"],
            floor["peak_rss_mb"],
            ratio["memory"],
            f"<= {goal['memory']} ({'met' if met['memory'] else 'not met'})",
        ),
    ]
