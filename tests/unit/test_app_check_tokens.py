"""App Check tokens checked as a deployed instance checks them, against a local key set
(tests/support/app_check_keys.py): the Admin SDK fetches the keys and asks the replay check over
HTTPS by host name, unchanged. `scan_qr` is called as its instance would be (main.py imported in a
fresh process, a Flask request) by a signed-in shop owner, with a payload that fails validation:
a call that gets past App Check answers `invalid-argument`, one refused by it `unauthenticated`.
ID tokens are the Auth emulator's (unsigned); the Functions emulator is not involved, so
enforcement follows the deploy parameter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest

from scripts.lib.stack import ROOT
from tests.support.app_check_keys import LocalAppCheck

PROJECT = "demo-storepulse"
PROBE = """
import json, sys, main
from flask import Flask, request
app, answers = Flask("probe"), []
for headers in json.loads(sys.stdin.read()):
    with app.test_request_context("/", method="POST", json={"data": {}}, headers=headers):
        response = main.scan_qr(request)
    answers.append([response.status_code, response.get_json()["error"]["message"]])
print(json.dumps(answers))
"""


@pytest.fixture
def app_check(tmp_path: Path) -> Iterator[LocalAppCheck]:
    local = LocalAppCheck(tmp_path, PROJECT).start()
    yield local
    local.stop()


def id_token() -> str:
    """A shop owner's ID token as the Auth emulator issues them (unsigned)."""
    now = int(time.time())
    claims = {
        "iss": f"https://securetoken.google.com/{PROJECT}",
        "aud": PROJECT,
        "sub": "owner-1",
        "user_id": "owner-1",
        "iat": now,
        "exp": now + 3600,
        "auth_time": now,
        "role": "shop",
        "shopId": "shop-1",
        "firebase": {"sign_in_provider": "password", "identities": {}},
    }
    return jwt.encode(claims, None, algorithm="none")


def answers(local: LocalAppCheck, tmp_path: Path, app_tokens: list[str | None], enforce: bool) -> list[list[object]]:
    credentials = tmp_path / "service-account.json"
    credentials.write_text(json.dumps(local.service_account()))
    skipped = ("FUNCTION_TARGET", "FUNCTIONS_EMULATOR", "FIRESTORE_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS")
    env = {key: value for key, value in os.environ.items() if key not in skipped}
    env.update(
        {
            "GCLOUD_PROJECT": PROJECT,
            "GOOGLE_APPLICATION_CREDENTIALS": str(credentials),
            "FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9",  # unsigned ID tokens; App Check is not emulated
            "ENFORCE_APP_CHECK": "true" if enforce else "false",
            **local.environment(),
        }
    )
    requests = [
        {"Authorization": f"Bearer {id_token()}", **({"X-Firebase-AppCheck": token} if token else {})}
        for token in app_tokens
    ]
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT / "functions",
        env=env,
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result: list[list[object]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_enforced_tokens_are_checked_against_the_key_set_and_spent_once(
    app_check: LocalAppCheck, tmp_path: Path
) -> None:
    first, second = app_check.token(), app_check.token(app_id="1:123456789:web:other")
    forged = app_check.token(key=app_check.stranger_key())
    got = answers(app_check, tmp_path, [None, forged, first, first, second], enforce=True)

    assert got[0] == [401, "Unauthenticated"]  # no token: refused by on_call
    assert got[1] == [401, "Unauthenticated"]  # signed by another key
    assert got[2][0] == 400
    assert str(got[2][1]).startswith("Invalid request")
    assert got[3] == [401, "This App Check token was used before; each call needs a new limited-use token."]
    assert got[4][0] == 400  # a new token is accepted
    assert app_check.asked == [first, first, second]  # only valid tokens reach the replay check


def test_without_enforcement_tokens_are_neither_required_nor_spent(app_check: LocalAppCheck, tmp_path: Path) -> None:
    token = app_check.token()
    got = answers(app_check, tmp_path, [None, token, token], enforce=False)

    assert [status for status, _ in got] == [400, 400, 400]
    assert app_check.asked == []
