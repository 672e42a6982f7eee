"""Live visitors' pure decisions: where a session is counted, what page views and checkouts add to a
day, and the Insights arithmetic sellers read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

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
        "pageViewsByHour": {"14": 1},
        "sessions": 1,
        "visitsByHour": {"14": 1},
        "categories": {"bread": 1},
    }
    assert rules.page_view_counts(new_visit=False, hour="08", page_type="product", page_id="p1") == {
        "pageViews": 1,
        "pageViewsByHour": {"08": 1},
    }


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


def test_insights_sum_the_days_and_derive_the_funnel_methods_and_errors() -> None:
    monday = {
        "sessions": 6,
        "pageViews": 20,
        "visitsByHour": {"09": 4, "14": 2},
        "pageViewsByHour": {"09": 12, "14": 8},
        "categories": {"bread": 3, "cakes": 5},
        "offers": {"weekend": 2},
        "checkoutsStarted": 3,
        "paymentsInitiated": 3,
        "paid": 2,
        "revenueCents": 6000,
        "methods": {"card": {"attempts": 3, "succeeded": 2, "failed": 1}},
        "errors": {"card_declined": 1},
    }
    tuesday = {
        "sessions": 4,
        "pageViews": 11,
        "pageViewsByHour": {"23": 11},
        "categories": {"buns": 3},
        "checkoutsStarted": 2,
        "paymentsInitiated": 1,
        "paid": 1,
        "revenueCents": 3000,
        "methods": {"card": {"attempts": 1, "succeeded": 1}, "paypal": {"attempts": 1, "failed": 1}},
        "errors": {"timeout": 1},
    }
    figures = rules.insights({"2030-07-02": tuesday, "2030-07-01": monday, "2030-07-03": {}})
    assert figures["days"] == ["2030-07-01", "2030-07-02", "2030-07-03"]
    assert (figures["visits"], figures["pageViews"], figures["revenueCents"]) == (10, 31, 9000)
    assert figures["funnel"] == [
        {"step": "visits", "count": 10, "abandoned": 5, "abandonment": 0.5},
        {"step": "checkout", "count": 5, "abandoned": 1, "abandonment": 0.2},
        {"step": "payment", "count": 4, "abandoned": 1, "abandonment": 0.25},
        {"step": "paid", "count": 3, "abandoned": 0, "abandonment": None},
    ]
    assert figures["paymentMethods"] == [
        {"method": "card", "attempts": 4, "succeeded": 3, "failed": 1, "share": 0.8, "successRate": 0.75},
        {"method": "paypal", "attempts": 1, "succeeded": 0, "failed": 1, "share": 0.2, "successRate": 0.0},
    ]
    assert figures["paymentSuccessRate"] == 0.6
    assert figures["errorsByCode"] == {"card_declined": 1, "timeout": 1}
    assert figures["errorsByDay"] == [
        {"day": "2030-07-01", "byCode": {"card_declined": 1}},
        {"day": "2030-07-02", "byCode": {"timeout": 1}},
        {"day": "2030-07-03", "byCode": {}},
    ]
    assert len(figures["activityByHour"]) == len(figures["visitsByHour"]) == 24
    assert (figures["activityByHour"][9], figures["activityByHour"][14], figures["activityByHour"][23]) == (12, 8, 11)
    assert sum(figures["activityByHour"]) == 31
    assert (figures["visitsByHour"][9], figures["visitsByHour"][0]) == (4, 0)
    assert figures["topCategories"] == [
        {"id": "cakes", "views": 5},
        {"id": "bread", "views": 3},
        {"id": "buns", "views": 3},
    ]
    assert figures["topOffers"] == [{"id": "weekend", "views": 2}]


def test_insights_of_nothing_have_no_rates_and_a_checkout_after_its_visits_day_abandons_nothing() -> None:
    empty = rules.insights({"2030-07-01": {}})
    assert empty["paymentSuccessRate"] is None
    assert [step["abandonment"] for step in empty["funnel"]] == [None, None, None, None]
    later = rules.insights({"2030-07-01": {"sessions": 1, "checkoutsStarted": 2}})
    assert later["funnel"][0] == {"step": "visits", "count": 1, "abandoned": 0, "abandonment": 0.0}


def test_insight_days_end_with_the_last_day() -> None:
    assert rules.insight_days(date(2030, 3, 1), 1) == ["2030-03-01"]
    assert rules.insight_days(date(2030, 3, 1), 7) == [f"2030-02-{day}" for day in range(23, 29)] + ["2030-03-01"]
    assert len(rules.insight_days(date(2030, 3, 1), 30)) == 30
    with pytest.raises(ValueError, match="Insights span"):
        rules.insight_days(date(2030, 3, 1), 14)


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
