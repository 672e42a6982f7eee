"""What erasure does to a document (pure functions): replace the user's personal fields by a pseudonym
and every occurrence of their names, e-mails, phones and addresses in any text by the pseudonym."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from storepulse.platform.errors import FailedPrecondition

PSEUDONYM = "Deleted user"
ERASED = "[erased]"
# Shorter strings are not searched for in other text (a one-letter name would match everywhere).
MIN_TERM_LENGTH = 3

# Fields of the user's own documents, wherever they are nested.
NAME_FIELDS = frozenset({"customerName", "displayName"})
CLEARED_FIELDS = frozenset({"email", "phone", "ip", "userAgent", "referrer", "note", "cancelReason", "reverseReason"})
# A checkout's or payment error's contact (`customer`) goes whole; an address keeps only its country.
CLEARED_MAPS = frozenset({"customer"})
ADDRESS_FIELD = "address"
KEPT_ADDRESS_FIELDS = frozenset({"country"})
EMPTIED_MAPS = frozenset({"details"})
# Where the terms come from in the user's own documents.
TERM_FIELDS = frozenset({"customerName", "displayName", "email", "phone", "name", "line1", "line2"})


def check_erasable(role: str | None) -> None:
    """Only customers' and role-less accounts are erased: a shop's or affiliate's owner, or an admin,
    is first given no role (their shop or affiliate must not lose its owner silently)."""
    if role in {"shop", "affiliate", "admin"}:
        raise FailedPrecondition(
            f"uid: this account holds the {role} role; an admin removes the role before its data is erased.",
            field="uid",
        )


def terms_of(values: Iterable[Any]) -> set[str]:
    """The searchable terms among `values` (strings long enough to search for)."""
    return {value.strip() for value in values if isinstance(value, str) and len(value.strip()) >= MIN_TERM_LENGTH}


def terms_in(document: Mapping[str, Any], customer_contact: bool) -> set[str]:
    """Terms a document of the user's holds: its name, e-mail, phone and address fields (`name` only
    inside a contact, `customer`, never an item's name)."""
    found: set[str] = set()
    for key, value in document.items():
        if isinstance(value, Mapping):
            found |= terms_in(value, customer_contact=key in {"customer", "address", "fulfilment"})
        elif key in TERM_FIELDS and (key != "name" or customer_contact):
            found |= terms_of([value])
    return found


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({term for term in terms if len(term) >= MIN_TERM_LENGTH}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(re.escape(term) for term in ordered), re.IGNORECASE)


def replace_terms(value: Any, pattern: re.Pattern[str] | None) -> Any:
    """`value` with every term in its text replaced by the pseudonym (maps and lists walked)."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(PSEUDONYM, value)
    if isinstance(value, Mapping):
        return {key: replace_terms(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_terms(item, pattern) for item in value]
    return value


def _own(value: Any, key: str | None) -> Any:
    if isinstance(value, Mapping):
        if key in CLEARED_MAPS:
            return None
        if key in EMPTIED_MAPS:
            return {}
        if key == ADDRESS_FIELD:
            return {
                name: item if name in KEPT_ADDRESS_FIELDS or not isinstance(item, str) else ERASED
                for name, item in value.items()
            }
        return {name: _own(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_own(item, None) for item in value]
    if isinstance(value, str):
        if key in NAME_FIELDS:
            return PSEUDONYM
        if key in CLEARED_FIELDS:
            return None
    return value


def scrub(document: Mapping[str, Any], terms: Iterable[str], *, own: bool) -> dict[str, Any]:
    """The document erased: when it is the user's `own` (they are its customer), its personal fields
    pseudonymised or cleared; in any case, the terms replaced wherever they appear."""
    erased = {key: _own(value, key) for key, value in document.items()} if own else dict(document)
    result: dict[str, Any] = replace_terms(erased, _pattern(terms))
    return result


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The top-level fields whose value erasure changes (an update writes only those, whole)."""
    return {key: value for key, value in after.items() if before.get(key) != value}
