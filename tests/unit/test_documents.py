"""Document models: what a store writes from them, and the shape check the emulator tests hold stored
documents to (tests/support/shapes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from google.cloud import firestore

from storepulse.activity import store as activity
from storepulse.catalog import store as catalog
from storepulse.notifications.models import Notification
from storepulse.orders.models import OrderStatsShard
from storepulse.stats.models import LiveStatsShard
from tests.support.shapes import problems

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)


def test_a_partial_write_takes_its_names_from_the_model() -> None:
    increment = firestore.Increment(1)
    assert LiveStatsShard.changes(redemptions_total=increment, last_activity_ms=5) == {
        "redemptionsTotal": increment,
        "lastActivityMs": 5,
    }
    with pytest.raises(KeyError):
        LiveStatsShard.changes(redemption_total=1)


def test_a_field_absent_until_set_is_left_out_of_a_whole_document() -> None:
    registered = catalog.acquired_by_registration("a1", "c1", "Ann", NOW)
    redeemed = catalog.affiliate_customer_new("a1", "c1", "Ann", 40, NOW, via="coupon")
    assert "lastRedemptionAt" not in registered
    assert redeemed["lastRedemptionAt"] == NOW


def test_a_feed_entry_holds_the_fields_its_type_gives_and_no_others() -> None:
    entry = activity.feed_entry("redemption", "u1", NOW, "Ann redeemed", {"coupon_id": "c1", "affiliate_id": None})
    assert entry == {
        "type": "redemption",
        "actorUid": "u1",
        "createdAt": NOW,
        "expireAt": NOW + timedelta(days=365),
        "summary": "Ann redeemed",
        "couponId": "c1",
        "affiliateId": None,
    }
    with pytest.raises(TypeError, match="couponCode"):
        activity.feed_entry("redemption", "u1", NOW, "Ann redeemed", {"couponCode": "X"})


def notification(**changed: Any) -> dict[str, Any]:
    stored = {
        "recipientUid": "u1",
        "category": "order",
        "title": "Delivered",
        "body": "Your order from Corner Bakery was delivered",
        "target": {"kind": "order", "id": "o1"},
        "action": None,
        "createdAt": NOW,
        "seenAt": None,
        "readAt": None,
        "archivedAt": None,
        "seen": False,
        "read": False,
        "archived": False,
        "expireAt": None,
        "sourceKey": "order:o1:2",
    }
    return {**stored, **changed}


def test_a_stored_document_with_its_models_shape_has_no_problems() -> None:
    assert problems(Notification, notification()) == []


@pytest.mark.parametrize(
    ("stored", "found"),
    [
        (notification(title=None), [("title", "Input should be a valid string")]),
        (notification(colour="red"), [("colour", "not a field of the model")]),
        (notification(target={"kind": "order", "id": "o1", "at": NOW}), [("target.at", "not a field of the model")]),
        (notification(target={"kind": "ledger", "id": "l1"}), [("target.kind", "Input should be 'order', 'enrollment', "
                                             "'points_request', 'redemption', 'payment_error' or 'account'")]),
        (notification(category="weather"), [("category", "Input should be 'redemption', 'loyalty', 'enrollment', "
                                             "'points', 'order', 'delivery', 'account' or 'payment'")]),
    ],
    ids=["wrong type", "unknown field", "unknown nested field", "target kind not in the enum", "not in the enum"],
)  # fmt: skip
def test_the_shape_check_names_each_departure(stored: dict[str, Any], found: list[tuple[str, str]]) -> None:
    assert problems(Notification, stored) == found


def test_a_shard_holds_any_of_its_counters_and_only_those() -> None:
    day = {"2030-05-01": {"placed": 2, "pickedUp": 1}}
    assert problems(OrderStatsShard, {"open": {"placed": 1}, "days": day}) == []
    assert problems(OrderStatsShard, {"days": {"2030-05-01": {"shipped": 1}}}) == [
        ("days.2030-05-01.shipped", "not a field of the model")
    ]
