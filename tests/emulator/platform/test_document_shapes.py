"""What the callables and the every-minute jobs write is what the document models say: after a day of
every capability (through the callables, as apps make it), each collection clients read holds
documents, and every one validates against its model with no field the model does not describe."""

from __future__ import annotations

from datetime import UTC, datetime

from google.cloud import firestore

from storepulse.analytics.refresh import refresh_pulse
from storepulse.documents import COLLECTIONS
from storepulse.notifications.models import TargetKind
from storepulse.notifications.store import all_notifications
from storepulse.stats.refresh import refresh_active_now
from storepulse.visitors.live import run_cleanup
from tests.support.day import every_capability
from tests.support.shapes import shape_problems, stored_documents
from tests.support.world import World


def test_every_document_clients_read_has_its_models_shape(world: World, db: firestore.Client) -> None:
    every_capability(world)
    now = datetime.now(UTC)
    refresh_active_now(db, now)
    run_cleanup(db, now)
    refresh_pulse(db, now)

    written = {collection.path for collection, _, _ in stored_documents(db)}
    assert [collection.path for collection in COLLECTIONS if collection.path not in written] == []
    assert shape_problems(db) == []
    # Every notification opens something of the contract's kinds (the shape check validated each
    # target against `TargetKind`), and the flows above use every kind.
    assert {notification["target"]["kind"] for notification in all_notifications(db)} == set(TargetKind)
