"""Every stored document a client reads has its model's shape (`storepulse.documents`): it validates
against the model, and holds no field the model does not describe. So a field cannot drift between
the writers (whole documents from the models, partial writes named by them) and the readers the
contract describes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore
from pydantic import BaseModel, ValidationError

from storepulse.documents import COLLECTIONS, Collection
from storepulse.platform.db import documents_in_group
from storepulse.platform.models import DocumentModel
from storepulse.verify.common import Mismatch


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
    return re.compile(
        "/".join("[^/]+" if part.startswith("{") else re.escape(part) for part in collection.path.split("/"))
    )


def check(db: firestore.Client, at: datetime) -> list[Mismatch]:
    found: list[Mismatch] = []
    by_group: dict[str, list[Collection]] = {}
    for collection in COLLECTIONS:
        by_group.setdefault(collection.collection_id, []).append(collection)
    for group, listed in sorted(by_group.items()):
        patterns = [(_pattern(collection), collection.model) for collection in listed]
        for path, stored in documents_in_group(db, group, at):
            model = next((model for pattern, model in patterns if pattern.fullmatch(path)), None)
            if model is not None:
                found += [
                    Mismatch("documents", path, field, _at(stored, field), f"its model {model.__name__}: {why}")
                    for field, why in problems(model, stored)
                ]
    return found


def _at(stored: dict[str, Any], field: str) -> Any:
    """The stored value at a dotted field path (None when there is none)."""
    value: Any = stored
    for part in field.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value
