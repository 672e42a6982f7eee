"""Faults: an exception between a redemption's writes, a lost response, an emulator restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from storepulse.analytics import store as analytics
from storepulse.platform import txn
from storepulse.platform.callable import error_status
from storepulse.platform.caller import Caller, Role
from storepulse.redemptions import redeem
from storepulse.redemptions.models import RedeemCouponRequest, RedeemCouponResponse
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from storepulse.verify import verify
from tests.support.data import count
from tests.support.emulator_clients import Endpoints, all_documents
from tests.support.world import World

PROJECT = "demo-storepulse"


class Injected(RuntimeError):
    """The fault the tests inject."""


def arrange(db: firestore.Client, *, shop_id: str = "shop-f", customers: int = 8) -> tuple[str, list[Caller]]:
    """A shop, an unlimited coupon and registered customers, written directly (server-side set-up)."""
    db.document(f"shops/{shop_id}").set({"name": "Fault shop", "ownerUid": "owner-f"})
    coupon_id = f"coupon-{uuid.uuid4().hex[:8]}"
    db.document(f"coupons/{coupon_id}").set(
        {
            "shopId": shop_id,
            "code": "FAULT",
            "title": "Fault",
            "discount": {"kind": "amount", "value": 2},
            "active": True,
            "perCustomerLimit": 100,
            "maxRedemptions": None,
            "affiliateId": None,
            "commissionRate": 0,
        }
    )
    callers = []
    batch = db.batch()
    for number in range(customers):
        uid = f"fault-customer-{number}"
        batch.set(db.document(f"users/{uid}"), {"uid": uid, "role": "customer", "displayName": f"Customer {number}"})
        callers.append(Caller(uid, Role.CUSTOMER))
    analytics.move_users(batch, db, {"customers": customers})  # as a registration would count them
    batch.commit()
    return coupon_id, callers


def request(coupon_id: str, key: str | None = None) -> RedeemCouponRequest:
    return RedeemCouponRequest.model_validate(
        {"couponId": coupon_id, "idempotencyKey": key or uuid.uuid4().hex, "orderAmount": 10}
    )


@pytest.mark.parametrize(
    "fail_in", ["_write_customer_records", "log_admin_activity", "log_user_action", "publish", "add_to_stats"]
)
def test_an_exception_between_the_writes_leaves_no_trace(
    db: firestore.Client, emulators: Endpoints, monkeypatch: pytest.MonkeyPatch, fail_in: str
) -> None:
    coupon_id, callers = arrange(db)
    before = all_documents(emulators)

    def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise Injected(f"injected in {fail_in}")

    monkeypatch.setattr(redeem, fail_in, explode)
    with pytest.raises(Injected):
        redeem.redeem_coupon(db, callers[0], request(coupon_id), datetime.now(UTC))

    assert all_documents(emulators) == before
    monkeypatch.undo()
    redeem.redeem_coupon(db, callers[0], request(coupon_id), datetime.now(UTC))
    assert count(db, "redemptions") == 1
    assert verify(db) == []


def test_a_committed_redemption_whose_response_is_lost_counts_once(
    db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    coupon_id, callers = arrange(db)
    key = uuid.uuid4().hex
    original = RedeemCouponResponse.model_validate
    lost = {"calls": 0}

    def lose_first_response(value: Any) -> Any:
        lost["calls"] += 1
        if lost["calls"] == 1:
            raise ConnectionResetError("the response never reached the caller")
        return original(value)

    monkeypatch.setattr(RedeemCouponResponse, "model_validate", lose_first_response)
    with pytest.raises(ConnectionResetError):
        redeem.redeem_coupon(db, callers[0], request(coupon_id, key), datetime.now(UTC))
    retried = redeem.redeem_coupon(db, callers[0], request(coupon_id, key), datetime.now(UTC))

    assert retried.replayed is True
    assert count(db, "redemptions") == 1
    assert count(db, "notifications", recipientUid=callers[0].uid) == 1
    assert read_live_stats(db, scopes.shop("shop-f"), datetime.now(UTC)).redemptions_total == 1
    assert verify(db) == []


def test_a_lost_response_through_the_emulator_counts_once(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, perCustomerLimit=5)
    payload = {"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex}
    # A client that gives up long before the answer comes (the request itself still runs).
    with pytest.raises(requests.exceptions.Timeout):
        world.functions.call("redeem_coupon", payload, customer, timeout=0.001)
    deadline = time.monotonic() + 30
    result: dict[str, Any] = {}
    while time.monotonic() < deadline:
        result = world.call("redeem_coupon", payload, customer)
        if result["replayed"]:
            break
        time.sleep(0.2)
    assert count(db, "redemptions", couponId=coupon_id) == 1
    assert count(db, "notifications", recipientUid=customer.uid) == 1
    assert read_live_stats(db, scopes.shop(shop.shop_id), datetime.now(UTC)).redemptions_total == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class StandaloneFirestore:
    """A Firestore emulator of the test's own, which it may kill and restart."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, seed: Path | None = None) -> None:
        launcher = os.environ.get("FIRESTORE_EMULATOR_BINARY_PATH")
        if not launcher:
            pytest.skip("FIRESTORE_EMULATOR_BINARY_PATH is not set (run through scripts/test)")
        command = [
            "java",
            "-jar",
            launcher,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--project_id",
            PROJECT,
            "--single_project_mode",
            "true",
        ]
        if seed is not None:
            command += ["--seed_from_export", str(seed)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"standalone Firestore emulator did not start; see {self.log}")

    def export(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        requests.post(
            f"http://127.0.0.1:{self.port}/emulator/v1/projects/{PROJECT}:export",
            json={"database": f"projects/{PROJECT}/databases/(default)", "export_directory": str(directory)},
            timeout=60,
        ).raise_for_status()
        return next(directory.rglob("*.overall_export_metadata"))

    def kill(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[StandaloneFirestore]:
    emulator = StandaloneFirestore(free_port(), tmp_path / "firestore.log")
    emulator.start()
    yield emulator
    emulator.kill()


def client_for(port: int, monkeypatch: pytest.MonkeyPatch) -> firestore.Client:
    """A client of the standalone emulator; the transaction adapter follows the same environment."""
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", f"127.0.0.1:{port}")
    return firestore.Client(project=PROJECT, credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]


@pytest.mark.load
def test_emulator_restart_under_load(
    standalone: StandaloneFirestore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    db = client_for(standalone.port, monkeypatch)
    coupon_id, callers = arrange(db)
    # Callers give up after a second, so the outage shows as errors instead of waiting.
    monkeypatch.setattr(txn, "DEFAULT_DEADLINE_S", 1.0)
    outcomes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    stop = threading.Event()

    def caller_loop(caller: Caller) -> None:
        while not stop.is_set():
            try:
                redeem.redeem_coupon(db, caller, request(coupon_id), datetime.now(UTC))
                outcomes["ok"] += 1
            except Exception as error:
                status = error_status(error)[0]
                outcomes[status] += 1
                examples.setdefault(status, repr(error)[:300])

    threads = [threading.Thread(target=caller_loop, args=(caller,)) for caller in callers]
    for thread in threads:
        thread.start()
    time.sleep(2)
    seed = standalone.export(tmp_path / "export")
    standalone.kill()
    down_at = time.monotonic()
    time.sleep(2)
    standalone.start(seed=seed)
    back_after = time.monotonic() - down_at
    ok_when_back = outcomes["ok"]
    # gRPC reconnects with backoff; give the callers time to come back, then a little more load.
    deadline = time.monotonic() + 60
    while outcomes["ok"] < ok_when_back + 50 and time.monotonic() < deadline:
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    with capsys.disabled():
        print(f"\nfault[emulator restart]: outcomes {dict(outcomes)}, down for {back_after:.1f} s; {examples}")
    assert set(outcomes) == {"ok", "unavailable"}, outcomes
    assert outcomes["ok"] >= ok_when_back + 50, "callers did not recover after the restart"
    mismatches = verify(db)
    assert not mismatches, "\n".join(map(str, mismatches))
