"""The body screen in front of every callable (in process) and through the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from scripts.lib.emulator_clients import CallableError, Endpoints, Functions
from storepulse.screen import MAX_DEPTH, Rejection, screen


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


@pytest.mark.parametrize(
    "body",
    [
        b'{"data": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        json.dumps({"data": {"displayName": "\ud800"}}).encode(),
        b"not json at all",
    ],
)
def test_callables_answer_hostile_bodies_with_invalid_argument(emulators: Endpoints, body: bytes) -> None:
    url = f"{Functions(emulators).base}/register_customer"
    response = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_surrogates_are_invalid_through_a_real_call(world: Any) -> None:
    user = world.auth.create_user()
    with pytest.raises(CallableError) as error:
        world.call("register_customer", {"displayName": "bad \ud83d name"}, user)
    assert (error.value.status, error.value.fields) == ("INVALID_ARGUMENT", ["displayName"])
