"""Running one call's mutation as one transaction: contention is retried, an unknown outcome is
never applied twice.

A transaction begins inside its first document read (one read round, then the commit). Every
call's transaction also creates the call's record (`Marker`: the idempotency record of its key,
or of a server-made call id), which makes the outcome knowable and a second application
impossible: a record is created, never overwritten, so two commits of one call cannot both apply.

Retry rules (`run`):
- Aborted (a lost race) and transient failures of a read (nothing was committed): re-plan from
  fresh reads, with jittered backoff, until the deadline (then `unavailable`).
- AlreadyExists at commit: the call's record exists (a duplicate or an earlier commit of this call
  applied) and answers; otherwise another caller created a document this plan claimed, which a
  fresh plan avoids. A plan that claims a document already seen to exist is a bug and raises.
- DeadlineExceeded, InternalServerError or ServiceUnavailable from Commit: the commit may have
  applied. The call's record is looked up and answers when found; otherwise the call is planned
  again (the record's create precondition keeps a late first commit and the retry from both applying).
- Anything else (FailedPrecondition for a missing index, InvalidArgument, ...) is not retried.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, Protocol, TypeVar

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.platform import calllog, ratelimit, wire
from storepulse.platform.errors import Unavailable

log = logging.getLogger("storepulse")

T = TypeVar("T")
Result = dict[str, Any]
Snapshot = firestore.DocumentSnapshot[Any]

DEFAULT_DEADLINE_S = 30.0
# Lost races and failures that happened before any commit was sent: safe to plan again.
CONTENTION = (gcp_exceptions.Aborted,)
TRANSIENT = (gcp_exceptions.DeadlineExceeded, gcp_exceptions.ServiceUnavailable, gcp_exceptions.InternalServerError)
Next = Literal["replan", "look_up", "raise"]


def after_failure(error: Exception, *, committing: bool) -> Next:
    """What a call does after `error`: plan again from fresh reads, look up its record first (the
    commit may have applied, or something it created exists), or give the error to the caller."""
    if isinstance(error, CONTENTION):
        return "replan"
    if isinstance(error, TRANSIENT):
        return "look_up" if committing else "replan"
    if committing and isinstance(error, gcp_exceptions.AlreadyExists):
        return "look_up"
    return "raise"


class Transaction:
    """A read-write transaction begun by its first read (BatchGetDocuments with `new_transaction`).

    Reads go through `get_all` (or `read` below); writes are collected and sent by the commit. One
    that never read commits its writes atomically without a transaction id (preconditions hold,
    all or nothing)."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db
        self._id: bytes | None = None
        self._writes: list[Any] = []
        self._ahead: list[firestore.DocumentReference] = []
        self._read_ahead: dict[str, Snapshot] = {}
        self.created: list[str] = []

    def read_ahead(self, references: Iterable[firestore.DocumentReference]) -> None:
        """Documents this transaction will read later: its first read fetches them too (one read
        round for all), and their later reads are answered from that read."""
        self._ahead.extend(references)

    def get_all(self, references: Iterable[firestore.DocumentReference]) -> Iterator[Snapshot]:
        """Snapshots of `references`, read in this transaction (in the order they arrive)."""
        wanted = list(references)
        if self._read_ahead and all(ref.path in self._read_ahead for ref in wanted):
            yield from (self._read_ahead[ref.path] for ref in wanted)
            return
        if self._id is not None:
            yield from wire.get_all(self._db, wanted, transaction=self._id)[0]
            return
        asked = {ref.path for ref in wanted}
        extra = [ref for ref in dict.fromkeys(self._ahead) if ref.path not in asked]
        snapshots, self._id = wire.get_all(self._db, wanted + extra, begin=True)
        for snapshot in snapshots:
            if snapshot.reference.path not in asked:
                self._read_ahead[snapshot.reference.path] = snapshot
        yield from (snapshot for snapshot in snapshots if snapshot.reference.path in asked)

    def create(self, reference: firestore.DocumentReference, data: dict[str, Any]) -> None:
        self.created.append(reference.path)
        self._writes.append(wire.create(reference.path, data))

    def set(self, reference: firestore.DocumentReference, data: dict[str, Any], merge: bool = False) -> None:
        self._writes.append(wire.set_(reference.path, data, merge=merge))

    def update(self, reference: firestore.DocumentReference, changes: dict[str, Any]) -> None:
        self._writes.append(wire.update(reference.path, changes))

    def delete(self, reference: firestore.DocumentReference) -> None:
        self._writes.append(wire.delete(reference.path))

    @property
    def writes_anything(self) -> bool:
        return bool(self._writes)

    def commit(self) -> None:
        wire.commit(self._writes, self._id)

    def rollback(self) -> None:
        """Release the transaction's locks now (best effort: an abandoned one expires by itself)."""
        if self._id is None:
            return
        try:
            wire.rollback(self._id)
        except gcp_exceptions.GoogleAPICallError:
            log.info("rollback failed; the transaction expires by itself", exc_info=True)


# What every mutation's code takes: the transaction it writes in (or a batch, for server jobs).
Writer = Transaction | firestore.WriteBatch


def read(transaction: Transaction, ref: firestore.DocumentReference) -> Snapshot:
    """One document read in `transaction` (a missing one is a snapshot that does not exist); the
    first read of a transaction also begins it."""
    return next(transaction.get_all([ref]))


class Marker(Protocol):
    """The record one call's transaction creates (platform/idempotency.py)."""

    @property
    def ref(self) -> firestore.DocumentReference: ...

    def claim(self) -> Claim | None:
        """Start claiming the call before its first attempt (None when no duplicate can exist)."""

    def mark(self, transaction: Transaction, result: Result) -> None:
        """Create the record in `transaction`, beside the call's writes."""

    @property
    def may_be_recorded(self) -> bool:
        """Whether a record may exist before this call commits (the caller chose the key)."""

    def settle(self, snapshot: Snapshot) -> Result | None:
        """The recorded answer when the record was found (this call's own, or marked replayed), else None."""


class Claim(Protocol):
    def held(self) -> bool:
        """Whether this call holds the claim (once the claim's create has answered)."""

    def holders_answer(self, deadline: float) -> Result | None:
        """The recorded answer of the duplicate holding the claim, once recorded; None when that
        holder is gone or the deadline passes (then this call runs itself)."""

    def release(self) -> None:
        """Give the claim up (the call failed), if this call holds it."""


def run(
    db: firestore.Client,
    attempt: Callable[[Transaction], Result],
    *,
    marker: Marker,
    deadline_s: float | None = None,
) -> Result:
    """Run `attempt` in a fresh transaction (begun by its first read), with the call's record, until
    it commits or answers from the record; retried by the rules above until the deadline."""
    give_up_at = _give_up_at(deadline_s)
    loop, backoff = _Loop(db, marker, give_up_at), _Backoff(give_up_at)
    claim = marker.claim()
    try:
        while (answer := loop.once(attempt, claim)) is None:
            backoff.pause(loop.lost_attempt_s)
    except BaseException:
        if claim is not None:
            claim.release()  # a failed call leaves nothing behind
        raise
    return answer


def retry(step: Callable[[], T], *, lost_race: tuple[type[Exception], ...], deadline_s: float | None = None) -> T:
    """Repeat `step`, which re-reads all it decides on and whose writes carry preconditions (so a
    repeat after an unknown outcome changes nothing twice), while it loses races or meets transient failures."""
    backoff = _Backoff(_give_up_at(deadline_s))
    while True:
        began = time.monotonic()
        try:
            return step()
        except lost_race + CONTENTION + TRANSIENT:
            log.info("retrying after a lost race or a transient failure", exc_info=True)
        backoff.pause(time.monotonic() - began)


def _give_up_at(deadline_s: float | None) -> float:
    return time.monotonic() + (DEFAULT_DEADLINE_S if deadline_s is None else deadline_s)


def pause_span(retries: int, lost_attempt_s: float) -> float:
    """The span the pause before a re-plan is drawn from: doubling from 10 ms to 0.5 s with the
    retries, and never shorter than twice the attempt that just lost. An attempt that lost slowly
    waited on locks, and so did the callers it met; retrying sooner than they can finish only meets
    them again (a lock manager that settles a deadlock by timing every party out, as the emulator's
    does, would otherwise keep them all failing until the deadline)."""
    doubled: float = min(0.01 * 2.0 ** min(retries, 6), 0.5)
    return max(doubled, 2 * lost_attempt_s)


class _Backoff:
    """Jittered pauses between attempts (`pause_span`) until the deadline, then `unavailable`."""

    def __init__(self, give_up_at: float) -> None:
        self.give_up_at, self.retries = give_up_at, 0

    def pause(self, lost_attempt_s: float) -> None:
        now = time.monotonic()
        if now >= self.give_up_at:
            raise Unavailable("The database is busy or unreachable right now; retry with the same idempotency key.")
        span = pause_span(self.retries, lost_attempt_s)
        time.sleep(min(random.uniform(0, span), self.give_up_at - now))
        self.retries += 1


class _Loop:
    """One call's attempts, and what they learned: documents seen to exist, an unknown outcome."""

    def __init__(self, db: firestore.Client, marker: Marker, give_up_at: float) -> None:
        self.db, self.marker, self.give_up_at = db, marker, give_up_at
        self.seen_existing: set[str] = set()
        self.outcome_unknown = False
        self.runs_itself = False
        # How long the last attempt took when it lost a race (0 when it waited for a duplicate's holder).
        self.lost_attempt_s = 0.0

    def once(self, attempt: Callable[[Transaction], Result], claim: Claim | None) -> Result | None:
        """The call's answer, or None to plan again."""
        calllog.count_attempt()
        began, self.lost_attempt_s = time.monotonic(), 0.0
        transaction = Transaction(self.db)
        try:
            result = attempt(transaction)
            if self._duplicate(claim):
                # Release this attempt's locks first: the holder may need them to commit.
                transaction.rollback()
                return self._holders_answer(claim)
            if not transaction.writes_anything and not self.marker.may_be_recorded:
                transaction.rollback()  # nothing to apply, so nothing to record
                return result
            ratelimit.admit(transaction, self.seen_existing)  # the call's slot, or its refusal
            self._check_claims(transaction)
            self.marker.mark(transaction, result)
        except Exception as error:
            transaction.rollback()
            if after_failure(error, committing=False) == "replan":
                self.lost_attempt_s = time.monotonic() - began
                return None
            # A call already recorded answers with its first result, even where it would now be refused.
            if (recorded := self._recorded_instead(claim)) is not None:
                return recorded
            raise
        if (answer := self._commit(transaction, result)) is None:
            self.lost_attempt_s = time.monotonic() - began
        return answer

    def _recorded_instead(self, claim: Claim | None) -> Result | None:
        if self._duplicate(claim) and (recorded := self._holders_answer(claim)) is not None:
            return recorded
        return self._recorded() if self.marker.may_be_recorded or self.outcome_unknown else None

    def _duplicate(self, claim: Claim | None) -> bool:
        return claim is not None and not self.runs_itself and not claim.held()

    def _holders_answer(self, claim: Claim | None) -> Result | None:
        answer = claim.holders_answer(self.give_up_at) if claim is not None else None
        self.runs_itself = answer is None  # the holder is gone: this call runs itself from now on
        return answer

    def _commit(self, transaction: Transaction, result: Result) -> Result | None:
        try:
            transaction.commit()
        except Exception as error:
            # A failed commit normally ended the transaction; release it anyway (best effort) so a
            # commit that never reached the backend leaves no locks behind.
            transaction.rollback()
            next_step = after_failure(error, committing=True)
            if next_step == "raise":
                raise
            if next_step == "replan":
                return None
            if not isinstance(error, gcp_exceptions.AlreadyExists):
                log.warning("commit outcome unknown; looking up the call's record", exc_info=True)
                self.outcome_unknown = True
            if (recorded := self._recorded()) is not None:
                return recorded
            if isinstance(error, gcp_exceptions.AlreadyExists):
                self.seen_existing.update(self._existing(transaction.created))
            return None
        ratelimit.committed(transaction.created)
        return result

    def _recorded(self) -> Result | None:
        """The answer of the call's record, read plainly; None when it is not there (or unreadable now)."""
        try:
            snapshot = next(iter(wire.get_all(self.db, [self.marker.ref])[0]))
        except TRANSIENT:
            return None
        return self.marker.settle(snapshot)

    def _existing(self, paths: list[str]) -> set[str]:
        try:
            snapshots, _ = wire.get_all(self.db, [self.db.document(path) for path in paths])
        except TRANSIENT:
            return set()
        return {snapshot.reference.path for snapshot in snapshots if snapshot.exists}

    def _check_claims(self, transaction: Transaction) -> None:
        # A plan is made from reads after the collision, so it never claims what it saw taken;
        # one that does would collide forever.
        stale = self.seen_existing.intersection(transaction.created)
        if stale:
            raise RuntimeError(f"the plan creates documents that already exist: {sorted(stale)}")
