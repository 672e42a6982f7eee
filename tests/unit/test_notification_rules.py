"""The notification centre's pure decisions: ids from source events, real transitions only, notices."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from storepulse.notifications import rules
from storepulse.notifications.models import (
    Category,
    MarkNotificationsRequest,
    MarkState,
    NotificationTarget,
    TargetKind,
)
from storepulse.platform.currencies import ISO_4217, PLATFORM_CURRENCY, format_money
from storepulse.platform.errors import NotFound
from storepulse.verify.notifications import recount

NOW = datetime(2030, 6, 1, 12, tzinfo=UTC)
EARLIER = datetime(2030, 6, 1, 11, tzinfo=UTC)
FRESH: dict[str, Any] = {"seenAt": None, "readAt": None, "archivedAt": None}
SEEN = {**FRESH, "seenAt": EARLIER}
READ = {**SEEN, "readAt": EARLIER}
ARCHIVED = {**READ, "archivedAt": EARLIER}


@pytest.mark.parametrize(
    ("before", "state", "unread", "unseen", "fields"),
    [
        (FRESH, MarkState.SEEN, 0, -1, {"seenAt", "seen"}),
        (SEEN, MarkState.SEEN, None, None, None),
        (FRESH, MarkState.READ, -1, -1, {"seenAt", "seen", "readAt", "read", "expireAt"}),
        (SEEN, MarkState.READ, -1, 0, {"readAt", "read", "expireAt"}),
        (READ, MarkState.READ, None, None, None),
        (FRESH, MarkState.ARCHIVED, -1, -1, {"seenAt", "seen", "readAt", "read", "expireAt", "archivedAt", "archived"}),
        (READ, MarkState.ARCHIVED, 0, 0, {"archivedAt", "archived"}),
        (ARCHIVED, MarkState.ARCHIVED, None, None, None),
        (READ, MarkState.UNREAD, 1, 0, {"readAt", "read", "expireAt"}),
        (ARCHIVED, MarkState.UNREAD, 1, 0, {"readAt", "read", "expireAt", "archivedAt", "archived"}),
        (FRESH, MarkState.UNREAD, None, None, None),
        (SEEN, MarkState.UNREAD, None, None, None),
    ],
)
def test_only_real_transitions_move_the_counts(
    before: dict[str, Any], state: MarkState, unread: int | None, unseen: int | None, fields: set[str] | None
) -> None:
    move = rules.transition(before, state, NOW)
    if fields is None:
        assert move is None
        return
    assert move is not None
    assert (move.unread, move.unseen, set(move.fields)) == (unread, unseen, fields)
    assert all(value in (NOW, NOW + rules.RETENTION, True, None, False) for value in move.fields.values())


def test_each_transition_keeps_counts_equal_to_a_recount() -> None:
    notifications = [{"recipientUid": "u", "category": "order", **state} for state in (FRESH, SEEN, READ, ARCHIVED)]
    counts = recount(notifications)["u"]
    for index, state in enumerate([MarkState.READ, MarkState.UNREAD, MarkState.ARCHIVED, MarkState.SEEN]):
        move = rules.transition(notifications[index], state, NOW)
        if move is not None:
            notifications[index] = {**notifications[index], **move.fields}
            counts["unread"] += move.unread
            counts["unseen"] += move.unseen
            counts["unreadByCategory"]["order"] = counts["unreadByCategory"].get("order", 0) + move.unread
    assert recount(notifications)["u"] == counts


def test_one_source_event_is_one_document_per_recipient() -> None:
    first = rules.notification_id("u1", "redemption:r1")
    assert first == rules.notification_id("u1", "redemption:r1")
    assert first != rules.notification_id("u2", "redemption:r1")
    assert first != rules.notification_id("u1", "reversal:r1")
    assert len(first) == 32


def test_which_notifications_a_mark_may_change() -> None:
    assert rules.candidate_flag(MarkState.READ) == ("read", False)
    assert rules.candidate_flag(MarkState.UNREAD) == ("read", True)
    assert rules.candidate_flag(MarkState.ARCHIVED) == ("archived", False)


def test_another_users_notification_looks_missing() -> None:
    rules.check_own({"a": {"recipientUid": "me"}}, "me")
    for found in ({"a": {"recipientUid": "you"}}, {"a": None}):
        with pytest.raises(NotFound) as error:
            rules.check_own(found, "me")
        assert error.value.message == "ids: no such notification."


def test_notices_name_people_and_places_not_ids() -> None:
    saved = rules.redemption_notice("c1", "r1", code="SAVE", shop_name="Corner Bakery", discount_cents=800)
    assert (saved.body, saved.category, saved.target(), saved.source_key) == (
        "You saved €8.00 at Corner Bakery",
        Category.REDEMPTION,
        NotificationTarget(kind=TargetKind.REDEMPTION, id="r1"),
        "redemption:r1",
    )
    assert (
        rules.redemption_notice("c1", "r1", code="SAVE", shop_name="B", discount_cents=0).body
        == "You redeemed SAVE at B"
    )
    reversed_ = rules.reversal_notice("c1", "r1", code="SAVE", shop_name="B", reason="refund")
    assert (reversed_.body, reversed_.source_key) == ("B reversed your redemption of SAVE: refund", "reversal:r1")
    role = rules.role_notice("u1", "shop", "feed1", of="Corner Bakery")
    assert (role.category, role.body) == (
        Category.ACCOUNT,
        "You are now a shop owner of Corner Bakery. Sign in again to see your new pages.",
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"state": "read"}, "data"),
        ({"ids": ["a"], "all": True, "state": "read"}, "data"),
        ({"ids": ["a"], "category": "order", "state": "read"}, "data"),
        ({"all": False, "state": "read"}, "all"),
        ({"all": True, "state": "deleted"}, "state"),
        ({"all": True, "category": "coupons", "state": "read"}, "category"),
        ({"ids": [], "state": "read"}, "ids"),
        ({"ids": ["x"] * 501, "state": "read"}, "ids"),
        ({"ids": ["a/b"], "state": "read"}, "ids.0"),
    ],
)
def test_malformed_marks(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        MarkNotificationsRequest.model_validate(payload)
    fields = {".".join(str(part) for part in item["loc"]) or "data" for item in error.value.errors()}
    assert field in fields


ALERT = rules.Notice(
    "owner", Category.PAYMENT, "3 failed payment attempts", "Ada could not pay", TargetKind.PAYMENT_ERROR, "e3",
    "payment_failed:k1",
)  # fmt: skip


@pytest.mark.parametrize(
    ("before", "unread", "unseen"),
    [(FRESH, 0, 0), (SEEN, 0, 1), (READ, 1, 1), (ARCHIVED, 1, 1), ({**FRESH, "archivedAt": EARLIER}, 0, 0)],
    ids=["unread", "unread and seen", "read", "archived", "archived but unread"],
)
def test_a_renewed_notification_comes_to_the_top_and_counts_once(
    before: dict[str, Any], unread: int, unseen: int
) -> None:
    move = rules.renewal({"category": "payment", **before}, ALERT, NOW)
    assert (move.unread, move.unseen) == (unread, unseen)
    assert {k: move.fields[k] for k in ("title", "body", "target", "createdAt")} == {
        "title": "3 failed payment attempts",
        "body": "Ada could not pay",
        "target": {"kind": "payment_error", "id": "e3"},
        "createdAt": NOW,
    }
    after = {"recipientUid": "owner", "category": "payment", **before, **move.fields}
    if before is not FRESH and before is not SEEN:  # it was read or archived: unread, unseen, kept
        assert {k: after[k] for k in ("readAt", "seenAt", "archivedAt", "expireAt")} == dict.fromkeys(
            ("readAt", "seenAt", "archivedAt", "expireAt")
        )
    else:  # an unread one stays unread and is news again (unseen)
        assert (after["readAt"], after["seenAt"], after.get("seen", False)) == (None, None, False)
    # The counts moved by the renewal equal a recount before and after.
    was = recount([{"recipientUid": "owner", "category": "payment", **before}])["owner"]
    now_ = recount([after])["owner"]
    assert (now_["unread"] - was["unread"], now_["unseen"] - was["unseen"]) == (unread, unseen)


@pytest.mark.parametrize(
    ("cents", "currency", "written"),
    [
        (500, "EUR", "€5.00"),
        (1679, "EUR", "€16.79"),
        (5, "GBP", "£0.05"),
        (-150, "USD", "-$1.50"),
        (1200, "CHF", "12.00 CHF"),
    ],
)
def test_money_is_written_with_its_currency(cents: int, currency: str, written: str) -> None:
    assert format_money(cents, currency) == written


def test_coupon_money_is_in_the_platform_currency() -> None:
    assert PLATFORM_CURRENCY in ISO_4217
    assert format_money(800) == format_money(800, PLATFORM_CURRENCY)
