"""The body screen in front of every callable, in process (the emulator tier checks it end to end)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from storepulse.platform.screen import MAX_DEPTH, Rejection, screen


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (json.dumps({"data": nested(MAX_DEPTH + 1)}).encode(), "data"),
        (b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "data"),
        (b'{"data": {"name": "x"', "data"),
        (json.dumps({"data": {"name": "\ud800"}}).encode(), "name"),
        (json.dumps({"data": {"items": [{"name": "ok"}, {"name": "\udfff"}]}}).encode(), "items.1.name"),
        (json.dumps({"data": {"x": "y" * 1_100_000}}).encode(), "data"),
    ],
)
def test_screen_rejects(body: bytes, field: str) -> None:
    with pytest.raises(Rejection) as rejection:
        screen(body)
    assert rejection.value.field == field


def test_screen_passes_ordinary_bodies() -> None:
    screen(
        json.dumps(
            {"data": {"name": 'quote " and [brackets] {', "emoji": "😀", "depth": nested(MAX_DEPTH - 1)}}
        ).encode()
    )
