"""The body screen through the Functions emulator: hostile bodies get invalid-argument, never internal."""

from __future__ import annotations

import json

import pytest
import requests

from tests.support.emulator_clients import CallableError, Endpoints, Functions
from tests.support.world import World


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


def test_surrogates_are_invalid_through_a_real_call(world: World) -> None:
    user = world.auth.create_user()
    with pytest.raises(CallableError) as error:
        world.call("register_customer", {"displayName": "bad \ud83d name"}, user)
    assert (error.value.status, error.value.fields) == ("INVALID_ARGUMENT", ["displayName"])
