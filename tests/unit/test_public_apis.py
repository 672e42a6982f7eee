"""The package uses only public APIs of its dependencies: no underscore member of another library's
object, no private module, no override of a private method (they break on the next upgrade).
platform/wire.py, the one adapter, is held to the same rule: it uses the generated client's
public surface."""

from __future__ import annotations

import ast

from scripts.lib.stack import ROOT

PACKAGE = ROOT / "functions" / "storepulse"
# Our own objects' underscore members are fine: `self._x`, `cls._x`, and module-level names we define.
OWN_NAMES = {"self", "cls"}


def private_uses(source: str, filename: str = "<source>") -> list[str]:
    """Each private use in `source`: `x._member` on anything but our own objects, `from a._b import`,
    `import a._b`, `from a import _b`, and a class overriding an underscore method of a base it imports."""
    tree = ast.parse(source, filename)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and not _is_own(node.value):
            found.append(f"{filename}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if module.startswith("storepulse"):
                continue
            if any(_is_private(part) for part in module.split(".")):
                found.append(f"{filename}:{node.lineno} from {module}")
            found += [f"{filename}:{node.lineno} import {a.name}" for a in node.names if _is_private(a.name)]
        elif isinstance(node, ast.Import):
            found += [
                f"{filename}:{node.lineno} import {a.name}"
                for a in node.names
                if any(_is_private(part) for part in a.name.split("."))
            ]
        elif isinstance(node, ast.ClassDef) and _has_foreign_base(node):
            found += [
                f"{filename}:{item.lineno} overrides {item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _is_private(item.name)
            ]
    return sorted(found, key=lambda use: int(use.split(":")[-1].split()[0]))


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_own(value: ast.expr) -> bool:
    return isinstance(value, ast.Name) and value.id in OWN_NAMES


def _has_foreign_base(node: ast.ClassDef) -> bool:
    """A base reached through a module attribute (`firestore.Transaction`) is another library's."""
    return any(isinstance(base, ast.Attribute) for base in node.bases)


def test_the_package_uses_only_public_apis() -> None:
    found = [
        use
        for path in sorted(PACKAGE.rglob("*.py"))
        for use in private_uses(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert found == []


def test_the_check_finds_each_kind_of_private_use() -> None:
    source = """
from google.cloud.firestore_v1 import _helpers
from google.cloud._helpers import _datetime_to_pb_timestamp
import google.cloud.firestore_v1._helpers
from google.cloud import firestore


def send(db):
    return db._firestore_api.commit(metadata=db._rpc_metadata)


class Folded(firestore.Transaction):
    def _commit(self):
        return self._write_pbs
"""
    assert private_uses(source) == [
        "<source>:2 import _helpers",
        "<source>:3 from google.cloud._helpers",
        "<source>:3 import _datetime_to_pb_timestamp",
        "<source>:4 import google.cloud.firestore_v1._helpers",
        "<source>:9 ._firestore_api",
        "<source>:9 ._rpc_metadata",
        "<source>:13 overrides _commit",
    ]


def test_our_own_private_members_are_ours_to_use() -> None:
    source = """
class Loop:
    def __init__(self):
        self._seen = set()

    def _check(self):
        return self._seen
"""
    assert private_uses(source) == []
