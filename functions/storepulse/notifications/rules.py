"""Pure decisions of the notification centre: ids from source events, the state transitions a mark
makes, and how each moves the counts. A transition that does not really happen moves nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storepulse.notifications.models import Category, MarkState, Notification, NotificationTarget, TargetKind
from storepulse.platform import collections, retention
from storepulse.platform.currencies import format_money
from storepulse.platform.errors import NotFound

# A read notification may be deleted by a Firestore TTL policy on `expireAt` this long after it was
# read (platform/retention.py). Unread ones carry no `expireAt`: deleting one would leave the badge counting a
# notification no list shows.
RETENTION = retention.period(collections.NOTIFICATIONS)
# Notifications changed per transaction by `mark_notifications` (each page is one transaction).
PAGE_SIZE = 200


@dataclass(frozen=True)
class Notice:
    """One notification a producer publishes, in its own transaction."""

    recipient_uid: str
    category: Category
    title: str
    body: str
    target_kind: TargetKind
    target_id: str
    source_key: str
    action: dict[str, str] | None = None

    def target(self) -> NotificationTarget:
        return NotificationTarget(kind=self.target_kind, id=self.target_id)


def notification_id(recipient_uid: str, source_key: str) -> str:
    """The same source event for the same recipient is always the same document (never a second one)."""
    return hashlib.sha256(f"{recipient_uid}\0{source_key}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Transition:
    """The fields a mark changes on one notification and how much it moves the counts."""

    fields: dict[str, Any] = field(default_factory=dict)
    unread: int = 0
    unseen: int = 0


def transition(notification: dict[str, Any], state: MarkState, now: datetime) -> Transition | None:
    """What marking `notification` with `state` changes, or None when it is already in that state.

    Archiving also reads (and sees) it: an archived notification leaves the badge. Marking unread
    brings it back to the inbox.
    """
    read, seen, archived = (notification.get(name) is not None for name in ("readAt", "seenAt", "archivedAt"))
    fields: dict[str, Any] = {}
    unread = unseen = 0
    if state in (MarkState.SEEN, MarkState.READ, MarkState.ARCHIVED) and not seen:
        fields |= Notification.changes(seen_at=now, seen=True)
        unseen = -1
    if state in (MarkState.READ, MarkState.ARCHIVED) and not read:
        fields |= Notification.changes(read_at=now, read=True, expire_at=now + RETENTION)
        unread = -1
    if state is MarkState.ARCHIVED and not archived:
        fields |= Notification.changes(archived_at=now, archived=True)
    if state is MarkState.UNREAD:
        if read:
            fields |= Notification.changes(read_at=None, read=False, expire_at=None)
            unread = 1
        if archived:
            fields |= Notification.changes(archived_at=None, archived=False)
    return Transition(fields, unread, unseen) if fields else None


def renewal(current: dict[str, Any], notice: Notice, now: datetime) -> Transition:
    """A later event of a notice that collapses into one notification per source (a flood of failed
    payments on one checkout): the notification takes the new title, body and target and comes to
    the top (`createdAt` now). It is news, so it comes back unseen; an unread one is already counted
    unread; a read or archived one comes back unread too (in the inbox, kept from expiring). The
    counts move by exactly what it had left."""
    fields = Notification.changes(
        title=notice.title, body=notice.body, target=notice.target().as_document(), created_at=now
    )
    read, seen, archived = (current.get(name) is not None for name in ("readAt", "seenAt", "archivedAt"))
    if not (read or archived):
        if seen:
            fields |= Notification.changes(seen_at=None, seen=False)
        return Transition(fields, unseen=int(seen))
    fields |= Notification.changes(
        seen_at=None, seen=False, read_at=None, read=False, archived_at=None, archived=False, expire_at=None
    )
    return Transition(fields, unread=int(read), unseen=int(seen))


def candidate_flag(state: MarkState) -> tuple[str, bool]:
    """The boolean field and value that select the notifications a mark of `state` may change."""
    return {
        MarkState.READ: ("read", False),
        MarkState.SEEN: ("seen", False),
        MarkState.ARCHIVED: ("archived", False),
        MarkState.UNREAD: ("read", True),
    }[state]


def check_own(notifications: dict[str, dict[str, Any] | None], recipient_uid: str) -> None:
    """Every id names one of the caller's notifications; another user's is `not-found` like a missing one."""
    for notification in notifications.values():
        if notification is None or notification.get("recipientUid") != recipient_uid:
            raise NotFound("ids: no such notification.", field="ids")


def money(cents: int) -> str:
    return f"{cents / 100:.2f}"


def redemption_notice(
    customer_uid: str, redemption_id: str, *, code: str, shop_name: str, discount_cents: int
) -> Notice:
    saved = f"You saved {format_money(discount_cents)}" if discount_cents else f"You redeemed {code}"
    return Notice(
        recipient_uid=customer_uid,
        category=Category.REDEMPTION,
        title=f"Coupon {code} redeemed",
        body=f"{saved} at {shop_name}",
        target_kind=TargetKind.REDEMPTION,
        target_id=redemption_id,
        source_key=f"redemption:{redemption_id}",
    )


def reversal_notice(customer_uid: str, redemption_id: str, *, code: str, shop_name: str, reason: str) -> Notice:
    return Notice(
        recipient_uid=customer_uid,
        category=Category.REDEMPTION,
        title=f"Redemption of {code} reversed",
        body=f"{shop_name} reversed your redemption of {code}: {reason}",
        target_kind=TargetKind.REDEMPTION,
        target_id=redemption_id,
        source_key=f"reversal:{redemption_id}",
    )


ROLE_WORDS = {"admin": "an admin", "shop": "a shop owner", "affiliate": "an affiliate", "customer": "a customer"}


def role_notice(uid: str, role: str, event_id: str, *, of: str | None = None) -> Notice:
    """`event_id` is the grant's feed entry: one notification per grant."""
    what = ROLE_WORDS.get(role, role) + (f" of {of}" if of else "")
    return Notice(
        recipient_uid=uid,
        category=Category.ACCOUNT,
        title="Your role changed",
        body=f"You are now {what}. Sign in again to see your new pages.",
        target_kind=TargetKind.ACCOUNT,
        target_id=uid,
        source_key=f"role:{event_id}",
    )
