"""Python helpers behind the scripts/ commands (dev tooling; not deployed)."""

import sys
from pathlib import Path

# The deployable package lives in functions/; the tooling imports it as the functions do.
_FUNCTIONS = str(Path(__file__).resolve().parents[2] / "functions")
if _FUNCTIONS not in sys.path:
    sys.path.insert(0, _FUNCTIONS)
