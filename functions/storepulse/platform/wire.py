"""A transaction's requests and their answers as plain protobuf messages.

The client builds every value of every write, and reads every field of every answer, through
proto-plus wrappers marshalled field by field: measured on a redemption (17 writes, 13 documents
read) that was more than half of its client CPU, and client CPU is what bounds throughput on two
cores. These functions keep the client's own rules (its extractors decide a write's fields, mask
and transforms; its decoder reads values; its GAPIC methods send, retry and map errors) and only
build and read the messages directly. Anything outside the common shapes (merge on named fields,
an explicit write option, array or server-time transforms, values other than plain data) is left
to the client. tests/unit/test_wire.py holds the writes equal to the client's own; the emulator
tests read through `get_all` on every transactional read.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.cloud import firestore
from google.cloud._helpers import _datetime_to_pb_timestamp
from google.cloud.firestore_v1 import _helpers, transforms
from google.cloud.firestore_v1.field_path import FieldPath
from google.cloud.firestore_v1.types import common
from google.cloud.firestore_v1.types import firestore as requests
from google.cloud.firestore_v1.types import write as write_types
from proto.datetime_helpers import DatetimeWithNanoseconds as ReadTime  # type: ignore[import-untyped]

_WRITE = write_types.Write.pb()
_NULL = 0  # google.protobuf.NullValue.NULL_VALUE


def _fill(target: Any, value: Any) -> None:
    """Encode `value` into the Value message `target`, as `_helpers.encode_value` would."""
    if value is None:
        target.null_value = _NULL
    elif isinstance(value, bool):  # before int: bool is an int
        target.boolean_value = value
    elif isinstance(value, int):
        target.integer_value = value
    elif isinstance(value, float):
        target.double_value = value
    elif isinstance(value, str):
        target.string_value = value
    elif isinstance(value, DatetimeWithNanoseconds):
        target.timestamp_value.CopyFrom(value.timestamp_pb())  # type: ignore[no-untyped-call]
    elif isinstance(value, datetime.datetime):
        target.timestamp_value.CopyFrom(_datetime_to_pb_timestamp(value))  # type: ignore[no-untyped-call]
    elif type(value) is dict:
        target.map_value.SetInParent()
        fields = target.map_value.fields
        for key, item in value.items():
            _fill(fields[key], item)
    elif isinstance(value, list | tuple):
        target.array_value.SetInParent()
        values = target.array_value.values
        for item in value:
            _fill(values.add(), item)
    else:  # references, bytes, geo points, vectors, BSON types: the client's own encoding
        target.CopyFrom(_helpers.encode_value(value)._pb)


# A numeric field transform: (field path as the API writes it, the Write field it fills, the value).
Move = tuple[str, str, Any]


def _write(path: str, fields: dict[str, Any], *, exists: bool | None, mask: list[str] | None, moves: list[Move]) -> Any:
    """The Write message (raw protobuf) setting `fields` of `path`, with its mask, precondition and moves."""
    pb = _WRITE()
    pb.update.name = path
    target = pb.update.fields
    for key, value in fields.items():
        _fill(target[key], value)
    if mask is not None:
        pb.update_mask.SetInParent()
        pb.update_mask.field_paths.extend(mask)
    if exists is not None:
        pb.current_document.exists = exists
    for field_path, kind, value in moves:
        transform = pb.update_transforms.add()
        transform.field_path = field_path
        _fill(getattr(transform, kind), value)
    return pb


def _update(path: str, extractor: Any, *, exists: bool | None, mask: list[str] | None) -> write_types.Write:
    """The Write `extractor.get_update_pb` and `get_field_transform_pbs` would build."""
    if extractor.server_timestamps or extractor.array_removes or extractor.array_unions:
        pb = _write(path, extractor.set_fields, exists=exists, mask=mask, moves=[])
        pb.update_transforms.extend(t._pb for t in extractor.get_field_transform_pbs(path))
        return _wrapped(pb)
    moves = [
        *((p, "increment", v) for p, v in extractor.increments.items()),
        *((p, "maximum", v) for p, v in extractor.maximums.items()),
        *((p, "minimum", v) for p, v in extractor.minimums.items()),
    ]
    ordered = [(p.to_api_repr(), kind, v) for p, kind, v in sorted(moves, key=lambda move: move[0])]
    return _wrapped(_write(path, extractor.set_fields, exists=exists, mask=mask, moves=ordered))


def _wrapped(pb: Any) -> write_types.Write:
    written: write_types.Write = write_types.Write.wrap(pb)
    return written


# Values a document holds as they are: the extractors only copy these into place.
_PLAIN = (type(None), bool, int, float, str, datetime.datetime)
# Field transforms that need no server-side value: numeric moves, by the Write field they fill.
_MOVES = {transforms.Increment: "increment", transforms.Maximum: "maximum", transforms.Minimum: "minimum"}


def _is_plain(value: Any) -> bool:
    """Whether `value` is plain data all the way down (no sentinels, transforms or references)."""
    if isinstance(value, _PLAIN):
        return True
    if type(value) is dict:
        return all(type(key) is str and _is_plain(item) for key, item in value.items())
    if type(value) is list or type(value) is tuple:
        return all(_is_plain(item) for item in value)
    return False


def _plain_write(path: str, data: dict[str, Any], *, exists: bool | None) -> write_types.Write | None:
    """The Write of a whole plain document (what the extractor would build), or None when `data`
    holds anything but plain data."""
    if not _is_plain(data):
        return None
    return _wrapped(_write(path, data, exists=exists, mask=None, moves=[]))


@functools.lru_cache(maxsize=4096)
def _rendered(parts: tuple[str, ...]) -> str:
    rendered: str = FieldPath(*parts).to_api_repr()
    return rendered


def _plain_merge(path: str, data: dict[str, Any]) -> write_types.Write | None:
    """The Write of a merge of plain data and numeric moves (what `DocumentExtractorForMerge` with
    merge=True would build: every leaf in the mask, the moves as transforms), or None for anything else."""
    mask: list[tuple[str, ...]] = []
    moves: list[tuple[tuple[str, ...], str, Any]] = []

    def leaves(items: dict[str, Any], prefix: tuple[str, ...]) -> dict[str, Any] | None:
        # The plain leaves as nested maps; a map that held only moves leaves no field behind.
        fields: dict[str, Any] = {}
        for key, value in items.items():
            if type(key) is not str:
                return None
            parts = (*prefix, key)
            if type(value) is dict and value:
                nested = leaves(value, parts)
                if nested is None:
                    return None
                if nested:
                    fields[key] = nested
            elif (kind := _MOVES.get(type(value))) is not None:
                moves.append((parts, kind, value.value))
            elif _is_plain(value):
                fields[key] = value
                mask.append(parts)
            else:
                return None
        return fields

    fields = leaves(data, ()) if data else None
    if fields is None:
        return None
    rendered_mask = [_rendered(parts) for parts in sorted(mask)]
    ordered = [(_rendered(parts), kind, value) for parts, kind, value in sorted(moves, key=lambda move: move[0])]
    return _wrapped(_write(path, fields, exists=None, mask=rendered_mask, moves=ordered))


def create(path: str, data: dict[str, Any]) -> write_types.Write:
    """`_helpers.pbs_for_create(path, data)[0]`."""
    if (plain := _plain_write(path, data, exists=False)) is not None:
        return plain
    extractor = _helpers.DocumentExtractor(data)
    if extractor.deleted_fields:
        raise ValueError("Cannot apply DELETE_FIELD in a create request.")
    return _update(path, extractor, exists=False, mask=None)


def set_(path: str, data: dict[str, Any], merge: bool | list[Any]) -> write_types.Write:
    """`pbs_for_set_with_merge` (merge=True) or `pbs_for_set_no_merge` (merge=False), first Write."""
    if merge is False:
        if (plain := _plain_write(path, data, exists=None)) is not None:
            return plain
        extractor = _helpers.DocumentExtractor(data)
        if extractor.deleted_fields:
            raise ValueError("Cannot apply DELETE_FIELD in a set request without specifying 'merge=True'.")
        return _update(path, extractor, exists=None, mask=None)
    if merge is not True:
        written: write_types.Write = _helpers.pbs_for_set_with_merge(path, data, merge)[0]
        return written
    if (merged := _plain_merge(path, data)) is not None:
        return merged
    extractor = _helpers.DocumentExtractorForMerge(data)
    extractor.apply_merge(True)
    mask = [p.to_api_repr() for p in extractor.merge if p not in extractor.transform_merge]
    return _update(path, extractor, exists=None, mask=mask)


def update(path: str, data: dict[str, Any], option: Any) -> write_types.Write:
    """`_helpers.pbs_for_update(path, data, option)[0]`."""
    if option is not None:
        written: write_types.Write = _helpers.pbs_for_update(path, data, option)[0]
        return written
    extractor = _helpers.DocumentExtractorForUpdate(data)
    if extractor.empty_document:
        raise ValueError("Cannot update with an empty document.")
    transformed = extractor.transform_paths
    mask = [p.to_api_repr() for p in extractor.top_level_paths if p not in transformed]
    return _update(path, extractor, exists=True, mask=mask)


def _time(stamp: Any) -> ReadTime:
    """A Timestamp as the client's snapshots carry it."""
    read: ReadTime = ReadTime.from_timestamp_pb(stamp)
    return read


class _Snapshot(firestore.DocumentSnapshot):  # type: ignore[type-arg]
    """A snapshot of one read's answer. Its data was decoded for it alone, so the client's
    defensive deep copy is skipped (`to_dict` still hands out copies), and its three times are
    converted when first asked for (most reads never ask)."""

    def __init__(self, reference: Any, data: Any, read: Any, found: Any | None) -> None:
        self._reference = reference
        self._data = data
        self._exists = found is not None
        self._read, self._found = read, found

    @functools.cached_property
    def read_time(self) -> ReadTime:
        return _time(self._read)

    @functools.cached_property
    def create_time(self) -> ReadTime | None:
        return None if self._found is None else _time(self._found.create_time)

    @functools.cached_property
    def update_time(self) -> ReadTime | None:
        return None if self._found is None else _time(self._found.update_time)


def _snapshot(answer: Any, references: dict[str, Any], client: firestore.Client) -> firestore.DocumentSnapshot[Any]:
    """What `base_client._parse_batch_get` makes of one BatchGetDocumentsResponse."""
    if answer.WhichOneof("result") == "found":
        found = answer.found
        return _Snapshot(references[found.name], _helpers.decode_dict(found.fields, client), answer.read_time, found)
    return _Snapshot(references[answer.missing], None, answer.read_time, None)


def get_all(
    client: firestore.Client,
    references: list[Any],
    *,
    transaction: bytes | None = None,
    begin: common.TransactionOptions | None = None,
) -> tuple[list[firestore.DocumentSnapshot[Any]], bytes | None]:
    """Snapshots of `references` (in the order they arrive), read plainly, in `transaction`, or
    beginning one with `begin`; and the id of the transaction the read began."""
    db: Any = client
    by_path = {reference._document_path: reference for reference in references}
    request = requests.BatchGetDocumentsRequest.pb()(
        database=db._database_string, documents=[reference._document_path for reference in references]
    )
    if transaction is not None:
        request.transaction = transaction
    elif begin is not None:
        request.new_transaction.CopyFrom(common.TransactionOptions.pb(begin))
    snapshots, begun = [], None
    answers = db._firestore_api.batch_get_documents(
        request=requests.BatchGetDocumentsRequest.wrap(request), metadata=db._rpc_metadata
    )
    for answer in answers:
        raw = answer._pb
        if raw.transaction:
            begun = raw.transaction
        if raw.WhichOneof("result"):
            snapshots.append(_snapshot(raw, by_path, client))
    return snapshots, begun


def commit(
    client: firestore.Client, writes: list[write_types.Write], transaction: bytes | None
) -> tuple[list[Any], datetime.datetime]:
    """Commit `writes` (in `transaction` when given): the write results and the commit time."""
    db: Any = client
    request = requests.CommitRequest.pb()(database=db._database_string)
    request.writes.extend(write_types.Write.pb(written) for written in writes)
    if transaction is not None:
        request.transaction = transaction
    answer = db._firestore_api.commit(request=requests.CommitRequest.wrap(request), metadata=db._rpc_metadata)
    raw = answer._pb
    results = [write_types.WriteResult.wrap(result) for result in raw.write_results]
    return results, _time(raw.commit_time)
