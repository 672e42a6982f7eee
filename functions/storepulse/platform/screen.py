"""A cheap screen in front of every callable, for bodies that would fail before validation runs.

The SDK parses the body with `json.loads` (deep nesting exhausts recursion) and pydantic accepts
strings with lone surrogates (which Firestore cannot store); both would surface as `internal`.
The screen answers them, and oversized or unparsable bodies, with `invalid-argument`.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_BODY_BYTES = 1_048_576
MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:\\.|[^"\\])*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class Rejection(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "status": "INVALID_ARGUMENT",
                "message": f"Invalid request: {self.field}: {self.message}",
                "details": {"fields": [{"field": self.field, "message": self.message}]},
            }
        }


def _depth(raw: bytes) -> int:
    deepest = depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _unencodable(value: Any, path: str) -> str | None:
    """The path of the first string (or key) that is not valid Unicode text, if any."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unencodable(key, path) or _unencodable(item, f"{path}.{key}" if path != "data" else str(key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unencodable(item, f"{path}.{index}" if path != "data" else str(index))
            if found:
                return found
    return None


def screen(raw: bytes) -> None:
    """Raise Rejection for a body no callable should try to parse or store."""
    if len(raw) > MAX_BODY_BYTES:
        raise Rejection("data", f"the request is larger than {MAX_BODY_BYTES} bytes")
    if _depth(raw) > MAX_DEPTH + 1:  # +1 for the {"data": ...} envelope
        raise Rejection("data", f"nested deeper than {MAX_DEPTH} levels")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise Rejection("data", "the body is not valid JSON") from None
    if isinstance(body, dict) and "data" in body:
        bad = _unencodable(body["data"], "data")
        if bad:
            raise Rejection(bad, "contains text that is not valid Unicode")
