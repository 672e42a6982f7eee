"""Firestore and Firebase Admin clients that work in production and against the emulators."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

import firebase_admin
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from storepulse.platform import collections, config


@cache
def admin_app() -> firebase_admin.App:
    """The default Admin SDK app, initialised once per process."""
    try:
        return firebase_admin.get_app()
    except ValueError:
        return firebase_admin.initialize_app(options={"projectId": config.project_id()})


@cache
def get_db() -> firestore.Client:
    """The Firestore client; anonymous credentials against the emulator, which needs none."""
    if config.firestore_emulated():
        return firestore.Client(project=config.project_id(), credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    from firebase_admin import firestore as admin_firestore

    client: firestore.Client = admin_firestore.client(admin_app())
    return client


def server_time(db: firestore.Client) -> datetime:
    """The database's clock now (the read time of a one-document read): a consistent point for scans."""
    snapshot = db.collection(collections.LIVE_STATS).document("platform").get()
    read_time: datetime = snapshot.read_time
    return read_time


def documents(
    db: firestore.Client, collection: str, read_time: datetime | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, fields) of every document of a collection, as of `read_time` when given (full scans)."""
    for snapshot in db.collection(collection).stream(read_time=read_time):
        yield snapshot.id, snapshot.to_dict() or {}


# Firestore takes at most 500 writes per batch; stay well below.
BATCH_LIMIT = 400


def merge_in_batches(db: firestore.Client, writes: Iterable[tuple[firestore.DocumentReference, dict[str, Any]]]) -> int:
    """Merge each (document, fields) pair, in as many batches as the batch limit needs."""

    def merge(ref: firestore.DocumentReference, fields: dict[str, Any]) -> Callable[[firestore.WriteBatch], Any]:
        return lambda batch: batch.set(ref, fields, merge=True)

    return in_batches(db, (merge(ref, fields) for ref, fields in writes))


def in_batches(db: firestore.Client, writes: Iterable[Callable[[firestore.WriteBatch], Any]]) -> int:
    """Stage each write on a batch, in as many batches as the batch limit needs; the number of writes."""
    batch, pending, total = db.batch(), 0, 0
    for write in writes:
        write(batch)
        pending += 1
        total += 1
        if pending == BATCH_LIMIT:
            batch.commit()
            batch, pending = db.batch(), 0
    if pending:
        batch.commit()
    return total
