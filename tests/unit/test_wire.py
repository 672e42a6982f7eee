"""platform/wire's own encoder and decoder, and the Write messages it builds, for every shape of
document the package writes (tests/emulator/platform/test_wire_roundtrip.py holds them to what
the high-level client writes and reads)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1.types import write

from storepulse.platform import wire

NOW = datetime(2030, 6, 1, 12, 30, 5, 123456, tzinfo=UTC)
CLIENT = firestore.Client(project="demo-storepulse", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
PATH = "shops/s1/customers/c1"
NAME = f"projects/demo-storepulse/databases/(default)/documents/{PATH}"

# Every shape a stored document takes: scalars, times, nesting, awkward keys, counters.
DOCUMENTS: dict[str, dict[str, Any]] = {
    "scalars": {"s": "x", "i": -7, "big": 2**62, "f": 1.5, "t": True, "no": False, "none": None, "empty": ""},
    "times": {
        "utc": NOW,
        "offset": datetime(2030, 1, 1, 8, tzinfo=timezone(timedelta(hours=2))),
        "nanos": DatetimeWithNanoseconds(2030, 1, 1, nanosecond=123456789, tzinfo=UTC),
    },
    "nested": {"contact": {"name": "Ann", "phone": None, "tags": ["a", 1, {"deep": [True]}]}, "list": []},
    "empty maps": {"top": {}, "inner": {"map": {}}, "ok": 1},
    "unicode keys": {"naïve key": "é", "with.dot": 1, "`tick`": 2, "day": {"2030-06-01": {"n": 1}}},
    "increments": {"count": firestore.Increment(1), "by": {"day": firestore.Increment(-2.5)}, "at": NOW},
    "only increments": {"days": {"2030-06-01": {"n": firestore.Increment(3)}}},
    "moves beside fields in one map": {"day": {"n": firestore.Increment(1), "at": NOW, "tags": ("a", "b")}, "z": 0},
    "a map of moves beside a map of fields": {"a": {"b": {"n": firestore.Increment(2)}, "c": {"d": "x"}}},
    "max and min": {"hi": firestore.Maximum(5), "lo": firestore.Minimum(1), "n": 0},
    "transforms sorted by path": {"z": firestore.Increment(1), "a": firestore.Maximum(2), "m": firestore.Minimum(0)},
    "reference, bytes and a point": {
        "ref": CLIENT.document("shops/s1"),
        "raw": b"\x00\x01",
        "geo": firestore.GeoPoint(1, 2),
    },
    "empty": {},
}
# The plain data of each shape: what reading it back after a create or a set must give.
VALUES: dict[str, Any] = {
    "a string": "x",
    "an integer": -(2**62),
    "a double": 0.25,
    "true": True,
    "null": None,
    "a time": NOW,
    "bytes": b"\xff",
    "a list": [1, "a", None, [2.5]],
    "a map": {"k": {"deep": [{"x": 1}]}, "": "empty key"},
    "a reference": CLIENT.document("users/u1"),
    "a point": firestore.GeoPoint(-33.5, 151.25),
}
REFUSED: dict[str, Any] = {
    "a server time": firestore.SERVER_TIMESTAMP,
    "an array union": firestore.ArrayUnion([1]),
    "a field delete": firestore.DELETE_FIELD,
    "an object": object(),
    "a set": {1, 2},
}


def raw(message: Any) -> Any:
    return type(message).pb(message)


def transforms(built: write.Write) -> list[tuple[str, str, Any]]:
    pb = raw(built)
    return [
        (t.field_path, t.WhichOneof("transform_type"), wire.decode(getattr(t, t.WhichOneof("transform_type")), CLIENT))
        for t in pb.update_transforms
    ]


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_a_value_decodes_to_what_was_encoded(value: Any) -> None:
    assert wire.decode(wire.encode(value), CLIENT) == value


def test_a_time_keeps_its_nanoseconds_and_reads_back_in_utc() -> None:
    nanos = DatetimeWithNanoseconds(2030, 1, 1, nanosecond=123456789, tzinfo=UTC)
    decoded = wire.decode(wire.encode(nanos), CLIENT)
    assert isinstance(decoded, DatetimeWithNanoseconds)
    assert decoded.nanosecond == 123456789
    offset = datetime(2030, 1, 1, 8, tzinfo=timezone(timedelta(hours=2)))
    assert wire.decode(wire.encode(offset), CLIENT) == datetime(2030, 1, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
def test_what_we_do_not_store_is_refused_by_name(value: Any) -> None:
    with pytest.raises(TypeError, match=r"field\.inner: only|cannot store a"):
        wire.create(PATH, {"field": {"inner": value}})


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_create_writes_the_fields_with_a_must_not_exist_precondition(data: dict[str, Any]) -> None:
    built = raw(wire.create(PATH, data))
    assert built.update.name == NAME
    assert built.current_document.exists is False
    assert not built.HasField("update_mask")
    moves = [path for path, _, _ in transforms(wire.create(PATH, data))]
    assert moves == sorted(moves)
    assert all(key in data for key in built.update.fields)


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_merge_masks_exactly_its_leaves_and_moves_its_counters(data: dict[str, Any]) -> None:
    built = raw(wire.set_(PATH, data, merge=True))
    assert not built.HasField("current_document")
    moved = {path for path, _, _ in transforms(wire.set_(PATH, data, merge=True))}
    masked = set(built.update_mask.field_paths)
    assert not masked & moved  # a counter's own path is never masked (that would reset it)
    assert list(built.update_mask.field_paths) == sorted(masked)


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_set_replaces_the_document(data: dict[str, Any]) -> None:
    built = raw(wire.set_(PATH, data))
    assert not built.HasField("update_mask")
    assert not built.HasField("current_document")


def test_a_merge_of_nested_leaves_and_counters() -> None:
    built = wire.set_(PATH, {"day": {"n": firestore.Increment(1), "at": NOW, "tags": ["a"]}, "z": 0}, merge=True)
    assert list(raw(built).update_mask.field_paths) == ["day.at", "day.tags", "z"]
    assert transforms(built) == [("day.n", "increment", 1)]


def test_awkward_keys_are_quoted_in_paths() -> None:
    built = wire.set_(PATH, {"with.dot": 1, "day": {"2030-06-01": firestore.Increment(1)}}, merge=True)
    assert list(raw(built).update_mask.field_paths) == ["`with.dot`"]
    assert transforms(built) == [("day.`2030-06-01`", "increment", 1)]


def test_an_update_takes_dotted_paths_and_requires_the_document() -> None:
    built = wire.update(PATH, {"a.b": 1, "c": {"d": 2}, "e.f": firestore.Increment(1), "at": NOW})
    pb = raw(built)
    assert pb.current_document.exists is True
    assert list(pb.update_mask.field_paths) == ["a.b", "at", "c"]
    assert wire.decode_fields(pb.update.fields, CLIENT) == {"a": {"b": 1}, "c": {"d": 2}, "at": NOW}
    assert transforms(built) == [("e.f", "increment", 1)]


def test_an_empty_update_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one field"):
        wire.update(PATH, {})


def test_a_delete_names_the_document() -> None:
    assert raw(wire.delete(PATH)).delete == NAME


def test_a_document_decodes_field_by_field() -> None:
    data = {"contact": {"name": "Ann", "tags": ["a", 1]}, "at": NOW, "n": None}
    built = raw(wire.create(PATH, data))
    assert wire.decode_fields(built.update.fields, CLIENT) == data
