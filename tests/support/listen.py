"""A Firestore listener with no credentials at all: the `Listen` stream the SDKs open, sent over
gRPC without an Authorization header (the Python client always sends `Bearer owner` to the
emulator, which bypasses the rules; this does not)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import grpc
from google.cloud.firestore_v1.types import firestore as rpc
from google.cloud.firestore_v1.types import query as query_types

from tests.support.emulator_clients import Endpoints


@dataclass(frozen=True)
class Heard:
    """What one listener heard before its first consistent snapshot (or its refusal)."""

    allowed: bool
    documents: list[str]
    code: str = "OK"


def _database(endpoints: Endpoints) -> str:
    return f"projects/{endpoints.project_id}/databases/(default)"


def document_target(endpoints: Endpoints, path: str) -> rpc.Target:
    names = [f"{_database(endpoints)}/documents/{path}"]
    return rpc.Target(documents=rpc.Target.DocumentsTarget(documents=names), target_id=1)


def collection_target(endpoints: Endpoints, collection: str) -> rpc.Target:
    selector = query_types.StructuredQuery.CollectionSelector(collection_id=collection)
    structured = query_types.StructuredQuery(from_=[selector])
    query = rpc.Target.QueryTarget(parent=f"{_database(endpoints)}/documents", structured_query=structured)
    return rpc.Target(query=query, target_id=1)


def listen_anonymously(endpoints: Endpoints, target: rpc.Target, timeout: float = 10.0) -> Heard:
    """Open a listener with no credentials and wait for its first snapshot (CURRENT) or a refusal."""
    channel = grpc.insecure_channel(endpoints.firestore.removeprefix("http://"))
    listen = channel.stream_stream(
        "/google.firestore.v1.Firestore/Listen",
        request_serializer=rpc.ListenRequest.serialize,
        response_deserializer=rpc.ListenResponse.deserialize,
    )
    done = threading.Event()

    def requests() -> Iterator[rpc.ListenRequest]:
        yield rpc.ListenRequest(database=_database(endpoints), add_target=target)
        done.wait(timeout)

    metadata = [("google-cloud-resource-prefix", _database(endpoints))]
    documents: list[str] = []
    try:
        for response in listen(requests(), metadata=metadata, timeout=timeout):
            heard = _heard(response, documents)
            if heard is not None:
                return heard
    except grpc.RpcError as error:
        return Heard(False, documents, error.code().name)
    finally:
        done.set()
        channel.close()
    raise AssertionError("the listener ended without a snapshot")


def _heard(response: Any, documents: list[str]) -> Heard | None:
    if "document_change" in response:
        documents.append(response.document_change.document.name.rsplit("/documents/", 1)[1])
        return None
    change = response.target_change
    if "target_change" in response and change.target_change_type == rpc.TargetChange.TargetChangeType.REMOVE:
        return Heard(False, documents, str(change.cause.code))
    if "target_change" in response and change.target_change_type == rpc.TargetChange.TargetChangeType.CURRENT:
        return Heard(True, documents)
    return None
