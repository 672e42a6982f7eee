"""Live visitors' pure decisions: where a session is counted, what page views and checkouts add to a
day, and the daily-figures arithmetic sellers read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from storepulse.notifications.models import Category, TargetKind
from storepulse.visitors import rules
from storepulse.visitors.rules import LiveState

NOW = datetime(2030, 5, 2, 14, tzinfo=UTC)


def test_a_live_state_counts_its_page_group_and_stage() -> None:
    assert LiveState("s1", "category", "bread", "checkout").counts(1) == {
        "total": 1,
        "pageTypes": {"category": 1},
        "categories": {"bread": 1},
        "checkouts": 1,
    }
    assert LiveState("s1", "homepage").counts(-1) == {"total": -1, "pageTypes": {"homepage": -1}}


def test_a_move_within_a_shop_is_one_net_write_and_across_shops_two() -> None:
    before, after = LiveState("s1", "homepage"), LiveState("s1", "offer", "summer", "payment")
    assert rules.live_move(before, after) == {
        "s1": {"total": 0, "pageTypes": {"homepage": -1, "offer": 1}, "offers": {"summer": 1}, "payments": 1}
    }
    assert set(rules.live_move(before, LiveState("s2", "homepage"))) == {"s1", "s2"}
    assert rules.live_move(None, None) == {}


def test_session_state_from_documents() -> None:
    active = {"status": "active", "shopId": "s1", "pageType": "product", "pageId": "p1", "stage": None}
    assert LiveState.of(active) == LiveState("s1", "product", "p1")
    assert LiveState.of({**active, "status": "ended"}) is None
    assert rules.with_stage(active, "checkout") == LiveState("s1", "product", "p1", "checkout")
    assert rules.is_live({**active, "lastActivityAt": NOW - timedelta(minutes=29)}, NOW)
    assert not rules.is_live({**active, "lastActivityAt": NOW - timedelta(minutes=30)}, NOW)


def test_what_a_page_view_adds_to_its_day() -> None:
    assert rules.page_view_counts(new_visit=True, hour="14", page_type="category", page_id="bread") == {
        "pageViews": 1,
        "sessions": 1,
        "visitsByHour": {"14": 1},
        "categories": {"bread": 1},
    }
    assert rules.page_view_counts(new_visit=False, hour="14", page_type="product", page_id="p1") == {"pageViews": 1}


def test_what_a_checkout_adds_to_its_start_day() -> None:
    checkout: dict[str, Any] = {
        "status": "paid",
        "paidCents": 2650,
        "attempts": [
            {"method": "card", "outcome": "failed", "errorCode": "card_declined"},
            {"method": "card", "outcome": "succeeded"},
        ],
    }
    assert rules.checkout_counts(checkout) == {
        "checkoutsStarted": 1,
        "paymentsInitiated": 1,
        "paid": 1,
        "revenueCents": 2650,
        "methods": {"card": {"attempts": 2, "failed": 1, "succeeded": 1}},
        "errors": {"card_declined": 1},
    }
    assert rules.checkout_counts({"status": "started", "attempts": []}) == {
        "checkoutsStarted": 1,
        "methods": {},
        "errors": {},
    }


def test_daily_figures_arithmetic() -> None:
    counts = {
        "sessions": 10,
        "pageViews": 31,
        "visitsByHour": {"09": 4, "14": 6},
        "categories": {"bread": 3, "cakes": 5, "buns": 3},
        "checkoutsStarted": 5,
        "paymentsInitiated": 4,
        "paid": 3,
        "revenueCents": 9000,
        "methods": {"card": {"attempts": 4, "succeeded": 3, "failed": 1}, "paypal": {"attempts": 1, "failed": 1}},
        "errors": {"timeout": 1, "card_declined": 1},
    }
    figures = rules.daily_figures(counts)
    assert figures["funnel"] == {"sessions": 10, "checkoutStarted": 5, "paymentInitiated": 4, "paid": 3}
    assert figures["abandonment"] == {"beforeCheckout": 0.5, "atCheckout": 0.2, "atPayment": 0.25}
    assert figures["paymentMethods"] == {
        "card": {"attempts": 4, "share": 0.8, "successRate": 0.75},
        "paypal": {"attempts": 1, "share": 0.2, "successRate": 0.0},
    }
    assert figures["paymentSuccessRate"] == 0.6
    assert figures["errorsByCode"] == {"card_declined": 1, "timeout": 1}
    assert figures["topCategories"] == [
        {"id": "cakes", "views": 5},
        {"id": "bread", "views": 3},
        {"id": "buns", "views": 3},
    ]
    assert (figures["visitsByHour"]["09"], figures["visitsByHour"]["00"], len(figures["visitsByHour"])) == (4, 0, 24)
    empty = rules.daily_figures({})
    assert (empty["paymentSuccessRate"], empty["abandonment"]["beforeCheckout"]) == (None, None)


CHECKOUT = {"totalCents": 26500, "currency": "EUR", "customer": {"name": "Ada", "email": "ada@example.test"}}


def test_a_payment_alert_names_the_payer_never_their_contact() -> None:
    first = rules.payment_failed_notice(
        "owner", "k1", "e1", CHECKOUT, payer="Ada", failures=1, code="card_declined", message="Insufficient funds"
    )
    assert (first.recipient_uid, first.category, first.title, first.body) == (
        "owner",
        Category.PAYMENT,
        "Payment failed",
        "Ada could not pay 265.00 EUR: error card_declined, Insufficient funds",
    )
    assert (first.target_kind, first.target_id, first.source_key) == (
        TargetKind.PAYMENT_ERROR,
        "e1",
        "payment_failed:k1",
    )
    later = rules.payment_failed_notice(
        "owner", "k1", "e3", CHECKOUT, payer="Ada", failures=3, code="expired_card", message="Expired"
    )
    assert (later.title, later.body, later.target_id, later.source_key) == (
        "3 failed payment attempts",
        "Ada could not pay 265.00 EUR: latest error expired_card, Expired",
        "e3",
        "payment_failed:k1",
    )
    assert rules.payer_name(CHECKOUT, {"displayName": "Ada L"}) == "Ada"
    assert rules.payer_name({}, {"displayName": "Ada L", "email": "ada@example.test"}) == "Ada L"
    assert rules.payer_name({"customer": {"email": "ada@example.test"}}, {"email": "ada@example.test"}) == "A visitor"
    assert rules.failed_payments([{"outcome": "failed"}, {"outcome": "succeeded"}, {"outcome": "failed"}, {}]) == 2
