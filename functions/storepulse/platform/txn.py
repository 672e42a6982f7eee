"""Running a transaction that may lose a race, with jittered retries and a deadline.

Contended documents are only ever *created* inside transactions (slots, markers, idempotency
records) or moved with blind increments, so a lost race fails fast at commit; the attempt is then
re-planned from fresh reads. This replaces the client's own retry loop, which would replay a plan
made from stale reads.

A transaction begins inside its first document read (`FoldedTransaction`): one read round and a
commit, where the client's own loop sends BeginTransaction first.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Generator, Iterable
from datetime import datetime
from typing import Any, TypeVar, cast

from google.api_core import exceptions as gcp_exceptions
from google.api_core import gapic_v1
from google.cloud import firestore
from google.cloud.firestore_v1 import types

from storepulse.platform import wire
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
    return isinstance(error, gcp_exceptions.InvalidArgument) and EXPIRED_TRANSACTION in str(error)


READ_WRITE = types.TransactionOptions(read_write=types.TransactionOptions.ReadWrite())


class FoldedTransaction(firestore.Transaction):
    """A read-write transaction begun by its first document read (BatchGetDocuments with
    `new_transaction`), one round trip fewer than BeginTransaction and then the read.

    Reads go through `get_all` (or `read` below); any other first use (a query, `ref.get(transaction=)`)
    begins it the usual way through `id`. One that never read commits its writes atomically
    without a transaction id (the same guarantees as a batch: preconditions hold, all or nothing).
    Its writes are built as plain protobuf messages (platform/wire.py), the same ones the client builds.
    """

    def __init__(self, client: firestore.Client) -> None:
        super().__init__(client, max_attempts=1)
        self._ahead: list[Any] = []
        self._read_ahead: dict[str, firestore.DocumentSnapshot[Any]] = {}

    def read_ahead(self, references: Iterable[Any]) -> None:
        """Documents this transaction will read later: its first read fetches them too (one read
        round for all), and their later reads are answered from that read."""
        self._ahead.extend(references)

    @property
    def in_progress(self) -> bool:
        # The client checks this before every transactional read; `id` begins on demand.
        return True

    @property
    def id(self) -> bytes:
        if self._id is None:
            client: Any = self._client
            response = client._firestore_api.begin_transaction(
                request={"database": client._database_string, "options": READ_WRITE},
                metadata=client._rpc_metadata,
            )
            self._id = response.transaction
        return cast(bytes, self._id)

    def get_all(
        self,
        references: list[Any],
        retry: Any = gapic_v1.method.DEFAULT,
        timeout: float | None = None,
        *,
        read_time: datetime | None = None,
    ) -> Generator[firestore.DocumentSnapshot[Any], Any, None]:
        if read_time is not None:
            yield from super().get_all(references, retry, timeout, read_time=read_time)
            return
        wanted = list(references)
        if self._read_ahead and all(ref._document_path in self._read_ahead for ref in wanted):
            yield from (self._read_ahead[ref._document_path] for ref in wanted)
            return
        if self._id is not None:
            snapshots, _ = wire.get_all(self._client, wanted, transaction=self._id)
            yield from snapshots
            return
        asked = {ref._document_path for ref in wanted}
        extra = [ref for ref in dict.fromkeys(self._ahead) if ref._document_path not in asked]
        snapshots, begun = wire.get_all(self._client, wanted + extra, begin=READ_WRITE)
        self._id = begun  # type: ignore[assignment]
        for snapshot in snapshots:
            if snapshot.reference._document_path not in asked:
                self._read_ahead[snapshot.reference._document_path] = snapshot
        yield from (snapshot for snapshot in snapshots if snapshot.reference._document_path in asked)

    def create(self, reference: Any, document_data: dict[str, Any]) -> None:
        self._document_references[reference._document_path] = reference
        self._add_write_pbs([wire.create(reference._document_path, document_data)])

    def set(self, reference: Any, document_data: dict[str, Any], merge: bool | list[Any] = False) -> None:
        self._document_references[reference._document_path] = reference
        self._add_write_pbs([wire.set_(reference._document_path, document_data, merge)])

    def update(self, reference: Any, field_updates: dict[str, Any], option: Any = None) -> None:
        if option.__class__.__name__ == "ExistsOption":
            raise ValueError("you must not pass an explicit write option to update.")
        self._document_references[reference._document_path] = reference
        self._add_write_pbs([wire.update(reference._document_path, field_updates, option)])

    def _commit(self) -> list[Any]:
        self.write_results, committed = wire.commit(self._client, self._write_pbs, self._id)
        self.commit_time = committed  # type: ignore[assignment]
        self._clean_up()
        return self.write_results

    def _rollback(self) -> None:
        if self._id is None:
            self._clean_up()
            return
        super()._rollback()


# What every mutation's code takes: the transaction it writes in (or a batch, for server jobs).
Transaction = FoldedTransaction
Writer = Transaction | firestore.WriteBatch


def read(transaction: Transaction, ref: firestore.DocumentReference) -> firestore.DocumentSnapshot[Any]:
    """One document read in `transaction` (a missing one is a snapshot that does not exist); the
    first read of a `FoldedTransaction` also begins it."""
    snapshot: firestore.DocumentSnapshot[Any] = next(transaction.get_all([ref]))
    return snapshot


def run(
    db: firestore.Client,
    attempt: Callable[[FoldedTransaction], T],
    *,
    deadline_s: float | None = None,
) -> T:
    """Run `attempt` in a fresh transaction (begun by its first read) until it commits or the
    deadline passes; an attempt that raises is rolled back."""

    def once() -> T:
        transaction = FoldedTransaction(db)
        try:
            result = attempt(transaction)
            transaction._commit()
        except BaseException:
            # A rollback that fails (the backend is gone) is chained to the original error.
            transaction._rollback()
            raise
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
