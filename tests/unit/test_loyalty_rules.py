"""Loyalty's pure parts: signed single-use QR tokens, tiers by lifetime points, scan outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storepulse.loyalty import rules, tokens
from storepulse.loyalty.rules import InviteOutcome, ScanOutcome, Tier
from storepulse.notifications.models import Category, TargetKind
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import FailedPrecondition, InvalidArgument, PermissionDenied

KEY = b"test-signing-key"
NOW = datetime(2030, 6, 1, 12, tzinfo=UTC)


def test_a_token_names_its_customer_and_expires_in_two_minutes() -> None:
    token, expires_at = tokens.issue(KEY, "cust-1", NOW, nonce="n1")
    claims = tokens.read(KEY, token, NOW + timedelta(seconds=119))
    assert (claims.customer_uid, claims.nonce, claims.expires_at) == ("cust-1", "n1", expires_at)
    assert expires_at == NOW + timedelta(seconds=120)
    assert tokens.issue(KEY, "cust-1", NOW)[0] != tokens.issue(KEY, "cust-1", NOW)[0]  # a random nonce each


def test_an_expired_token_is_a_failed_precondition() -> None:
    token, _ = tokens.issue(KEY, "cust-1", NOW)
    with pytest.raises(FailedPrecondition, match="expired"):
        tokens.read(KEY, token, NOW + timedelta(seconds=120))


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
        lambda token: tokens._b64(b'{"c":"someone-else","e":4102444800,"n":"x","v":1}') + "." + token.split(".")[1],
        lambda token: "not a token",
        lambda token: "",
        lambda token: "a.b",
        lambda token: token + "x" * 600,
    ],
)
def test_a_forged_or_garbled_token_is_invalid(forge: object) -> None:
    token, _ = tokens.issue(KEY, "cust-1", NOW)
    with pytest.raises(InvalidArgument) as error:
        tokens.read(KEY, forge(token), NOW)  # type: ignore[operator]
    assert error.value.details == {"fields": [{"field": "token", "message": error.value.message.split(": ", 1)[1]}]}


def test_another_key_does_not_verify() -> None:
    token, _ = tokens.issue(KEY, "cust-1", NOW)
    with pytest.raises(InvalidArgument, match="not signed"):
        tokens.read(b"other-key", token, NOW)


@pytest.mark.parametrize(
    ("lifetime", "tier"), [(0, Tier.BRONZE), (499, Tier.BRONZE), (500, Tier.SILVER), (1999, Tier.SILVER),
                           (2000, Tier.GOLD), (4999, Tier.GOLD), (5000, Tier.PLATINUM), (10**9, Tier.PLATINUM)],
)  # fmt: skip
def test_tiers_by_lifetime_points(lifetime: int, tier: Tier) -> None:
    assert rules.tier_for(lifetime) is tier


def test_tiers_only_go_up() -> None:
    assert rules.raised_tier(None, 600) is Tier.SILVER
    assert rules.raised_tier("silver", 600) is None
    assert rules.raised_tier("gold", 600) is None  # never down
    assert rules.raised_tier("silver", 5000) is Tier.PLATINUM


def test_what_a_scan_does() -> None:
    assert rules.scan_outcome(None) is ScanOutcome.ENROLLMENT_REQUESTED
    assert rules.scan_outcome({"status": "declined"}) is ScanOutcome.ENROLLMENT_REQUESTED
    assert rules.scan_outcome({"status": "invited"}) is ScanOutcome.ENROLLMENT_REQUESTED
    assert rules.scan_outcome({"status": "pending"}) is ScanOutcome.ALREADY_PENDING
    assert rules.scan_outcome({"status": "active"}) is ScanOutcome.POINTS_AWARDED


def test_answering_a_request_moves_pending_only_for_a_pending_card() -> None:
    assert rules.answer_counts("pending", True) == {"pending": -1, "enrolled": 1}
    assert rules.answer_counts("pending", False) == {"pending": -1}
    assert rules.answer_counts("invited", True) == {"enrolled": 1}
    assert rules.answer_counts("invited", False) == {}


def test_what_an_invitation_by_id_does() -> None:
    for card in (None, {"status": "declined"}, {"status": "invited"}):
        assert rules.invite_outcome(card) is InviteOutcome.REQUESTED
    assert rules.invite_outcome({"status": "pending"}) is InviteOutcome.ALREADY_PENDING
    assert rules.invite_outcome({"status": "active"}) is InviteOutcome.ALREADY_MEMBER


def test_who_is_invited_and_by_whom() -> None:
    rules.check_inviter(Caller("o1", Role.SHOP, shop_id="s1"), "s1")
    for caller in (Caller("o2", Role.SHOP, shop_id="s2"), Caller("c1", Role.CUSTOMER), Caller("a1", Role.ADMIN)):
        with pytest.raises(PermissionDenied):
            rules.check_inviter(caller, "s1")
    rules.check_invitee("c1", None)
    rules.check_invitee(None, "a@b.test")
    with pytest.raises(InvalidArgument, match="customerId"):
        rules.check_invitee(None, None)
    with pytest.raises(InvalidArgument, match="email"):
        rules.check_invitee("c1", "a@b.test")


def test_who_a_shop_already_knows() -> None:
    assert rules.known_at_shop(None, redeemed=True, ordered=False)
    assert rules.known_at_shop(None, redeemed=False, ordered=True)
    for status in ("pending", "active", "declined"):
        assert rules.known_at_shop({"status": status}, redeemed=False, ordered=False)
    assert not rules.known_at_shop({"status": "invited"}, redeemed=False, ordered=False)
    assert not rules.known_at_shop(None, redeemed=False, ordered=False)


def test_who_scans() -> None:
    assert rules.check_scanner(Caller("o1", Role.SHOP, shop_id="s1"), "c1") == "s1"
    for caller, customer in ((Caller("c1", Role.CUSTOMER), "c2"), (Caller("o1", Role.SHOP, shop_id="s1"), "o1")):
        with pytest.raises(PermissionDenied):
            rules.check_scanner(caller, customer)


def test_programs_enrollments_and_deductions() -> None:
    assert rules.check_program({"active": True}) == {"active": True}
    for program in (None, {"active": False}):
        with pytest.raises(FailedPrecondition):
            rules.check_program(program)
    with pytest.raises(FailedPrecondition):
        rules.check_active_enrollment({"status": "pending"})
    for delta in (0, 100_001, -100_001):
        with pytest.raises(InvalidArgument, match="delta"):
            rules.check_delta(delta)
    rules.check_delta(-100_000)
    assert (rules.deduction_allowed(300, 100), rules.deduction_allowed(99, 100)) == (True, False)
    assert rules.enrollment_id("s1", "c1") == "s1_c1"


def test_the_owner_hears_each_answer_and_customers_open_their_card() -> None:
    declined = rules.declined_notice("owner", "bakery_ada", "req1", "Ada", "Corner Bakery")
    assert (declined.category, declined.target_kind, declined.target_id, declined.body) == (
        Category.LOYALTY,
        TargetKind.ENROLLMENT,
        "bakery_ada",
        "Ada declined to join Corner Bakery's loyalty program",
    )
    asked = {"points": 50, "reason": "gift"}
    bodies = {
        status: rules.deduction_answer_notice("owner", "r1", status, "Ada", asked).body
        for status in ("approved", "declined", "failed")
    }
    assert bodies == {
        "approved": "Ada approved deducting 50 points (gift)",
        "declined": "Ada declined deducting 50 points (gift)",
        "failed": "Ada approved deducting 50 points (gift), but their balance no longer covers it",
    }
    answer = rules.deduction_answer_notice("owner", "r1", "declined", "Ada", asked)
    assert (answer.target_kind, answer.target_id, answer.source_key) == (
        TargetKind.POINTS_REQUEST,
        "r1",
        "points_answer:r1",
    )
    assert rules.joined_notice("owner", "bakery_ada", "Ada", "Corner Bakery").category is Category.LOYALTY
    scanned = rules.scanned_notice("ada", "s1", "Corner Bakery", "bakery_ada")
    points = rules.points_notice("ada", "l1", 10, "Corner Bakery", 10, card="bakery_ada")
    tier = rules.tier_notice("ada", Tier.SILVER, "l1")
    assert [(n.target_kind, n.target_id) for n in (scanned, points, tier)] == [
        (TargetKind.ENROLLMENT, "bakery_ada"),
        (TargetKind.ENROLLMENT, "bakery_ada"),
        (TargetKind.ACCOUNT, "ada"),
    ]
