"""Collection names (the user's names are kept as written) and the shared field vocabulary."""

from __future__ import annotations

USERS = "users"
ADMIN_ACTIVITY_LOG = "adminActivityLog"
IDEMPOTENCY_KEYS = "idempotencyKeys"
