"""Call records: a retried mutation returns the first result instead of acting twice.

Every mutating call has a record, created in the call's own transaction so the result and the
effects commit together: under the caller's idempotency key, or under a server-made call id when
the caller sent none (then it only serves to find out whether a commit whose answer was lost
applied). A key reused with a different payload is refused.

Duplicates of a keyed call in flight (a double tap, a client retrying over a bad network) do not
fight over the same documents: the first to create the key's claim runs; the others wait for its
record and answer with its result (`replayed`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore
from pydantic import BaseModel

from storepulse.platform import collections, prefetch, retention, txn, wire
from storepulse.platform.errors import AlreadyExists

# Records may be deleted by a Firestore TTL policy on `expireAt` after this long (platform/retention.py).
RETENTION = retention.period(collections.IDEMPOTENCY_KEYS)
# A server-made call id only answers the call that made it, and a claim only its duplicates in
# flight: both within the call's own deadline.
CALL_RETENTION = retention.SERVER_CALL_RECORDS
# A claim whose holder has recorded nothing after this long is taken to be gone (crashed).
CLAIM_LEASE = timedelta(seconds=20)
POLL_S = (0.05, 0.25)  # first and longest wait between looks at a claimed key's record


def key_ref(db: firestore.Client, operation: str, caller_uid: str, key: str) -> firestore.DocumentReference:
    """The record for one caller's key for one operation (keys are scoped, never global)."""
    return db.collection(collections.IDEMPOTENCY_KEYS).document(_digest(operation, caller_uid, key))


def claim_ref(db: firestore.Client, record: firestore.DocumentReference) -> firestore.DocumentReference:
    return db.collection(collections.IDEMPOTENCY_CLAIMS).document(record.id)


def _digest(operation: str, caller_uid: str, key: str) -> str:
    return hashlib.sha256(f"{operation}\0{caller_uid}\0{key}".encode()).hexdigest()


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class IdempotentCall:
    """One mutating call's record: under the caller's key (`keyed`) or a server-made call id."""

    db: firestore.Client
    operation: str
    ref: firestore.DocumentReference
    payload_fingerprint: str
    keyed: bool
    call_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def of(
        cls,
        db: firestore.Client,
        operation: str,
        caller_uid: str,
        key: str | None,
        payload: dict[str, Any],
    ) -> IdempotentCall:
        """`payload` is the request without its key; without a key the record is the call's own."""
        call_id = uuid.uuid4().hex
        ref = key_ref(db, operation, caller_uid, key or f"call:{call_id}")
        return cls(db, operation, ref, fingerprint(payload), keyed=bool(key), call_id=call_id)

    @classmethod
    def server_made(cls, db: firestore.Client, operation: str, caller_uid: str) -> IdempotentCall:
        """The record of a call that takes no key (its own call id)."""
        return cls.of(db, operation, caller_uid, None, {})

    @classmethod
    def for_request(cls, db: firestore.Client, operation: str, caller_uid: str, request: BaseModel) -> IdempotentCall:
        """The record of a request model with an optional `idempotency_key` (fingerprinted without it)."""
        key: str | None = getattr(request, "idempotency_key", None)
        return cls.of(db, operation, caller_uid, key, request.model_dump(exclude={"idempotency_key"}))

    def at(self, now: datetime) -> CallRecord:
        """The record this call creates at `now` (what `txn.run` takes as its marker)."""
        return CallRecord(self, now)

    def replay_from(self, snapshot: firestore.DocumentSnapshot[Any]) -> dict[str, Any] | None:
        """The recorded result: as it was for this very call, else marked replayed; None when absent."""
        if not snapshot.exists:
            return None
        record = snapshot.to_dict() or {}
        if record.get("fingerprint") != self.payload_fingerprint:
            raise AlreadyExists(
                "idempotencyKey: this key was already used for a different request.", field="idempotencyKey"
            )
        result: dict[str, Any] = record["result"]
        return result if record.get("callId") == self.call_id else {**result, "replayed": True}


@dataclass(frozen=True)
class CallRecord:
    """`txn.Marker` for one call at one time."""

    call: IdempotentCall
    now: datetime

    @property
    def ref(self) -> firestore.DocumentReference:
        return self.call.ref

    @property
    def may_be_recorded(self) -> bool:
        return self.call.keyed

    def claim(self) -> KeyClaim | None:
        return KeyClaim.start(self) if self.call.keyed else None

    def mark(self, transaction: txn.Transaction, result: dict[str, Any]) -> None:
        call = self.call
        transaction.create(
            call.ref,
            {
                "operation": call.operation,
                "fingerprint": call.payload_fingerprint,
                "callId": call.call_id,
                "result": result,
                "createdAt": self.now,
                "expireAt": self.now + (RETENTION if call.keyed else CALL_RETENTION),
            },
        )

    def settle(self, snapshot: firestore.DocumentSnapshot[Any]) -> dict[str, Any] | None:
        return self.call.replay_from(snapshot)


@dataclass
class KeyClaim:
    """The claim on a keyed call, created beside the call's first read (no round trip of its own)."""

    record: CallRecord
    ref: firestore.DocumentReference
    created: Future[datetime]

    @classmethod
    def start(cls, record: CallRecord) -> KeyClaim:
        call = record.call
        ref = claim_ref(call.db, call.ref)
        claim = {
            "callId": call.call_id,
            "fingerprint": call.payload_fingerprint,
            "claimedAt": record.now,
            "expireAt": retention.expire_at(collections.IDEMPOTENCY_CLAIMS, record.now),
        }
        return cls(record, ref, prefetch.beside(wire.commit, [wire.create(ref.path, claim)], None))

    def held(self) -> bool:
        # A claim whose create failed otherwise is taken as held: the record still keeps the call single.
        return not isinstance(self.created.exception(), gcp_exceptions.AlreadyExists)

    def release(self) -> None:
        if self.created.exception() is not None:
            return  # not ours (or never created)
        # Should the delete fail, the claim expires with its TTL; a later duplicate waits out the lease at worst.
        with contextlib.suppress(gcp_exceptions.GoogleAPICallError):
            wire.commit([wire.delete(self.ref.path)], None)

    def holders_answer(self, deadline: float) -> dict[str, Any] | None:
        call, pause = self.record.call, POLL_S[0]
        while time.monotonic() < deadline:
            snapshots, _ = wire.get_all(call.db, [call.ref, self.ref])
            found = {snapshot.reference.path: snapshot for snapshot in snapshots}
            if (answer := call.replay_from(found[call.ref.path])) is not None:
                return answer
            held = found[self.ref.path].to_dict() or {}
            if held.get("fingerprint", call.payload_fingerprint) != call.payload_fingerprint:
                raise AlreadyExists(
                    "idempotencyKey: this key was already used for a different request.", field="idempotencyKey"
                )
            if held.get("callId") == call.call_id or _lapsed(held, self.record.now):
                return None
            time.sleep(pause)
            pause = min(pause * 2, POLL_S[1])
        return None


def _lapsed(claim: dict[str, Any], now: datetime) -> bool:
    claimed_at: datetime | None = claim.get("claimedAt")
    return claimed_at is None or now - claimed_at > CLAIM_LEASE


def run_keyed(
    db: firestore.Client,
    call: IdempotentCall,
    stage: Callable[[txn.Transaction], dict[str, Any]],
    now: datetime,
    *,
    reads: Sequence[firestore.DocumentReference] = (),
) -> dict[str, Any]:
    """One call's mutation in one transaction with its record: a recorded key returns the first
    result (`replayed`). `reads` are the documents `stage` reads in the transaction, fetched by its
    first read in one round."""

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        transaction.read_ahead(reads)
        return stage(transaction)

    return txn.run(db, attempt, marker=call.at(now))
