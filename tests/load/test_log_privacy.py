"""What the whole run logged holds none of the personal data the tests gave anyone.

This test runs after every other one (`tests/conftest.py`), so it reads the Functions emulator's
output of the whole run: every call's log entry, every warning and every stack trace. It also
drives a life of its own (registration, a redemption, a failed payment with the payer's contact,
an order delivered to an address), so it means something when it runs alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.lib.stack import EmulatorStack
from tests.support.checkout import CONTACT, fail, start_checkout
from tests.support.emulator_clients import PERSONAL_DATA
from tests.support.orders import ADDRESS, Fulfilment, place
from tests.support.world import World

pytestmark = pytest.mark.last

LOG = Path(EmulatorStack.log_path)


def test_the_runs_log_holds_no_name_email_phone_or_address(world: World) -> None:
    if not LOG.exists():
        pytest.skip("the emulators were started elsewhere (their output is not in .cache/emulators.log)")
    grace = world.customer("Grace Loglife", email="grace.loglife@example.test", phone="+15550142857")
    shop = world.shop()
    world.redeem(grace, world.coupon(shop))
    fail(world, grace, start_checkout(world, shop, grace))
    place(world, grace, shop, Fulfilment.DELIVERY)

    printed = LOG.read_text(errors="replace")
    assert grace.uid in printed  # the calls above were logged, by uid
    personal = PERSONAL_DATA | set(CONTACT.values()) | {ADDRESS["line1"]}
    assert {"Grace Loglife", "grace.loglife@example.test", "+15550142857"} <= personal
    assert sorted(value for value in personal if appears(value, printed)) == []


def appears(value: str, printed: str) -> bool:
    """Whether `value` is printed as itself, not as letters inside a longer word or a random id (a
    short name such as "Ada" turns up inside the run's thousands of uids and document ids)."""
    if value not in printed:  # the quick test first: the run's log is large and the values are many
        return False
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", printed) is not None
