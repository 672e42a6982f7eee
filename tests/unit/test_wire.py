"""platform/wire builds exactly the Write messages the client builds, for every shape of write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from google.api_core.datetime_helpers import DatetimeWithNanoseconds
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1 import _helpers
from google.cloud.firestore_v1.base_client import _parse_batch_get
from google.cloud.firestore_v1.types import document
from google.cloud.firestore_v1.types import firestore as requests

from storepulse.platform import wire

PATH = "projects/demo-wire/databases/(default)/documents/shops/s1/customers/c1"
NOW = datetime(2030, 6, 1, 12, 30, 5, 123456, tzinfo=UTC)
CLIENT = firestore.Client(project="demo-wire", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]

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
    "server time": {"at": firestore.SERVER_TIMESTAMP, "n": firestore.Increment(1)},
    "arrays": {"tags": firestore.ArrayUnion(["a"]), "gone": firestore.ArrayRemove([1]), "x": 1},
    "reference and bytes": {"ref": CLIENT.document("shops/s1"), "raw": b"\x00\x01", "geo": firestore.GeoPoint(1, 2)},
    "empty": {},
}
UPDATES: dict[str, dict[str, Any]] = {
    "dotted paths": {"a.b": 1, "c": {"d": 2}, "e.f.g": firestore.Increment(1), "h": firestore.DELETE_FIELD},
    "plain": {"status": "open", "updatedAt": NOW},
    "increments": {"live": firestore.Increment(-1), "at": NOW},
}
MERGES: dict[str, dict[str, Any]] = {**DOCUMENTS, "delete": {"gone": firestore.DELETE_FIELD, "kept": 1}}


def assert_same(ours: Any, theirs: list[Any]) -> None:
    assert len(theirs) == 1
    assert ours._pb == theirs[0]._pb, f"\nours:   {ours._pb}\nclient: {theirs[0]._pb}"


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_create_matches_the_client(data: dict[str, Any]) -> None:
    assert_same(wire.create(PATH, data), _helpers.pbs_for_create(PATH, data))


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_set_matches_the_client(data: dict[str, Any]) -> None:
    assert_same(wire.set_(PATH, data, False), _helpers.pbs_for_set_no_merge(PATH, data))


@pytest.mark.parametrize("data", MERGES.values(), ids=MERGES.keys())
def test_merge_matches_the_client(data: dict[str, Any]) -> None:
    assert_same(wire.set_(PATH, data, True), _helpers.pbs_for_set_with_merge(PATH, data, True))


def test_merge_on_named_fields_is_the_clients() -> None:
    data = {"a": 1, "b": {"c": 2}}
    assert_same(wire.set_(PATH, data, ["b.c"]), _helpers.pbs_for_set_with_merge(PATH, data, ["b.c"]))


@pytest.mark.parametrize("data", UPDATES.values(), ids=UPDATES.keys())
def test_update_matches_the_client(data: dict[str, Any]) -> None:
    assert_same(wire.update(PATH, data, None), _helpers.pbs_for_update(PATH, data, None))


def test_update_with_a_write_option_is_the_clients() -> None:
    option = CLIENT.write_option(last_update_time=NOW)
    assert_same(wire.update(PATH, {"a": 1}, option), _helpers.pbs_for_update(PATH, {"a": 1}, option))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: wire.create(PATH, {"a": firestore.DELETE_FIELD}), "DELETE_FIELD"),
        (lambda: wire.set_(PATH, {"a": firestore.DELETE_FIELD}, False), "DELETE_FIELD"),
        (lambda: wire.update(PATH, {}, None), "empty document"),
        (lambda: wire.create(PATH, {"a": object()}), "Cannot convert"),
    ],
    ids=["create with a delete", "set with a delete", "empty update", "unknown value"],
)
def test_what_the_client_refuses_is_refused(build: Any, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        build()


def _answer(found: bool) -> Any:
    stamp = _helpers.build_timestamp(NOW)  # type: ignore[no-untyped-call]
    if not found:
        return requests.BatchGetDocumentsResponse(missing=PATH, read_time=stamp)
    fields = {key: _helpers.encode_value(value) for key, value in DOCUMENTS["nested"].items()}
    later = _helpers.build_timestamp(NOW + timedelta(seconds=1))  # type: ignore[no-untyped-call]
    found_document = document.Document(name=PATH, fields=fields, create_time=stamp, update_time=later)
    return requests.BatchGetDocumentsResponse(found=found_document, read_time=later)


@pytest.mark.parametrize("found", [True, False], ids=["found", "missing"])
def test_snapshots_read_as_the_clients(found: bool) -> None:
    reference = CLIENT.document("shops/s1/customers/c1")
    answer = _answer(found)
    theirs = _parse_batch_get(answer, {PATH: reference}, CLIENT)
    ours = wire._snapshot(answer._pb, {PATH: reference}, CLIENT)
    assert isinstance(ours, firestore.DocumentSnapshot)
    assert (ours.exists, ours.reference, ours.to_dict()) == (theirs.exists, theirs.reference, theirs.to_dict())
    assert (ours.read_time, ours.create_time, ours.update_time) == (
        theirs.read_time,
        theirs.create_time,
        theirs.update_time,
    )
    assert ours == theirs


def test_a_snapshots_data_is_handed_out_as_copies() -> None:
    snapshot = wire._snapshot(_answer(True)._pb, {PATH: CLIENT.document("shops/s1/customers/c1")}, CLIENT)
    given = snapshot.to_dict()
    assert given is not None
    given["contact"]["name"] = "changed"
    assert (snapshot.to_dict() or {})["contact"]["name"] == "Ann"
