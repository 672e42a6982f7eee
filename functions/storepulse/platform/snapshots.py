"""What a batch read found, keyed by document path."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def existing(snapshots: Iterable[Any]) -> dict[str, bool]:
    """Path -> exists, for the snapshots of a `get_all`."""
    return {snapshot.reference.path: snapshot.exists for snapshot in snapshots}
