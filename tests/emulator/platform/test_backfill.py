"""scripts/backfill-retention (platform/backfill.py) on documents as they were written before the
retention table: a day of every capability, then every retained document stripped of `expireAt`,
sessions, checkouts and payment errors given back a raw `ip` and `userAgent`, trail entries and
redemptions a raw `device.userAgent`. One pass gives each document the `expireAt` it would have
been written with and replaces every raw value by its hash or class; a dry run counts the same
documents and writes none; a second pass writes nothing; verify stays clean."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import addresses, backfill, retention
from storepulse.verify import verify
from tests.support.day import every_capability
from tests.support.world import World

SALT = "backfill-test-salt"
ADDRESS = "203.0.113.7"
AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1"
WITH_ADDRESS = ("visitorSessions", "checkouts", "paymentErrors")
WITH_DEVICE = ("userActionLog", "redemptions")


def stored(db: firestore.Client, collection: str) -> dict[str, dict[str, Any]]:
    return {s.id: s.to_dict() or {} for s in db.collection(collection).stream()}


def make_old(db: firestore.Client) -> int:
    """Rewrite every scanned document as it was before retention; the number rewritten."""
    rewritten = 0
    for collection in backfill.scanned_collections():
        for doc_id, fields in stored(db, collection).items():
            changes: dict[str, Any] = {}
            if collection in retention.PERIODS:
                changes["expireAt"] = firestore.DELETE_FIELD
            if collection in WITH_ADDRESS:
                changes |= {"ip": ADDRESS, "userAgent": AGENT, "ipHash": firestore.DELETE_FIELD}
                changes["client"] = firestore.DELETE_FIELD
            if collection in WITH_DEVICE:
                changes["device"] = {**(fields.get("device") or {}), "userAgent": AGENT}
                changes["device.client"] = firestore.DELETE_FIELD
            if changes:
                # Two steps: a field path cannot be both set (`device`) and deleted below it in one update.
                device = changes.pop("device", None)
                if device is not None:
                    db.collection(collection).document(doc_id).update({"device": device})
                db.collection(collection).document(doc_id).update(changes)
                rewritten += 1
    return rewritten


def problems(db: firestore.Client, now: datetime) -> list[str]:
    """What a document still lacks after the pass, or holds that it should not."""
    found = []
    client = addresses.classify(AGENT)
    assert client is not None
    for collection in backfill.scanned_collections():
        for doc_id, fields in stored(db, collection).items():
            where = f"{collection}/{doc_id}"
            if collection in retention.PERIODS:
                at = fields.get(retention.COUNTED_FROM[collection])
                expected = None if at is None and collection == "notifications" else retention.expire_at(collection, at)
                if fields.get("expireAt", "missing") != expected:
                    found.append(f"{where}: expireAt {fields.get('expireAt', 'missing')} != {expected}")
            if "ip" in fields or "userAgent" in fields or "userAgent" in (fields.get("device") or {}):
                found.append(f"{where}: a raw address or user agent is left")
            if collection in WITH_ADDRESS:
                if fields.get("ipHash") != addresses.address_hash(ADDRESS, SALT):
                    found.append(f"{where}: ipHash {fields.get('ipHash')}")
                if fields.get("client") != client.as_document():
                    found.append(f"{where}: client {fields.get('client')}")
            if collection in WITH_DEVICE and (fields.get("device") or {}).get("client") != client.as_document():
                found.append(f"{where}: device {fields.get('device')}")
    return found


def test_one_pass_gives_old_documents_their_expiry_and_drops_raw_addresses(world: World, db: firestore.Client) -> None:
    every_capability(world)
    now = datetime.now(UTC)
    rewritten = make_old(db)
    assert rewritten > 0
    assert problems(db, now) != []  # the old shapes are what the pass must fix

    dry = backfill.run(db, now, SALT, dry_run=True)
    assert dry.total_written == rewritten
    assert problems(db, now) != []  # a dry run writes nothing

    done = backfill.run(db, now, SALT)
    assert done.written == dry.written
    assert set(done.written) >= {*WITH_ADDRESS, *WITH_DEVICE, "pageViews", "notifications", "idempotencyKeys"}
    assert problems(db, now) == []
    assert backfill.run(db, now, SALT).total_written == 0
    assert verify(db) == []
