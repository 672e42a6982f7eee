"""Every query the web app runs is one of storepulse.queries (so it is indexed, and the rules matrix
covers it): the app declares them in web/src/queries.json and builds them only in queries.ts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from scripts.lib.stack import ROOT
from storepulse.platform import queries

WEB = ROOT / "web" / "src"
DIRECTIONS = {"asc": "ASCENDING", "desc": "DESCENDING"}
# Query-building calls of the Firebase JS SDK; only queries.ts may make them.
BUILDERS = re.compile(r"\b(where|orderBy|query|collection|collectionGroup)\(")


def undeclared(web_specs: dict[str, Any]) -> list[str]:
    python = {(s.collection, s.equals, s.order_by) for s in queries.ALL}
    return [
        name
        for name, spec in web_specs.items()
        if not name.startswith("_")
        and (
            spec["collection"],
            tuple(spec["equals"]),
            tuple((field, DIRECTIONS[direction]) for field, direction in spec["orderBy"]),
        )
        not in python
    ]


def web_specs() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((WEB / "queries.json").read_text())
    return loaded


def test_every_web_query_is_declared_in_storepulse_queries() -> None:
    assert undeclared(web_specs()) == []


def test_the_check_fails_for_an_undeclared_web_query() -> None:
    stray = {"BY_TITLE": {"collection": "coupons", "equals": ["shopId"], "orderBy": [["title", "asc"]]}}
    assert undeclared({**web_specs(), **stray}) == ["BY_TITLE"]


def test_only_queries_ts_builds_queries() -> None:
    sources: list[Path] = [*WEB.rglob("*.ts"), *WEB.rglob("*.tsx")]
    stray = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
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


def test_the_web_app_offers_the_one_status_machine() -> None:
    """web/src/orderMachine.json is storepulse.orders.rules, not a second table (regenerate it from
    `order_machine()` when the machine changes)."""
    assert json.loads((WEB / "orderMachine.json").read_text()) == order_machine()
