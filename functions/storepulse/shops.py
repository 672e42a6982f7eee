"""Shops: created by admins; creating one makes its owner a `shop` user."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse import idempotency, schema
from storepulse.errors import NotFound
from storepulse.models import DocId, IdempotencyKey, RequestModel, ResponseModel, ShortText
from storepulse.roles import Caller, Role
from storepulse.stats.scopes import shop
from storepulse.users.directory import UserDirectory
from storepulse.users.grants import Undo, require_assignable, set_claims_or_undo, stage_owner
from storepulse.users.service import require_auth_user

OPERATION = "create_shop"


class CreateShopRequest(RequestModel):
    name: ShortText
    owner_uid: DocId
    idempotency_key: IdempotencyKey | None = None


class ShopResponse(ResponseModel):
    shop_id: str
    name: str
    owner_uid: str
    created_at: datetime
    replayed: bool = False


def require_shop(db: firestore.Client, shop_id: str) -> dict[str, Any]:
    """The shop's document, or `not-found` naming `shopId`."""
    shop = db.collection(schema.SHOPS).document(shop_id).get()
    if not shop.exists:
        raise NotFound("shopId: no such shop.", field="shopId")
    return shop.to_dict() or {}


def create_shop(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: CreateShopRequest, now: datetime
) -> ShopResponse:
    caller.require_admin()
    owner = require_auth_user(directory, request.owner_uid, "ownerUid")
    call = idempotency.IdempotentCall.of(
        db, OPERATION, caller.uid, request.idempotency_key, request.model_dump(exclude={"idempotency_key"})
    )
    profile_ref = db.collection(schema.USERS).document(owner.uid)
    undo = Undo()

    @firestore.transactional
    def create(transaction: firestore.Transaction) -> dict[str, Any]:
        undo.clear()
        if (replay := call.replay(transaction)) is not None:
            return replay
        profile = profile_ref.get(transaction=transaction)
        require_assignable(profile.to_dict() or {}, "ownerUid")
        shop_ref = db.collection(schema.SHOPS).document()
        transaction.create(
            shop_ref, {"name": request.name, "ownerUid": owner.uid, "createdAt": now, "createdBy": caller.uid}
        )
        undo.created.append(shop_ref)
        stage_owner(
            db,
            transaction,
            undo,
            owner=owner,
            profile=profile,
            scope=shop(shop_ref.id),
            actor_uid=caller.uid,
            now=now,
            kind="shop_created",
            summary=f"Shop {request.name} created for {owner.display_name or owner.email or owner.uid}",
        )
        result = ShopResponse(shop_id=shop_ref.id, name=request.name, owner_uid=owner.uid, created_at=now)
        stored = result.model_dump(mode="json", by_alias=True)
        if (recorded := call.remember(transaction, stored, now)) is not None:
            undo.created.append(recorded)
        return stored

    result = ShopResponse.model_validate(create(db.transaction()))
    set_claims_or_undo(db, directory, owner, undo, role=Role.SHOP, shop_id=result.shop_id)
    return result
