"""scripts/verify: print every mismatch between a stored view and its recomputation; exit 1 if any."""

from __future__ import annotations

import argparse
import os
import sys
import time

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from storepulse.verify import Mismatch, verify


def client(project: str) -> firestore.Client:
    if project.startswith("demo-") or os.environ.get("FIRESTORE_EMULATOR_HOST"):
        os.environ.setdefault("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080")
        return firestore.Client(project=project, credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    return firestore.Client(project=project)


def report(mismatches: list[Mismatch], seconds: float, out: object = sys.stdout) -> int:
    for mismatch in mismatches:
        print(f"MISMATCH {mismatch}", file=out)  # type: ignore[call-overload]
    verdict = "FAILED" if mismatches else "OK"
    print(f"verify: {verdict}: {len(mismatches)} mismatch(es) in {seconds:.1f} s", file=out)  # type: ignore[call-overload]
    return 1 if mismatches else 0


def run(db: firestore.Client) -> int:
    started = time.monotonic()
    return report(verify(db), time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", default=os.environ.get("GCLOUD_PROJECT", "demo-storepulse"))
    args = parser.parse_args(argv)
    return run(client(args.project))


if __name__ == "__main__":
    sys.exit(main())
