"""scripts/dev: the local stack with demo data and live activity, until Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from datetime import datetime
from types import FrameType

from google.cloud import firestore

from scripts.lib.live_view import LiveView
from scripts.lib.seed import logins, seed_demo
from scripts.lib.stack import EmulatorStack, StackError
from scripts.lib.traffic import TrafficGenerator, log_to, refresh_every_minute
from storepulse.analytics.refresh import refresh_pulse
from storepulse.platform.clock import SystemClock
from storepulse.platform.db import get_db
from storepulse.stats.refresh import refresh_active_now
from storepulse.visitors.live import run_cleanup
from tests.support.emulator_clients import DEMO_PASSWORD, Endpoints
from tests.support.world import World

BANNER_SECONDS = 8


def every_minute_jobs(db: firestore.Client, now: datetime) -> None:
    """What the three scheduled functions do in production (the emulator runs no schedules)."""
    refresh_active_now(db, now)
    run_cleanup(db, now)
    refresh_pulse(db, now)


def _print_banner(stack: EmulatorStack, demo: World) -> None:
    ports = stack.ports
    print()
    print(f"Storepulse local stack is up (project {stack.project_id})")
    print(f"  Web app             http://127.0.0.1:{ports.hosting}  (Hosting emulator, web/dist)")
    print(f"  Auth emulator       http://127.0.0.1:{ports.auth}")
    print(f"  Firestore emulator  http://127.0.0.1:{ports.firestore}  (websocket {ports.firestore_websocket})")
    print(f"  Functions emulator  {stack.callable_url('<name>')}")
    print(f"  Emulator hub        http://127.0.0.1:{ports.hub}")
    print(f"  Log                 {stack.log_path}")
    print(f"  Traffic failures    {stack.log_path.with_name('traffic.log')}")
    print()
    print(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for role, email, sees in logins(demo):
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
    stop = threading.Event()
    try:
        print("Starting the Auth, Firestore and Functions emulators ...", flush=True)
        stack.start()
        os.environ.update(stack.env)
        stack.wait_for_function("set_user_role")
        endpoints = Endpoints.from_env()
        print("Seeding demo data ...", flush=True)
        demo = seed_demo(endpoints)
        _print_banner(stack, demo)
        log_to(stack.log_path.with_name("traffic.log"))
        traffic = TrafficGenerator(endpoints, demo)
        traffic.start(stop)
        refresh_every_minute(stop, lambda: every_minute_jobs(get_db(), SystemClock().now()))
        if sys.stdout.isatty():
            time.sleep(BANNER_SECONDS)

        def status() -> str:
            errors = ", ".join(f"{k} {v}" for k, v in sorted(traffic.stats.errors.items())) or "none"
            return f"traffic: {traffic.stats.calls} calls (expected errors: {errors}); Ctrl-C stops"

        LiveView(endpoints, demo, status).run(stop)
    except StackError as error:
        print(f"\nstorepulse: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nStopping the local stack ...", flush=True)
        return 0
    finally:
        stop.set()
        stack.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
