"""Request and response models of the identity callables."""

from storepulse.platform.caller import Role
from storepulse.platform.models import DocId, IdempotencyKey, RequestModel, ResponseModel


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
