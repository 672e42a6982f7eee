"""docs/integrate.md shows the examples the tests run: each code block marked
`<!-- example: PATH -->` is that file of clients/js/examples byte for byte, every example is shown,
and no code block goes unmarked (a snippet nobody runs could rot unseen)."""

from __future__ import annotations

import re

from scripts.lib.stack import ROOT

DOC = ROOT / "docs" / "integrate.md"
EXAMPLES = ROOT / "clients" / "js" / "examples"
# A marker, then a fenced block (three or more backticks, an optional language) up to its closing fence.
MARKED = re.compile(r"<!-- example: (?P<path>\S+) -->\n(?P<fence>`{3,})[\w-]*\n(?P<body>.*?)^(?P=fence)$", re.S | re.M)
FENCE = re.compile(r"^(`{3,})[\w-]*$", re.M)
# Blocks that are commands to type, not code to copy: nothing to run them against.
COMMANDS = ("sh",)


def marked_blocks(doc: str) -> dict[str, str]:
    """Each marked block's path and its text (as a file holds it: every line with its newline)."""
    return {match["path"]: match["body"] for match in MARKED.finditer(doc)}


def unmarked_code_blocks(doc: str) -> list[str]:
    """Code blocks with no example marker (command blocks aside), by their first line."""
    stripped = MARKED.sub("", doc)
    stray: list[str] = []
    lines = stripped.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, language = opening[1], lines[index][len(opening[1]) :]
        closing = next(i for i in range(index + 1, len(lines)) if lines[i] == fence)
        if language not in COMMANDS:
            stray.append(lines[index + 1] if index + 1 < closing else "(empty block)")
        index = closing + 1
    return stray


def mismatches(doc: str) -> list[str]:
    found = marked_blocks(doc)
    wrong = [path for path, body in found.items() if (ROOT / path).read_text() != body]
    shown = {ROOT / path for path in found}
    files = {path for path in EXAMPLES.iterdir() if path.is_file() and path.name != "tsconfig.json"}
    return [
        *(f"{path} differs from its file" for path in wrong),
        *(f"{p.relative_to(ROOT)} is not shown" for p in sorted(files - shown)),
    ]


def test_every_marked_block_is_its_example_file() -> None:
    doc = DOC.read_text()
    assert marked_blocks(doc), "docs/integrate.md marks no example"
    assert mismatches(doc) == []


def test_every_code_block_is_a_marked_example() -> None:
    assert unmarked_code_blocks(DOC.read_text()) == []


def test_the_check_fails_for_a_changed_block_a_missing_example_and_an_unmarked_block() -> None:
    doc = DOC.read_text()
    bell = (EXAMPLES / "Bell.tsx").read_text()
    changed = doc.replace(bell, bell.replace("Mark all read", "Mark everything read"), 1)
    assert mismatches(changed) == ["clients/js/examples/Bell.tsx differs from its file"]
    start = doc.index("<!-- example: clients/js/examples/redeem.ts -->")
    end = doc.index("```\n", doc.index("```ts\n", start) + 6) + 4
    assert mismatches(doc[:start] + doc[end:]) == ["clients/js/examples/redeem.ts is not shown"]
    assert unmarked_code_blocks(doc + "\n```ts\nsp.redeemCoupon({ couponId });\n```\n") == [
        "sp.redeemCoupon({ couponId });"
    ]
