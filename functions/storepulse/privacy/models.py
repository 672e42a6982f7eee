"""Request and response models of the privacy callables, and the erasure record."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from storepulse.platform.models import DocId, DocumentModel, IdempotencyKey, RequestModel, ResponseModel


class ExportMyDataRequest(RequestModel):
    """No fields: the export is the signed-in caller's."""


class ExportUserDataRequest(RequestModel):
    uid: DocId


class ExportedDocument(ResponseModel):
    path: str = Field(description="The document's path, e.g. `orders/abc`.")
    data: dict[str, Any] = Field(description="Its stored fields (timestamps as ISO 8601).")


class ExportResponse(ResponseModel):
    uid: str
    exported_at: datetime
    collections: dict[str, list[ExportedDocument]] = Field(
        description="By collection (a subcollection by its own name, e.g. `timeline`); every document of the user's."
    )
    document_count: int


class DeleteMyAccountRequest(RequestModel):
    idempotency_key: IdempotencyKey


class DeleteUserDataRequest(RequestModel):
    uid: DocId
    idempotency_key: IdempotencyKey


class ErasureResponse(ResponseModel):
    uid: str
    state: Literal["done"]
    documents_changed: int = Field(description="Documents pseudonymised by this erasure (all its calls).")
    auth_user_deleted: bool = Field(description="Whether an Auth user was deleted (false: there was none).")
    finished_at: datetime
    replayed: bool = False


class ErasureRecord(DocumentModel):
    """`erasures/{uid}` (server-only): one user's erasure. While `running`, `terms` holds the strings
    to replace wherever they appear (the user's names, e-mails, phones, addresses) and `stepsDone`
    the steps finished, so a call that stopped halfway is finished by the next; once `done`, `terms`
    is emptied."""

    uid: str
    state: Literal["running", "done"]
    requested_by: str
    started_at: datetime
    steps_done: list[str]
    terms: list[str]
    documents_changed: int
    auth_user_deleted: bool = False
    finished_at: datetime | None = None
