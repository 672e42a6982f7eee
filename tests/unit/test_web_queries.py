"""Every query an app runs goes through the client SDK (clients/js): the SDK declares its queries in
queries.json, each one of storepulse.queries (so it is indexed, and the rules matrix covers it), and
builds them only in the queries.ts beside it. The web app is such an app: it reads and calls only
through the SDK, never through Firestore or Functions itself, and it has no untyped rows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from scripts.lib.stack import ROOT
from storepulse.platform import queries

WEB = ROOT / "web" / "src"
SDK = ROOT / "clients" / "js" / "src"
DIRECTIONS = {"asc": "ASCENDING", "desc": "DESCENDING"}
# Query-building calls of the Firebase JS SDK; only the SDK's queries.ts may make them.
BUILDERS = re.compile(r"\b(where|orderBy|query|collection|collectionGroup)\(")
# A module the web app must not use: Firestore (reads go through the SDK's watch and hooks) and
# Functions (calls go through the SDK's typed methods), however it is imported or re-exported.
FORBIDDEN_MODULES = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)"""
    r"""["'](@?firebase/(?:firestore|functions)(?:/[^"']*)?)["']"""
)
# What the SDK's types replace: a document row read field by field.
UNTYPED_ROW = re.compile(r"Record<\s*string\s*,\s*unknown\s*>")


def undeclared(specs: dict[str, Any]) -> list[str]:
    python = {(s.collection, s.equals, s.order_by) for s in queries.ALL}
    return [
        name
        for name, spec in specs.items()
        if not name.startswith("_")
        and (
            spec["collection"],
            tuple(spec["equals"]),
            tuple((field, DIRECTIONS[direction]) for field, direction in spec["orderBy"]),
        )
        not in python
    ]


def declared_specs() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SDK / "queries.json").read_text())
    return loaded


def sources(tree: Path) -> list[Path]:
    return sorted([*tree.rglob("*.ts"), *tree.rglob("*.tsx")])


def test_every_declared_query_is_one_of_storepulse_queries() -> None:
    assert undeclared(declared_specs()) == []


def test_the_check_fails_for_an_undeclared_query() -> None:
    stray = {"BY_TITLE": {"collection": "coupons", "equals": ["shopId"], "orderBy": [["title", "asc"]]}}
    assert undeclared({**declared_specs(), **stray}) == ["BY_TITLE"]


def test_only_the_sdks_queries_ts_builds_queries() -> None:
    stray = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources(SDK)
        if path.name != "queries.ts"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BUILDERS.search(line) and not line.lstrip().startswith(("//", "*", "import"))
    ]
    assert stray == []


def forbidden_imports(text: str) -> list[str]:
    """The Firestore and Functions modules `text` imports (statically, dynamically or re-exported)."""
    return FORBIDDEN_MODULES.findall(text)


def test_the_web_app_reads_and_calls_only_through_the_sdk() -> None:
    found = {str(path.relative_to(ROOT)): forbidden_imports(path.read_text()) for path in sources(WEB)}
    assert {path: modules for path, modules in found.items() if modules} == {}
    assert found, "web/src has no sources: the check would pass vacuously"


def test_the_check_finds_firestore_and_functions_however_imported() -> None:
    written = """
import { onSnapshot, query } from "firebase/firestore";
import type { Functions } from 'firebase/functions';
export { doc } from "@firebase/firestore";
import "firebase/firestore/lite";
const lazy = await import( "firebase/functions" );
import { signOut } from "firebase/auth";
import { createStorepulse } from "@storepulse/client";
"""
    assert forbidden_imports(written) == [
        "firebase/firestore",
        "firebase/functions",
        "@firebase/firestore",
        "firebase/firestore/lite",
        "firebase/functions",
    ]


def test_the_web_app_has_no_untyped_rows() -> None:
    """Rows are the SDK's document types, never a record read field by field."""
    stray = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources(WEB)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if UNTYPED_ROW.search(line)
    ]
    assert stray == []
    assert UNTYPED_ROW.search("type Row = Record<string,  unknown> & { id: string };")


def order_machine() -> dict[str, Any]:
    """The status machine as the SDK offers it (generated from storepulse.orders.rules)."""
    from storepulse.orders import rules

    return {
        "statuses": {
            status.value: {"label": info.label, "progress": info.progress, "final": info.final}
            for status, info in rules.STATUSES.items()
        },
        "moves": [
            {"from": source.value, "to": target.value, "only": only.value if only else None}
            for (source, target), only in rules.MOVES.items()
        ],
        "open": [status.value for status in rules.OPEN],
    }


def test_the_sdk_offers_the_one_status_machine() -> None:
    """clients/js/src/orderMachine.json is storepulse.orders.rules, not a second table (regenerate it
    from `order_machine()` when the machine changes)."""
    assert json.loads((SDK / "orderMachine.json").read_text()) == order_machine()
