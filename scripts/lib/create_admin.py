"""scripts/create-admin: create or promote an admin with the Admin SDK (first admin of a project)."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", help="set when the user is created (emulator or new account)")
    parser.add_argument("--project", default=os.environ.get("GCLOUD_PROJECT", "demo-storepulse"))
    args = parser.parse_args(argv)

    os.environ["GCLOUD_PROJECT"] = args.project
    if args.project.startswith("demo-"):
        # demo-* projects exist only in the emulators.
        os.environ.setdefault("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080")
        os.environ.setdefault("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")

    from firebase_admin import auth

    from storepulse.identity.admins import promote_to_admin
    from storepulse.identity.directory import FirebaseUserDirectory
    from storepulse.platform.clock import SystemClock
    from storepulse.platform.db import admin_app, get_db

    app = admin_app()
    try:
        record = auth.get_user_by_email(args.email, app=app)
        created = False
    except auth.UserNotFoundError:
        record = auth.create_user(email=args.email, password=args.password, app=app)
        created = True
    result = promote_to_admin(get_db(), FirebaseUserDirectory(), record.uid, SystemClock().now())
    verb = "created and promoted" if created else ("promoted" if result.changed else "was already admin:")
    print(f"{args.email} ({record.uid}) {verb} admin in project {args.project}.")
    print("The user must sign in again (or refresh the ID token) to carry the new claim.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
