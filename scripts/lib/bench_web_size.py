"""scripts/bench's `web_size` section: what the web app's routes cost a phone to download.

Read from Vite's manifest of the built app (web/dist/.vite/manifest.json, written by the bootstrap's
`npm run build -w web`): the landing (sign-in) route loads the entry chunk and its static imports
(index.html's script and modulepreload links); each role's pages are their own chunks (React.lazy),
loaded after sign-in with the signed-in shell. Every file is gzipped at level 9, as `script_size`
does. Goal: the sign-in route's JavaScript <= 250 KB gzipped. Needs no emulator.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from scripts.lib.stack import ROOT

DIST = ROOT / "web" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"
GOAL_GZIP_BYTES = 250 * 1024
ENTRY = "index.html"
SHELL = "src/components/Shell.tsx"
ROLES = {
    "shop": "src/pages/Shop.tsx",
    "customer": "src/pages/Customer.tsx",
    "admin": "src/pages/Admin.tsx",
    "affiliate": "src/pages/Affiliate.tsx",
    "account": "src/pages/Account.tsx",
}


def gzip_bytes(file: str) -> int:
    return len(gzip.compress((DIST / file).read_bytes(), compresslevel=9, mtime=0))


def closure(manifest: dict[str, Any], key: str) -> set[str]:
    """The JavaScript files a chunk loads before it runs: itself and its static imports."""
    files: set[str] = set()
    todo = [key]
    seen: set[str] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        chunk = manifest[current]
        if chunk["file"].endswith(".js"):
            files.add(chunk["file"])
        todo.extend(chunk.get("imports", []))
    return files


def total(files: set[str]) -> int:
    return sum(gzip_bytes(file) for file in files)


def section_web_size() -> dict[str, Any]:
    if not MANIFEST.exists():
        raise FileNotFoundError(f"{MANIFEST} is missing: build the app with `npm run build -w web`.")
    manifest = json.loads(MANIFEST.read_text())
    landing = closure(manifest, ENTRY)
    shell = closure(manifest, SHELL) - landing
    roles = {}
    for role, key in ROLES.items():
        own = closure(manifest, key) - landing
        roles[role] = {
            "chunk": manifest[key]["file"],
            "chunk_gzip_bytes": gzip_bytes(manifest[key]["file"]),
            # What signing in as this role downloads beyond the landing page: the shell and the pages.
            "after_sign_in_gzip_bytes": total(own | shell),
        }
    sign_in = total(landing)
    return {
        "sign_in_route": {"files": sorted(landing), "gzip_bytes": sign_in},
        "shell": {"chunk": manifest[SHELL]["file"], "gzip_bytes": total(shell)},
        "roles": roles,
        "goal_gzip_bytes": GOAL_GZIP_BYTES,
        "met": sign_in <= GOAL_GZIP_BYTES,
        "measures": "gzip -9 of the built chunks; sign-in = entry + static imports; a role = shell + pages beyond it",
    }


def web_size_rows(section: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    met = "met" if section["met"] else "not met"
    rows: list[tuple[str, Any, Any, Any, str]] = [
        (
            "web sign-in route JS gzip bytes",
            section["sign_in_route"]["gzip_bytes"],
            "",
            "",
            f"<= {section['goal_gzip_bytes']} ({met})",
        )
    ]
    for role, sizes in section["roles"].items():
        added, chunk = sizes["after_sign_in_gzip_bytes"], sizes["chunk_gzip_bytes"]
        rows.append((f"  {role} pages after sign-in", added, "", "", f"chunk {chunk}"))
    return rows
