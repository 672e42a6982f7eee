"""A grant whose Auth step fails is undone (identity/grants.py): the caller gets `unavailable`, the
documents the grant created are gone, the profile is as before, and what it wrote through the ports
(role and tier counters, the role notice and its badge, live stats and today's markers) is moved
back, so `verify` finds nothing. Left behind by design: counter shards at their old sums, the badge
document at its old counts, presence (overwritten blindly on every action)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.catalog.affiliates import create_affiliate
from storepulse.catalog.customers import register_customer
from storepulse.catalog.models import CreateAffiliateRequest, CreateShopRequest, RegisterCustomerRequest
from storepulse.catalog.shops import create_shop
from storepulse.identity.directory import AuthUser, FirebaseUserDirectory, UserDirectory
from storepulse.identity.models import SetUserRoleRequest
from storepulse.identity.set_role import set_user_role
from storepulse.platform.callable import error_status
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import Unavailable
from storepulse.verify import verify
from tests.support.emulator_clients import Endpoints, all_documents
from tests.support.world import World

pytestmark = pytest.mark.usefixtures("emulators")

# What an undo may leave changed: counters moved and moved back, presence.
RESIDUE = ("/shards/", "/notificationCounts/", "/presence/")


class RefusingDirectory:
    """Firebase Auth for reads; every claims update fails, as an Auth outage would."""

    def __init__(self) -> None:
        self.users = FirebaseUserDirectory()
        self.refused = 0

    def get(self, uid: str) -> AuthUser | None:
        return self.users.get(uid)

    def set_claims(self, uid: str, claims: dict[str, Any]) -> None:
        self.refused += 1
        raise RuntimeError("Auth is down (injected)")


def grant(name: str, world: World) -> Callable[[firestore.Client, UserDirectory], Any]:
    """One grant of `name`, in process, as its endpoint makes it, for a user with no role yet."""
    admin = Caller(world.admin.uid, Role.ADMIN)
    now = datetime.now(UTC)
    target = world.auth.create_user(display_name="Undone user")
    if name == "set_user_role":
        shop = world.shop()
        role = SetUserRoleRequest(uid=target.uid, role=Role.SHOP, shop_id=shop.shop_id)
        return lambda db, directory: set_user_role(db, directory, admin, role, now)
    if name == "create_shop":
        shop_request = CreateShopRequest(name="Undone shop", owner_uid=target.uid)
        return lambda db, directory: create_shop(db, directory, admin, shop_request, now)
    if name == "create_affiliate":
        affiliate_request = CreateAffiliateRequest(name="Undone affiliate", uid=target.uid, code="UNDONE1")
        return lambda db, directory: create_affiliate(db, directory, admin, affiliate_request, now)
    affiliate = world.affiliate()
    registration = RegisterCustomerRequest(display_name="Undone customer", affiliate_code=affiliate.code)
    return lambda db, directory: register_customer(db, directory, Caller(target.uid), registration, now)


@pytest.mark.parametrize("name", ["set_user_role", "create_shop", "create_affiliate", "register_customer"])
def test_a_grant_whose_claims_fail_leaves_nothing(
    name: str, world: World, db: firestore.Client, emulators: Endpoints
) -> None:
    call = grant(name, world)
    before = all_documents(emulators)
    directory = RefusingDirectory()
    with pytest.raises(Unavailable) as raised:
        call(db, directory)
    assert error_status(raised.value)[0] == "unavailable"
    assert directory.refused == 1

    after = all_documents(emulators)
    assert set(before) <= set(after)  # nothing that was there is gone
    changed = sorted(path for path, updated in after.items() if before.get(path) != updated)
    assert changed, "the grant's transaction committed before its claims failed"
    assert [path for path in changed if not any(part in path for part in RESIDUE)] == []
    assert verify(db) == []
    # With Auth back, the same grant succeeds.
    assert call(db, FirebaseUserDirectory()) is not None
