"""`export_my_data` and `export_user_data`: every document Storepulse holds of one user, as JSON."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound
from storepulse.privacy import store
from storepulse.privacy.models import ExportedDocument, ExportResponse, ExportUserDataRequest


def export_my_data(db: firestore.Client, caller: Caller, now: datetime) -> ExportResponse:
    """The signed-in caller's own data."""
    return export(db, caller.uid, now)


def export_user_data(
    db: firestore.Client, caller: Caller, request: ExportUserDataRequest, now: datetime
) -> ExportResponse:
    """An admin's export of a user's data (a support request); `not-found` when Storepulse holds nothing."""
    caller.require_admin()
    answer = export(db, request.uid, now)
    if answer.document_count == 0:
        raise NotFound("uid: Storepulse holds no data of this user.", field="uid")
    return answer


def export(db: firestore.Client, uid: str, now: datetime) -> ExportResponse:
    found: dict[str, dict[str, ExportedDocument]] = {}

    def add(collection: str, snapshot: store.Snapshot) -> None:
        path = snapshot.reference.path
        found.setdefault(collection, {})[path] = ExportedDocument(path=path, data=snapshot.to_dict() or {})

    for snapshot in store.named_after(db, uid):
        add(snapshot.reference.parent.id, snapshot)
    for source in (*store.OWN, *store.ABOUT):
        for snapshot in store.of_source(db, source, uid):
            add(source.collection, snapshot)
            if source.collection == store.ORDERS:
                for entry in store.timeline(db, snapshot.id):
                    add(store.TIMELINE, entry)
    collections = {name: sorted(docs.values(), key=lambda doc: doc.path) for name, docs in sorted(found.items())}
    return ExportResponse(
        uid=uid,
        exported_at=now,
        collections=collections,
        document_count=sum(len(docs) for docs in collections.values()),
    )
