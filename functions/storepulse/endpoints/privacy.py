"""Privacy callables: export and erasure of a user's personal data."""

from __future__ import annotations

from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import EVERYONE, Role, Roleless
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied
from storepulse.privacy.models import (
    DeleteMyAccountRequest,
    DeleteUserDataRequest,
    ErasureResponse,
    ExportMyDataRequest,
    ExportResponse,
    ExportUserDataRequest,
)

# Accounts with a role that others depend on (a shop's owner, an affiliate, an admin) lose the role first.
ERASABLE = (Role.CUSTOMER, Roleless.NO_ROLE, Roleless.ANONYMOUS)


@callable_endpoint(ExportMyDataRequest, callers=EVERYONE, errors=())
def export_my_data(context: CallContext, request: ExportMyDataRequest) -> ExportResponse:
    """The signed-in caller downloads everything Storepulse holds about them."""
    from storepulse.privacy import export

    return export.export_my_data(get_db(), context.signed_in, context.clock.now())


@callable_endpoint(ExportUserDataRequest, callers=(Role.ADMIN,), errors=(PermissionDenied, NotFound))
def export_user_data(context: CallContext, request: ExportUserDataRequest) -> ExportResponse:
    """An admin exports everything Storepulse holds about a user (a support request)."""
    from storepulse.privacy import export

    return export.export_user_data(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(DeleteMyAccountRequest, callers=ERASABLE, errors=(FailedPrecondition,))
def delete_my_account(context: CallContext, request: DeleteMyAccountRequest) -> ErasureResponse:
    """The signed-in caller erases their account: personal data pseudonymised everywhere, Auth user deleted."""
    from storepulse.identity.directory import FirebaseUserDirectory
    from storepulse.privacy import erase

    return erase.delete_my_account(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    DeleteUserDataRequest, callers=(Role.ADMIN,), errors=(PermissionDenied, NotFound, FailedPrecondition)
)
def delete_user_data(context: CallContext, request: DeleteUserDataRequest) -> ErasureResponse:
    """An admin erases a user's account (a support request), finishing any erasure that stopped halfway."""
    from storepulse.identity.directory import FirebaseUserDirectory
    from storepulse.privacy import erase

    return erase.delete_user_data(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())
