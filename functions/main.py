"""Entry point the Firebase CLI loads: it only exposes the deployed functions (listed once, in
`storepulse.endpoints.MODULE_OF`). The runtime names the function an instance serves in
`FUNCTION_TARGET`; that instance imports only that function's module (cold start). Discovery sets no
target and sees them all."""

import os

from storepulse import endpoints
from storepulse.platform.db import admin_app

_functions = endpoints.load(os.environ.get("FUNCTION_TARGET"))
globals().update(_functions)

# Callable token verification needs the default Admin SDK app before the first request.
admin_app()
