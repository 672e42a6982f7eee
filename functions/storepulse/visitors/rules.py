"""Pure decisions of live visitors: where a session is counted, what a page view and a checkout add
to the day's figures, and the figures sellers read. Writers and the rebuild share these, so the
counters and their recount cannot drift apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from storepulse.notifications.models import Category, TargetKind
from storepulse.notifications.rules import Notice, money
from storepulse.platform import sharded
from storepulse.platform.windows import SESSION_IDLE_TIMEOUT
from storepulse.visitors.models import LiveVisitorsShard, MethodCounts, ShopDayShard

# Page types whose ids the live counts break down (`LiveVisitorsShard` fields).
PAGE_GROUPS = {"category": "categories", "offer": "offers", "product": "products"}
# A session in checkout counts in `checkouts`, one paying counts in `payments`.
STAGE_FIELDS = {"checkout": "checkouts", "payment": "payments"}
# Page types whose views the daily figures rank, top categories and top offers (`ShopDayShard` fields).
RANKED_PAGES = {"category": "categories", "offer": "offers"}
TOP = 10
# The Insights funnel: each step and the day counter it reads.
FUNNEL = (("visits", "sessions"), ("checkout", "checkoutsStarted"), ("payment", "paymentsInitiated"), ("paid", "paid"))
INSIGHT_SPANS = (1, 7, 30)


@dataclass(frozen=True)
class LiveState:
    """Where an active session is counted: its shop, page and checkout stage."""

    shop_id: str
    page_type: str
    page_id: str | None = None
    stage: str | None = None  # "checkout" or "payment" while a checkout is in progress

    def counts(self, sign: int) -> dict[str, Any]:
        moved: dict[str, Any] = {"total": sign, "page_types": {self.page_type: sign}}
        group = PAGE_GROUPS.get(self.page_type)
        if group and self.page_id:
            moved[group] = {self.page_id: sign}
        if self.stage in STAGE_FIELDS:
            moved[STAGE_FIELDS[self.stage]] = sign
        return LiveVisitorsShard.changes(**moved)

    @classmethod
    def of(cls, session: dict[str, Any]) -> LiveState | None:
        """The state a session document is counted in (None when it is not active)."""
        if session.get("status") != "active" or not session.get("shopId"):
            return None
        return cls(session["shopId"], session["pageType"], session.get("pageId"), session.get("stage"))


def with_stage(session: dict[str, Any], stage: str | None) -> LiveState | None:
    state = LiveState.of(session)
    return replace(state, stage=stage) if state is not None else None


def is_live(session: dict[str, Any], now: datetime) -> bool:
    """Active and not idle past the timeout (an idle one is only waiting for the cleanup)."""
    return session.get("status") == "active" and session["lastActivityAt"] > now - SESSION_IDLE_TIMEOUT


def combine(*parts: dict[str, Any]) -> dict[str, Any]:
    """Counts added together (a move is the old place's -1 plus the new place's +1)."""
    total: dict[str, Any] = {}
    for part in parts:
        sharded.merge_counts(total, part)
    return total


def live_move(before: LiveState | None, after: LiveState | None) -> dict[str, dict[str, Any]]:
    """Per shop, what moving a session from `before` to `after` adds to the live counts."""
    by_shop: dict[str, list[dict[str, Any]]] = {}
    for state, sign in ((before, -1), (after, 1)):
        if state is not None:
            by_shop.setdefault(state.shop_id, []).append(state.counts(sign))
    return {shop_id: combine(*parts) for shop_id, parts in by_shop.items()}


def page_view_counts(*, new_visit: bool, hour: str, page_type: str, page_id: str | None) -> dict[str, Any]:
    """What one page view adds to its day's figures."""
    counts = ShopDayShard.changes(page_views=1, page_views_by_hour={hour: 1})
    if new_visit:
        counts |= ShopDayShard.changes(sessions=1, visits_by_hour={hour: 1})
    if page_type in RANKED_PAGES and page_id:
        counts |= ShopDayShard.changes(**{RANKED_PAGES[page_type]: {page_id: 1}})
    return counts


def checkout_counts(checkout: dict[str, Any]) -> dict[str, Any]:
    """What one checkout (with its attempts so far) adds to its start day's figures."""
    counts = ShopDayShard.changes(checkouts_started=1)
    attempts = checkout.get("attempts") or []
    if attempts:
        counts |= ShopDayShard.changes(payments_initiated=1)
    if checkout.get("status") == "paid":
        counts |= ShopDayShard.changes(paid=1, revenue_cents=checkout.get("paidCents", 0))
    methods: dict[str, Counter[str]] = {}
    errors: Counter[str] = Counter()
    for attempt in attempts:
        method = methods.setdefault(attempt["method"], Counter())
        method["attempts"] += 1
        if attempt.get("outcome") in ("succeeded", "failed"):
            method[attempt["outcome"]] += 1
        if attempt.get("outcome") == "failed":
            errors[attempt["errorCode"]] += 1
    by_method = {name: MethodCounts.changes(**counted) for name, counted in methods.items()}
    return counts | ShopDayShard.changes(methods=by_method, errors=dict(errors))


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _top(counts: dict[str, int]) -> list[dict[str, Any]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    return [{"id": key, "views": value} for key, value in ranked]


def insight_days(last_day: date, days: int) -> list[str]:
    """The `days` UTC day keys ending with `last_day`, oldest first (an Insights span: 1, 7 or 30)."""
    if days not in INSIGHT_SPANS:
        raise ValueError(f"an Insights span is one of {INSIGHT_SPANS} days")
    return [(last_day - timedelta(days=back)).isoformat() for back in range(days - 1, -1, -1)]


def _by_hour(counts: dict[str, Any]) -> list[int]:
    return [int(counts.get(f"{hour:02d}", 0)) for hour in range(24)]


def _funnel(counts: dict[str, Any]) -> list[dict[str, Any]]:
    """Visits -> checkout -> payment -> paid, each step with how many went no further (a checkout
    started on a later day than its visit can make a step exceed the one before: none abandoned)."""
    steps = [(step, int(counts.get(field, 0))) for step, field in FUNNEL]
    funnel = []
    for index, (step, reached) in enumerate(steps):
        following = steps[index + 1][1] if index + 1 < len(steps) else None
        abandoned = max(reached - following, 0) if following is not None else 0
        rate = _ratio(abandoned, reached) if following is not None else None
        funnel.append({"step": step, "count": reached, "abandoned": abandoned, "abandonment": rate})
    return funnel


def _methods(methods: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    attempts = sum(m.get("attempts", 0) for m in methods.values())
    figures = [
        {
            "method": name,
            "attempts": m.get("attempts", 0),
            "succeeded": m.get("succeeded", 0),
            "failed": m.get("failed", 0),
            "share": _ratio(m.get("attempts", 0), attempts),
            "successRate": _ratio(m.get("succeeded", 0), m.get("attempts", 0)),
        }
        for name, m in methods.items()
    ]
    return sorted(figures, key=lambda m: (-m["attempts"], m["method"]))


def insights(by_day: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What a seller's Insights page shows over some days, from each day's summed counts (the SDK's
    `shopInsights` derives the same from the same shards: clients/js/src/reads.ts)."""
    counts = combine(*by_day.values())
    methods: dict[str, dict[str, int]] = counts.get("methods", {})
    attempts = sum(m.get("attempts", 0) for m in methods.values())
    succeeded = sum(m.get("succeeded", 0) for m in methods.values())
    return {
        "days": sorted(by_day),
        "visits": int(counts.get("sessions", 0)),
        "pageViews": int(counts.get("pageViews", 0)),
        "revenueCents": int(counts.get("revenueCents", 0)),
        "funnel": _funnel(counts),
        "paymentMethods": _methods(methods),
        "paymentSuccessRate": _ratio(succeeded, attempts),
        "errorsByCode": dict(sorted(counts.get("errors", {}).items())),
        "errorsByDay": [
            {"day": day, "byCode": dict(sorted(by_day[day].get("errors", {}).items()))} for day in sorted(by_day)
        ],
        "activityByHour": _by_hour(counts.get("pageViewsByHour", {})),
        "visitsByHour": _by_hour(counts.get("visitsByHour", {})),
        "topCategories": _top(counts.get("categories", {})),
        "topOffers": _top(counts.get("offers", {})),
    }


def payer_name(checkout: dict[str, Any], profile: dict[str, Any]) -> str:
    """How a payment alert names the customer: the checkout's contact name, else their profile's
    display name, else "A visitor" (never an e-mail address or a phone number)."""
    return str((checkout.get("customer") or {}).get("name") or profile.get("displayName") or "A visitor")


def failed_payments(attempts: list[dict[str, Any]]) -> int:
    return sum(1 for attempt in attempts if attempt.get("outcome") == "failed")


def payment_failed_notice(
    owner_uid: str,
    checkout_id: str,
    error_id: str,
    checkout: dict[str, Any],
    *,
    payer: str,
    failures: int,
    code: str,
    message: str,
) -> Notice:
    """The shop owner's alert for a checkout's failed payments: one per checkout (keyed by it), renewed
    by each later failure (notifications `publish_collapsed`) with the count and the latest error."""
    amount = f"{money(int(checkout['totalCents']))} {checkout['currency']}"
    title = "Payment failed" if failures == 1 else f"{failures} failed payment attempts"
    latest = "" if failures == 1 else "latest "
    return Notice(
        owner_uid, Category.PAYMENT, title, f"{payer} could not pay {amount}: {latest}error {code}, {message}",
        TargetKind.PAYMENT_ERROR, error_id, f"payment_failed:{checkout_id}",
    )  # fmt: skip
