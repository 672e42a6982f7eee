"""scripts/backfill-retention: give documents written before the retention table their `expireAt`
and replace raw addresses and user agents (storepulse.platform.backfill); prints what it wrote."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from scripts.lib.stack import ROOT
from scripts.lib.verify_cli import client
from storepulse.platform import backfill


def salt(project: str) -> str:
    """ADDRESS_SALT from the environment; under the emulators the demo value the functions use."""
    if os.environ.get("ADDRESS_SALT"):
        return os.environ["ADDRESS_SALT"]
    if project.startswith("demo-"):
        for line in (ROOT / "functions" / ".secret.local").read_text().splitlines():
            name, _, value = line.partition("=")
            if name.strip() == "ADDRESS_SALT":
                return value.strip()
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", default=os.environ.get("GCLOUD_PROJECT", "demo-storepulse"))
    parser.add_argument("--dry-run", action="store_true", help="count what would be written; write nothing")
    args = parser.parse_args(argv)
    address_salt = salt(args.project)
    if not address_salt:
        print("ADDRESS_SALT is not set: old addresses are dropped, not hashed.", file=sys.stderr)
    report = backfill.run(client(args.project), datetime.now(UTC), address_salt, dry_run=args.dry_run)
    verb = "would write" if args.dry_run else "wrote"
    for collection, count in sorted(report.written.items()):
        print(f"{collection}: {verb} {count}")
    print(f"backfill-retention: scanned {report.scanned}, {verb} {report.total_written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
