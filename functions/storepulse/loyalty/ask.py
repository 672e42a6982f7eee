"""Asking a customer to join a shop's program: the one step a QR scan and an invitation share (the
same request document, the same notification, the same card), inside its caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.loyalty import rules, store
from storepulse.loyalty.award import Effects
from storepulse.platform import txn


def ask_to_join(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    enrollment: dict[str, Any] | None,
    shop_id: str,
    shop_name: str,
    customer_uid: str,
    customer_name: str,
    request_key: str,
    now: datetime,
    effects: Effects,
    invited: bool = False,
) -> None:
    """A pending enrollment (new, or again after a decline or an invitation by e-mail) and the request
    the customer answers; `request_key` is unique per ask (the request notification's source).
    `invited` (an invitation by e-mail, only ever for a customer with no card at the shop): the card
    is `invited`, which the shop cannot read and its `pending` figure does not count."""
    enrollment_id = rules.enrollment_id(shop_id, customer_uid)
    notice = rules.enrollment_request_notice(customer_uid, enrollment_id, request_key, shop_name)
    ref = store.enrollment_ref(db, shop_id, customer_uid)
    fields = store.request_to_join(
        shop_id,
        customer_uid,
        shop_name=shop_name,
        customer_name=customer_name,
        request_notification=request_key,
        now=now,
        first=enrollment is None,
        status="invited" if invited else "pending",
    )
    if enrollment is None:
        transaction.create(ref, fields)
    else:
        transaction.update(ref, fields)
    effects.notices.append(notice)
    if not invited:
        effects.count({"pending": 1})
