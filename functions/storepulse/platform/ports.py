"""Ports: what a package asks of a package above it, typed here and filled in once by `storepulse.wiring`.

The capability packages form layers (docs/architecture.md): a package imports only packages below
it, none beside it. Identity and catalog sit below the shared sinks (activity, notifications,
stats, analytics), yet their grants log feed entries, notify the user, open live stats and move the
pulse counters; identity names the shop or affiliate a role comes with; the pulse counts anonymous
visitors online; loyalty asks its neighbours, redemptions and orders, whether a shop knows a
customer. Each of those is one callable below, so the lower package depends on a signature, not on
the package that implements it.

A port that writes takes the caller's transaction or batch, so its writes commit with the
caller's. Those that a grant may have to take back return a `Compensation`: the writes that undo
theirs, applied to the undo batch (identity/grants.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from google.cloud import firestore

from storepulse.platform.caller import Role

if TYPE_CHECKING:  # for annotations only: the transaction machinery loads with the first mutation
    from storepulse.platform import txn

# Writes that undo what a port wrote, into the undo batch.
Compensation = Callable[["txn.Writer"], None]


class AdminFeed(Protocol):
    """activity: add an `adminActivityLog` entry with its type's `fields` (`FeedEntry` fields by their
    Python names); returns its reference."""

    def __call__(
        self,
        db: firestore.Client,
        writer: txn.Writer,
        *,
        kind: str,
        actor_uid: str | None,
        at: datetime,
        summary: str,
        **fields: Any,
    ) -> firestore.DocumentReference: ...


class UserTrail(Protocol):
    """activity: add a `userActionLog` entry; returns its reference."""

    def __call__(
        self,
        db: firestore.Client,
        writer: txn.Writer,
        *,
        uid: str,
        action: str,
        at: datetime,
        context: dict[str, Any] | None = None,
    ) -> firestore.DocumentReference: ...


class RoleNotice(Protocol):
    """notifications: tell `uid` their role is now `role` (`of`: the shop or affiliate it comes with).
    `event_id` is the grant's feed entry: one notification per grant."""

    def __call__(
        self,
        db: firestore.Client,
        writer: txn.Writer,
        *,
        uid: str,
        role: Role,
        event_id: str,
        of: str | None,
        now: datetime,
    ) -> Compensation: ...


class RoleCounters(Protocol):
    """analytics: move the users-per-role and customers-per-tier counters for one role change."""

    def __call__(
        self, db: firestore.Client, writer: txn.Writer, *, old_role: str | None, new_role: str, tier: str | None
    ) -> Compensation: ...


class OpenScope(Protocol):
    """stats: create (or keep) the live stats of a new shop (`Role.SHOP`) or affiliate; returns the
    summary document, for the undo."""

    def __call__(
        self, db: firestore.Client, writer: txn.Writer, role: Role, owner_id: str, now: datetime
    ) -> firestore.DocumentReference: ...


class RegistrationMarkers(Protocol):
    """stats: the "active today" markers a registration may create (the platform's, and the
    affiliate's when one brought the customer), to be read before `CountRegistration`."""

    def __call__(
        self, db: firestore.Client, uid: str, affiliate_id: str | None, now: datetime
    ) -> list[firestore.DocumentReference]: ...


class CountRegistration(Protocol):
    """stats: presence, today's markers (those not in `markers_seen`) and the counters of one
    registration (`acquired`: the affiliate gained the customer)."""

    def __call__(
        self,
        db: firestore.Client,
        writer: txn.Writer,
        *,
        uid: str,
        affiliate_id: str | None,
        acquired: bool,
        markers_seen: Mapping[str, bool],
        now: datetime,
    ) -> Compensation: ...


class OwnerName(Protocol):
    """catalog: the name of shop `owner_id` (`Role.SHOP`) or affiliate `owner_id`, or `not-found`."""

    def __call__(self, db: firestore.Client, role: Role, owner_id: str) -> str: ...


class AnonymousOnline(Protocol):
    """visitors: how many anonymous visitors' sessions were active at or after `since`."""

    def __call__(self, db: firestore.Client, since: datetime) -> int: ...


class ShopCustomerRecord(Protocol):
    """redemptions: the reference of the customer's record at the shop (`shopCustomerData`: it
    exists once they redeemed there), to read with the caller's other documents."""

    def __call__(self, db: firestore.Client, shop_id: str, customer_id: str) -> firestore.DocumentReference: ...


class OrderedAt(Protocol):
    """orders: whether the customer has placed an order at the shop."""

    def __call__(self, db: firestore.Client, shop_id: str, customer_uid: str) -> bool: ...


@dataclass(frozen=True)
class Ports:
    admin_feed: AdminFeed
    user_trail: UserTrail
    role_notice: RoleNotice
    role_counters: RoleCounters
    open_scope: OpenScope
    registration_markers: RegistrationMarkers
    count_registration: CountRegistration
    owner_name: OwnerName
    anonymous_online: AnonymousOnline
    shop_customer_record: ShopCustomerRecord
    ordered_at: OrderedAt


_installed: list[Ports] = []


def install(ports: Ports) -> None:
    """Fill the ports (once, by `storepulse.wiring`, when the package is imported)."""
    _installed[:] = [ports]


def get() -> Ports:
    if not _installed:
        raise RuntimeError("storepulse.platform.ports: not filled in (storepulse.wiring installs them)")
    return _installed[0]
