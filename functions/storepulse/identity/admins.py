"""Creating the first admin of a fresh project, where no admin exists yet to call set_user_role."""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from storepulse.identity.directory import UserDirectory
from storepulse.identity.models import SetUserRoleRequest, SetUserRoleResponse
from storepulse.identity.set_role import set_user_role
from storepulse.platform.caller import Caller, Role

# Audit entries written by operator tooling name this actor instead of a user.
OPERATOR = Caller(uid="operator:create-admin", role=Role.ADMIN)


def promote_to_admin(db: firestore.Client, directory: UserDirectory, uid: str, now: datetime) -> SetUserRoleResponse:
    """Make `uid` an admin through the same all-or-nothing path as set_user_role."""
    return set_user_role(db, directory, OPERATOR, SetUserRoleRequest(uid=uid, role=Role.ADMIN), now)
