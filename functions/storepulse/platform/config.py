"""Deployment facts read from the environment the Functions runtime (or emulator) provides."""

from __future__ import annotations

import json
import os

REGION = "us-central1"
DEMO_PROJECT_ID = "demo-storepulse"


def project_id() -> str:
    """The Firebase project id this code runs against."""
    for name in ("GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT"):
        value = os.environ.get(name)
        if value:
            return value
    config = os.environ.get("FIREBASE_CONFIG", "")
    if config.startswith("{"):
        project = json.loads(config).get("projectId")
        if project:
            return str(project)
    return DEMO_PROJECT_ID


def firestore_emulator_host() -> str | None:
    """host:port of the Firestore emulator this process talks to, or None in production."""
    return os.environ.get("FIRESTORE_EMULATOR_HOST") or None


def firestore_emulated() -> bool:
    return firestore_emulator_host() is not None


def functions_emulated() -> bool:
    """True inside the Functions emulator, where test-only request headers are honoured."""
    return os.environ.get("FUNCTIONS_EMULATOR") == "true"
