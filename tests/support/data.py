"""Looking at the database from a test: what was written, how many, and fresh idempotency keys."""

from __future__ import annotations

import uuid
from typing import Any

from google.cloud import firestore


def new_key(prefix: str = "key") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def database_state(db: firestore.Client) -> dict[str, Any]:
    """Every document's path and update time: equal before and after means nothing was written."""
    state: dict[str, Any] = {}

    def walk(collection: firestore.CollectionReference) -> None:
        for snapshot in collection.stream():
            state[snapshot.reference.path] = snapshot.update_time
            for child in snapshot.reference.collections():
                walk(child)
        for reference in collection.list_documents():
            if reference.path not in state:
                for child in reference.collections():
                    walk(child)

    for collection in db.collections():
        walk(collection)
    return state


def count(db: firestore.Client, collection: str, **equals: Any) -> int:
    query: Any = db.collection(collection)
    for name, value in equals.items():
        query = query.where(filter=firestore.FieldFilter(name, "==", value))
    return int(query.count().get()[0][0].value)


def nested_keys(value: object) -> set[str]:
    """Every key of a document, at any depth (maps inside maps and lists)."""
    if isinstance(value, dict):
        return set(value) | {key for child in value.values() for key in nested_keys(child)}
    if isinstance(value, list):
        return {key for child in value for key in nested_keys(child)}
    return set()
