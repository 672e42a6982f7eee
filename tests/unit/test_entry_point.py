"""main.py exposes every deployed function to discovery, and an instance of one function imports
only that function's module (its cold start)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from scripts.lib.stack import ROOT
from storepulse import endpoints

FUNCTIONS = ROOT / "functions"


def decorated_in_endpoint_modules() -> set[str]:
    """Every module-level function of `endpoints/*.py` with a decorator (each is a deployed function)."""
    found = set()
    for path in (FUNCTIONS / "storepulse" / "endpoints").glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.decorator_list:
                found.add(node.name)
    return found


def test_the_table_names_every_deployed_function_once() -> None:
    assert set(endpoints.MODULE_OF) == decorated_in_endpoint_modules()
    loaded = endpoints.load()
    assert sorted(loaded) == sorted(endpoints.MODULE_OF)
    assert all(hasattr(function, "__firebase_endpoint__") for function in loaded.values())


def main_in_a_fresh_process(target: str | None) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "FUNCTION_TARGET"}
    if target is not None:
        env["FUNCTION_TARGET"] = target
    env.setdefault("GCLOUD_PROJECT", "demo-storepulse")
    probe = (
        "import json, sys, main; "
        "exposed = sorted(n for n, f in vars(main).items() if hasattr(f, '__firebase_endpoint__')); "
        "modules = sorted(m for m in sys.modules if m.startswith('storepulse.endpoints.')); "
        "print(json.dumps({'exposed': exposed, 'modules': modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=FUNCTIONS, env=env, capture_output=True, text=True, check=True
    )
    loaded: dict[str, object] = json.loads(out.stdout)
    return loaded


def test_discovery_sees_every_function() -> None:
    seen = main_in_a_fresh_process(None)
    assert seen["exposed"] == sorted(endpoints.MODULE_OF)


@pytest.mark.parametrize("target", ["redeem_coupon", "expire_visitor_sessions"])
def test_an_instance_imports_only_its_own_functions_module(target: str) -> None:
    seen = main_in_a_fresh_process(target)
    assert seen["exposed"] == [target]
    assert seen["modules"] == [f"storepulse.endpoints.{endpoints.MODULE_OF[target]}"]
