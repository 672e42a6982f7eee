"""Where Storepulse keeps a user's records: every collection with a document of theirs, by the query
that finds them (platform/queries.py), and the erasure record `erasures/{uid}`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections, queries
from storepulse.platform.db import in_batches
from storepulse.platform.queries import QuerySpec

# An `in` filter takes at most 30 values.
IN_LIMIT = 30

Snapshot = firestore.DocumentSnapshot[Any]


@dataclass(frozen=True)
class Source:
    """One collection of the user's documents: the query and the name of its field holding the uid."""

    collection: str
    query: QuerySpec
    field: str


# The user's own documents (they are the customer of each): exported, and pseudonymised by field.
OWN: tuple[Source, ...] = (
    Source(collections.REDEMPTIONS, queries.CUSTOMER_REDEMPTIONS, "customerId"),
    Source(collections.SHOP_CUSTOMER_DATA, queries.PERSONAL_SHOP_RECORDS, "customerId"),
    Source(collections.AFFILIATE_CUSTOMER_DATA, queries.PERSONAL_AFFILIATE_RECORDS, "customerId"),
    Source(collections.USER_ACTION_LOG, queries.CUSTOMER_ACTIONS, "uid"),
    Source(collections.VISITOR_SESSIONS, queries.PERSONAL_SESSIONS, "uid"),
    Source(collections.PAGE_VIEWS, queries.PERSONAL_PAGE_VIEWS, "uid"),
    Source(collections.CHECKOUTS, queries.PERSONAL_CHECKOUTS, "uid"),
    Source(collections.PAYMENT_ERRORS, queries.PERSONAL_PAYMENT_ERRORS, "uid"),
    Source(collections.NOTIFICATIONS, queries.BELL, "recipientUid"),
    Source(collections.ENROLLMENTS, queries.MY_CARDS, "customerId"),
    Source(collections.POINTS_LEDGER, queries.MY_LEDGER, "customerId"),
    Source(collections.POINTS_REQUESTS, queries.PERSONAL_POINTS_REQUESTS, "customerId"),
    Source(collections.QR_SCANS, queries.PERSONAL_QR_SCANS, "customerId"),
    Source(collections.ORDERS, queries.MY_ORDERS, "customerId"),
)
# Documents about the user that are someone else's (the admin feed): only their text is searched.
ABOUT: tuple[Source, ...] = (
    Source(collections.ADMIN_ACTIVITY_LOG, queries.FEED_BY_ACTOR, "actorUid"),
    Source(collections.ADMIN_ACTIVITY_LOG, queries.FEED_BY_SUBJECT, "subjectUid"),
    Source(collections.ADMIN_ACTIVITY_LOG, queries.FEED_BY_CUSTOMER, "customerId"),
)
# Collections whose documents are named after the user (`{collection}/{uid}`).
NAMED_AFTER = (collections.USERS, collections.LOYALTY_ACCOUNTS, collections.NOTIFICATION_COUNTS)
TIMELINE = collections.TIMELINE
ORDERS = collections.ORDERS
NOTIFICATIONS_COLLECTION = collections.NOTIFICATIONS
ENROLLMENTS = collections.ENROLLMENTS


def erasure_ref(db: firestore.Client, uid: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.ERASURES).document(uid)
    return ref


def profile_ref(db: firestore.Client, uid: str) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collections.USERS).document(uid)
    return ref


def named_after(db: firestore.Client, uid: str) -> list[Snapshot]:
    """The user's documents named after them that exist (profile, points account, badge)."""
    refs = [db.collection(name).document(uid) for name in NAMED_AFTER]
    return [snapshot for snapshot in db.get_all(refs) if snapshot.exists]


def of_source(db: firestore.Client, source: Source, uid: str) -> list[Snapshot]:
    return list(source.query.build(db, {source.field: uid}).stream())


def timeline(db: firestore.Client, order_id: str) -> list[Snapshot]:
    return list(queries.ORDER_TIMELINE.build(db, {"orderId": order_id}).stream())


def notifications_about(db: firestore.Client, target_ids: Iterable[str]) -> Iterator[Snapshot]:
    """Notifications (anyone's) whose target is one of `target_ids`."""
    ids = sorted(set(target_ids))
    for start in range(0, len(ids), IN_LIMIT):
        yield from queries.NOTIFICATIONS_ABOUT.build(db, {"target.id": ids[start : start + IN_LIMIT]}).stream()


def call_records_about(db: firestore.Client, uid: str, enrollment_ids: Iterable[str]) -> Iterator[Snapshot]:
    """Recorded call results that name the user (kept for replays: only their text is erased)."""
    yield from queries.CALL_RECORDS_OF_USER.build(db, {"result.uid": uid}).stream()
    ids = sorted(set(enrollment_ids))
    for start in range(0, len(ids), IN_LIMIT):
        yield from queries.CALL_RECORDS_OF_CARDS.build(
            db, {"result.enrollmentId": ids[start : start + IN_LIMIT]}
        ).stream()


def update_in_batches(db: firestore.Client, updates: Iterable[tuple[Snapshot, dict[str, Any]]]) -> int:
    """Apply each (snapshot, changed fields) as an update that holds only if the document has not
    changed since it was read (a concurrent change fails the batch: the step is run again)."""

    def update(snapshot: Snapshot, fields: dict[str, Any]) -> Callable[[firestore.WriteBatch], Any]:
        option = db.write_option(last_update_time=snapshot.update_time)
        return lambda batch: batch.update(snapshot.reference, fields, option=option)

    return in_batches(db, (update(snapshot, fields) for snapshot, fields in updates))
