"""This tier runs against the emulators: every test starts from fresh data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh(fresh_data: None) -> None:
    """Empty Firestore and Auth before each test; `load` tests end with scripts/verify."""
