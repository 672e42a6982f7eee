"""Every query the web app and the client SDK run is one of storepulse.queries (so it is indexed, and
the rules matrix covers it): each declares its queries in a queries.json (web/src, clients/js/src)
and builds them only in the queries.ts beside it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scripts.lib.stack import ROOT
from storepulse.platform import queries

WEB = ROOT / "web" / "src"
SDK = ROOT / "clients" / "js" / "src"
# Each source tree that runs Firestore queries, with its declarations beside its one builder.
DECLARING = pytest.mark.parametrize("sources", [WEB, SDK], ids=["web", "sdk"])
DIRECTIONS = {"asc": "ASCENDING", "desc": "DESCENDING"}
# Query-building calls of the Firebase JS SDK; only queries.ts may make them.
BUILDERS = re.compile(r"\b(where|orderBy|query|collection|collectionGroup)\(")


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


def declared_specs(sources: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((sources / "queries.json").read_text())
    return loaded


@DECLARING
def test_every_declared_query_is_one_of_storepulse_queries(sources: Path) -> None:
    assert undeclared(declared_specs(sources)) == []


@DECLARING
def test_the_check_fails_for_an_undeclared_query(sources: Path) -> None:
    stray = {"BY_TITLE": {"collection": "coupons", "equals": ["shopId"], "orderBy": [["title", "asc"]]}}
    assert undeclared({**declared_specs(sources), **stray}) == ["BY_TITLE"]


@DECLARING
def test_only_queries_ts_builds_queries(sources: Path) -> None:
    found: list[Path] = [*sources.rglob("*.ts"), *sources.rglob("*.tsx")]
    stray = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in found
        if path.name != "queries.ts"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BUILDERS.search(line) and not line.lstrip().startswith(("//", "*", "import"))
    ]
    assert stray == []


def order_machine() -> dict[str, Any]:
    """The status machine as the web app reads it (generated from storepulse.orders.rules)."""
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


@DECLARING
def test_the_one_status_machine_is_offered(sources: Path) -> None:
    """orderMachine.json is storepulse.orders.rules, not a second table (regenerate it from
    `order_machine()` when the machine changes). The web app's copy goes once it uses the SDK's."""
    assert json.loads((sources / "orderMachine.json").read_text()) == order_machine()
