"""contract/ is what the models say: regenerated from them, it equals the committed files; it describes
every document clients read; and the emulator tests' client holds every answer to callables.json."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from scripts.lib import contract
from scripts.lib.stack import ROOT
from storepulse.documents import COLLECTIONS
from storepulse.platform import queries
from storepulse.platform.caller import EVERYONE
from tests.support.emulator_clients import CallableContract, CallableError, User

RENDERED = {path.name: json.loads(text) for path, text in contract.rendered().items()}
DEFINED = RENDERED["storepulse.schema.json"]["$defs"]
CALLABLES = RENDERED["callables.json"]
DOCUMENTS = RENDERED["documents.json"]


def test_the_committed_contract_equals_the_models() -> None:
    stale = [str(path) for path, text in contract.rendered().items() if not path.exists() or path.read_text() != text]
    assert stale == [], f"run scripts/contract: {stale} differ from the models"


def test_every_callable_names_defined_request_and_response_schemas() -> None:
    assert len(CALLABLES) >= 25
    for name, entry in CALLABLES.items():
        for side in ("request", "response"):
            assert entry[side].removeprefix("#/$defs/") in DEFINED, (name, side)


def test_every_callable_says_who_may_call_it_and_the_errors_it_answers() -> None:
    kinds = {kind.value for kind in EVERYONE}
    for name, entry in CALLABLES.items():
        assert entry["callers"], name
        assert set(entry["callers"]) <= kinds, name
        assert {"invalid-argument", "unavailable", "unauthenticated"} <= set(entry["errors"]), name
        assert ("already-exists" in entry["errors"]) >= entry["idempotencyKey"], name
        assert "internal" not in entry["errors"], name


def test_every_listed_document_has_its_schema() -> None:
    assert list(DOCUMENTS) == [collection.path for collection in COLLECTIONS]
    for path, entry in DOCUMENTS.items():
        assert entry["document"].removeprefix("#/$defs/") in DEFINED, path


def test_every_collection_a_client_queries_has_a_document_model() -> None:
    listed = {collection.collection for collection in COLLECTIONS}
    queried = {spec.collection for spec in queries.ALL if spec.who != "server"}
    assert queried - listed == set()


def test_every_collection_the_rules_let_clients_read_has_a_document_model() -> None:
    # Inside `match /databases/{database}/documents`, each `match /name/...` of firestore.rules names
    # a collection some client may read (everything else falls to the final deny-all).
    named = set(re.findall(r"match /([A-Za-z]+)/", (ROOT / "firestore.rules").read_text())) - {"databases"}
    listed = {segment for collection in COLLECTIONS for segment in collection.path.split("/")}
    assert len(named) >= 25
    assert named - listed == set()


def user(claims: dict[str, Any]) -> User:
    return User("u1", "token", None, {"firebase": {"sign_in_provider": "password"}, **claims})


@pytest.mark.parametrize(
    ("name", "caller", "error", "breach"),
    [
        ("redeem_coupon", user({"role": "customer"}), None, None),
        ("redeem_coupon", user({"role": "admin"}), None, "redeem_coupon succeeded for a admin caller"),
        ("register_customer", user({}), None, None),
        ("register_customer", User("u2", "t", None, {"firebase": {"sign_in_provider": "anonymous"}}), None, None),
        ("set_user_role", None, CallableError("PERMISSION_DENIED", "no"), None),
        ("issue_qr_token", None, CallableError("NOT_FOUND", "no"), "issue_qr_token answered not-found (no)"),
        ("issue_qr_token", None, CallableError("INTERNAL", "bug"), "issue_qr_token answered internal (bug)"),
        ("issue_qr_token", None, CallableError("HTTP", "not a callable's answer"), None),
    ],
)
def test_the_tests_client_refuses_an_answer_the_contract_does_not_promise(
    name: str, caller: User | None, error: CallableError | None, breach: str | None
) -> None:
    found = CallableContract(CALLABLES).breach(name, caller, error)
    assert (found is None) == (breach is None), found
    assert (found or "").startswith(breach or ""), found


def test_the_data_model_doc_names_each_collections_model() -> None:
    text = (ROOT / "docs" / "data-model.md").read_text()
    assert [c.path for c in COLLECTIONS if f"| `{c.path}` | `{c.model.__name__}` (" not in text] == []


def test_the_sdks_generated_types_equal_the_contract() -> None:
    """clients/js/src/contract.generated.ts is what json-schema-to-typescript makes of contract/."""
    generator = contract.ROOT / "clients" / "js" / "scripts" / "generate.mjs"
    checked = subprocess.run(
        ["node", str(generator), "--check"], cwd=contract.ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert checked.returncode == 0, checked.stderr
