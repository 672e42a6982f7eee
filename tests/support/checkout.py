"""A visitor's checkout through the callables: a session on the shop, a checkout with the payer's
contact, and failed payment attempts."""

from __future__ import annotations

from typing import Any

from tests.support.emulator_clients import User
from tests.support.world import Shop, World

ITEMS = [{"productId": "p1", "name": "Red bike", "qty": 1, "unitPrice": 250.0}]
CONTACT = {"name": "Ada Lovelace", "email": "ada@example.test", "phone": "+44 20 7946 0001"}


def start_checkout(world: World, shop: Shop, user: User, session: str = "s1") -> str:
    world.call("track_page", {"sessionId": session, "shopId": shop.shop_id, "pageType": "checkout"}, user)
    payload = {"sessionId": session, "shopId": shop.shop_id, "items": ITEMS, "total": 250.0, "currency": "eur"}
    return str(world.call("checkout_started", {**payload, "customer": CONTACT}, user)["checkoutId"])


def fail(world: World, user: User, checkout_id: str, code: str = "card_declined", **extra: Any) -> Any:
    """One payment attempt on the checkout, failed with `code`."""
    world.call("payment_initiated", {"checkoutId": checkout_id, "method": "card"}, user)
    payload = {"checkoutId": checkout_id, "errorCode": code, "errorMessage": "Insufficient funds", **extra}
    return world.call("payment_failed", payload, user)
