"""Identity callables."""

from __future__ import annotations

from storepulse.identity.models import SetUserRoleRequest, SetUserRoleResponse
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import Role
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied


@callable_endpoint(SetUserRoleRequest, callers=(Role.ADMIN,), errors=(PermissionDenied, NotFound, FailedPrecondition))
def set_user_role(context: CallContext, request: SetUserRoleRequest) -> SetUserRoleResponse:
    """Admins grant a role (and its shop or affiliate id) to a user."""
    from storepulse.identity import set_role
    from storepulse.identity.directory import FirebaseUserDirectory

    return set_role.set_user_role(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())
