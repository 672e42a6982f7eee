"""Every stored document a client reads has its model's shape (`storepulse.documents`): it validates
against the model and holds no field the model does not describe. So a field cannot drift between
the writers (whole documents from the models, partial writes named by them) and the readers the
contract describes. `tests/emulator/platform/test_document_shapes.py` runs it over documents the
callables and jobs wrote; hand-arranged fixtures elsewhere are partial by design."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from google.cloud import firestore
from pydantic import BaseModel, ValidationError

from storepulse.documents import COLLECTIONS, Collection
from storepulse.platform.models import DocumentModel


def problems(model: type[DocumentModel], stored: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, what is wrong) for each way `stored` departs from `model`."""
    try:
        document = model.model_validate(stored)
    except ValidationError as error:
        return [
            (".".join(str(part) for part in item["loc"]) or "(document)", item["msg"])
            for item in error.errors(include_url=False, include_input=False)
        ]
    return [(path, "not a field of the model") for path in _undescribed(document, stored, "")]


def _undescribed(value: Any, stored: Any, path: str) -> Iterator[str]:
    """The stored fields (dotted paths) the validated `value` has no field for."""
    if isinstance(value, BaseModel) and isinstance(stored, dict):
        names = {field.alias or name: name for name, field in type(value).model_fields.items()}
        for key, item in stored.items():
            if key in names:
                yield from _undescribed(getattr(value, names[key]), item, f"{path}{key}.")
            else:
                yield f"{path}{key}"
    elif isinstance(value, dict) and isinstance(stored, dict):
        for key, item in stored.items():
            yield from _undescribed(value.get(key), item, f"{path}{key}.")
    elif isinstance(value, list) and isinstance(stored, list):
        for index, (part, item) in enumerate(zip(value, stored, strict=False)):
            yield from _undescribed(part, item, f"{path}{index}.")


def _pattern(collection: Collection) -> re.Pattern[str]:
    """The document paths of `collection`: each `{placeholder}` one path segment."""
    parts = collection.path.split("/")
    return re.compile("/".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts))


def stored_documents(db: firestore.Client) -> Iterator[tuple[Collection, str, dict[str, Any]]]:
    """(collection, path, fields) of every stored document of every listed collection."""
    by_group: dict[str, list[Collection]] = {}
    for collection in COLLECTIONS:
        by_group.setdefault(collection.collection_id, []).append(collection)
    for group, listed in sorted(by_group.items()):
        for snapshot in db.collection_group(group).stream():
            path = snapshot.reference.path
            found = next((c for c in listed if _pattern(c).fullmatch(path)), None)
            if found is not None:
                yield found, path, snapshot.to_dict() or {}


def shape_problems(db: firestore.Client) -> list[str]:
    """`path field: what is wrong` for every stored document of a listed collection."""
    return [
        f"{path} {field}: {why} ({collection.model.__name__})"
        for collection, path, stored in stored_documents(db)
        for field, why in problems(collection.model, stored)
    ]
