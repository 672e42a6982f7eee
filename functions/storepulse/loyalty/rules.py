"""Pure decisions of loyalty: tiers, what a scan does, point adjustments and deductions."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from storepulse.notifications.models import Category, TargetKind
from storepulse.notifications.rules import Notice
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied

MAX_ADJUSTMENT = 100_000


class Tier(StrEnum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    PLATINUM = "platinum"


# Platform tiers by lifetime points earned across every program (never by balance), lowest first.
TIER_THRESHOLDS: tuple[tuple[Tier, int], ...] = (
    (Tier.BRONZE, 0),
    (Tier.SILVER, 500),
    (Tier.GOLD, 2_000),
    (Tier.PLATINUM, 5_000),
)
TIER_ORDER = {tier: rank for rank, (tier, _) in enumerate(TIER_THRESHOLDS)}


def tier_for(lifetime_earned: int) -> Tier:
    """The tier that `lifetime_earned` points reach."""
    reached = Tier.BRONZE
    for tier, threshold in TIER_THRESHOLDS:
        if lifetime_earned >= threshold:
            reached = tier
    return reached


def raised_tier(current: str | None, lifetime_earned: int) -> Tier | None:
    """The new tier when `lifetime_earned` lifts the user above `current`; None otherwise.
    Tiers only go up in this version."""
    reached = tier_for(lifetime_earned)
    now = Tier(current) if current in TIER_ORDER else Tier.BRONZE
    return reached if TIER_ORDER[reached] > TIER_ORDER[now] else None


class ScanOutcome(StrEnum):
    ENROLLMENT_REQUESTED = "enrollment_requested"
    ALREADY_PENDING = "already_pending"
    POINTS_AWARDED = "points_awarded"


def scan_outcome(enrollment: dict[str, Any] | None) -> ScanOutcome:
    """No enrollment, a declined or an invited one: ask (again); pending: it stays asked; active:
    award points."""
    status = (enrollment or {}).get("status")
    if status == "active":
        return ScanOutcome.POINTS_AWARDED
    if status == "pending":
        return ScanOutcome.ALREADY_PENDING
    return ScanOutcome.ENROLLMENT_REQUESTED


# Cards waiting for the customer's answer: `pending` (the shop sees it and counts it) or `invited`
# (asked by e-mail: only the customer sees it, nothing counts it).
ASKED = ("pending", "invited")


def answer_counts(status: str, accept: bool) -> dict[str, int]:
    """How the shop's loyalty figures move when the customer answers a card in `status` (one of
    `ASKED`): an invited card was never counted as pending."""
    counts = {"pending": -1} if status == "pending" else {}
    return counts | ({"enrolled": 1} if accept else {})


class InviteOutcome(StrEnum):
    REQUESTED = "requested"
    ALREADY_PENDING = "already_pending"
    ALREADY_MEMBER = "already_member"
    SENT_IF_CUSTOMER = "sent_if_customer"


def invite_outcome(enrollment: dict[str, Any] | None) -> InviteOutcome:
    """An invitation by id decides as a scan does, and where a scan would award points it answers
    that the customer is already a member."""
    return _INVITE_OF_SCAN[scan_outcome(enrollment)]


_INVITE_OF_SCAN = {
    ScanOutcome.ENROLLMENT_REQUESTED: InviteOutcome.REQUESTED,
    ScanOutcome.ALREADY_PENDING: InviteOutcome.ALREADY_PENDING,
    ScanOutcome.POINTS_AWARDED: InviteOutcome.ALREADY_MEMBER,
}


def check_inviter(caller: Caller, shop_id: str) -> None:
    if caller.role is not Role.SHOP or caller.shop_id != shop_id:
        raise PermissionDenied("Only the shop's owner invites customers to its loyalty program.")


def check_invitee(customer_id: str | None, email: str | None) -> None:
    """Exactly one of `customerId` and `email`."""
    if customer_id is None and email is None:
        raise InvalidArgument("customerId", "give a customerId or an email")
    if customer_id is not None and email is not None:
        raise InvalidArgument("email", "give a customerId or an email, not both")


def known_at_shop(enrollment: dict[str, Any] | None, *, redeemed: bool, ordered: bool) -> bool:
    """A customer the shop already knows: a redemption, an order, or a card the shop can read there
    (an `invited` one it cannot, so it does not count)."""
    return redeemed or ordered or (enrollment is not None and enrollment.get("status") != "invited")


def check_scanner(caller: Caller, customer_uid: str) -> str:
    """Only a shop owner scans, and never their own code; returns the scanning shop."""
    if caller.role is not Role.SHOP or not caller.shop_id:
        raise PermissionDenied("Only a shop's owner scans loyalty QR codes.")
    if caller.uid == customer_uid:
        raise PermissionDenied("A shop owner cannot scan their own QR code.")
    return caller.shop_id


def check_program(program: dict[str, Any] | None) -> dict[str, Any]:
    if program is None or not program.get("active"):
        raise FailedPrecondition("This shop has no active loyalty program.")
    return program


def check_active_enrollment(enrollment: dict[str, Any] | None) -> dict[str, Any]:
    if enrollment is None or enrollment.get("status") != "active":
        raise FailedPrecondition("This customer is not enrolled in the shop's loyalty program.")
    return enrollment


def check_delta(delta: int) -> None:
    if delta == 0 or abs(delta) > MAX_ADJUSTMENT:
        raise InvalidArgument("delta", f"a non-zero whole number of points, at most {MAX_ADJUSTMENT} either way")


def deduction_allowed(balance: int, points: int) -> bool:
    """A deduction the customer approved goes through only while the balance still covers it."""
    return 0 < points <= balance


def enrollment_id(shop_id: str, customer_uid: str) -> str:
    return f"{shop_id}_{customer_uid}"


# What loyalty tells people (producer-owned wording; published through the notification centre).


def scanned_notice(customer_uid: str, scan_id: str, shop_name: str, enrollment: str) -> Notice:
    return Notice(
        customer_uid, Category.LOYALTY, "QR code scanned", f"Your QR code was scanned by {shop_name}",
        TargetKind.ENROLLMENT, enrollment, f"scan:{scan_id}",
    )  # fmt: skip


def enrollment_request_notice(customer_uid: str, enrollment: str, request_key: str, shop_name: str) -> Notice:
    return Notice(
        customer_uid, Category.ENROLLMENT, f"Join {shop_name}'s loyalty program?",
        f"{shop_name} invites you to collect points. Accept to join, or decline.",
        TargetKind.ENROLLMENT, enrollment, f"enrollment_request:{request_key}",
        action={"kind": "enrollment_request", "id": enrollment, "state": "open"},
    )  # fmt: skip


def joined_notice(owner_uid: str, enrollment: str, customer_name: str, shop_name: str) -> Notice:
    return Notice(
        owner_uid, Category.LOYALTY, "New loyalty member", f"{customer_name} joined {shop_name}'s loyalty program",
        TargetKind.ENROLLMENT, enrollment, f"joined:{enrollment}",
    )  # fmt: skip


def declined_notice(owner_uid: str, enrollment: str, request_key: str, customer_name: str, shop_name: str) -> Notice:
    """The owner hears a customer said no (one per request: keyed by the request's notification)."""
    return Notice(
        owner_uid, Category.LOYALTY, "Loyalty invitation declined",
        f"{customer_name} declined to join {shop_name}'s loyalty program",
        TargetKind.ENROLLMENT, enrollment, f"declined:{request_key}",
    )  # fmt: skip


def points_notice(customer_uid: str, ledger_id: str, delta: int, shop_name: str, balance: int, *, card: str) -> Notice:
    """`card` is the enrollment the points moved on (the customer's card at the shop)."""
    moved = (
        f"You earned {delta} points from {shop_name}" if delta > 0 else f"{-delta} points were deducted by {shop_name}"
    )
    return Notice(
        customer_uid, Category.POINTS, "Points" if delta > 0 else "Points deducted", f"{moved}. Balance: {balance}.",
        TargetKind.ENROLLMENT, card, f"points:{ledger_id}",
    )  # fmt: skip


def points_request_notice(customer_uid: str, request_id: str, points: int, reason: str, shop_name: str) -> Notice:
    return Notice(
        customer_uid, Category.POINTS, f"{shop_name} asks to deduct {points} points",
        f"Reason: {reason}. Approve or decline.", TargetKind.POINTS_REQUEST, request_id,
        f"points_request:{request_id}",
        action={"kind": "points_request", "id": request_id, "state": "open"},
    )  # fmt: skip


# How the owner hears a customer's answer to a deduction request: the request's final status.
DEDUCTION_ANSWERS = {
    "approved": ("Deduction approved", "{customer} approved deducting {points} points ({reason})"),
    "declined": ("Deduction declined", "{customer} declined deducting {points} points ({reason})"),
    "failed": (
        "Deduction failed",
        "{customer} approved deducting {points} points ({reason}), but their balance no longer covers it",
    ),
}


def deduction_answer_notice(
    owner_uid: str, request_id: str, status: str, customer_name: str, request: dict[str, Any]
) -> Notice:
    """The owner hears the customer's answer to a deduction request (one per request)."""
    title, body = DEDUCTION_ANSWERS[status]
    text = body.format(customer=customer_name, points=request["points"], reason=request["reason"])
    return Notice(
        owner_uid, Category.LOYALTY, title, text, TargetKind.POINTS_REQUEST, request_id,
        f"points_answer:{request_id}",
    )  # fmt: skip


def tier_notice(customer_uid: str, tier: Tier, ledger_id: str) -> Notice:
    return Notice(
        customer_uid, Category.LOYALTY, f"You reached {tier.value.title()}",
        f"Your lifetime points lifted you to the {tier.value.title()} tier.", TargetKind.ACCOUNT, customer_uid,
        f"tier:{ledger_id}",
    )  # fmt: skip
