"""Builders for a small commerce world, made through the real callables (as the apps would)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google.cloud import firestore

from scripts.lib.emulator_clients import AuthEmulator, Functions, User

_numbers = itertools.count(1)


def new_key(prefix: str = "key") -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


def database_state(db: firestore.Client) -> dict[str, Any]:
    """Every document's path and update time: equal before and after means nothing was written."""
    state: dict[str, Any] = {}

    def walk(collection: firestore.CollectionReference) -> None:
        for snapshot in collection.stream():
            state[snapshot.reference.path] = snapshot.update_time
            for child in snapshot.reference.collections():
                walk(child)
        for reference in collection.list_documents():
            if reference.path not in state:
                for child in reference.collections():
                    walk(child)

    for collection in db.collections():
        walk(collection)
    return state


def count(db: firestore.Client, collection: str, **equals: Any) -> int:
    query: Any = db.collection(collection)
    for name, value in equals.items():
        query = query.where(filter=firestore.FieldFilter(name, "==", value))
    return int(query.count().get()[0][0].value)


@dataclass
class Shop:
    shop_id: str
    owner: User


@dataclass
class Affiliate:
    affiliate_id: str
    code: str
    user: User


@dataclass
class World:
    functions: Functions
    auth: AuthEmulator
    admin: User
    shops: list[Shop] = field(default_factory=list)
    affiliates: list[Affiliate] = field(default_factory=list)

    def call(self, name: str, data: Any, user: User | None, **kwargs: Any) -> Any:
        return self.functions.call(name, data, user, **kwargs)

    def shop(self, name: str | None = None) -> Shop:
        number = next(_numbers)
        owner = self.auth.create_user(
            email=f"owner{number}-{uuid.uuid4().hex[:6]}@example.test", display_name=f"Owner {number}"
        )
        result = self.call("create_shop", {"name": name or f"Shop {number}", "ownerUid": owner.uid}, self.admin)
        shop = Shop(result["shopId"], self.auth.refresh(owner))
        self.shops.append(shop)
        return shop

    def affiliate(self, code: str | None = None) -> Affiliate:
        number = next(_numbers)
        user = self.auth.create_user(
            email=f"aff{number}-{uuid.uuid4().hex[:6]}@example.test", display_name=f"Affiliate {number}"
        )
        code = code or f"AFF{number}{uuid.uuid4().hex[:4].upper()}"
        result = self.call(
            "create_affiliate", {"name": f"Affiliate {number}", "uid": user.uid, "code": code}, self.admin
        )
        affiliate = Affiliate(result["affiliateId"], result["code"], self.auth.refresh(user))
        self.affiliates.append(affiliate)
        return affiliate

    def customer(
        self, name: str | None = None, *, affiliate_code: str | None = None, phone: str | None = "+15550100"
    ) -> User:
        number = next(_numbers)
        user = self.auth.create_user(email=f"cust{number}-{uuid.uuid4().hex[:6]}@example.test")
        payload: dict[str, Any] = {"displayName": name or f"Customer {number}"}
        if phone:
            payload["phone"] = phone
        if affiliate_code:
            payload["affiliateCode"] = affiliate_code
        self.call("register_customer", payload, user)
        return self.auth.refresh(user)

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
        return str(self.call("upsert_coupon", payload, shop.owner)["couponId"])

    def redeem(self, user: User, coupon_id: str, **fields: Any) -> Any:
        return self.call("redeem_coupon", {"couponId": coupon_id, "idempotencyKey": new_key(), **fields}, user)


WorldFactory = Callable[[], World]
