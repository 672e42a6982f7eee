"""Contention: a mutation that keeps losing its race answers `unavailable` (retry with the same key),
never `internal`, and writes nothing. Every mutation runs through platform/txn.run; the client's own
retry loop (`@firestore.transactional`) would end in ValueError, which maps to `internal`. The lost
race is injected at the commit of the transaction class every mutation uses (txn.Transaction)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.catalog.coupons import upsert_coupon
from storepulse.catalog.models import CreateShopRequest, UpsertCouponRequest
from storepulse.catalog.shops import create_shop
from storepulse.identity.directory import FirebaseUserDirectory
from storepulse.identity.models import SetUserRoleRequest
from storepulse.identity.set_role import set_user_role
from storepulse.platform import txn
from storepulse.platform.callable import error_status
from storepulse.platform.caller import Caller, Role
from tests.support.emulator_clients import Endpoints, all_documents
from tests.support.world import World


def mutation(name: str, world: World, db: firestore.Client) -> Callable[[], Any]:
    """One call of `name`, in process, as its endpoint makes it."""
    admin = Caller(world.admin.uid, Role.ADMIN)
    now = datetime.now(UTC)
    if name == "upsert_coupon":
        shop = world.shop()
        request = UpsertCouponRequest.model_validate(
            {"shopId": shop.shop_id, "code": "RACE", "title": "Race", "discount": {"kind": "amount", "value": 1},
             "active": True, "idempotencyKey": "race-key-1"}
        )  # fmt: skip
        return lambda: upsert_coupon(db, Caller(shop.owner.uid, Role.SHOP, shop_id=shop.shop_id), request, now)
    target = world.auth.create_user(display_name="Racing user")
    if name == "create_shop":
        shop_request = CreateShopRequest(name="Race shop", owner_uid=target.uid, idempotency_key="race-key-2")
        return lambda: create_shop(db, FirebaseUserDirectory(), admin, shop_request, now)
    role_request = SetUserRoleRequest(uid=target.uid, role=Role.CUSTOMER, idempotency_key="race-key-3")
    return lambda: set_user_role(db, FirebaseUserDirectory(), admin, role_request, now)


@pytest.mark.parametrize("name", ["upsert_coupon", "create_shop", "set_user_role"])
def test_a_callable_that_keeps_losing_its_race_is_unavailable(
    name: str, world: World, db: firestore.Client, emulators: Endpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = mutation(name, world, db)
    before = all_documents(emulators)
    commits = {"attempts": 0}

    def lose(self: txn.Transaction, *_args: Any, **_kwargs: Any) -> Any:
        commits["attempts"] += 1
        raise gcp_exceptions.Aborted("another transaction holds the lock (injected)")

    monkeypatch.setattr(txn.Transaction, "commit", lose)
    monkeypatch.setattr(txn, "DEFAULT_DEADLINE_S", 0.5)
    try:
        call()
    except Exception as error:
        raised = error
    else:
        pytest.fail("the call committed although every commit lost its race")
    monkeypatch.undo()

    status = error_status(raised)[0]
    print(f"contention[{name}]: {commits['attempts']} lost commits -> {status}")
    assert status == "unavailable", repr(raised)
    assert commits["attempts"] > 1  # it re-planned before giving up
    assert all_documents(emulators) == before
    # With the race gone, the same call (same idempotency key) succeeds.
    assert call() is not None
