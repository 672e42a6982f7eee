"""The one adapter to Firestore's wire protocol, for what the high-level client cannot do publicly.

A transaction that begins inside its first read (`new_transaction` on BatchGetDocuments) saves a
round trip over BeginTransaction-then-read, and the high-level client has no public way to ask for
it nor to commit writes in a transaction it did not begin. So transactions go through the public
generated client (`FirestoreClient`, its public request and response types, a transport built with
its public constructor), with a small value encoder and decoder of our own. Nothing else in the
package touches the wire; everything else uses the high-level client's public API.

tests/unit/test_wire.py holds the encoder and decoder to each other; tests/emulator/platform/
test_wire_roundtrip.py holds them to what the high-level client writes and reads.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import grpc
import grpc.experimental
from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.cloud import firestore
from google.cloud.firestore_v1 import transforms
from google.cloud.firestore_v1.field_path import FieldPath
from google.cloud.firestore_v1.services.firestore import FirestoreClient
from google.cloud.firestore_v1.services.firestore.transports import FirestoreGrpcTransport
from google.cloud.firestore_v1.types import common, document, write
from google.cloud.firestore_v1.types import firestore as requests
from google.protobuf import struct_pb2, timestamp_pb2

from storepulse.platform import config, db

# Generous bounds for one call; the transaction loop (platform/txn.py) keeps its own deadline.
READ_TIMEOUT_S = 30.0
COMMIT_TIMEOUT_S = 30.0
PRODUCTION_HOST = "firestore.googleapis.com"
# Firestore's own limits decide message sizes, not gRPC's 4 MiB default. And a read's answer stream
# is read on the calling thread: by default gRPC starts a thread for every BatchGetDocuments and
# hands each message over to the caller (every stream here is read by the thread that opened it).
CHANNEL_OPTIONS = [
    ("grpc.max_send_message_length", -1),
    ("grpc.max_receive_message_length", -1),
    (grpc.experimental.ChannelOptions.SingleThreadedUnaryStream, 1),
]

_VALUE = document.Value.pb()
READ_WRITE = common.TransactionOptions(read_write=common.TransactionOptions.ReadWrite())

# ---------------------------------------------------------------------------------------------
# Values


def encode(value: Any) -> document.Value:
    """The Firestore Value of a Python value (the types a stored document holds)."""
    pb = document.Value.pb()()
    _fill(pb, value)
    encoded: document.Value = document.Value.wrap(pb)
    return encoded


# The Value field each scalar type fills (bool before int: a bool is an int).
_SCALARS: tuple[tuple[type, str], ...] = (
    (bool, "boolean_value"),
    (int, "integer_value"),
    (float, "double_value"),
    (str, "string_value"),
    (bytes, "bytes_value"),
)


def _fill(target: Any, value: Any) -> None:
    # Raw protobuf messages (`Message.pb()`), filled in place: nested maps need no copies.
    for kind, name in _SCALARS:
        if isinstance(value, kind):
            setattr(target, name, value)
            return
    if value is None:
        target.null_value = struct_pb2.NULL_VALUE
    elif isinstance(value, datetime.datetime):
        target.timestamp_value.CopyFrom(_timestamp(value))
    elif isinstance(value, Mapping):
        target.map_value.SetInParent()
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"map keys must be strings, not {type(key).__name__}")
            _fill(target.map_value.fields[key], item)
    elif isinstance(value, list | tuple):
        target.array_value.SetInParent()
        for item in value:
            _fill(target.array_value.values.add(), item)
    elif isinstance(value, firestore.DocumentReference):
        target.reference_value = f"{_database()}/documents/{value.path}"
    elif isinstance(value, firestore.GeoPoint):
        target.geo_point_value.latitude = value.latitude
        target.geo_point_value.longitude = value.longitude
    else:
        raise TypeError(f"cannot store a {type(value).__name__} in a document")


def _timestamp(value: datetime.datetime) -> timestamp_pb2.Timestamp:
    if isinstance(value, DatetimeWithNanoseconds):
        stamp: timestamp_pb2.Timestamp = value.timestamp_pb()  # type: ignore[no-untyped-call]
        return stamp
    if value.tzinfo is None:  # a naive time is UTC, as the client reads it
        value = value.replace(tzinfo=datetime.UTC)
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _time(stamp: timestamp_pb2.Timestamp) -> DatetimeWithNanoseconds:
    """A Timestamp as the high-level client reads it."""
    read: DatetimeWithNanoseconds = DatetimeWithNanoseconds.from_timestamp_pb(stamp)  # type: ignore[no-untyped-call]
    return read


def decode(value: Any, client: firestore.Client) -> Any:
    """The Python value of a Firestore Value (a raw protobuf or its proto-plus wrapper)."""
    pb = value if isinstance(value, _VALUE) else document.Value.pb(value)
    kind = pb.WhichOneof("value_type")
    if kind in ("string_value", "integer_value", "boolean_value", "double_value", "bytes_value"):
        return getattr(pb, kind)
    if kind == "null_value" or kind is None:
        return None
    if kind == "timestamp_value":
        return _time(pb.timestamp_value)
    if kind == "map_value":
        return decode_fields(pb.map_value.fields, client)
    if kind == "array_value":
        return [decode(item, client) for item in pb.array_value.values]
    if kind == "reference_value":
        return client.document(pb.reference_value.split("/documents/", 1)[1])
    if kind == "geo_point_value":
        return firestore.GeoPoint(pb.geo_point_value.latitude, pb.geo_point_value.longitude)
    raise TypeError(f"cannot read a Firestore {kind}")


def decode_fields(fields: Mapping[str, Any], client: firestore.Client) -> dict[str, Any]:
    return {key: decode(item, client) for key, item in fields.items()}


# ---------------------------------------------------------------------------------------------
# Writes

# Numeric field transforms, by the FieldTransform field each fills.
_MOVES: dict[type, str] = {firestore.Increment: "increment", firestore.Maximum: "maximum", firestore.Minimum: "minimum"}


# Transforms the package never writes (server times, array unions and removals, field deletes).
_OTHER_TRANSFORMS = (transforms.Sentinel, firestore.ArrayUnion, firestore.ArrayRemove)


@dataclass
class _Fields:
    """A document's data split into stored values (nested maps), mask paths and numeric moves."""

    values: dict[str, Any]
    leaves: list[str]
    moves: list[tuple[str, str, Any]]


def _split(data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> _Fields:
    """Values, leaf paths (every non-map value and every empty map) and moves of `data`."""
    split = _Fields({}, [], [])
    for key, value in data.items():
        parts = (*prefix, key)
        kind = _MOVES.get(type(value))
        if kind is not None:
            split.moves.append((_field(parts), kind, value.value))
        elif isinstance(value, Mapping) and value:
            nested = _split(value, parts)
            if nested.values or not nested.moves:
                split.values[key] = nested.values
            split.leaves += nested.leaves
            split.moves += nested.moves
        elif _is_sentinel(value):
            raise TypeError(f"{_field(parts)}: only Increment, Maximum and Minimum transforms are supported")
        else:
            split.values[key] = value
            split.leaves.append(_field(parts))
    return split


def _is_sentinel(value: Any) -> bool:
    return isinstance(value, _OTHER_TRANSFORMS)


@functools.lru_cache(maxsize=4096)
def _field(parts: tuple[str, ...]) -> str:
    """A field path as the API spells it (segments that are not plain identifiers are quoted)."""
    rendered: str = FieldPath(*parts).to_api_repr()
    return rendered


def _write(path: str, fields: _Fields, *, exists: bool | None = None, mask: list[str] | None = None) -> write.Write:
    pb = write.Write.pb()()
    pb.update.name = _name(path)
    for key, value in fields.values.items():
        _fill(pb.update.fields[key], value)
    if mask is not None:
        pb.update_mask.SetInParent()
        pb.update_mask.field_paths.extend(mask)
    if exists is not None:
        pb.current_document.exists = exists
    for field_path, kind, amount in sorted(fields.moves, key=lambda move: move[0]):
        transform = pb.update_transforms.add()
        transform.field_path = field_path
        _fill(getattr(transform, kind), amount)
    built: write.Write = write.Write.wrap(pb)
    return built


def create(path: str, data: Mapping[str, Any]) -> write.Write:
    """Create the document at `path` (fails if it exists)."""
    return _write(path, _split(data), exists=False)


def set_(path: str, data: Mapping[str, Any], *, merge: bool = False) -> write.Write:
    """Replace the document, or with `merge` set only the leaves `data` names (and move its counters)."""
    fields = _split(data)
    return _write(path, fields, mask=sorted(fields.leaves) if merge else None)


def update(path: str, changes: Mapping[str, Any]) -> write.Write:
    """Change the named fields (dotted paths) of an existing document."""
    if not changes:
        raise ValueError("an update needs at least one field")
    nested: dict[str, Any] = {}
    mask: list[str] = []
    for dotted, value in changes.items():
        parts = tuple(FieldPath.from_string(dotted).parts)
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        if type(value) not in _MOVES:
            mask.append(_field(parts))
    fields = _split(nested)
    return _write(path, _Fields(fields.values, [], fields.moves), exists=True, mask=sorted(mask))


def delete(path: str) -> write.Write:
    return write.Write(delete=_name(path))


# ---------------------------------------------------------------------------------------------
# Calls


def _database() -> str:
    return f"projects/{config.project_id()}/databases/(default)"


def _name(path: str) -> str:
    return f"{_database()}/documents/{path}"


@dataclass(frozen=True)
class Api:
    """The generated client and the metadata every call carries."""

    client: FirestoreClient
    metadata: tuple[tuple[str, str], ...]


def api() -> Api:
    """The generated client for the database this process's environment names (the same one the
    high-level client connects to), created on first use."""
    return connect(config.project_id(), config.firestore_emulator_host())


@functools.lru_cache(maxsize=4)
def connect(project: str, emulator: str | None) -> Api:
    prefix = ("google-cloud-resource-prefix", f"projects/{project}/databases/(default)")
    if emulator is not None:
        channel = grpc.insecure_channel(emulator, options=CHANNEL_OPTIONS)
        transport = FirestoreGrpcTransport(host=emulator, channel=channel)
        # The emulator takes the owner token as an admin (rules do not apply), as the Admin SDK does.
        return Api(FirestoreClient(transport=transport), (prefix, ("authorization", "Bearer owner")))
    credentials = db.admin_app().credential.get_credential()
    channel = FirestoreGrpcTransport.create_channel(PRODUCTION_HOST, credentials=credentials, options=CHANNEL_OPTIONS)
    transport = FirestoreGrpcTransport(host=PRODUCTION_HOST, channel=channel)
    return Api(FirestoreClient(transport=transport), (prefix,))


def get_all(
    client: firestore.Client,
    references: Iterable[firestore.DocumentReference],
    *,
    transaction: bytes | None = None,
    begin: bool = False,
) -> tuple[list[firestore.DocumentSnapshot[Any]], bytes | None]:
    """Snapshots of `references` (in the order they arrive), read plainly, in `transaction`, or
    beginning a read-write transaction (`begin`); and the id of the transaction the read began."""
    by_name = {_name(reference.path): reference for reference in references}
    request = requests.BatchGetDocumentsRequest(database=_database(), documents=list(by_name))
    if transaction is not None:
        request.transaction = transaction
    elif begin:
        request.new_transaction = READ_WRITE
    connection = api()
    # No retry here: a transactional read is retried by re-running its transaction (txn.py).
    answers = connection.client.batch_get_documents(
        request=request, retry=None, timeout=READ_TIMEOUT_S, metadata=connection.metadata
    )
    snapshots, begun = [], None
    for answer in answers:
        raw = requests.BatchGetDocumentsResponse.pb(answer)
        if raw.transaction:
            begun = raw.transaction
        kind = raw.WhichOneof("result")
        if kind == "found":
            found = raw.found
            snapshots.append(
                firestore.DocumentSnapshot(
                    by_name[found.name],
                    decode_fields(found.fields, client),
                    True,
                    _time(raw.read_time),
                    _time(found.create_time),
                    _time(found.update_time),
                )
            )
        elif kind == "missing":
            snapshots.append(
                firestore.DocumentSnapshot(by_name[raw.missing], None, False, _time(raw.read_time), None, None)
            )
    return snapshots, begun


def commit(writes: list[write.Write], transaction: bytes | None) -> datetime.datetime:
    """Commit `writes` (in `transaction` when given) and return the commit time. Never retried
    here: a commit whose answer is lost may have applied (txn.py finds out before trying again)."""
    connection = api()
    request = requests.CommitRequest(database=_database(), writes=writes)
    if transaction is not None:
        request.transaction = transaction
    answer = connection.client.commit(
        request=request, retry=None, timeout=COMMIT_TIMEOUT_S, metadata=connection.metadata
    )
    committed: datetime.datetime = _time(requests.CommitResponse.pb(answer).commit_time)
    return committed


def rollback(transaction: bytes) -> None:
    connection = api()
    connection.client.rollback(
        request=requests.RollbackRequest(database=_database(), transaction=transaction),
        retry=None,
        timeout=READ_TIMEOUT_S,
        metadata=connection.metadata,
    )
