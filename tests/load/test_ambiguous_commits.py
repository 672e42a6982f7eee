"""Ambiguous commits and duplicates in flight: a commit that applied but whose answer was lost is
looked up, never applied twice; duplicates of one keyed call answer with the first's result."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.catalog.models import CreateShopRequest
from storepulse.catalog.shops import create_shop
from storepulse.identity.directory import FirebaseUserDirectory
from storepulse.notifications.mark import mark_notifications
from storepulse.notifications.models import MarkNotificationsRequest
from storepulse.platform import txn
from storepulse.platform.callable import error_status
from storepulse.platform.caller import Caller, RequestFacts, Role
from storepulse.redemptions import redeem
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from storepulse.verify import verify
from storepulse.visitors.live import read_live_visitors
from storepulse.visitors.models import TrackPageRequest
from storepulse.visitors.sessions import track_page
from tests.load.test_faults import arrange, request
from tests.support.data import count, new_key
from tests.support.emulator_clients import CallableError
from tests.support.loyalty import program, qr
from tests.support.orders import place
from tests.support.world import World

pytestmark = pytest.mark.load


def lose_the_first_answer(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The next transaction's commit applies, then its answer is lost (DeadlineExceeded)."""
    real_commit = txn.Transaction.commit
    seen = {"commits": 0}

    def commit(self: txn.Transaction) -> None:
        seen["commits"] += 1
        real_commit(self)
        if seen["commits"] == 1:
            raise gcp_exceptions.DeadlineExceeded("the answer was lost after the commit applied (injected)")

    monkeypatch.setattr(txn.Transaction, "commit", commit)
    return seen


def test_a_redemption_whose_commit_answer_is_lost_applies_once(
    db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    coupon_id, callers = arrange(db)
    seen = lose_the_first_answer(monkeypatch)

    answer = redeem.redeem_coupon(db, callers[0], request(coupon_id), datetime.now(UTC))

    assert seen["commits"] == 1  # looked up, not committed again
    assert answer.replayed is False
    assert count(db, "redemptions") == 1
    assert count(db, "notifications", recipientUid=callers[0].uid) == 1
    assert read_live_stats(db, scopes.shop("shop-f"), datetime.now(UTC)).redemptions_total == 1
    assert verify(db) == []


def test_a_page_view_whose_commit_answer_is_lost_applies_once(
    world: World, db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = world.shop()
    visitor = world.customer()
    seen = lose_the_first_answer(monkeypatch)
    page = TrackPageRequest.model_validate(
        {"sessionId": uuid.uuid4().hex, "shopId": shop.shop_id, "pageType": "homepage"}
    )

    answer = track_page(db, Caller(visitor.uid, Role.CUSTOMER), page, RequestFacts(now=datetime.now(UTC)))

    assert seen["commits"] == 1
    assert answer.status == "active"
    assert count(db, "pageViews") == 1
    assert read_live_visitors(db, shop.shop_id).figure("total") == 1
    sessions = [s.to_dict() or {} for s in db.collection("visitorSessions").stream()]
    assert [s["pageViews"] for s in sessions] == [1]
    assert verify(db) == []


def test_a_shop_whose_commit_answer_is_lost_is_created_once(
    world: World, db: firestore.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.auth.create_user(display_name="Ambiguous owner")
    admin = Caller(world.admin.uid, Role.ADMIN)
    shops_before = count(db, "shops")
    seen = lose_the_first_answer(monkeypatch)

    shop = create_shop(
        db, FirebaseUserDirectory(), admin, CreateShopRequest(name="Once", owner_uid=owner.uid), datetime.now(UTC)
    )

    assert seen["commits"] == 1
    assert count(db, "shops") == shops_before + 1
    assert (db.collection("shops").document(shop.shop_id).get().to_dict() or {})["name"] == "Once"
    assert verify(db) == []


def test_a_missing_index_is_failed_precondition_at_once(
    world: World, db: firestore.Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """What Firestore answers for a query without its index is not retried as contention."""
    customer = world.customer()

    def no_index(*_args: Any, **_kwargs: Any) -> Any:
        raise gcp_exceptions.FailedPrecondition("The query requires an index. (injected)")

    monkeypatch.setattr(firestore.Query, "stream", no_index)
    started = time.monotonic()
    with pytest.raises(gcp_exceptions.FailedPrecondition) as raised:
        mark_notifications(
            db, Caller(customer.uid, Role.CUSTOMER), MarkNotificationsRequest(state="read", all=True), datetime.now(UTC)
        )
    elapsed = time.monotonic() - started

    assert error_status(raised.value)[0] == "failed-precondition"
    assert elapsed < 2


def warm(world: World, name: str, user: Any, copies: int = 10) -> None:
    """`copies` refused calls of `name` at once: the Functions emulator starts a worker process for
    each request it cannot serve with an idle one, so the duplicates below meet warm workers and
    their spread measures our answers, not the emulator's process start-up."""

    def refused() -> None:
        with pytest.raises(CallableError):
            world.call(name, {}, user)

    with ThreadPoolExecutor(max_workers=copies) as pool:
        list(pool.map(lambda _: refused(), range(copies)))


def parallel_duplicates(call: Callable[[], dict[str, Any]], copies: int = 10) -> list[tuple[float, Any]]:
    """`copies` calls at once: (when each answered, its answer or error)."""

    def timed() -> tuple[float, Any]:
        try:
            answer: Any = call()
        except CallableError as error:
            answer = error
        return time.monotonic(), answer

    with ThreadPoolExecutor(max_workers=copies) as pool:
        return list(pool.map(lambda _: timed(), range(copies)))


def assert_applied_once(answers: list[tuple[float, Any]], label: str) -> dict[str, Any]:
    failures = [answer for _, answer in answers if isinstance(answer, CallableError)]
    assert failures == [], failures
    replayed = sorted(bool(answer["replayed"]) for _, answer in answers)
    first = min(at for at, _ in answers)
    spread = max(at for at, _ in answers) - first
    print(f"duplicates[{label}]: {len(answers)} answers within {spread:.2f} s of the first")
    assert replayed == [False] + [True] * (len(answers) - 1)
    assert spread < 2
    return dict(answers[0][1])


def test_ten_duplicates_of_one_redemption_apply_once(world: World, db: firestore.Client) -> None:
    shop = world.shop()
    customer = world.customer()
    coupon_id = world.coupon(shop, perCustomerLimit=5)
    payload = {"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex}
    warm(world, "redeem_coupon", customer)

    answers = parallel_duplicates(lambda: world.call("redeem_coupon", payload, customer))

    first = assert_applied_once(answers, "redeem_coupon")
    assert {answer["redemptionId"] for _, answer in answers} == {first["redemptionId"]}
    assert count(db, "redemptions", couponId=coupon_id) == 1
    assert count(db, "notifications", recipientUid=customer.uid) == 1
    assert read_live_stats(db, scopes.shop(shop.shop_id), datetime.now(UTC)).redemptions_total == 1


def test_ten_duplicates_of_one_points_scan_apply_once(world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    program(world, shop, points=10)
    asked = world.call("scan_qr", {"token": qr(world, customer), "idempotencyKey": new_key()}, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer)
    payload = {"token": qr(world, customer), "idempotencyKey": new_key()}
    warm(world, "scan_qr", shop.owner)

    answers = parallel_duplicates(lambda: world.call("scan_qr", payload, shop.owner))

    assert_applied_once(answers, "scan_qr")
    card = db.document(f"enrollments/{shop.shop_id}_{customer.uid}").get().to_dict() or {}
    assert card["balance"] == 10
    assert count(db, "pointsLedger") == 1


def test_ten_duplicates_of_one_status_move_apply_once(world: World, db: firestore.Client) -> None:
    shop, customer = world.shop(), world.customer()
    order_id = place(world, customer, shop)
    payload = {"orderId": order_id, "status": "confirmed", "idempotencyKey": new_key()}
    warm(world, "update_order_status", shop.owner)

    answers = parallel_duplicates(lambda: world.call("update_order_status", payload, shop.owner))

    assert_applied_once(answers, "update_order_status")
    timeline = [s.to_dict() or {} for s in db.collection(f"orders/{order_id}/timeline").stream()]
    assert sorted(entry["status"] for entry in timeline) == ["confirmed", "placed"]
    assert verify(db) == []
