"""One structured log entry per callable call, for the operator on call.

`run_callable` opens a call's facts, the transaction loop counts its attempts into them, and the
call ends with one entry through `firebase_functions.logger` (JSON on stdout, which Cloud Logging
parses into `jsonPayload`): the callable, its outcome code, latency, transaction attempts, whether
it answered from its idempotency record, the caller's uid and the call's id. No payload, name,
e-mail, phone or address is ever logged: the uid is enough to look a user up when a ticket says so.
"""

from __future__ import annotations

import contextvars
import time
import uuid
from dataclasses import dataclass, field

from firebase_functions import logger


@dataclass
class CallFacts:
    """What one call did, gathered while it runs."""

    callable: str
    call_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: float = field(default_factory=time.perf_counter)
    attempts: int = 0
    replayed: bool = False
    uid: str | None = None


_current: contextvars.ContextVar[CallFacts | None] = contextvars.ContextVar("storepulse_call", default=None)


def begin(name: str) -> CallFacts:
    """Open the facts of a call (each request runs in its own context, so calls never mix)."""
    facts = CallFacts(callable=name)
    _current.set(facts)
    return facts


def current() -> CallFacts | None:
    return _current.get()


def count_attempt() -> None:
    """One more transaction attempt for the current call (outside a call, e.g. a job: nothing)."""
    facts = _current.get()
    if facts is not None:
        facts.attempts += 1


def entry(facts: CallFacts, outcome: str) -> dict[str, object]:
    """The fields of a call's log entry."""
    return {
        "callable": facts.callable,
        "outcome": outcome,
        "latencyMs": round((time.perf_counter() - facts.started) * 1000, 1),
        "attempts": facts.attempts,
        "replayed": facts.replayed,
        "uid": facts.uid,
        "callId": facts.call_id,
    }


def finish(facts: CallFacts, outcome: str) -> None:
    """Write the call's one entry: info when it succeeded or was refused, error for `internal`."""
    fields = entry(facts, outcome)
    if outcome == "internal":
        logger.error(f"{facts.callable}: {outcome}", **fields)
    elif outcome == "unavailable":
        logger.warn(f"{facts.callable}: {outcome}", **fields)
    else:
        logger.info(f"{facts.callable}: {outcome}", **fields)
