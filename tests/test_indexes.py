"""Every query the code or a dashboard runs has its composite index in firestore.indexes.json."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from scripts.lib.stack import ROOT
from storepulse import queries
from storepulse.queries import QuerySpec

INDEXES = json.loads((ROOT / "firestore.indexes.json").read_text())
QUERY_METHODS = {"where", "order_by", "start_at", "start_after", "end_at", "end_before"}
# Files allowed to build queries directly: the declarations themselves, and code whose queries
# are single-field or equality-only (the emulator-backed tests count documents that way).
QUERY_BUILDERS = {ROOT / "functions" / "storepulse" / "queries.py"}


def missing_indexes(specs: tuple[QuerySpec, ...], declared: dict[str, Any]) -> list[str]:
    have = {
        (index["collectionGroup"], tuple((f["fieldPath"], f["order"]) for f in index["fields"]))
        for index in declared["indexes"]
        if index.get("queryScope", "COLLECTION") == "COLLECTION"
    }
    return [
        f"{spec.name}: {spec.collection} {spec.index_fields()}"
        for spec in specs
        if spec.needs_composite_index() and (spec.collection, tuple(spec.index_fields())) not in have
    ]


def test_every_declared_query_has_its_index() -> None:
    assert missing_indexes(queries.ALL, INDEXES) == []


def test_the_check_fails_for_a_query_without_an_index() -> None:
    unindexed = QuerySpec("by title", "coupons", equals=("shopId",), order_by=(("title", "ASCENDING"),))
    assert missing_indexes((unindexed,), INDEXES) == [
        "by title: coupons [('shopId', 'ASCENDING'), ('title', 'ASCENDING')]"
    ]


def test_every_index_serves_a_declared_query() -> None:
    used = {(s.collection, tuple(s.index_fields())) for s in queries.ALL if s.needs_composite_index()}
    for index in INDEXES["indexes"]:
        key = (index["collectionGroup"], tuple((f["fieldPath"], f["order"]) for f in index["fields"]))
        assert key in used, f"index {key} serves no declared query"


def _query_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in QUERY_METHODS
    ]


def test_code_builds_queries_only_from_declared_specs() -> None:
    sources = [*(ROOT / "functions" / "storepulse").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    stray = [call for path in sources if path not in QUERY_BUILDERS for call in _query_calls(path)]
    assert stray == []
