"""The contract: JSON Schema of every callable's request and response and of every document a client
reads, the list of callables, and the list of documents.

`scripts/contract` writes, from the pydantic models the functions validate and write with:
* `contract/storepulse.schema.json`: JSON Schema 2020-12, one `$defs` entry per model;
* `contract/callables.json`: per callable its request and response (`$defs` refs), who may call it
  (`callers`), whether it needs a signed-in caller and takes an idempotency key, and the error codes
  it answers (`errors`);
* `contract/documents.json`: per collection path (`orders/{orderId}/timeline/{entryId}`) the `$defs`
  ref of its documents and the declared queries clients run on it (`storepulse.platform.queries`).

`scripts/contract --check` fails when the committed files differ (tests/tooling runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from storepulse import documents, endpoints
from storepulse.platform import queries
from storepulse.platform.callable import CallableSpec

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "contract"
SCHEMA_ID = "https://storepulse.dev/contract/storepulse.schema.json"
DIRECTIONS = {"ASCENDING": "asc", "DESCENDING": "desc"}


def callable_specs() -> list[CallableSpec]:
    """Every deployed callable (scheduled functions have no spec), by name."""
    found = (getattr(function, "spec", None) for function in endpoints.load().values())
    return sorted((spec for spec in found if isinstance(spec, CallableSpec)), key=lambda spec: spec.name)


def ref(model: type[BaseModel]) -> str:
    return f"#/$defs/{model.__name__}"


def schema(specs: list[CallableSpec]) -> dict[str, Any]:
    """Requests as callers send them (validation), responses and documents as readers see them
    (serialization)."""
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for spec in specs:
        models += [(spec.request, "validation"), (spec.response, "serialization")]
    models += [(collection.model, "serialization") for collection in documents.COLLECTIONS]
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
            "request": ref(spec.request),
            "response": ref(spec.response),
            "callers": [caller.value for caller in spec.callers],
            "signedIn": spec.require_auth,
            "idempotencyKey": spec.keyed,
            "limitedUseAppCheckToken": spec.consume_app_check,
            "errors": spec.error_codes,
        }
        for spec in specs
    }


def client_queries(collection: str) -> list[dict[str, Any]]:
    """The declared queries clients run on `collection` (the server's own are left out)."""
    return [
        {
            "name": spec.name,
            "who": spec.who,
            "equals": list(spec.equals),
            "orderBy": [[name, DIRECTIONS[direction]] for name, direction in spec.order_by],
        }
        for spec in queries.ALL
        if spec.collection == collection and spec.who != "server"
    ]


def documents_listing() -> dict[str, Any]:
    return {
        collection.path: {"document": ref(collection.model), "queries": client_queries(collection.collection)}
        for collection in documents.COLLECTIONS
    }


def rendered() -> dict[Path, str]:
    specs = callable_specs()
    files = {
        "storepulse.schema.json": schema(specs),
        "callables.json": callables(specs),
        "documents.json": documents_listing(),
    }
    return {CONTRACT / name: json.dumps(content, indent=2) + "\n" for name, content in files.items()}


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
