"""The local-stack tooling: launcher jar, clear prerequisite errors, static checks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scripts.lib.make_launcher_jar import MAIN_CLASS
from scripts.lib.make_launcher_jar import main as make_launcher
from scripts.lib.stack import FRESH_CONNECTIONS, PORT_GUARD, ROOT, EmulatorStack, Ports, StackError


def test_launcher_jar_names_main_class_and_sdk_jar(tmp_path: Path) -> None:
    sdk_jar = tmp_path / ("deeply-nested-" * 6) / "cloud-firestore-emulator.jar"
    launcher = tmp_path / "launcher.jar"

    make_launcher(str(sdk_jar), str(launcher))

    manifest = zipfile.ZipFile(launcher).read("META-INF/MANIFEST.MF").decode()
    assert all(len(line.encode()) <= 72 for line in manifest.split("\r\n"))
    unfolded = manifest.replace("\r\n ", "")
    assert f"Main-Class: {MAIN_CLASS}\r\n" in unfolded
    assert f"Class-Path: {sdk_jar.as_uri()}\r\n" in unfolded


def test_taken_port_is_one_clear_sentence() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        stack = EmulatorStack(
            ports=Ports(auth=port, firestore=1, firestore_websocket=1, functions=1, hosting=1, hub=1, logging=1)
        )
        with pytest.raises(StackError) as error:
            stack.check_prerequisites()
    message = str(error.value)
    assert f"auth {port}" in message
    assert "already taken" in message
    assert "\n" not in message


PORTS_SCRIPT = """
const path = require("path");
const tools = path.join(process.argv[1], "node_modules", "firebase-tools");
const portfinder = require(require.resolve("portfinder", { paths: [tools] }));
Promise.all(Array.from({ length: 16 }, () => portfinder.getPortPromise({ port: 8600 })))
  .then((ports) => console.log(JSON.stringify(ports)));
"""


def test_port_guard_hands_out_each_worker_port_once() -> None:
    result = subprocess.run(
        ["node", "-e", PORTS_SCRIPT, str(ROOT)],
        env={**os.environ, "NODE_OPTIONS": f"--require {PORT_GUARD}"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    ports = json.loads(result.stdout)
    assert len(ports) == len(set(ports)) == 16


@pytest.mark.parametrize(("preloaded", "keep_alive"), [(False, "true"), (True, "false")])
def test_the_emulator_forwards_each_call_on_a_fresh_connection(preloaded: bool, keep_alive: str) -> None:
    """Node 20's global agent keeps sockets alive (the ECONNRESET race); the preload turns that off."""
    env = {**os.environ, "NODE_OPTIONS": f"--require {FRESH_CONNECTIONS}" if preloaded else ""}
    script = 'console.log(String(require("http").globalAgent.keepAlive))'
    result = subprocess.run(["node", "-e", script], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == keep_alive


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", "."],
        [sys.executable, "-m", "mypy"],
    ],
    ids=["ruff", "mypy"],
)
def test_static_checks_are_clean(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pulse_sparkline_has_a_bar_per_hour_and_marks_empty_hours() -> None:
    from scripts.lib.pulse_view import sparkline

    assert sparkline([0, 2, 1, 0, 1, 2, 0, 1, 2, 0, 3, 2]) == ".▅▃.▃▅.▃▅.▇▅"
    assert sparkline([0] * 12) == "." * 12
    assert len(sparkline([5, 50, 500, 1, 0, 9, 9, 9, 9, 9, 9, 100])) == 12


def test_the_logged_pulse_line_before_the_first_refresh_says_so() -> None:
    """`scripts/dev` piped to a file logs a pulse line before the every-minute job has run once."""
    from scripts.lib.pulse_view import summary

    assert summary({}) == "Platform pulse: no data yet (the every-minute refresh has not run)"
    one_hour = {"asOf": datetime.now(UTC), "lastHours": [{"hour": "2030-01-01T07", "total": 2}]}
    assert summary(one_hour).startswith("last 12 hours 07h-07h UTC")


def test_the_web_app_passes_its_strict_lint() -> None:
    """web/: eslint with typescript-eslint's strict, type-checked rules (the build, with strict
    TypeScript, runs in the bootstrap before any test)."""
    result = subprocess.run(
        ["npm", "run", "--silent", "lint"], cwd=ROOT / "web", capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
