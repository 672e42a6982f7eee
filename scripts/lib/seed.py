"""Demo data for scripts/dev: real Auth users, shops, affiliates, customers and coupons, all made
through the deployed callables, as the apps would make them.

The first admin is made the way an operator makes one (scripts/create-admin's Admin SDK path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scripts.lib.emulator_clients import DEMO_PASSWORD, AuthEmulator, Endpoints, Functions, User

SHOP_NAMES = ("Corner Bakery", "Blue Bike Shop", "Green Grocer")
AFFILIATES = (("Daily Deals Blog", "DEALS10"), ("Campus Coupons", "CAMPUS"))
CUSTOMER_NAMES = (
    "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov",
    "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Frances Allen", "John McCarthy",
    "Radia Perlman", "Tim Berners-Lee", "Katherine Johnson", "Dennis Ritchie", "Sophie Wilson",
    "Linus Torvalds", "Hedy Lamarr", "Guido van Rossum", "Anita Borg", "Bjarne Stroustrup",
)  # fmt: skip


@dataclass
class DemoShop:
    shop_id: str
    name: str
    owner: User
    coupon_ids: list[str] = field(default_factory=list)


@dataclass
class DemoAffiliate:
    affiliate_id: str
    name: str
    code: str
    user: User


@dataclass
class DemoData:
    admin: User
    shops: list[DemoShop] = field(default_factory=list)
    affiliates: list[DemoAffiliate] = field(default_factory=list)
    customers: list[User] = field(default_factory=list)

    def logins(self) -> list[tuple[str, str, str]]:
        """(role, email, what it sees) for the printed login table."""
        rows = [("admin", self.admin.email or "", "everything")]
        rows += [("shop", s.owner.email or "", f"{s.name} ({s.shop_id})") for s in self.shops]
        rows += [("affiliate", a.user.email or "", f"{a.name} (code {a.code})") for a in self.affiliates]
        rows += [("customer", u.email or "", "own redemptions and actions") for u in self.customers[:3]]
        if len(self.customers) > 3:
            rows.append(("customer", f"customer04..{len(self.customers):02d}@storepulse.test", "likewise"))
        return rows


def make_first_admin(endpoints: Endpoints, email: str) -> User:
    """Create the admin with the Admin SDK path of scripts/create-admin, then sign in."""
    from scripts.lib.create_admin import main as create_admin

    create_admin(["--email", email, "--password", DEMO_PASSWORD, "--project", endpoints.project_id])
    return AuthEmulator(endpoints).sign_in(email)


def _coupons_for(shop: DemoShop, affiliate: DemoAffiliate) -> list[dict[str, Any]]:
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


def seed_demo(endpoints: Endpoints) -> DemoData:
    auth = AuthEmulator(endpoints)
    functions = Functions(endpoints)
    demo = DemoData(admin=make_first_admin(endpoints, "admin@storepulse.test"))
    for number, name in enumerate(SHOP_NAMES, start=1):
        owner = auth.create_user(email=f"owner{number}@storepulse.test", display_name=f"Owner of {name}")
        shop = functions.call("create_shop", {"name": name, "ownerUid": owner.uid}, demo.admin)
        demo.shops.append(DemoShop(shop["shopId"], name, auth.refresh(owner)))
    for number, (name, code) in enumerate(AFFILIATES, start=1):
        user = auth.create_user(email=f"affiliate{number}@storepulse.test", display_name=name)
        affiliate = functions.call("create_affiliate", {"name": name, "uid": user.uid, "code": code}, demo.admin)
        demo.affiliates.append(DemoAffiliate(affiliate["affiliateId"], name, code, auth.refresh(user)))
    for index, shop in enumerate(demo.shops):
        for coupon in _coupons_for(shop, demo.affiliates[index % len(demo.affiliates)]):
            created = functions.call("upsert_coupon", {"shopId": shop.shop_id, "active": True, **coupon}, shop.owner)
            shop.coupon_ids.append(created["couponId"])
    for number, name in enumerate(CUSTOMER_NAMES, start=1):
        user = auth.create_user(email=f"customer{number:02d}@storepulse.test")
        registration: dict[str, Any] = {"displayName": name, "phone": f"+1 555 01{number:02d}"}
        if number % 4 == 0:
            registration["affiliateCode"] = demo.affiliates[number % len(demo.affiliates)].code
        functions.call("register_customer", registration, user)
        demo.customers.append(auth.refresh(user))
    return demo
