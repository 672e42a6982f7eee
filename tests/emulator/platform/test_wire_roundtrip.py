"""platform/wire against the high-level client's public API: what the adapter writes reads back as
the client writes it, and what the client writes the adapter reads as the client reads it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.platform import txn, wire
from tests.unit.test_wire import DOCUMENTS, NOW

UPDATES: dict[str, dict[str, Any]] = {
    "dotted paths": {"a.b": 1, "c": {"d": 2}, "e.f.g": firestore.Increment(1)},
    "plain": {"status": "open", "updatedAt": NOW},
    "counters": {"live": firestore.Increment(-1), "hi": firestore.Maximum(9), "at": NOW},
    "a whole map replaced": {"contact": {"name": "Bo"}},
}
# What every twin starts from before a merge or an update (so both have something to change).
BASE = {"a": {"b": 0, "keep": True}, "contact": {"name": "Ann", "phone": "1"}, "live": 3, "hi": 4, "z": 1}


def twins(db: firestore.Client) -> tuple[firestore.DocumentReference, firestore.DocumentReference]:
    collection = db.collection("wireTwins")
    return collection.document(uuid.uuid4().hex), collection.document(uuid.uuid4().hex)


def commit(*writes: Any) -> None:
    wire.commit(list(writes), None)


def read_back(db: firestore.Client, ref: firestore.DocumentReference) -> tuple[Any, Any]:
    """The document as the high-level client reads it, and as the adapter reads it."""
    theirs = ref.get()
    ours = wire.get_all(db, [ref])[0][0]
    assert (ours.exists, ours.reference.path, ours.update_time) == (theirs.exists, ref.path, theirs.update_time)
    return theirs.to_dict(), ours.to_dict()


@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_create_reads_back_as_the_clients(db: firestore.Client, data: dict[str, Any]) -> None:
    ours, theirs = twins(db)
    commit(wire.create(ours.path, data))
    theirs.create(data)
    assert read_back(db, ours) == read_back(db, theirs)


@pytest.mark.parametrize("merge", [True, False], ids=["merge", "set"])
@pytest.mark.parametrize("data", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_a_set_or_merge_reads_back_as_the_clients(db: firestore.Client, data: dict[str, Any], merge: bool) -> None:
    ours, theirs = twins(db)
    for ref in (ours, theirs):
        ref.set(BASE)
    commit(wire.set_(ours.path, data, merge=merge))
    theirs.set(data, merge=merge)
    assert read_back(db, ours) == read_back(db, theirs)


@pytest.mark.parametrize("changes", UPDATES.values(), ids=UPDATES.keys())
def test_an_update_reads_back_as_the_clients(db: firestore.Client, changes: dict[str, Any]) -> None:
    ours, theirs = twins(db)
    for ref in (ours, theirs):
        ref.set(BASE)
    commit(wire.update(ours.path, changes))
    theirs.update(changes)
    assert read_back(db, ours) == read_back(db, theirs)


def test_an_update_of_a_missing_document_fails_as_the_clients(db: firestore.Client) -> None:
    ours, theirs = twins(db)
    with pytest.raises(gcp_exceptions.GoogleAPICallError) as raised_ours:
        commit(wire.update(ours.path, {"a": 1}))
    with pytest.raises(gcp_exceptions.GoogleAPICallError) as raised_theirs:
        theirs.update({"a": 1})
    assert type(raised_ours.value) is type(raised_theirs.value)


def test_a_second_create_fails_as_the_clients(db: firestore.Client) -> None:
    ours, theirs = twins(db)
    commit(wire.create(ours.path, {"n": 1}))
    theirs.create({"n": 1})
    with pytest.raises(gcp_exceptions.GoogleAPICallError) as raised_ours:
        commit(wire.create(ours.path, {"n": 2}))
    with pytest.raises(gcp_exceptions.GoogleAPICallError) as raised_theirs:
        theirs.create({"n": 2})
    assert type(raised_ours.value) is type(raised_theirs.value)
    assert read_back(db, ours)[0] == {"n": 1}


def test_a_delete_removes_the_document(db: firestore.Client) -> None:
    ours, _ = twins(db)
    ours.set({"n": 1})
    commit(wire.delete(ours.path))
    assert not ours.get().exists


def test_a_transactions_writes_are_the_clients_writes(db: firestore.Client) -> None:
    """The same writes through our transaction and through the client's public batch."""
    ours, theirs = twins(db)
    for ref in (ours, theirs):
        ref.set(BASE)
    transaction = txn.Transaction(db)
    assert txn.read(transaction, ours).to_dict() == BASE
    transaction.update(ours, {"live": firestore.Increment(2), "a.b": 5})
    transaction.set(ours, {"contact": {"phone": None}}, merge=True)
    transaction.commit()
    batch = db.batch()
    batch.update(theirs, {"live": firestore.Increment(2), "a.b": 5})
    batch.set(theirs, {"contact": {"phone": None}}, merge=True)
    batch.commit()
    assert read_back(db, ours) == read_back(db, theirs)
