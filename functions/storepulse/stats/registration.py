"""What a registration counts in live stats: the platform's and, when an affiliate's code brought
the customer, the affiliate's (a registration, an acquired customer, an active user today).

Identity and catalog sit below stats, so `register_customer` reaches these through
`platform/ports.py` (`RegistrationMarkers`, `CountRegistration`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from google.cloud import firestore

from storepulse.platform import txn
from storepulse.platform.ports import Compensation
from storepulse.stats import presence, scopes
from storepulse.stats.counters import StatsDelta, add_to_stats
from storepulse.stats.scopes import Scope


def _scopes(affiliate_id: str | None) -> list[Scope]:
    return [scopes.PLATFORM] + ([scopes.affiliate(affiliate_id)] if affiliate_id else [])


def registration_markers(
    db: firestore.Client, uid: str, affiliate_id: str | None, now: datetime
) -> list[firestore.DocumentReference]:
    return presence.marker_refs(db, _scopes(affiliate_id), uid, now)


def count_registration(
    db: firestore.Client,
    writer: txn.Writer,
    *,
    uid: str,
    affiliate_id: str | None,
    acquired: bool,
    markers_seen: Mapping[str, bool],
    now: datetime,
) -> Compensation:
    """Write presence, today's new markers and the counters; returns the writes that take them back."""
    scope_list = _scopes(affiliate_id)
    newly_active = presence.record_activity(db, writer, scopes=scope_list, uid=uid, at=now, markers_seen=markers_seen)
    deltas = [
        (
            scope,
            StatsDelta(
                registrations=1,
                customers_acquired=1 if acquired and scope.kind is scopes.ScopeKind.AFFILIATE else 0,
                active_today=1 if scope in newly_active else 0,
            ),
        )
        for scope in scope_list
    ]
    for scope, delta in deltas:
        add_to_stats(db, writer, scope, delta, counted_on=now, activity_at=now)
    created = presence.marker_refs(db, newly_active, uid, now)

    def undo(batch: txn.Writer) -> None:
        for ref in created:
            batch.delete(ref)
        for scope, delta in deltas:
            add_to_stats(db, batch, scope, delta.negated(), counted_on=now)

    return undo
