"""The client SDK (clients/js): its tests (clients/js/test/*.test.mjs, Node's test runner over the
built package) against this session's emulators, with a first admin made the operator's way; each
file must pass with exactly the tests it declares. And the package passes its strict lint and its
type checks (its strict build runs in the bootstrap before any test)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import pytest

from scripts.lib.stack import ROOT
from tests.support.emulator_clients import Endpoints
from tests.support.world import make_first_admin

SDK = ROOT / "clients" / "js"
# Each file with the number of tests it runs, so a test that silently stopped running fails here.
SUITES = {"callables.test.mjs": 13, "watch.test.mjs": 18, "react.test.mjs": 10}
SUITE_TIMEOUT_S = 240


def tap_counts(output: str) -> dict[str, int]:
    """The closing counts of a TAP report (`# tests N`, `# pass N`, `# fail N`)."""
    return {name: int(number) for name, number in re.findall(r"^# (tests|pass|fail) (\d+)$", output, re.MULTILINE)}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_the_sdk_suite_passes_against_the_emulators(suite: str, emulators: Endpoints, fresh_data: None) -> None:
    admin_email = f"sdk-admin-{uuid.uuid4().hex[:8]}@example.test"
    make_first_admin(emulators, admin_email)
    env = {
        **os.environ,
        "STOREPULSE_EMULATOR_HOST": urlsplit(emulators.functions).hostname or "127.0.0.1",
        "GCLOUD_PROJECT": emulators.project_id,
        "STOREPULSE_ADMIN_EMAIL": admin_email,
        # The pulse test runs the every-minute job as production's scheduler would (real code).
        "STOREPULSE_PYTHON": sys.executable,
    }
    result = subprocess.run(
        ["node", "--test", "--test-reporter=tap", f"test/{suite}"],
        cwd=SDK,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT_S,
        check=False,
    )
    report = result.stdout[-8000:] + result.stderr[-2000:]
    expected = SUITES[suite]
    assert result.returncode == 0, report
    assert tap_counts(result.stdout) == {"tests": expected, "pass": expected, "fail": 0}, report


def test_the_sdk_passes_its_strict_lint() -> None:
    """clients/js: eslint with typescript-eslint's strict, type-checked rules and the rules of hooks,
    over the package's sources and docs/integrate.md's examples."""
    result = subprocess.run(
        ["npm", "run", "--silent", "lint"], cwd=SDK, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "project",
    [
        # clients/js/test/types.check.ts: its calls are accepted and each `@ts-expect-error` line is
        # refused (an accepted one fails the compile).
        "test/tsconfig.json",
        # clients/js/examples (docs/integrate.md's code, byte for byte), its imports of
        # @storepulse/client being the package's own sources.
        "examples/tsconfig.json",
    ],
)
def test_compiles_under_the_packages_strict_options(project: str) -> None:
    result = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "tsc"), "-p", project],
        cwd=SDK,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
