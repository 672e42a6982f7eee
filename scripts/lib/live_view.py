"""The terminal view of scripts/dev: the admin activity feed, pushed by Firestore listeners."""

from __future__ import annotations

import threading
from datetime import UTC
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from scripts.lib.emulator_clients import Endpoints
from scripts.lib.seed import DemoData

FEED_LIMIT = 20


def _format_entry(entry: dict[str, Any]) -> str:
    at = entry.get("createdAt")
    when = at.astimezone(UTC).strftime("%H:%M:%S") if at else "--:--:--"
    return f"  {when}  {entry.get('type', '?'):<18} {entry.get('summary', '')}"


def run_live_view(endpoints: Endpoints, demo: DemoData, stop: threading.Event) -> None:
    """Print each new admin feed entry as its listener delivers it (non-blocking)."""
    db = firestore.Client(project=endpoints.project_id, credentials=AnonymousCredentials())
    feed = (
        db.collection("adminActivityLog").order_by("createdAt", direction=firestore.Query.DESCENDING).limit(FEED_LIMIT)
    )
    seen: set[str] = set()
    first = threading.Event()

    def on_feed(snapshots: Any, changes: Any, _read_time: Any) -> None:
        added = [c.document for c in changes if c.type.name == "ADDED" and c.document.id not in seen]
        if not first.is_set():
            print(f"Admin activity feed (live, newest {FEED_LIMIT} at start):", flush=True)
            first.set()
        for document in sorted(added, key=lambda d: d.get("createdAt")):
            seen.add(document.id)
            print(_format_entry(document.to_dict() or {}), flush=True)

    feed.on_snapshot(on_feed)
