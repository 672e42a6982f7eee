"""The loyalty tests' shop: a bakery with an active program."""

from __future__ import annotations

import pytest

from tests.support.loyalty import program
from tests.support.world import Shop, World


@pytest.fixture
def bakery(world: World) -> Shop:
    shop = world.shop("Corner Bakery")
    program(world, shop)
    return shop
