"""scripts/dev: the local stack with demo data and live activity, until Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from types import FrameType

from scripts.lib.emulator_clients import DEMO_PASSWORD, Endpoints
from scripts.lib.seed import DemoData, seed_demo
from scripts.lib.stack import EmulatorStack, StackError


def _print_banner(stack: EmulatorStack, demo: DemoData) -> None:
    ports = stack.ports
    print()
    print(f"Storepulse local stack is up (project {stack.project_id})")
    print(f"  Auth emulator       http://127.0.0.1:{ports.auth}")
    print(f"  Firestore emulator  http://127.0.0.1:{ports.firestore}  (websocket {ports.firestore_websocket})")
    print(f"  Functions emulator  {stack.callable_url('<name>')}")
    print(f"  Emulator hub        http://127.0.0.1:{ports.hub}")
    print(f"  Log                 {stack.log_path}")
    print()
    print(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for role, email, sees in demo.logins():
        print(f"  {role:<10} {email:<40} {sees}")
    print()
    print("Press Ctrl-C to stop every emulator and worker this command started.")
    sys.stdout.flush()


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Explicit, because a shell that starts us in the background leaves SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGHUP, _raise_interrupt)
    stack = EmulatorStack()
    try:
        print("Starting the Auth, Firestore and Functions emulators ...", flush=True)
        stack.start()
        os.environ.update(stack.env)
        stack.wait_for_function("set_user_role")
        endpoints = Endpoints.from_env()
        print("Seeding demo data ...", flush=True)
        demo = seed_demo(endpoints)
        _print_banner(stack, demo)
        from scripts.lib.live_view import run_live_view

        stop = threading.Event()
        run_live_view(endpoints, demo, stop)
        while True:
            time.sleep(3600)
    except StackError as error:
        print(f"\nstorepulse: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopping the local stack ...", flush=True)
        return 0
    finally:
        stack.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
