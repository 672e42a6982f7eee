"""The catalog's pure decisions and request models: coupon editors, windows, code ownership, money."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from storepulse.catalog import rules
from storepulse.catalog.models import Discount, RegisterCustomerRequest
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import AlreadyExists, FailedPrecondition, InvalidArgument, PermissionDenied
from storepulse.platform.models import Currency, to_cents

T0 = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("caller", "allowed"),
    [
        (Caller("a", Role.ADMIN), True),
        (Caller("o", Role.SHOP, shop_id="s1"), True),
        (Caller("o", Role.SHOP, shop_id="s2"), False),
        (Caller("c", Role.CUSTOMER), False),
        (Caller("p", Role.AFFILIATE, affiliate_id="s1"), False),
    ],
)
def test_only_the_shop_owner_or_an_admin_edits_coupons(caller: Caller, allowed: bool) -> None:
    if allowed:
        rules.check_coupon_editor(caller, "s1")
    else:
        with pytest.raises(PermissionDenied):
            rules.check_coupon_editor(caller, "s1")


def test_a_validity_window_must_end_after_it_starts() -> None:
    rules.check_validity_window(None, T0)
    rules.check_validity_window(T0, T0 + timedelta(seconds=1))
    with pytest.raises(InvalidArgument, match="validUntil"):
        rules.check_validity_window(T0, T0)


def test_a_coupon_code_is_claimed_once_per_shop() -> None:
    assert rules.claims_code(None, "c1", "SAVE") is True
    assert rules.claims_code({"couponId": "c1"}, "c1", "SAVE") is False
    with pytest.raises(AlreadyExists) as error:
        rules.claims_code({"couponId": "c2"}, "c1", "SAVE")
    assert error.value.details == {
        "fields": [{"field": "code", "message": "SAVE is already used by another coupon of this shop."}]
    }


def test_coupons_stay_with_their_shop_and_affiliate_codes_are_unique() -> None:
    rules.check_same_shop({"shopId": "s1"}, "s1")
    with pytest.raises(FailedPrecondition):
        rules.check_same_shop({"shopId": "s1"}, "s2")
    rules.check_affiliate_code_free(False, "DEALS")
    with pytest.raises(AlreadyExists):
        rules.check_affiliate_code_free(True, "DEALS")


@pytest.mark.parametrize(
    ("discount", "valid"),
    [
        ({"kind": "percent", "value": 100}, True),
        ({"kind": "percent", "value": 100.5}, False),
        ({"kind": "amount", "value": 2.5}, True),
        ({"kind": "amount", "value": 2.555}, False),
        ({"kind": "amount", "value": 0}, False),
    ],
)
def test_discounts(discount: dict[str, object], valid: bool) -> None:
    if valid:
        Discount.model_validate(discount)
    else:
        with pytest.raises(ValidationError):
            Discount.model_validate(discount)


@pytest.mark.parametrize(
    ("code", "valid"), [("eur", True), ("USD", True), ("JPY", True), ("ABC", False), ("EU", False), ("EURO", False)]
)
def test_currency_is_a_real_iso_4217_code(code: str, valid: bool) -> None:
    adapter = TypeAdapter(Currency)
    if valid:
        assert adapter.validate_python(code) == code.upper()
    else:
        with pytest.raises(ValidationError):
            adapter.validate_python(code)


def test_codes_are_stored_upper_case_and_contacts_checked() -> None:
    request = RegisterCustomerRequest.model_validate(
        {"displayName": " Ada ", "affiliateCode": "deals10", "email": "a@b.co"}
    )
    assert (request.display_name, request.affiliate_code) == ("Ada", "DEALS10")
    with pytest.raises(ValidationError):
        RegisterCustomerRequest.model_validate({"displayName": "Ada", "phone": "call me"})
    assert (to_cents(19.99), to_cents(0.1 + 0.2)) == (1999, 30)
