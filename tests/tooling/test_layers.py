"""The capability layers (pyproject.toml `[tool.importlinter]`, docs/architecture.md) hold: import-linter
finds no import from a package to one above it, function-level imports included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.lib.stack import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(functions: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the `storepulse` package found under `functions`, with `config`'s contracts."""
    env = {**os.environ, "PYTHONPATH": str(functions)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_capability_layers_are_kept() -> None:
    result = lint_imports(ROOT / "functions", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Capability layers KEPT" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    """The contract can fail: a copy of the package where catalog imports redemptions' store (and a
    module of identity imports catalog inside a function) is refused, naming both imports."""
    package = tmp_path / "storepulse"
    shutil.copytree(ROOT / "functions" / "storepulse", package, ignore=shutil.ignore_patterns("__pycache__"))
    with (package / "catalog" / "rules.py").open("a") as rules:
        rules.write("\nfrom storepulse.redemptions import store as _upward  # noqa\n")
    with (package / "identity" / "rules.py").open("a") as rules:
        rules.write("\n\ndef _lazy() -> None:\n    from storepulse.catalog import store  # noqa\n")
    result = lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Capability layers BROKEN" in result.stdout
    assert "storepulse.catalog.rules -> storepulse.redemptions.store" in result.stdout
    assert "storepulse.identity.rules -> storepulse.catalog.store" in result.stdout
