"""The contract: JSON Schema of every callable's request and response, and the list of callables.

`scripts/contract` writes `contract/storepulse.schema.json` (JSON Schema 2020-12, one `$defs`
entry per model) and `contract/callables.json` from the pydantic models the functions validate
with; `scripts/contract --check` fails when the committed files differ (tests/tooling runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from storepulse import endpoints
from storepulse.platform.callable import CallableSpec

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "contract"
SCHEMA_ID = "https://storepulse.dev/contract/storepulse.schema.json"


def callable_specs() -> list[CallableSpec]:
    """Every deployed callable (scheduled functions have no spec), by name."""
    found = (getattr(function, "spec", None) for function in endpoints.load().values())
    return sorted((spec for spec in found if isinstance(spec, CallableSpec)), key=lambda spec: spec.name)


def schema(specs: list[CallableSpec]) -> dict[str, Any]:
    models: list[tuple[type[BaseModel], Any]] = []
    for spec in specs:
        models += [(spec.request, "validation"), (spec.response, "serialization")]
    unique = list(dict.fromkeys(models))
    _, rendered = models_json_schema(unique, by_alias=True, ref_template="#/$defs/{model}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Storepulse",
        "$defs": dict(sorted(rendered.get("$defs", {}).items())),
    }


def callables(specs: list[CallableSpec]) -> dict[str, Any]:
    return {
        spec.name: {
            "request": f"#/$defs/{spec.request.__name__}",
            "response": f"#/$defs/{spec.response.__name__}",
            "signedIn": spec.require_auth,
            "idempotencyKey": spec.keyed,
        }
        for spec in specs
    }


def rendered() -> dict[Path, str]:
    specs = callable_specs()
    return {
        CONTRACT / "storepulse.schema.json": json.dumps(schema(specs), indent=2) + "\n",
        CONTRACT / "callables.json": json.dumps(callables(specs), indent=2) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the committed files differ")
    args = parser.parse_args(argv)
    stale = []
    for path, text in rendered().items():
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"out of date (run scripts/contract): {', '.join(map(str, stale))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
