"""A day of every capability through the callables, as apps make it: redemptions and actions,
visitors with a failed and a paid checkout, loyalty cards with points and a deduction, orders
delivered and cancelled (the document-shape and retention tests read what it writes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support import loyalty, orders
from tests.support.data import new_key
from tests.support.emulator_clients import User
from tests.support.world import Shop, World

DEVICE = {"platform": "ios", "appVersion": "2.1.0", "userAgent": "Storepulse/2.1", "locale": "pt-PT"}


def redemptions(world: World, shop: Shop) -> User:
    affiliate = world.affiliate()
    attributed = world.customer(affiliate_code=affiliate.code)
    plain = world.customer(phone=None)
    limited = world.coupon(shop, maxRedemptions=5, perCustomerLimit=3)
    promoted = world.coupon(shop, affiliateId=affiliate.affiliate_id, commissionRate=0.1)
    first = world.redeem(attributed, limited, orderAmount=30, sessionId="s1", device=DEVICE)
    world.redeem(plain, promoted, orderAmount=12.5)
    world.call("reverse_redemption", {"redemptionId": first["redemptionId"], "reason": "test"}, world.admin)
    world.call("track_action", {"action": "search", "shopId": shop.shop_id, "context": {"q": "bread"}}, plain)
    world.call("mark_notifications", {"all": True, "state": "archived"}, plain)
    return attributed


def visitors(world: World, shop: Shop, customer: User) -> None:
    items = [{"productId": "p", "name": "P", "qty": 1, "unitPrice": 3}]
    visitor = world.auth.anonymous()
    world.call("track_page", {"sessionId": "v", "shopId": shop.shop_id, "pageType": "offer", "pageId": "o1"}, visitor)
    started = {"sessionId": "v", "shopId": shop.shop_id, "total": 3, "currency": "EUR", "items": items}
    failed = world.call("checkout_started", started, visitor)["checkoutId"]
    world.call("payment_initiated", {"checkoutId": failed, "method": "card"}, visitor)
    declined = {"checkoutId": failed, "errorCode": "declined", "errorMessage": "no", "details": {"attempt": 1}}
    world.call("payment_failed", declined, visitor)
    world.call("track_page", {"sessionId": "c", "shopId": shop.shop_id, "pageType": "homepage"}, customer)
    contact = {"name": "Ann", "email": "ann@example.test", "phone": "+15550100"}
    delivered = {**started, "sessionId": "c", "customer": contact, "fulfilment": orders.fulfilment("delivery")}
    paid = world.call("checkout_started", delivered, customer)["checkoutId"]
    world.call("payment_initiated", {"checkoutId": paid, "method": "card"}, customer)
    world.call("payment_succeeded", {"checkoutId": paid, "amount": 3}, customer)
    world.call("end_session", {"sessionId": "v"}, visitor)


def loyalty_cards(world: World, shop: Shop, customer: User) -> None:
    loyalty.program(world, shop)
    scan = {"token": loyalty.qr(world, customer), "idempotencyKey": new_key()}
    requested = world.call("scan_qr", scan, shop.owner)
    world.call("respond_to_enrollment", {"enrollmentId": requested["enrollmentId"], "accept": True}, customer)
    award = {"customerId": customer.uid, "delta": 600, "reason": "welcome", "idempotencyKey": new_key()}
    world.call("adjust_points", award, shop.owner)  # lifts the customer to silver
    deduction = {"customerId": customer.uid, "delta": -50, "reason": "gift", "idempotencyKey": new_key()}
    request_id = world.call("adjust_points", deduction, shop.owner)["requestId"]
    world.call("respond_to_points_request", {"requestId": request_id, "approve": True}, customer)


def order_flow(world: World, shop: Shop, customer: User) -> None:
    order_id = orders.place(world, customer, shop, "delivery")
    for status in ("confirmed", "preparing"):
        orders.move(world, shop.owner, order_id, status, note="on it")
    eta = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    where = {"label": "Depot", "lat": 38.7, "lng": -9.1}
    update = {"orderId": order_id, "carrier": "CTT", "eta": eta, "lastLocation": where, "idempotencyKey": new_key()}
    world.call("update_delivery", update, shop.owner)
    for status in ("out_for_delivery", "delivered"):
        orders.move(world, shop.owner, order_id, status)
    cancelled = orders.place(world, customer, shop)
    cancel = {"orderId": cancelled, "reason": "changed my mind", "idempotencyKey": new_key()}
    world.call("cancel_order", cancel, customer)


def every_capability(world: World) -> Shop:
    """One shop through every flow above; returns it."""
    shop = world.shop()
    customer = redemptions(world, shop)
    visitors(world, shop, customer)
    loyalty_cards(world, shop, customer)
    order_flow(world, shop, customer)
    return shop
