"""scripts/bench's `script_size` section: what the storefront tracker costs a page to download.

storepulse.js (clients/js/dist, built by the bootstrap with clients/js/vite.config.ts) gzipped,
beside Plausible's script (about 1 KB gzipped: Plausible's own figure, a stated reference, since
its script is not in this workspace) and beside the Firebase JS SDK route to the same job
(clients/js/scripts/firebase-route.js: firebase/app + firebase/auth + firebase/functions, an
anonymous sign-in and one callable) bundled with the same Vite config, minified. Both are gzipped
here alike (level 9). Needs no emulator; takes about a second.
"""

from __future__ import annotations

import gzip
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from scripts.lib.stack import ROOT

CLIENT = ROOT / "clients" / "js"
SCRIPT = CLIENT / "dist" / "storepulse.js"
FIREBASE_ROUTE = CLIENT / "scripts" / "firebase-route.js"
BUNDLE = CLIENT / "scripts" / "bundle.mjs"
PLAUSIBLE_GZIP_BYTES = 1024  # "about 1 KB" (Plausible's documentation), not measured
GOAL_GZIP_BYTES = 20 * 1024


def sizes(path: Path) -> dict[str, int]:
    data = path.read_bytes()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, compresslevel=9, mtime=0))}


def firebase_route_sizes() -> dict[str, int]:
    """The Firebase SDK route's entry, bundled as storepulse.js is (clients/js/scripts/bundle.mjs)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["node", str(BUNDLE), str(FIREBASE_ROUTE), out], cwd=CLIENT, check=True, timeout=300)
        return sizes(Path(out) / "bundle.js")


def section_script_size() -> dict[str, Any]:
    if not SCRIPT.exists():
        raise FileNotFoundError(f"{SCRIPT} is missing: build it with `npm run build -w clients/js`.")
    ours, firebase = sizes(SCRIPT), firebase_route_sizes()
    return {
        "script": str(SCRIPT.relative_to(ROOT)),
        **ours,
        "plausible_gzip_bytes": PLAUSIBLE_GZIP_BYTES,
        "firebase_sdk": {"entry": str(FIREBASE_ROUTE.relative_to(ROOT)), **firebase},
        "ratio": {
            "plausible": round(ours["gzip_bytes"] / PLAUSIBLE_GZIP_BYTES, 3),
            "firebase_sdk": round(ours["gzip_bytes"] / firebase["gzip_bytes"], 3),
        },
        "goal_gzip_bytes": GOAL_GZIP_BYTES,
        "met": ours["gzip_bytes"] <= GOAL_GZIP_BYTES,
        "measures": "gzip -9 of the minified IIFE; Plausible's figure is its own, stated",
    }


def script_size_rows(section: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """The bench table's rows: ours beside Plausible's, and beside the Firebase SDK route."""
    met = "met" if section["met"] else "not met"
    return [
        (
            "storepulse.js gzip bytes (Plausible)",
            section["gzip_bytes"],
            section["plausible_gzip_bytes"],
            section["ratio"]["plausible"],
            f"<= {section['goal_gzip_bytes']} ({met})",
        ),
        (
            "  beside the Firebase SDK route",
            section["gzip_bytes"],
            section["firebase_sdk"]["gzip_bytes"],
            section["ratio"]["firebase_sdk"],
            "app + auth + functions",
        ),
    ]
