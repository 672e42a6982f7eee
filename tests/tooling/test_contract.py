"""contract/ is what the models say: regenerated from them, it equals the committed files."""

from __future__ import annotations

import json
import subprocess

from scripts.lib import contract


def test_the_committed_contract_equals_the_models() -> None:
    stale = [str(path) for path, text in contract.rendered().items() if not path.exists() or path.read_text() != text]
    assert stale == [], f"run scripts/contract: {stale} differ from the models"


def test_every_callable_names_defined_request_and_response_schemas() -> None:
    rendered = {path.name: json.loads(text) for path, text in contract.rendered().items()}
    defined = rendered["storepulse.schema.json"]["$defs"]
    listed = rendered["callables.json"]
    assert len(listed) >= 25
    for name, entry in listed.items():
        for side in ("request", "response"):
            assert entry[side].removeprefix("#/$defs/") in defined, (name, side)


def test_the_sdks_generated_types_equal_the_contract() -> None:
    """clients/js/src/contract.generated.ts is what json-schema-to-typescript makes of contract/."""
    generator = contract.ROOT / "clients" / "js" / "scripts" / "generate.mjs"
    checked = subprocess.run(
        ["node", str(generator), "--check"], cwd=contract.ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert checked.returncode == 0, checked.stderr
