"""`create_shop`: admins create a shop; its owner becomes a `shop` user."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.catalog import store
from storepulse.catalog.models import CreateShopRequest, ShopResponse
from storepulse.catalog.owners import Owned, OwnerSpec, create_owned
from storepulse.identity.directory import AuthUser, UserDirectory
from storepulse.platform import txn
from storepulse.platform.caller import Caller, Role

OPERATION = "create_shop"


def create_shop(
    db: firestore.Client, directory: UserDirectory, caller: Caller, request: CreateShopRequest, now: datetime
) -> ShopResponse:
    def stage(transaction: txn.Transaction, owner: AuthUser) -> Owned:
        ref = store.shop_ref(db)
        transaction.create(ref, store.shop_document(request.name, owner.uid, caller.uid, now))
        result = ShopResponse(shop_id=ref.id, name=request.name, owner_uid=owner.uid, created_at=now)
        return Owned(
            role=Role.SHOP,
            owner_id=ref.id,
            name=request.name,
            feed_kind="shop_created",
            summary=f"Shop {request.name} created for {owner.display_name or owner.email or owner.uid}",
            result=result.model_dump(mode="json", by_alias=True),
            created=[ref],
        )

    spec = OwnerSpec(OPERATION, request.owner_uid, "ownerUid")
    stored = create_owned(db, directory, caller, spec=spec, request=request, now=now, stage_entity=stage)
    return ShopResponse.model_validate(stored)
