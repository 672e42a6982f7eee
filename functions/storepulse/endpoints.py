"""The deployed callables: thin handlers that authenticate, validate and call the domain code."""

from __future__ import annotations

from storepulse.callable import CallContext, callable_endpoint
from storepulse.db import get_db
from storepulse.users import service as users
from storepulse.users.directory import FirebaseUserDirectory
from storepulse.users.models import SetUserRoleRequest, SetUserRoleResponse


@callable_endpoint(SetUserRoleRequest)
def set_user_role(context: CallContext, request: SetUserRoleRequest) -> SetUserRoleResponse:
    """Admins grant a role (and its shop or affiliate id) to a user."""
    return users.set_user_role(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())
