"""Every accepted change of an order commits whole: an exception after the status write leaves
neither the status nor its timeline entry nor the notification nor the figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.orders import cancel, status, store
from storepulse.orders.models import CancelOrderRequest, UpdateOrderStatusRequest
from storepulse.platform.caller import Caller, Role
from storepulse.verify import verify
from tests.support.data import new_key
from tests.support.emulator_clients import Endpoints, all_documents
from tests.support.orders import place
from tests.support.world import World


class Injected(RuntimeError):
    """The fault the test injects."""


# (module, name): each is called after the order's status is staged in the transaction.
FAULTS = [(store, "timeline_entry"), (store, "new_timeline_ref"), (status, "publish"), (store, "count_orders")]


@pytest.mark.parametrize(("module", "name"), FAULTS, ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n in FAULTS])
def test_an_exception_after_the_status_write_leaves_nothing(
    world: World, db: firestore.Client, emulators: Endpoints, monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> None:
    shop = world.shop("Corner Bakery")
    order_id = place(world, world.customer(), shop)
    owner = Caller(shop.owner.uid, Role.SHOP, shop_id=shop.shop_id)
    before = all_documents(emulators)

    def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise Injected(f"injected in {name}")

    monkeypatch.setattr(module, name, explode)
    confirm = UpdateOrderStatusRequest.model_validate(
        {"orderId": order_id, "status": "confirmed", "idempotencyKey": new_key()}
    )
    with pytest.raises(Injected):
        status.update_order_status(db, owner, confirm, datetime.now(UTC))
    withdraw = CancelOrderRequest.model_validate({"orderId": order_id, "reason": "x", "idempotencyKey": new_key()})
    with pytest.raises(Injected):
        cancel.cancel_order(db, owner, withdraw, datetime.now(UTC))
    assert all_documents(emulators) == before

    monkeypatch.undo()
    assert status.update_order_status(db, owner, confirm, datetime.now(UTC)).version == 2
    assert verify(db) == []
