"""Idempotency keys: a retried mutation returns the first result instead of acting twice.

The record is read and written inside the mutation's own transaction, so the result and the
effects commit together; a key reused with a different payload is refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from google.cloud import firestore

from storepulse import schema
from storepulse.errors import AlreadyExists

# Records may be deleted by a Firestore TTL policy on `expireAt` after this long (runbook).
RETENTION = timedelta(days=7)


def key_ref(db: firestore.Client, operation: str, caller_uid: str, key: str) -> firestore.DocumentReference:
    """The record for one caller's key for one operation (keys are scoped, never global)."""
    digest = hashlib.sha256(f"{operation}\0{caller_uid}\0{key}".encode()).hexdigest()
    return db.collection(schema.IDEMPOTENCY_KEYS).document(digest)


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
            {"fields": [{"field": "idempotencyKey", "message": "already used for a different request"}]},
        )
    result: dict[str, Any] = record["result"]
    return result


def remember(
    transaction: firestore.Transaction,
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
