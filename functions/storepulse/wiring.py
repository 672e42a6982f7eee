"""Fills in `platform/ports.py`: each port with the function of the package that owns its records.

Imported by `storepulse/__init__.py`, so the ports are filled before any domain code runs, whichever
module a caller (a deployed function, a script, a test) imports first. Each port's implementation
is imported on the port's first use: a deployed function's instance loads only the packages its
own calls reach (cold start: docs/architecture.md). mypy checks each one against its port.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from storepulse.platform import ports

P = TypeVar("P")


def _on_first_use(load: Callable[[], P]) -> P:
    """A stand-in for the function `load` returns, which imports it on the first call."""
    loaded = functools.cache(load)

    def call(*args: Any, **kwargs: Any) -> Any:
        return cast(Callable[..., Any], loaded())(*args, **kwargs)

    return cast(P, call)


def _admin_feed() -> ports.AdminFeed:
    from storepulse.activity.feed import log_admin_activity

    return log_admin_activity


def _user_trail() -> ports.UserTrail:
    from storepulse.activity.actions import log_user_action

    return log_user_action


def _role_notice() -> ports.RoleNotice:
    from storepulse.notifications.publish import publish_role_notice

    return publish_role_notice


def _role_counters() -> ports.RoleCounters:
    from storepulse.analytics.store import count_role_change

    return count_role_change


def _open_scope() -> ports.OpenScope:
    from storepulse.stats.counters import open_scope

    return open_scope


def _registration_markers() -> ports.RegistrationMarkers:
    from storepulse.stats.registration import registration_markers

    return registration_markers


def _count_registration() -> ports.CountRegistration:
    from storepulse.stats.registration import count_registration

    return count_registration


def _owner_name() -> ports.OwnerName:
    from storepulse.catalog.store import owner_name

    return owner_name


def _anonymous_online() -> ports.AnonymousOnline:
    from storepulse.visitors.store import anonymous_online

    return anonymous_online


def _shop_customer_record() -> ports.ShopCustomerRecord:
    from storepulse.redemptions.store import shop_customer_ref

    return shop_customer_ref


def _ordered_at() -> ports.OrderedAt:
    from storepulse.orders.store import ordered_at

    return ordered_at


ports.install(
    ports.Ports(
        admin_feed=_on_first_use(_admin_feed),
        user_trail=_on_first_use(_user_trail),
        role_notice=_on_first_use(_role_notice),
        role_counters=_on_first_use(_role_counters),
        open_scope=_on_first_use(_open_scope),
        registration_markers=_on_first_use(_registration_markers),
        count_registration=_on_first_use(_count_registration),
        owner_name=_on_first_use(_owner_name),
        anonymous_online=_on_first_use(_anonymous_online),
        shop_customer_record=_on_first_use(_shop_customer_record),
        ordered_at=_on_first_use(_ordered_at),
    )
)
