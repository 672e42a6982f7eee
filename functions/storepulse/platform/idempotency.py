"""Idempotency keys: a retried mutation returns the first result instead of acting twice.

The record is read and written inside the mutation's own transaction, so the result and the
effects commit together; a key reused with a different payload is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from google.cloud import firestore
from pydantic import BaseModel

from storepulse.platform import collections, txn
from storepulse.platform.errors import AlreadyExists

# Records may be deleted by a Firestore TTL policy on `expireAt` after this long (runbook).
RETENTION = timedelta(days=7)


def key_ref(db: firestore.Client, operation: str, caller_uid: str, key: str) -> firestore.DocumentReference:
    """The record for one caller's key for one operation (keys are scoped, never global)."""
    digest = hashlib.sha256(f"{operation}\0{caller_uid}\0{key}".encode()).hexdigest()
    return db.collection(collections.IDEMPOTENCY_KEYS).document(digest)


def fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def stored_result(snapshot: firestore.DocumentSnapshot[Any], payload_fingerprint: str) -> dict[str, Any] | None:
    """The first call's result when this key was used already; None when it is new."""
    if not snapshot.exists:
        return None
    record = snapshot.to_dict() or {}
    if record.get("fingerprint") != payload_fingerprint:
        raise AlreadyExists(
            "idempotencyKey: this key was already used for a different request.",
            field="idempotencyKey",
        )
    result: dict[str, Any] = record["result"]
    return result


def remember(
    transaction: txn.Transaction,
    ref: firestore.DocumentReference,
    *,
    operation: str,
    payload_fingerprint: str,
    result: dict[str, Any],
    now: datetime,
) -> None:
    transaction.create(
        ref,
        {
            "operation": operation,
            "fingerprint": payload_fingerprint,
            "result": result,
            "createdAt": now,
            "expireAt": now + RETENTION,
        },
    )


def run_keyed(
    db: firestore.Client,
    call: IdempotentCall,
    stage: Callable[[txn.Transaction], dict[str, Any]],
    now: datetime,
    *,
    reads: Sequence[firestore.DocumentReference] = (),
) -> dict[str, Any]:
    """One keyed mutation in one transaction: a seen key returns the first result (`replayed`);
    else `stage` makes the writes and its result is remembered with the key. `reads` are the
    documents `stage` reads in the transaction: read with the key, in one read round."""

    def attempt(transaction: txn.FoldedTransaction) -> dict[str, Any]:
        transaction.read_ahead(reads)
        if (replay := call.replay(transaction)) is not None:
            return replay
        result = stage(transaction)
        call.remember(transaction, result, now)
        return result

    return txn.run(db, attempt)


@dataclass(frozen=True)
class IdempotentCall:
    """One mutating call's key record: replay it at the start of the transaction, remember at the end."""

    operation: str
    ref: firestore.DocumentReference | None
    payload_fingerprint: str

    @classmethod
    def of(
        cls,
        db: firestore.Client,
        operation: str,
        caller_uid: str,
        key: str | None,
        payload: dict[str, Any],
    ) -> IdempotentCall:
        """`payload` is the request without its key; no key means the call is not recorded."""
        ref = key_ref(db, operation, caller_uid, key) if key else None
        return cls(operation, ref, fingerprint(payload))

    @classmethod
    def for_request(cls, db: firestore.Client, operation: str, caller_uid: str, request: BaseModel) -> IdempotentCall:
        """The key record of a request model with an optional `idempotency_key` (fingerprinted without it)."""
        key: str | None = getattr(request, "idempotency_key", None)
        return cls.of(db, operation, caller_uid, key, request.model_dump(exclude={"idempotency_key"}))

    def replay(self, transaction: txn.Transaction) -> dict[str, Any] | None:
        """The first call's result (marked replayed) when this key was seen, else None."""
        if self.ref is None:
            return None
        return self.replay_from(txn.read(transaction, self.ref))

    def replay_from(self, snapshot: firestore.DocumentSnapshot[Any]) -> dict[str, Any] | None:
        """`replay` for a record the caller read itself (batched with its other reads)."""
        stored = stored_result(snapshot, self.payload_fingerprint)
        return None if stored is None else {**stored, "replayed": True}

    def remember(
        self, transaction: txn.Transaction, result: dict[str, Any], now: datetime
    ) -> firestore.DocumentReference | None:
        if self.ref is not None:
            remember(
                transaction,
                self.ref,
                operation=self.operation,
                payload_fingerprint=self.payload_fingerprint,
                result=result,
                now=now,
            )
        return self.ref
