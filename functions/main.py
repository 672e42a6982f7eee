"""Entry point the Firebase CLI loads: it only exposes the deployed functions (listed once, in
`storepulse.endpoints.__all__`)."""

from storepulse import endpoints
from storepulse.endpoints import *  # noqa: F403 (every deployed function, by the list in endpoints)
from storepulse.platform.db import admin_app

__all__ = endpoints.__all__

# Callable token verification needs the default Admin SDK app before the first request.
admin_app()
