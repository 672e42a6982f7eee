"""Every query the code or a dashboard runs has its composite index in firestore.indexes.json, and only
store modules (and platform/) name collections or build document references."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from scripts.lib.stack import ROOT
from storepulse.platform import queries
from storepulse.platform.queries import QuerySpec

INDEXES = json.loads((ROOT / "firestore.indexes.json").read_text())
QUERY_METHODS = {"where", "order_by", "start_at", "start_after", "end_at", "end_before"}
# Files allowed to build queries directly: the declarations themselves, and code whose queries
# are single-field or equality-only (the emulator-backed tests count documents that way).
PACKAGE = ROOT / "functions" / "storepulse"
QUERY_BUILDERS = {PACKAGE / "platform" / "queries.py"}
# Calls that name a collection or build a document reference: the store layer's job.
STORE_METHODS = {"collection", "collection_group", "collections", "document"}


def owns_collections(path: Path) -> bool:
    """Capability `store.py` modules and the shared machinery in `platform/`."""
    return path.name == "store.py" or (PACKAGE / "platform") in path.parents


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


def method_calls(path: Path, methods: set[str], source: str | None = None) -> list[str]:
    """`file:line .method()` for every call of one of `methods` in the file (or in `source`)."""
    tree = ast.parse(path.read_text() if source is None else source)
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in methods
    ]


def test_code_builds_queries_only_from_declared_specs() -> None:
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    stray = [call for path in sources if path not in QUERY_BUILDERS for call in method_calls(path, QUERY_METHODS)]
    assert stray == []


def test_only_store_modules_and_platform_name_collections() -> None:
    stray = [
        call
        for path in PACKAGE.rglob("*.py")
        if not owns_collections(path)
        for call in method_calls(path, STORE_METHODS)
    ]
    assert stray == []


def test_the_store_check_flags_a_collection_named_outside_a_store() -> None:
    outside = PACKAGE / "redemptions" / "redeem.py"
    snippet = "def peek(db):\n    return db.collection('redemptions').document('r1').get()\n"
    assert not owns_collections(outside)
    assert owns_collections(PACKAGE / "redemptions" / "store.py")
    assert owns_collections(PACKAGE / "platform" / "idempotency.py")
    assert method_calls(outside, STORE_METHODS, snippet) == [
        "functions/storepulse/redemptions/redeem.py:2 .document()",
        "functions/storepulse/redemptions/redeem.py:2 .collection()",
    ]
