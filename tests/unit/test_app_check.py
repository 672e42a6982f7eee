"""App Check enforcement follows its deploy parameter on every callable: with ENFORCE_APP_CHECK on
(the default) a request without an App Check token is refused before the handler runs; with it off,
or under the Functions emulator, the handler answers. Each case imports main.py in a fresh process,
as an instance of the deployed functions would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scripts.lib.stack import ROOT
from storepulse import endpoints

# Each callable gets a request with no user token and no App Check token; what answers it is told
# apart by the message (the SDK's refusal says "Unauthenticated", ours say what to do).
PROBE = """
import json, main
from flask import Flask
app, answers = Flask("probe"), {}
for name, function in sorted(vars(main).items()):
    if not hasattr(function, "spec"):
        continue
    with app.test_request_context("/", method="POST", json={"data": None}):
        response = function(__import__("flask").request)
    answers[name] = [response.status_code, response.get_json()["error"]["message"]]
print(json.dumps(answers))
"""


def answers_without_tokens(environment: dict[str, str]) -> dict[str, list[object]]:
    env = {key: value for key, value in os.environ.items() if key not in ("FUNCTION_TARGET", "FUNCTIONS_EMULATOR")}
    env.update({"GCLOUD_PROJECT": "demo-storepulse", **environment})
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT / "functions", env=env, capture_output=True, text=True, check=True
    )
    answers: dict[str, list[object]] = json.loads(out.stdout.strip().splitlines()[-1])
    return answers


def callables() -> set[str]:
    return {name for name, function in endpoints.load().items() if hasattr(function, "spec")}


@pytest.mark.parametrize("environment", [{}, {"ENFORCE_APP_CHECK": "true"}], ids=["default", "on"])
def test_every_callable_refuses_a_call_without_an_app_check_token(environment: dict[str, str]) -> None:
    answers = answers_without_tokens(environment)
    assert set(answers) == callables()
    assert {name: answer for name, answer in answers.items() if answer != [401, "Unauthenticated"]} == {}


@pytest.mark.parametrize(
    "environment",
    [{"ENFORCE_APP_CHECK": "false"}, {"ENFORCE_APP_CHECK": "true", "FUNCTIONS_EMULATOR": "true"}],
    ids=["off", "emulator"],
)
def test_with_enforcement_off_the_handler_answers(environment: dict[str, str]) -> None:
    answers = answers_without_tokens(environment)
    assert set(answers) == callables()
    assert {name: answer for name, answer in answers.items() if answer[1] == "Unauthenticated"} == {}
