"""Documents written before retention: each gets its `expireAt`, and raw addresses and user agents go.

A one-time pass (`scripts/backfill-retention`) for a database that holds documents from before the
retention table (platform/retention.py): a TTL policy never deletes a document without `expireAt`,
and sessions, checkouts and payment errors of that time hold the raw `ip` and `userAgent`, trail
entries and redemptions `device.userAgent`. For each such document it writes, in batches:

* `expireAt`: its time (`retention.COUNTED_FROM`) plus the
  collection's period; a document without that time counts from the pass itself (kept a whole
  period more, never deleted early). An unread notification gets `expireAt` null, as new ones do;
* `ipHash` in place of `ip` (the salted hash, none without a salt) and `client` in place of
  `userAgent` (its browser, OS and device class), `device.client` in place of `device.userAgent`.

A document that already has all of this is not written, so a second pass writes nothing. Rate-limit
slots are not scanned: they carried `expireAt` from the start (and live two hours).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.bulk_writer import BulkWriteFailure, BulkWriter
from grpc import StatusCode

from storepulse.platform import addresses, retention
from storepulse.platform import collections as c
from storepulse.platform.db import documents

# Subcollections (a collection group scan would be needed) whose documents always had `expireAt`.
NOT_SCANNED = frozenset({c.RATE_LIMIT_SLOTS})
# Kept records (no TTL) that may still hold a raw user agent in `device`.
KEPT_WITH_DEVICE = (c.REDEMPTIONS,)
DELETE = firestore.DELETE_FIELD
MAX_ATTEMPTS = 5
NOT_FOUND: int = StatusCode.NOT_FOUND.value[0]


@dataclass
class Report:
    """What one pass changed: documents written, by collection."""

    scanned: int = 0
    written: dict[str, int] = field(default_factory=dict)

    @property
    def total_written(self) -> int:
        return sum(self.written.values())


def expire_at(collection: str, fields: dict[str, Any], now: datetime) -> datetime | None:
    """The `expireAt` a document of `collection` would have been written with. An old idempotency
    record does not say whether a caller's key made it, so it gets the key's period, the longer one."""
    at = fields.get(retention.COUNTED_FROM[collection])
    if collection == c.NOTIFICATIONS:
        # Unread notifications are kept (the badge counts them); a read one from when it was read.
        return retention.expire_at(collection, at) if isinstance(at, datetime) else None
    return retention.expire_at(collection, at if isinstance(at, datetime) else now)


def raw_client_fields(fields: dict[str, Any], salt: str) -> dict[str, Any]:
    """The changes that replace a raw address and user agent (top level and in `device`) by what is kept."""
    changes: dict[str, Any] = {}
    if "ip" in fields:
        ip = fields["ip"]
        changes["ip"] = DELETE
        if "ipHash" not in fields:
            changes["ipHash"] = addresses.address_hash(ip if isinstance(ip, str) else None, salt)
    if "userAgent" in fields:
        agent = fields["userAgent"]
        changes["userAgent"] = DELETE
        if "client" not in fields:
            changes["client"] = _client(agent)
    device = fields.get("device")
    if isinstance(device, dict) and "userAgent" in device:
        changes["device.userAgent"] = DELETE
        if "client" not in device:
            changes["device.client"] = _client(device["userAgent"])
    return changes


def _client(agent: Any) -> dict[str, Any] | None:
    client = addresses.classify(agent if isinstance(agent, str) else None)
    return client.as_document() if client is not None else None


def changes_for(collection: str, fields: dict[str, Any], now: datetime, salt: str) -> dict[str, Any]:
    """Everything a pass changes on one document (empty: the document is left alone)."""
    changes = raw_client_fields(fields, salt)
    if collection in retention.COUNTED_FROM and "expireAt" not in fields:
        changes["expireAt"] = expire_at(collection, fields, now)
    return changes


def scanned_collections() -> list[str]:
    return [*(name for name in retention.PERIODS if name not in NOT_SCANNED), *KEPT_WITH_DEVICE]


def run(db: firestore.Client, now: datetime, salt: str, *, dry_run: bool = False) -> Report:
    """One pass over every scanned collection; writes only the documents that need it (none on a
    dry run, which reports what it would write)."""
    report = Report()

    def writes(collection: str) -> Iterator[tuple[firestore.DocumentReference, dict[str, Any]]]:
        for doc_id, fields in documents(db, collection):
            report.scanned += 1
            changes = changes_for(collection, fields, now, salt)
            if changes:
                yield db.collection(collection).document(doc_id), changes

    for collection in scanned_collections():
        written = sum(1 for _ in writes(collection)) if dry_run else _update_each(db, writes(collection))
        if written:
            report.written[collection] = written
    return report


def _update_each(db: firestore.Client, writes: Iterator[tuple[firestore.DocumentReference, dict[str, Any]]]) -> int:
    """Update each document on its own (a BulkWriter): a document deleted meanwhile (by its TTL
    policy, by an erasure) fails alone and is not brought back; the number updated."""
    updated = 0

    def on_result(*_: Any) -> None:
        nonlocal updated
        updated += 1

    def on_error(failure: BulkWriteFailure, _writer: BulkWriter) -> bool:
        return failure.code != NOT_FOUND and failure.attempts < MAX_ATTEMPTS

    writer = db.bulk_writer()
    writer.on_write_result(on_result)
    writer.on_write_error(on_error)
    for ref, changes in writes:
        writer.update(ref, changes)
    writer.close()  # type: ignore[no-untyped-call]
    return updated
