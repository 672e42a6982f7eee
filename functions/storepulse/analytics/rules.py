"""Pure decisions of the platform pulse: hour keys, the 12-hour window, how roles and tiers move
the user counters, and the one public document (aggregates only: no uid, name or e-mail)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from storepulse.analytics.models import OnlineNow, PlatformPulse
from storepulse.platform.caller import Role

HOURS = 12


class Event(StrEnum):
    """What an hour bucket counts, each moved in the transaction of the event it counts."""

    REDEMPTIONS = "redemptions"
    ACTIONS = "actions"
    PAGE_VIEWS = "pageViews"
    SCANS = "scans"
    ORDERS = "orders"


TIERS = ("bronze", "silver", "gold", "platinum")
# The figures of `platformUsers/current`: users per role (anonymous visitors have none).
ROLE_FIGURES = {Role.CUSTOMER: "customers", Role.SHOP: "shops", Role.AFFILIATE: "affiliates", Role.ADMIN: "admins"}


def hour_key(at: datetime) -> str:
    """`YYYY-MM-DDTHH` of the UTC hour `at` falls in."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H")


def last_hours(now: datetime, hours: int = HOURS) -> list[str]:
    """The keys of the last `hours` hours, oldest first, ending with the current one."""
    return [hour_key(now - timedelta(hours=back)) for back in range(hours - 1, -1, -1)]


def bucket(hour: str, counts: Mapping[str, Any]) -> dict[str, Any]:
    """One hour of the chart (a `HourBucket`, by stored names): every event (zero when none) and the total."""
    figures = {event.value: int(counts.get(event.value, 0)) for event in Event}
    return {"hour": hour, **figures, "total": sum(figures.values())}


def role_moves(old_role: str | None, new_role: str | None) -> dict[str, int]:
    """How a role change moves the user counters (nothing when the role stays)."""
    if old_role == new_role:
        return {}
    moves: dict[str, int] = {}
    for role, delta in ((old_role, -1), (new_role, 1)):
        if role in ROLE_FIGURES:
            name = ROLE_FIGURES[Role(role)]
            moves[name] = moves.get(name, 0) + delta
    return moves


def tier_moves(old_role: str | None, new_role: str | None, tier: str | None) -> dict[str, int]:
    """A customer's tier above bronze leaves the tier counters with the customer role, and comes back
    with it (the distribution counts customers only)."""
    if not tier or tier == "bronze" or old_role == new_role:
        return {}
    if old_role == Role.CUSTOMER.value:
        return {tier: -1}
    if new_role == Role.CUSTOMER.value:
        return {tier: 1}
    return {}


def tier_distribution(customers: int, above_bronze: Mapping[str, Any]) -> dict[str, int]:
    """Customers per tier; bronze is every customer in no higher tier, so the sum equals `customers`."""
    higher = {tier: int(above_bronze.get(tier, 0)) for tier in TIERS[1:]}
    return {"bronze": customers - sum(higher.values()), **higher}


def pulse(
    *,
    users: Mapping[str, Any],
    tiers: Mapping[str, Any],
    active_today: int,
    online_signed_in: int,
    online_anonymous: int,
    hours: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """`platformPulse/current`: aggregates only, every field named in PUBLIC_FIELDS."""
    roles = {name: int(users.get(name, 0)) for name in ROLE_FIGURES.values()}
    return PlatformPulse(
        total_users=sum(roles.values()),
        customers=roles["customers"],
        shops=roles["shops"],
        affiliates=roles["affiliates"],
        active_today=active_today,
        online_now=OnlineNow(
            signed_in=online_signed_in, anonymous=online_anonymous, total=online_signed_in + online_anonymous
        ),
        last_hours=hours,
        tier_distribution=tier_distribution(roles["customers"], tiers),
        as_of=now,
    ).as_document()


# Every key the public document may hold (a test walks the written document against it).
PUBLIC_FIELDS = frozenset(
    {
        "totalUsers", "customers", "shops", "affiliates", "activeToday", "onlineNow", "signedIn",
        "anonymous", "total", "lastHours", "hour", *(event.value for event in Event), "tierDistribution",
        *TIERS, "asOf",
    }
)  # fmt: skip
