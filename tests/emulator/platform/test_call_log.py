"""Every call leaves one structured log entry an operator can use, read from what the Functions
emulator printed: the callable, its outcome code, latency, transaction attempts, whether it was a
replay, the caller's uid and the call's id; never the caller's name or e-mail."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from scripts.lib.stack import EmulatorStack
from tests.support.data import new_key
from tests.support.emulator_clients import CallableError
from tests.support.world import World

LOG = EmulatorStack.log_path


def entries(since: int) -> list[dict[str, Any]]:
    """The call entries printed after byte `since` of the emulators' log."""
    found = []
    with LOG.open("rb") as log:
        log.seek(since)
        for line in log.read().decode(errors="replace").splitlines():
            start = line.find('{"')
            if start < 0:
                continue
            try:
                fields = json.loads(line[start:])
            except json.JSONDecodeError:
                continue
            if isinstance(fields, dict) and "callId" in fields:
                found.append(fields)
    return found


def wait_for(since: int, count: int, uid: str) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        mine = [entry for entry in entries(since) if entry.get("uid") == uid]
        if len(mine) >= count or time.monotonic() > deadline:
            return mine
        time.sleep(0.2)


@pytest.fixture
def log_start() -> int:
    if not Path(LOG).exists():
        pytest.skip("the emulators were started elsewhere (their output is not in .cache/emulators.log)")
    return Path(LOG).stat().st_size


def test_each_call_logs_its_outcome_attempts_and_replay(world: World, log_start: int) -> None:
    ada = world.customer("Ada Logline", email="ada.logline@example.test", phone="+15550199871")
    key = new_key()
    world.call("track_action", {"action": "page_view", "idempotencyKey": key}, ada)
    world.call("track_action", {"action": "page_view", "idempotencyKey": key}, ada)
    with pytest.raises(CallableError):
        world.call("track_action", {"action": "no_such_action"}, ada)

    first, replay, refused = wait_for(log_start, 3, ada.uid)[-3:]
    assert {entry["callable"] for entry in (first, replay, refused)} == {"track_action"}
    assert (first["outcome"], first["replayed"], first["attempts"]) == ("ok", False, 1)
    assert (replay["outcome"], replay["replayed"]) == ("ok", True)
    assert (refused["outcome"], refused["attempts"]) == ("invalid-argument", 0)
    assert all(entry["latencyMs"] > 0 and len(entry["callId"]) == 32 for entry in (first, replay, refused))
    assert len({entry["callId"] for entry in (first, replay, refused)}) == 3
    printed = LOG.read_bytes()[log_start:].decode(errors="replace")
    assert not [secret for secret in ("Logline", "ada.logline@example.test", "5550199871") if secret in printed]
