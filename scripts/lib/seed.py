"""Demo data for scripts/dev: real Auth users, shops, affiliates, customers and coupons, made with the
one world builder (tests/support/world.py), through the deployed callables as the apps would."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from storepulse.orders.rules import Fulfilment, Status
from tests.support.data import new_key
from tests.support.emulator_clients import Endpoints
from tests.support.loyalty import program, qr
from tests.support.orders import move, path_to, place, random_path
from tests.support.world import Affiliate, Shop, World

SHOP_NAMES = ("Corner Bakery", "Blue Bike Shop", "Green Grocer")
AFFILIATES = (("Daily Deals Blog", "DEALS10"), ("Campus Coupons", "CAMPUS"))
CUSTOMER_NAMES = (
    "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov",
    "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Frances Allen", "John McCarthy",
    "Radia Perlman", "Tim Berners-Lee", "Katherine Johnson", "Dennis Ritchie", "Sophie Wilson",
    "Linus Torvalds", "Hedy Lamarr", "Guido van Rossum", "Anita Borg", "Bjarne Stroustrup",
)  # fmt: skip


def logins(demo: World) -> list[tuple[str, str, str]]:
    """(role, email, what it sees) for the printed login table."""
    rows = [("admin", demo.admin.email or "", "everything")]
    rows += [("shop", s.owner.email or "", f"{s.name} ({s.shop_id})") for s in demo.shops]
    rows += [("affiliate", a.user.email or "", f"{a.name} (code {a.code})") for a in demo.affiliates]
    rows += [("customer", u.email or "", "own redemptions and actions") for u in demo.customers[:3]]
    if len(demo.customers) > 3:
        rows.append(("customer", f"customer04..{len(demo.customers):02d}@storepulse.test", "likewise"))
    return rows


def _coupons_for(shop: Shop, affiliate: Affiliate) -> list[dict[str, Any]]:
    prefix = "".join(word[0] for word in shop.name.split()).upper()
    return [
        {"code": f"{prefix}10", "title": "10% off everything", "discount": {"kind": "percent", "value": 10},
         "perCustomerLimit": 100},
        {"code": f"{prefix}5OFF", "title": "5 off your basket", "discount": {"kind": "amount", "value": 5},
         "perCustomerLimit": 50},
        {"code": f"{prefix}FIRST50", "title": "First 50 customers: 20% off", "discount": {"kind": "percent",
         "value": 20}, "maxRedemptions": 50},
        {"code": f"{prefix}{affiliate.code}", "title": f"{affiliate.name} readers: 15% off",
         "discount": {"kind": "percent", "value": 15}, "affiliateId": affiliate.affiliate_id,
         "commissionRate": 0.05, "perCustomerLimit": 100},
    ]  # fmt: skip


def seed_demo(endpoints: Endpoints) -> World:
    demo = World.start(endpoints, "admin@storepulse.test")
    for number, name in enumerate(SHOP_NAMES, start=1):
        demo.shop(name, owner_email=f"owner{number}@storepulse.test", owner_name=f"Owner of {name}")
    for number, (name, code) in enumerate(AFFILIATES, start=1):
        demo.affiliate(code, name=name, email=f"affiliate{number}@storepulse.test")
    for index, shop in enumerate(demo.shops):
        for coupon in _coupons_for(shop, demo.affiliates[index % len(demo.affiliates)]):
            demo.coupon(shop, **coupon)
    for number, name in enumerate(CUSTOMER_NAMES, start=1):
        code = demo.affiliates[number % len(demo.affiliates)].code if number % 4 == 0 else None
        demo.customer(
            name, email=f"customer{number:02d}@storepulse.test", affiliate_code=code, phone=f"+1 555 01{number:02d}"
        )
    seed_loyalty(demo)
    seed_orders(demo)
    return demo


def seed_loyalty(demo: World) -> None:
    """A program at every shop; the first customers are members at one or more shops, with points."""
    for shop in demo.shops:
        program(demo, shop, points=10)
    for index, customer in enumerate(demo.customers[:6]):
        for shop in demo.shops[: 1 + index % len(demo.shops)]:
            asked = demo.call("scan_qr", {"token": qr(demo, customer), "idempotencyKey": new_key()}, shop.owner)
            demo.call("respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer)
            demo.call("scan_qr", {"token": qr(demo, customer), "idempotencyKey": new_key()}, shop.owner)


def seed_orders(demo: World) -> None:
    """Orders at every shop in every stage; the first customer's latest one is out for delivery with
    a carrier and an ETA (the terminal view follows it)."""
    for index, customer in enumerate(demo.customers[1:10], start=1):
        shop = demo.shops[index % len(demo.shops)]
        kind = Fulfilment.DELIVERY if index % 2 else Fulfilment.PICKUP
        order_id = place(demo, customer, shop, kind)
        for status in random_path(kind, random.Random(index))[: index % 5]:
            move(demo, shop.owner, order_id, status)
    bakery, ada = demo.shops[0], demo.customers[0]
    order_id = place(demo, ada, bakery, Fulfilment.DELIVERY)
    for status in path_to(Status.OUT_FOR_DELIVERY, Fulfilment.DELIVERY):
        move(demo, bakery.owner, order_id, status)
    eta = (datetime.now(UTC) + timedelta(minutes=25)).isoformat()
    delivery = {"orderId": order_id, "carrier": "Blue Bike Couriers", "trackingNumber": "BBC-2041", "eta": eta}
    demo.call("update_delivery", {**delivery, "idempotencyKey": new_key()}, bakery.owner)
