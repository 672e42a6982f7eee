"""Request and response models of the identity callables, and the user profile document."""

from datetime import datetime

from pydantic import Field

from storepulse.platform.caller import Role
from storepulse.platform.models import DocId, DocumentModel, IdempotencyKey, RequestModel, ResponseModel


class SetUserRoleRequest(RequestModel):
    uid: DocId
    role: Role
    shop_id: DocId | None = None
    affiliate_id: DocId | None = None
    idempotency_key: IdempotencyKey | None = None


class SetUserRoleResponse(ResponseModel):
    uid: str
    role: Role
    shop_id: str | None
    affiliate_id: str | None
    previous_role: Role | None
    changed: bool
    replayed: bool = False


class UserProfile(DocumentModel):
    """`users/{uid}`: the role claims mirrored (a client that sees `roleUpdatedAt` move refreshes its
    ID token) and the profile a registration gives. Only ever merged: a grant writes the role
    fields and stamps, a registration its profile fields, loyalty the tier."""

    uid: str
    role: Role | None = None
    shop_id: str | None = None
    affiliate_id: str | None = None
    email: str | None = None
    display_name: str | None = None
    phone: str | None = None
    attributed_affiliate_id: str | None = None
    registered_at: datetime | None = None
    role_updated_at: datetime | None = None
    role_updated_by: str | None = None
    tier: str | None = Field(
        default=None, description="The loyalty tier: silver, gold or platinum; absent means bronze."
    )
