"""What erasure does to one document (privacy/rules.py): personal fields of the user's own documents
pseudonymised or cleared, and the user's terms replaced in any text."""

from __future__ import annotations

import pytest

from storepulse.platform.errors import FailedPrecondition
from storepulse.privacy import rules

ORDER = {
    "customerId": "u1",
    "customerName": "Ann Lee",
    "items": [{"name": "Bread", "qty": 1}],
    "fulfilment": {"kind": "delivery", "address": {"line1": "1 Main St", "city": "Lisbon", "country": "PT"}},
    "cancelReason": "Ann Lee moved",
    "totalCents": 500,
}
CHECKOUT = {
    "uid": "u1",
    "customer": {"name": "Ann Lee", "email": "ann@x.test", "phone": "+1 555 0100"},
    "ip": "1.2.3.4",
}


def test_the_terms_of_a_document_are_its_names_contacts_and_address_lines_not_its_items() -> None:
    assert rules.terms_in(ORDER, customer_contact=False) == {"Ann Lee", "1 Main St"}
    assert rules.terms_in(CHECKOUT, customer_contact=False) == {"Ann Lee", "ann@x.test", "+1 555 0100"}


def test_an_own_document_keeps_its_figures_and_loses_its_personal_fields() -> None:
    terms = rules.terms_in(ORDER, customer_contact=False)
    erased = rules.scrub(ORDER, terms, own=True)
    assert erased["customerName"] == rules.PSEUDONYM
    assert erased["fulfilment"]["address"] == {"line1": rules.ERASED, "city": rules.ERASED, "country": "PT"}
    assert erased["cancelReason"] is None
    assert erased["items"] == ORDER["items"]
    assert erased["totalCents"] == 500
    checkout = rules.scrub(CHECKOUT, rules.terms_in(CHECKOUT, customer_contact=False), own=True)
    assert checkout == {"uid": "u1", "customer": None, "ip": None}


def test_someone_elses_document_has_only_the_terms_replaced_case_blind() -> None:
    entry = {"summary": "ANN LEE (ann@x.test) redeemed", "customerId": "u1", "email": "owner@x.test"}
    erased = rules.scrub(entry, ["Ann Lee", "ann@x.test"], own=False)
    assert erased == {"summary": "Deleted user (Deleted user) redeemed", "customerId": "u1", "email": "owner@x.test"}
    assert rules.changed_fields(entry, erased) == {"summary": erased["summary"]}


def test_erasure_is_idempotent_and_ignores_short_terms() -> None:
    once = rules.scrub(ORDER, ["Ann Lee", "a"], own=True)
    assert rules.scrub(once, ["Ann Lee", "a"], own=True) == once
    assert rules.changed_fields(once, rules.scrub(once, ["Ann Lee"], own=True)) == {}


@pytest.mark.parametrize("role", ["shop", "affiliate", "admin"])
def test_accounts_others_depend_on_are_not_erased(role: str) -> None:
    with pytest.raises(FailedPrecondition):
        rules.check_erasable(role)
    rules.check_erasable("customer")
    rules.check_erasable(None)
