"""Abuse limits that hold across instances: every write a caller can cause is counted in windows.

The table (`LIMITS`, docs/operations.md) gives each callable its limit per window. A signed-in
caller is counted by uid; an anonymous caller, whose uid costs nothing to replace, by the salted
hash of its address (platform/addresses.py). Each admitted call creates one slot document,
`rateLimits/{callable}~{by}~{key}~{window}/slots/{n}`, in its own transaction: one extra write, no
extra commit, and a refused call writes nothing at all. Slots are create-only, so two calls can
never both take slot n, and a window's slots are counted by an aggregation query started when the
call begins (beside its first read). A flood from one caller touches only that caller's slots:
no document is shared with anyone else, and none is written twice.

A call first takes the slot its count names (slot n when n slots are taken), so one caller's
calls in sequence fill the window in order and never collide. Parallel calls of one caller count
alike and pick that same slot: one wins, and each loser fails its commit with AlreadyExists, which
the transaction loop (txn.py) answers by planning again: the next plan counts again and picks at
random among the slots it has not tried (so a flood's losers scatter), or is refused once the
window is full.
"""

from __future__ import annotations

import contextvars
import math
import random
from collections.abc import Collection
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from google.cloud import firestore

from storepulse.platform import collections, prefetch, retention
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import ResourceExhausted

if TYPE_CHECKING:
    from storepulse.platform.txn import Transaction

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    """At most `count` calls per `window`, for a signed-in caller (by uid) or an anonymous one (by address)."""

    count: int
    window: timedelta


# Admins and shop owners act for many people (a shop's counter, an admin's order desk) and are
# accountable by name: their calls are counted by uid against this wider limit.
STAFF = Limit(600, timedelta(minutes=1))


@dataclass(frozen=True)
class Limits:
    signed_in: Limit
    anonymous: Limit
    staff: Limit = STAFF


# People clicking and apps behaving stay far below these; a script looping does not. Anonymous
# limits count everyone behind one address (a shop's Wi-Fi, a carrier's NAT), so they are wider.
DEFAULT = Limits(signed_in=Limit(120, MINUTE), anonymous=Limit(240, MINUTE))
LIMITS: dict[str, Limits] = {
    "track_page": Limits(signed_in=Limit(60, MINUTE), anonymous=Limit(240, MINUTE)),
    "heartbeat": Limits(signed_in=Limit(30, MINUTE), anonymous=Limit(240, MINUTE)),
    "track_action": Limits(signed_in=Limit(120, MINUTE), anonymous=Limit(240, MINUTE)),
    "register_customer": Limits(signed_in=Limit(5, HOUR), anonymous=Limit(5, HOUR)),
    "checkout_started": Limits(signed_in=Limit(20, MINUTE), anonymous=Limit(60, MINUTE)),
    "payment_initiated": Limits(signed_in=Limit(20, MINUTE), anonymous=Limit(60, MINUTE)),
    "payment_failed": Limits(signed_in=Limit(20, MINUTE), anonymous=Limit(60, MINUTE)),
    "payment_succeeded": Limits(signed_in=Limit(20, MINUTE), anonymous=Limit(60, MINUTE)),
    # A shop redeeming at its counter for one customer after another is one caller.
    "redeem_coupon": Limits(signed_in=Limit(60, MINUTE), anonymous=Limit(60, MINUTE)),
    "place_order": Limits(signed_in=Limit(30, MINUTE), anonymous=Limit(30, MINUTE)),
    # A busy counter scans a customer every few seconds.
    "scan_qr": Limits(signed_in=Limit(120, MINUTE), anonymous=Limit(120, MINUTE)),
}


def limits_of(callable_name: str) -> Limits:
    return LIMITS.get(callable_name, DEFAULT)


Counted = Literal["uid", "address"]


@dataclass(frozen=True)
class Window:
    """One caller's current window of one callable."""

    callable: str
    by: Counted
    key: str
    limit: Limit
    start: datetime

    @classmethod
    def of(
        cls,
        callable_name: str,
        *,
        uid: str | None,
        anonymous: bool,
        address_key: str | None,
        now: datetime,
        staff: bool = False,
    ) -> Window | None:
        """The window a call counts in; None when there is nothing to count it by (no uid and no address)."""
        limits = limits_of(callable_name)
        if not anonymous and uid is not None:
            limit = limits.staff if staff else limits.signed_in
            return cls(callable_name, "uid", uid, limit, window_start(now, limit.window))
        if address_key is None:
            return None
        return cls(callable_name, "address", address_key, limits.anonymous, window_start(now, limits.anonymous.window))

    @property
    def end(self) -> datetime:
        return self.start + self.limit.window

    def doc_id(self) -> str:
        return f"{self.callable}~{self.by}~{self.key}~{int(self.start.timestamp())}"


def window_for(callable_name: str, caller: Caller | None, address_key: str | None, now: datetime) -> Window | None:
    """The window a call of `caller` counts in (staff, signed in, or by address); None when there is
    nothing to count it by."""
    return Window.of(
        callable_name,
        uid=caller.uid if caller is not None else None,
        anonymous=caller is None or caller.anonymous,
        address_key=address_key,
        now=now,
        staff=caller is not None and caller.role in (Role.ADMIN, Role.SHOP),
    )


def window_start(now: datetime, length: timedelta) -> datetime:
    """The start of the fixed window `now` falls in (windows are aligned to the epoch)."""
    seconds = int(length.total_seconds())
    stamp = int(now.timestamp())
    return datetime.fromtimestamp(stamp - stamp % seconds, tz=UTC)


def seconds_to_wait(window: Window, now: datetime) -> int:
    """Whole seconds until the window ends (at least 1)."""
    return max(1, math.ceil((window.end - now).total_seconds()))


def refusal(window: Window, now: datetime) -> ResourceExhausted:
    wait = seconds_to_wait(window, now)
    per = {HOUR: "an hour", MINUTE: "a minute"}.get(window.limit.window, "per window")
    who = "user" if window.by == "uid" else "address"
    return ResourceExhausted(
        f"Too many requests: at most {window.limit.count} {per} per {who}. Retry in {wait} s.",
        details={"retryAfterSeconds": wait, "limit": window.limit.count},
    )


@dataclass
class Gate:
    """One call's admission: the window's count, asked for when the call starts, and the slot the
    call takes in its transaction (once, however many transactions the call runs)."""

    db: firestore.Client
    window: Window
    now: datetime
    counted: Future[int] | None = None
    planned: str | None = None
    done: bool = False
    tried: set[int] = field(default_factory=set)

    def slots(self) -> firestore.CollectionReference:
        slots: firestore.CollectionReference = (
            self.db.collection(collections.RATE_LIMITS)
            .document(self.window.doc_id())
            .collection(collections.RATE_LIMIT_SLOTS)
        )
        return slots

    def start(self) -> Gate:
        self.counted = prefetch.beside(self._count)
        return self

    def _count(self) -> int:
        return int(self.slots().count().get()[0][0].value)  # type: ignore[no-untyped-call]

    def admit(self, transaction: Transaction, seen_existing: Collection[str]) -> None:
        """Take a free slot in `transaction`, or refuse the call (nothing written)."""
        if self.done:
            return
        lost = self.planned is not None and self.planned in seen_existing
        used = self.counted.result() if self.counted is not None and not lost else self._count()
        self.counted = None
        limit = self.window.limit.count
        if used >= limit:
            _FULL.remember(self.window.doc_id(), True)
            raise refusal(self.window, self.now)
        # The counted slot first; after a loss, one at random from the count on, then below it (a
        # flood's scattered slots can leave gaps there). A slot seen taken is never planned again.
        above = [n for n in range(used, limit) if n not in self.tried]
        below = [n for n in range(used) if n not in self.tried]
        if not above and not below:
            raise refusal(self.window, self.now)
        slot = used if not self.tried else random.choice(above or below)
        reference = self.slots().document(str(slot))
        self.tried.add(slot)
        self.planned = reference.path
        transaction.create(reference, slot_document(self.now))

    def committed(self, created: Collection[str]) -> None:
        if self.planned is not None and self.planned in created:
            self.done = True


def slot_document(now: datetime) -> dict[str, Any]:
    # Kept a little past the longest window, then deleted by the TTL policy (platform/retention.py).
    return {"at": now, "expireAt": retention.expire_at(collections.RATE_LIMIT_SLOTS, now)}


_gate: contextvars.ContextVar[Gate | None] = contextvars.ContextVar("storepulse_rate_gate", default=None)


# Windows this instance saw full: they stay full until they end (slots are never deleted before),
# so later calls in them are refused at once, without reading or writing anything.
_FULL: prefetch.Routes[str, bool] = prefetch.Routes(size=10_000)


def open_gate(gate: Gate | None) -> None:
    """The current call's gate (None: the call is not counted); a window already seen full refuses
    the call here, before its handler runs."""
    _gate.set(None)
    if gate is None:
        return
    if _FULL.get(gate.window.doc_id()):
        raise refusal(gate.window, gate.now)
    _gate.set(gate.start())


def admit(transaction: Transaction, seen_existing: Collection[str]) -> None:
    """Called by the transaction loop before a plan commits: the call's slot, or its refusal."""
    gate = _gate.get()
    if gate is not None:
        gate.admit(transaction, seen_existing)


def committed(created: Collection[str]) -> None:
    gate = _gate.get()
    if gate is not None:
        gate.committed(created)
