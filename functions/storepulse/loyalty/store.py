"""The loyalty collections: programs, enrollments, the points ledger, points requests, the scan log,
the shop's loyalty stats, the platform's tier counters, and the server-only nonces."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.loyalty.models import (
    Enrollment,
    EnrollmentAsked,
    LedgerEntry,
    LedgerKind,
    LoyaltyDay,
    LoyaltyProgram,
    LoyaltyStatsShard,
    PointsRequest,
    QrScan,
)
from storepulse.loyalty.rules import Tier, enrollment_id
from storepulse.platform import collections, retention, sharded, txn
from storepulse.platform.clock import day_key
from storepulse.platform.db import documents

Writer = txn.Writer


def _ref(db: firestore.Client, collection: str, doc_id: str | None) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collection).document(doc_id)
    return ref


def program_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    return _ref(db, collections.LOYALTY_PROGRAMS, shop_id)


def enrollment_ref(db: firestore.Client, shop_id: str, customer_uid: str) -> firestore.DocumentReference:
    return _ref(db, collections.ENROLLMENTS, enrollment_id(shop_id, customer_uid))


def enrollment_by_id(db: firestore.Client, enrollment_id_: str) -> firestore.DocumentReference:
    return _ref(db, collections.ENROLLMENTS, enrollment_id_)


def new_ledger_ref(db: firestore.Client) -> firestore.DocumentReference:
    return _ref(db, collections.POINTS_LEDGER, None)


def points_request_ref(db: firestore.Client, request_id: str | None = None) -> firestore.DocumentReference:
    return _ref(db, collections.POINTS_REQUESTS, request_id)


def new_scan_ref(db: firestore.Client) -> firestore.DocumentReference:
    return _ref(db, collections.QR_SCANS, None)


def nonce_ref(db: firestore.Client, nonce: str) -> firestore.DocumentReference:
    """Created (claimed) by the one scan call a QR code is good for, before its transaction."""
    return _ref(db, collections.QR_NONCES, nonce)


def nonce_claim(customer_uid: str, shop_id: str, call_id: str, now: datetime) -> dict[str, Any]:
    """The one scan call (`claimedBy`: its idempotency record's id, the same on its retries) that
    may use the code; whether it scanned is that call's record."""
    return {
        "customerId": customer_uid,
        "shopId": shop_id,
        "claimedBy": call_id,
        "at": now,
        "expireAt": retention.expire_at(collections.QR_NONCES, now),
    }


def account_ref(db: firestore.Client, customer_uid: str) -> firestore.DocumentReference:
    """`loyaltyAccounts/{uid}`: `seq` (points changes so far) and `lifetimeEarned`; every change writes it."""
    return _ref(db, collections.LOYALTY_ACCOUNTS, customer_uid)


def stats_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    """`loyaltyStats/{shopId}`: its counters are the shards below it."""
    return _ref(db, collections.LOYALTY_STATS, shop_id)


def program_document(shop_id: str, name: str, points_per_scan: int, active: bool, now: datetime) -> dict[str, Any]:
    return LoyaltyProgram(
        shop_id=shop_id, name=name, points_per_scan=points_per_scan, active=active, updated_at=now
    ).as_document()


def request_to_join(
    shop_id: str,
    customer_uid: str,
    *,
    shop_name: str,
    customer_name: str,
    request_notification: str,
    now: datetime,
    first: bool,
    status: EnrollmentAsked = "pending",
) -> dict[str, Any]:
    """A pending (or `invited`) enrollment: the whole card for a `first` request (no points yet, and
    no contact details until the customer accepts: rules let the shop read pending requests), else
    the fields a request after a decline or an invitation changes (the card keeps its points and
    history)."""
    asked = {
        "shop_id": shop_id,
        "shop_name": shop_name,
        "customer_id": customer_uid,
        "customer_name": customer_name,
        "status": status,
        "requested_at": now,
        "request_notification_id": request_notification,
        "last_activity_at": now,
    }
    if first:
        return Enrollment(**asked, balance=0, lifetime_earned=0, joined_at=None).as_document()
    return Enrollment.changes(**asked)


def accepted(profile: dict[str, Any], now: datetime) -> dict[str, Any]:
    return Enrollment.changes(
        status="active",
        joined_at=now,
        answered_at=now,
        email=profile.get("email"),
        phone=profile.get("phone"),
        last_activity_at=now,
    )


def declined(now: datetime) -> dict[str, Any]:
    return Enrollment.changes(status="declined", answered_at=now, last_activity_at=now)


def ledger_entry(
    *,
    shop_id: str,
    customer_uid: str,
    delta: int,
    kind: LedgerKind,
    reason: str,
    balance_after: int,
    by: str,
    now: datetime,
) -> dict[str, Any]:
    return LedgerEntry(
        shop_id=shop_id,
        customer_id=customer_uid,
        delta=delta,
        kind=kind,
        reason=reason,
        balance_after=balance_after,
        created_at=now,
        by=by,
    ).as_document()


def balance_moved(delta: int, now: datetime) -> dict[str, Any]:
    fields = Enrollment.changes(balance=firestore.Increment(delta), last_activity_at=now)
    if delta > 0:
        fields |= Enrollment.changes(lifetime_earned=firestore.Increment(delta))
    return fields


def account_moved(customer_uid: str, delta: int) -> dict[str, Any]:
    """The customer's points account after one change (blind increments)."""
    fields: dict[str, Any] = {"uid": customer_uid, "seq": firestore.Increment(1)}
    if delta > 0:
        fields["lifetimeEarned"] = firestore.Increment(delta)
    return fields


def all_accounts(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.LOYALTY_ACCOUNTS, read_time))


def scan_entry(
    shop_id: str, customer_uid: str | None, outcome: str, now: datetime, reason: str | None = None
) -> dict[str, Any]:
    return QrScan(
        shop_id=shop_id,
        customer_id=customer_uid,
        outcome=outcome,
        reason=reason,
        at=now,
        day=day_key(now),
        expire_at=retention.expire_at(collections.QR_SCANS, now),
    ).as_document()


def points_request(
    shop_id: str, customer_uid: str, *, shop_name: str, points: int, reason: str, by: str, now: datetime
) -> dict[str, Any]:
    return PointsRequest(
        shop_id=shop_id,
        shop_name=shop_name,
        customer_id=customer_uid,
        points=points,
        reason=reason,
        status="open",
        by=by,
        created_at=now,
        expire_at=retention.expire_at(collections.POINTS_REQUESTS, now),
        answered_at=None,
        notification_id=None,
    ).as_document()


def request_answered(status: str, now: datetime) -> dict[str, Any]:
    """A points request declined, or failed (the balance no longer covers it)."""
    return PointsRequest.changes(status=status, answered_at=now)


def request_approved(balance_after: int, now: datetime) -> dict[str, Any]:
    return PointsRequest.changes(status="approved", answered_at=now, balance_after=balance_after)


# Loyalty figures counted per day as well as in a running total (`scans` -> `scansTotal`).
DAILY = ("scans", "points_issued", "points_deducted")


def count_loyalty(writer: Writer, db: firestore.Client, shop_id: str, counts: Mapping[str, int], now: datetime) -> None:
    """Move the shop's loyalty figures; `counts` are by their `LoyaltyStatsShard` names (`enrolled`,
    `pending`) or their daily names (`DAILY`), which move the day's figure and its total."""
    daily = {name: counts[name] for name in DAILY if name in counts}
    standing = {name: value for name, value in counts.items() if name not in DAILY}
    totals = {f"{name}_total": value for name, value in daily.items()}
    moved = LoyaltyStatsShard.changes(**standing, **totals, days={day_key(now): LoyaltyDay.changes(**daily)})
    sharded.increment(writer, stats_ref(db, shop_id), moved)


def move_tier(writer: Writer, db: firestore.Client, old: str | None, new: Tier) -> None:
    """Customers per tier above bronze (bronze is every other customer)."""
    moves = {new.value: 1} | ({old: -1} if old and old != Tier.BRONZE.value else {})
    analytics.move_tiers(writer, db, moves)


def read_loyalty_stats(db: firestore.Client, shop_id: str, read_time: datetime | None = None) -> dict[str, Any]:
    return sharded.drop_zeros(sharded.read(stats_ref(db, shop_id), read_time))


def all_enrollments(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.ENROLLMENTS, read_time))


def all_ledger(db: firestore.Client, read_time: datetime | None = None) -> list[dict[str, Any]]:
    return [doc for _, doc in documents(db, collections.POINTS_LEDGER, read_time)]


def all_scans(db: firestore.Client, read_time: datetime | None = None) -> list[dict[str, Any]]:
    return [doc for _, doc in documents(db, collections.QR_SCANS, read_time)]


def stats_shop_ids(db: firestore.Client, read_time: datetime | None = None) -> set[str]:
    return {ref.id for ref in db.collection(collections.LOYALTY_STATS).list_documents(read_time=read_time)}
