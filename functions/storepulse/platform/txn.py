"""Running a transaction that may lose a race, with jittered retries and a deadline.

Contended documents are only ever *created* inside transactions (slots, markers, idempotency
records) or moved with blind increments, so a lost race fails fast at commit; the attempt is then
re-planned from fresh reads. This replaces the client's own retry loop (max_attempts=1), which
would replay a plan made from stale reads.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.platform.errors import Unavailable

T = TypeVar("T")

RETRYABLE = (
    gcp_exceptions.Aborted,
    gcp_exceptions.AlreadyExists,
    gcp_exceptions.Conflict,
    gcp_exceptions.FailedPrecondition,
    gcp_exceptions.DeadlineExceeded,
    gcp_exceptions.ServiceUnavailable,
    gcp_exceptions.InternalServerError,
)
DEFAULT_DEADLINE_S = 30.0


# A transaction the backend no longer knows (it restarted, or the transaction timed out).
EXPIRED_TRANSACTION = "Transaction is invalid or expired"


def _lost_race(error: Exception) -> bool:
    if isinstance(error, RETRYABLE):
        return True
    if isinstance(error, gcp_exceptions.InvalidArgument) and EXPIRED_TRANSACTION in str(error):
        return True
    # The client wraps a failed final commit as ValueError("Failed to commit transaction ...").
    return isinstance(error, ValueError) and "Failed to commit transaction" in str(error)


def run(
    db: firestore.Client,
    attempt: Callable[[firestore.Transaction], T],
    *,
    deadline_s: float | None = None,
) -> T:
    """Run `attempt` in a fresh single-try transaction until it commits or the deadline passes."""

    def once() -> T:
        result: T = firestore.transactional(attempt)(db.transaction(max_attempts=1))
        return result

    return retry(once, deadline_s=deadline_s)


def retry(step: Callable[[], T], *, deadline_s: float | None = None) -> T:
    """Re-plan `step` from fresh reads after each lost race (jittered backoff) until the deadline."""
    give_up_at = time.monotonic() + (DEFAULT_DEADLINE_S if deadline_s is None else deadline_s)
    delay = 0.01
    while True:
        try:
            return step()
        except Exception as error:
            if not _lost_race(error):
                raise
            if time.monotonic() >= give_up_at:
                raise Unavailable(
                    "The database is busy or unreachable right now; retry with the same idempotency key."
                ) from error
        time.sleep(random.uniform(0, delay))
        delay = min(delay * 2, 0.5)
