"""What every checker reports: a mismatch between a stored view and its recomputation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Mismatch:
    view: str
    key: str
    field: str
    stored: Any
    recomputed: Any

    def __str__(self) -> str:
        return f"{self.view} {self.key} {self.field}: stored {self.stored!r}, recomputed {self.recomputed!r}"


def compare(view: str, key: str, stored: dict[str, Any], recomputed: dict[str, Any]) -> list[Mismatch]:
    return [
        Mismatch(view, key, name, stored.get(name), recomputed.get(name))
        for name in sorted(set(stored) | set(recomputed))
        if stored.get(name) != recomputed.get(name)
    ]


def flatten(counts: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested counts as dotted paths, so a mismatch names the exact counter."""
    flat: dict[str, Any] = {}
    for name, value in counts.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{name}.")
        else:
            flat[f"{prefix}{name}"] = value
    return flat
