"""The one builder of a commerce world (admin, shops, affiliates, customers, coupons), made through the
real callables as the apps would make them. Tests, `scripts/lib/seed.py` and `scripts/bench` use it.

The first admin is made the way an operator makes one (scripts/create-admin's Admin SDK path).
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.support.data import new_key
from tests.support.emulator_clients import DEMO_PASSWORD, PERSONAL_DATA, AuthEmulator, Endpoints, Functions, User

_numbers = itertools.count(1)


def make_first_admin(endpoints: Endpoints, email: str) -> User:
    """Create the admin with the Admin SDK path of scripts/create-admin, then sign in."""
    from scripts.lib.create_admin import main as create_admin

    create_admin(["--email", email, "--password", DEMO_PASSWORD, "--project", endpoints.project_id])
    return AuthEmulator(endpoints).sign_in(email)


def _unique(prefix: str) -> str:
    return f"{prefix}{next(_numbers)}-{uuid.uuid4().hex[:6]}@example.test"


@dataclass
class Shop:
    shop_id: str
    owner: User
    name: str = ""
    coupon_ids: list[str] = field(default_factory=list)


@dataclass
class Affiliate:
    affiliate_id: str
    code: str
    user: User
    name: str = ""


@dataclass
class World:
    functions: Functions
    auth: AuthEmulator
    admin: User
    shops: list[Shop] = field(default_factory=list)
    affiliates: list[Affiliate] = field(default_factory=list)
    customers: list[User] = field(default_factory=list)

    @classmethod
    def start(cls, endpoints: Endpoints, admin_email: str | None = None, functions: Functions | None = None) -> World:
        """A world with its first admin (a unique one unless `admin_email` is given), calling through
        `functions` when given (the tests' client holds every answer to the contract)."""
        admin = make_first_admin(endpoints, admin_email or _unique("admin"))
        return cls(functions=functions or Functions(endpoints), auth=AuthEmulator(endpoints), admin=admin)

    def call(self, name: str, data: Any, user: User | None, **kwargs: Any) -> Any:
        return self.functions.call(name, data, user, **kwargs)

    def shop(self, name: str | None = None, *, owner_email: str | None = None, owner_name: str | None = None) -> Shop:
        number = next(_numbers)
        name = name or f"Shop {number}"
        owner = self.auth.create_user(
            email=owner_email or _unique("owner"), display_name=owner_name or f"Owner {number}"
        )
        result = self.call("create_shop", {"name": name, "ownerUid": owner.uid}, self.admin)
        shop = Shop(result["shopId"], self.auth.refresh(owner), name)
        self.shops.append(shop)
        return shop

    def affiliate(self, code: str | None = None, *, name: str | None = None, email: str | None = None) -> Affiliate:
        number = next(_numbers)
        name = name or f"Affiliate {number}"
        user = self.auth.create_user(email=email or _unique("aff"), display_name=name)
        code = code or f"AFF{number}{uuid.uuid4().hex[:4].upper()}"
        result = self.call("create_affiliate", {"name": name, "uid": user.uid, "code": code}, self.admin)
        affiliate = Affiliate(result["affiliateId"], result["code"], self.auth.refresh(user), name)
        self.affiliates.append(affiliate)
        return affiliate

    def customer(
        self,
        name: str | None = None,
        *,
        email: str | None = None,
        affiliate_code: str | None = None,
        phone: str | None = "+15550100",
    ) -> User:
        user = self.auth.create_user(email=email or _unique("cust"))
        payload: dict[str, Any] = {"displayName": name or f"Customer {next(_numbers)}"}
        if phone:
            payload["phone"] = phone
        if affiliate_code:
            payload["affiliateCode"] = affiliate_code
        PERSONAL_DATA.update(value for value in (payload["displayName"], phone) if value)
        self.call("register_customer", payload, user)
        customer = self.auth.refresh(user)
        self.customers.append(customer)
        return customer

    def coupon(self, shop: Shop, **fields: Any) -> str:
        number = next(_numbers)
        payload = {
            "shopId": shop.shop_id,
            "code": f"C{number}X",
            "title": f"Coupon {number}",
            "discount": {"kind": "amount", "value": 5},
            "active": True,
            **fields,
        }
        coupon_id = str(self.call("upsert_coupon", payload, shop.owner)["couponId"])
        shop.coupon_ids.append(coupon_id)
        return coupon_id

    def redeem(self, user: User, coupon_id: str, **fields: Any) -> Any:
        return self.call("redeem_coupon", {"couponId": coupon_id, "idempotencyKey": new_key(), **fields}, user)
