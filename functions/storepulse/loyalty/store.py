"""The loyalty collections: programs, enrollments, the points ledger, points requests, the scan log,
the shop's loyalty stats, the platform's tier counters, and the server-only nonces and tickets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.loyalty.rules import Tier, enrollment_id
from storepulse.platform import collections, sharded, txn
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
    """Created by the one scan a QR code is good for."""
    return _ref(db, collections.QR_NONCES, nonce)


def ticket_ref(db: firestore.Client, customer_uid: str, seq: int) -> firestore.DocumentReference:
    """The customer's `seq`-th points change: created once, so parallel changes serialise here."""
    return _ref(db, collections.LOYALTY_TICKETS, f"{customer_uid}_{seq}")


def account_ref(db: firestore.Client, customer_uid: str) -> firestore.DocumentReference:
    """`loyaltyAccounts/{uid}`: `seq` (points changes so far: the next ticket) and `lifetimeEarned`."""
    return _ref(db, collections.LOYALTY_ACCOUNTS, customer_uid)


def stats_ref(db: firestore.Client, shop_id: str) -> firestore.DocumentReference:
    """`loyaltyStats/{shopId}`: its counters are the shards below it."""
    return _ref(db, collections.LOYALTY_STATS, shop_id)


def program_document(shop_id: str, name: str, points_per_scan: int, active: bool, now: datetime) -> dict[str, Any]:
    return {"shopId": shop_id, "name": name, "pointsPerScan": points_per_scan, "active": active, "updatedAt": now}


def pending_enrollment(
    shop_id: str, customer_uid: str, *, shop_name: str, customer_name: str, request_notification: str, now: datetime
) -> dict[str, Any]:
    """A request to join (contact details come only once the customer accepts)."""
    return {
        "shopId": shop_id,
        "shopName": shop_name,
        "customerId": customer_uid,
        "customerName": customer_name,
        "status": "pending",
        "requestedAt": now,
        "requestNotificationId": request_notification,
        "lastActivityAt": now,
    }


def new_enrollment_counters() -> dict[str, Any]:
    # No contact fields at all until the customer accepts (rules let the shop read pending requests).
    return {"balance": 0, "lifetimeEarned": 0, "joinedAt": None}


def accepted(profile: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "status": "active",
        "joinedAt": now,
        "answeredAt": now,
        "email": profile.get("email"),
        "phone": profile.get("phone"),
        "lastActivityAt": now,
    }


def ledger_entry(
    *, shop_id: str, customer_uid: str, delta: int, kind: str, reason: str, balance_after: int, by: str, now: datetime
) -> dict[str, Any]:
    return {
        "shopId": shop_id,
        "customerId": customer_uid,
        "delta": delta,
        "kind": kind,
        "reason": reason,
        "balanceAfter": balance_after,
        "createdAt": now,
        "by": by,
    }


def balance_moved(delta: int, now: datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {"balance": firestore.Increment(delta), "lastActivityAt": now}
    if delta > 0:
        fields["lifetimeEarned"] = firestore.Increment(delta)
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
    return {
        "shopId": shop_id,
        "customerId": customer_uid,
        "outcome": outcome,
        "reason": reason,
        "at": now,
        "day": day_key(now),
    }


def points_request(
    shop_id: str, customer_uid: str, *, shop_name: str, points: int, reason: str, by: str, now: datetime
) -> dict[str, Any]:
    return {
        "shopId": shop_id,
        "shopName": shop_name,
        "customerId": customer_uid,
        "points": points,
        "reason": reason,
        "status": "open",
        "by": by,
        "createdAt": now,
        "answeredAt": None,
        "notificationId": None,
    }


def count_loyalty(writer: Writer, db: firestore.Client, shop_id: str, counts: dict[str, Any], now: datetime) -> None:
    """Move the shop's loyalty figures: totals, and `days.{day}` for scans and points."""
    daily: dict[str, Any] = {
        name: counts.pop(name) for name in ("scans", "pointsIssued", "pointsDeducted") if name in counts
    }
    totals = {f"{name}Total": value for name, value in daily.items()}
    moved: dict[str, Any] = {**counts, **totals, "days": {day_key(now): daily}}
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
