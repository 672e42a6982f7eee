"""Entry point the Firebase CLI loads: it only exposes the deployed functions."""

from storepulse.db import admin_app
from storepulse.endpoints import set_user_role

# Callable token verification needs the default Admin SDK app before the first request.
admin_app()

__all__ = ["set_user_role"]
