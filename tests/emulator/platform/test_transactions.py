"""platform/txn: a transaction begun by its first read keeps every guarantee, in fewer round trips."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.platform import idempotency, prefetch, txn, wire
from storepulse.platform.caller import Caller, Role
from storepulse.redemptions.models import RedeemCouponRequest
from storepulse.redemptions.redeem import redeem_coupon
from tests.support.data import new_key
from tests.support.operations import OperationCounter
from tests.support.world import World

PROBES = "txnProbes"


def marker(db: firestore.Client) -> idempotency.CallRecord:
    return idempotency.IdempotentCall.server_made(db, "probe", "tester").at(datetime.now(UTC))


def test_a_redemption_is_one_read_round_a_plain_pre_read_and_a_commit(world: World, db: firestore.Client) -> None:
    shop = world.shop("Round Trip Deli")
    customer = world.customer("Rita Trip")
    coupon_id = world.coupon(shop)
    request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": new_key()})

    with OperationCounter(db) as ops:
        redeem_coupon(db, Caller(customer.uid, Role.CUSTOMER), request, datetime.now(UTC))

    # Before: BeginTransaction, the transactional read, the plain pre-read, Commit. The key's claim
    # (a Commit of its own) is sent beside the transactional read.
    assert dict(ops.calls) == {"BatchGetDocuments": 2, "Commit": 2}
    assert ops.round_trips() == 4


def test_a_known_coupons_pre_read_runs_beside_the_transactional_read(
    world: World, db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first redemption of a coupon reads its plan after the transaction's read; the next one
    (the coupon's shop now known) reads it on a worker thread while the transaction reads.

    Overlap is shown by order, not by timing: the plain read is held until the transactional read
    has been sent, which code that waited for the plain read before sending it could never satisfy."""
    shop = world.shop("Overlap Deli")
    first, second = world.customer("Olga First"), world.customer("Otto Second")
    coupon_id = world.coupon(shop)
    readers: list[str] = []
    transactional_read_sent = threading.Event()
    sent_before_the_plain_read: list[bool] = []
    plain_read = prefetch._read
    api = wire.api().client
    batch_get = api.batch_get_documents

    def spy(db: firestore.Client, refs: list[firestore.DocumentReference]) -> prefetch.Snapshots:
        reader = threading.current_thread().name.split("_")[0]
        readers.append(reader)
        if reader != "MainThread":
            sent_before_the_plain_read.append(transactional_read_sent.wait(timeout=10))
        return plain_read(db, refs)

    def watched_batch_get(**kwargs: Any) -> Any:
        if "new_transaction" in kwargs["request"]:
            transactional_read_sent.set()
        return batch_get(**kwargs)

    monkeypatch.setattr(prefetch, "_read", spy)
    monkeypatch.setattr(api, "batch_get_documents", watched_batch_get)
    for customer in (first, second):
        transactional_read_sent.clear()
        request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": new_key()})
        with OperationCounter(db) as ops:
            redeem_coupon(db, Caller(customer.uid, Role.CUSTOMER), request, datetime.now(UTC))
        assert dict(ops.calls) == {"BatchGetDocuments": 2, "Commit": 2}

    assert readers == ["MainThread", "prefetch"]
    assert sent_before_the_plain_read == [True]
    assert db.collection("shopCustomerData").document(f"{shop.shop_id}_{second.uid}").get().exists


def test_documents_read_ahead_come_with_the_first_read(db: firestore.Client) -> None:
    """A transaction told what it will read fetches it all in its first read round (which locks them
    all); later reads of those documents send nothing."""
    first, later, missing = (db.collection(PROBES).document(uuid.uuid4().hex) for _ in range(3))
    first.set({"n": 1})
    later.set({"n": 2})

    def attempt(transaction: txn.Transaction) -> dict[str, list[object]]:
        transaction.read_ahead([later, missing])
        seen = [txn.read(transaction, first).get("n")]
        seen += [txn.read(transaction, later).get("n"), txn.read(transaction, missing).exists]
        transaction.update(first, {"n": 10})
        return {"seen": seen}

    with OperationCounter(db) as ops:
        seen = txn.run(db, attempt, marker=marker(db))["seen"]

    assert seen == [1, 2, False]
    assert dict(ops.calls) == {"BatchGetDocuments": 1, "Commit": 1}
    assert first.get().get("n") == 10


def test_a_read_that_begins_the_transaction_is_protected_from_a_concurrent_write(db: firestore.Client) -> None:
    """Read n=1, let another client add 10 while the transaction is open, write n+1: a plain read
    would lose the +10 (n=2); a transactional one ends at 12 whichever commits first."""
    ref = db.collection(PROBES).document(uuid.uuid4().hex)
    ref.set({"n": 1})
    writers: list[threading.Thread] = []

    def attempt(transaction: txn.Transaction) -> dict[str, int]:
        n = int(txn.read(transaction, ref).get("n"))
        if not writers:
            writers.append(threading.Thread(target=lambda: ref.update({"n": firestore.Increment(10)})))
            writers[0].start()
            writers[0].join(timeout=0.5)  # it lands now, or waits for this transaction's lock
        transaction.update(ref, {"n": n + 1})
        return {}

    with OperationCounter(db) as ops:
        txn.run(db, attempt, marker=marker(db))
    writers[0].join()

    assert ref.get().get("n") == 12
    assert ops.calls["BeginTransaction"] == 0


def test_a_transaction_that_only_writes_is_all_or_nothing(db: firestore.Client) -> None:
    """A create that always collides is all or nothing, and is reported at once as the bug it is
    (a plan that claims a document seen to exist), not retried as contention until the deadline."""
    taken = db.collection(PROBES).document(uuid.uuid4().hex)
    taken.set({"n": 1})
    other = db.collection(PROBES).document(uuid.uuid4().hex)

    def attempt(transaction: txn.Transaction) -> dict[str, int]:
        transaction.set(other, {"n": 2})
        transaction.create(taken, {"n": 3})
        return {}

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="already exist"):
        txn.run(db, attempt, marker=marker(db))

    assert time.monotonic() - started < 2
    assert not other.get().exists
    assert taken.get().get("n") == 1


def test_a_failed_attempt_releases_what_it_read(db: firestore.Client) -> None:
    """An attempt that raises after its first read is rolled back (its read lock released), and one
    that raises before reading sends nothing."""
    ref = db.collection(PROBES).document(uuid.uuid4().hex)
    ref.set({"n": 1})

    def attempt(transaction: txn.Transaction) -> dict[str, int]:
        txn.read(transaction, ref)
        raise LookupError("refused after reading")

    def refuse(_transaction: txn.Transaction) -> dict[str, int]:
        raise LookupError("refused before reading")

    with OperationCounter(db) as ops, pytest.raises(LookupError):
        txn.run(db, attempt, marker=marker(db))
    with OperationCounter(db) as nothing_sent, pytest.raises(LookupError):
        txn.run(db, refuse, marker=marker(db))
    ref.update({"n": 2})

    assert dict(ops.calls) == {"BatchGetDocuments": 1, "Rollback": 1}
    assert dict(nothing_sent.calls) == {}
    assert ref.get().get("n") == 2
