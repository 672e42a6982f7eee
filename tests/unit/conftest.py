"""The unit tier needs no emulator: asking for one fails the test instead of starting the stack."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def emulators() -> None:
    pytest.fail("tests/unit runs without emulators: an end-to-end test belongs in tests/emulator/<capability>/")
