"""Firestore and Firebase Admin clients that work in production and against the emulators."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

import firebase_admin
import grpc
import grpc.experimental
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1 import base_client
from google.cloud.firestore_v1.services.firestore import client as gapic_client
from google.cloud.firestore_v1.services.firestore.transports.grpc import FirestoreGrpcTransport

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
        client = firestore.Client(project=config.project_id(), credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    else:
        from firebase_admin import firestore as admin_firestore

        client = admin_firestore.client(admin_app())
    return with_caller_thread_streams(client)


# gRPC answers a server-streaming call (BatchGetDocuments, RunQuery) through a thread it starts per
# call, handing every message over between threads; with this option the calling thread reads its
# own stream. Measured on an in-process redemption: client CPU 6.9 -> 5.4 ms, wall 15.4 -> 9.2 ms.
_CALLER_THREAD_STREAMS = (grpc.experimental.ChannelOptions.SingleThreadedUnaryStream, 1)


def with_caller_thread_streams(client: firestore.Client) -> firestore.Client:
    """`client` with the channel its own first call would open (same target, credentials and
    options), plus `_CALLER_THREAD_STREAMS`. Streams read from one thread each, as every caller here does."""
    api: Any = client
    if api._emulator_host is not None:
        token = getattr(api._credentials, "id_token", None) or "owner"
        channel = grpc.insecure_channel(
            api._emulator_host,
            options=[("Authorization", f"Bearer {token}"), *base_client._GRPC_MSG_SIZE_OPTIONS, _CALLER_THREAD_STREAMS],
        )
    else:
        channel = FirestoreGrpcTransport.create_channel(
            api._target,
            credentials=api._credentials,
            options=[*base_client._DEFAULT_CHANNEL_OPTIONS, _CALLER_THREAD_STREAMS],
        )
    api._transport = FirestoreGrpcTransport(host=api._target, channel=channel)
    api._firestore_api_internal = gapic_client.FirestoreClient(
        transport=api._transport, client_options=api._client_options
    )
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
    batch, pending, total = db.batch(), 0, 0
    for ref, fields in writes:
        batch.set(ref, fields, merge=True)
        pending += 1
        total += 1
        if pending == BATCH_LIMIT:
            batch.commit()
            batch, pending = db.batch(), 0
    if pending:
        batch.commit()
    return total
