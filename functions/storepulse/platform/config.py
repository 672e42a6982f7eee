"""Deployment facts read from the environment the Functions runtime (or emulator) provides."""

from __future__ import annotations

import json
import os

from firebase_functions import params

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


# A deploy parameter (firebase deploy asks for it, or reads it from functions/.env.<project>):
# whether every callable refuses calls without a valid App Check token. On by default; under the
# emulators the web app and SDK send debug tokens the emulator cannot check, so it is off there.
ENFORCE_APP_CHECK = params.BoolParam(
    "ENFORCE_APP_CHECK",
    default=True,
    description="Refuse callable requests without a valid App Check token (docs/deploying.md).",
)


def enforce_app_check() -> bool:
    """Whether callables enforce App Check: the parameter's value, and never under the emulator."""
    return ENFORCE_APP_CHECK.value and not functions_emulated()
