"""The cold-start floor scripts/bench's `cold_start` section imports beside functions/main.py: a
`main.py` with one callable that imports the same three SDKs every deployed function needs
(the callable layer, the Admin SDK, the Firestore client) and nothing of Storepulse."""

from __future__ import annotations

from typing import Any

import firebase_admin  # noqa: F401 (imported for what importing it costs, as main.py's imports do)
from firebase_functions import https_fn
from google.cloud import firestore  # noqa: F401 (the same)


@https_fn.on_call()
def ping(request: https_fn.CallableRequest[Any]) -> dict[str, Any]:
    """The one callable: answers without touching Firestore."""
    return {"uid": request.auth.uid if request.auth else None}
