"""Identity's pure decisions: which ids a role names, who may take a role, which claims it sets."""

from __future__ import annotations

import pytest

from storepulse.identity import rules
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import DomainError, FailedPrecondition, InvalidArgument


@pytest.mark.parametrize(
    ("role", "shop_id", "affiliate_id", "field"),
    [
        (Role.SHOP, "s1", None, None),
        (Role.SHOP, None, None, "shopId"),
        (Role.AFFILIATE, None, "a1", None),
        (Role.AFFILIATE, None, None, "affiliateId"),
        (Role.CUSTOMER, "s1", None, "shopId"),
        (Role.ADMIN, None, "a1", "affiliateId"),
        (Role.CUSTOMER, None, None, None),
    ],
)
def test_each_role_names_exactly_its_ids(role: Role, shop_id: str | None, affiliate_id: str | None, field: str | None):
    if field is None:
        rules.check_role_ids(role, shop_id, affiliate_id)
        return
    with pytest.raises(InvalidArgument) as error:
        rules.check_role_ids(role, shop_id, affiliate_id)
    assert error.value.details == {"fields": [{"field": field, "message": error.value.message.split(": ", 1)[1]}]}


@pytest.mark.parametrize(
    ("profile", "allowed"),
    [({}, True), ({"role": "customer"}, True), ({"role": "shop", "shopId": "s"}, False), ({"role": "admin"}, False)],
)
def test_owner_roles_go_to_users_without_another_role(profile: dict[str, str], allowed: bool) -> None:
    if allowed:
        rules.require_assignable(profile, "ownerUid")
        return
    with pytest.raises(FailedPrecondition, match="ownerUid: the user already has role"):
        rules.require_assignable(profile, "ownerUid")


def test_admins_cannot_demote_themselves_but_may_reaffirm() -> None:
    rules.check_not_self_demotion("me", "me", Role.ADMIN)
    rules.check_not_self_demotion("me", "you", Role.CUSTOMER)
    with pytest.raises(FailedPrecondition):
        rules.check_not_self_demotion("me", "me", Role.SHOP)


def test_registration_needs_no_role_in_profile_or_token() -> None:
    rules.require_unregistered({}, None)
    for profile, token_role in (({"role": "customer"}, None), ({}, Role.SHOP)):
        with pytest.raises(FailedPrecondition, match="Already registered"):
            rules.require_unregistered(profile, token_role)


def test_claims_replace_the_role_and_keep_everything_else() -> None:
    current = {"role": "shop", "shopId": "old", "beta": True}
    assert rules.merged_claims(current, Role.AFFILIATE, None, "a1") == {
        "beta": True,
        "role": "affiliate",
        "affiliateId": "a1",
    }
    assert rules.role_claims(Role.CUSTOMER, "ignored", "ignored") == {"role": "customer"}


def test_profile_role_fields_and_display_names() -> None:
    assert rules.current_role_fields({"role": "shop", "shopId": "s1", "x": 1}) == {
        "role": "shop",
        "shopId": "s1",
        "affiliateId": None,
    }
    assert rules.display_name({"displayName": "Ada", "email": "a@x"}, "uid") == "Ada"
    assert rules.display_name({"email": "a@x"}, "uid") == "a@x"
    assert rules.display_name({}, "uid") == "uid"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ({"role": "shop", "shopId": "s1", "affiliateId": "a"}, Caller("u", Role.SHOP, shop_id="s1")),
        ({"role": "root"}, Caller("u")),
        ({"firebase": {"sign_in_provider": "anonymous"}}, Caller("u", anonymous=True)),
        (
            {"role": "affiliate", "affiliateId": "a1", "email": "p@x"},
            Caller("u", Role.AFFILIATE, affiliate_id="a1", label="p@x"),
        ),
    ],
)
def test_caller_reads_only_the_claims_its_role_uses(token: dict[str, object], expected: Caller) -> None:
    assert Caller.from_token("u", token) == expected


def test_domain_errors_name_their_field_once() -> None:
    error = DomainError("shopId: no such shop.", field="shopId")
    assert error.details == {"fields": [{"field": "shopId", "message": "no such shop."}]}
