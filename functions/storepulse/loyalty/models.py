"""Request and response models of the loyalty callables, and the loyalty documents clients read."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from storepulse.loyalty.rules import MAX_ADJUSTMENT, InviteOutcome, ScanOutcome
from storepulse.platform.models import (
    DocId,
    DocumentModel,
    Email,
    IdempotencyKey,
    Reason,
    RequestModel,
    ResponseModel,
    ShortText,
    absent,
)

Token = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class UpsertLoyaltyProgramRequest(RequestModel):
    shop_id: DocId
    name: ShortText
    points_per_scan: int = Field(default=10, ge=1, le=1000, strict=True)
    active: bool = Field(strict=True)
    idempotency_key: IdempotencyKey | None = None


class LoyaltyProgramResponse(ResponseModel):
    shop_id: str
    name: str
    points_per_scan: int
    active: bool
    replayed: bool = False


class IssueQrTokenRequest(RequestModel):
    """No fields: the token names the signed-in customer."""


class QrTokenResponse(ResponseModel):
    token: str
    expires_at: datetime


class ScanQrRequest(RequestModel):
    token: Token
    idempotency_key: IdempotencyKey


class ScannedCustomer(ResponseModel):
    name: str


class ScanQrResponse(ResponseModel):
    outcome: ScanOutcome
    customer: ScannedCustomer
    enrollment_id: str
    points: int | None = None
    balance: int | None = None
    replayed: bool = False


class RespondToEnrollmentRequest(RequestModel):
    enrollment_id: DocId
    accept: bool = Field(strict=True)
    idempotency_key: IdempotencyKey | None = None


class EnrollmentResponse(ResponseModel):
    enrollment_id: str
    status: Literal["active", "declined"]
    replayed: bool = False


class InviteToProgramRequest(RequestModel):
    """Exactly one of `customerId` (a customer the shop already knows) and `email`."""

    shop_id: DocId
    customer_id: DocId | None = None
    email: Email | None = None
    idempotency_key: IdempotencyKey


class InviteToProgramResponse(ResponseModel):
    """By id: `requested` (status `pending`), `already_pending` or `already_member` (`active`). By
    e-mail always `sent_if_customer` with `enrollmentId` and `status` null, whoever the address is."""

    outcome: InviteOutcome
    enrollment_id: str | None
    status: Literal["pending", "active"] | None
    replayed: bool = False


class AdjustPointsRequest(RequestModel):
    customer_id: DocId
    delta: int = Field(strict=True, ge=-MAX_ADJUSTMENT, le=MAX_ADJUSTMENT)
    reason: Reason
    idempotency_key: IdempotencyKey


class AdjustPointsResponse(ResponseModel):
    outcome: Literal["awarded", "requested"]
    balance: int | None = None
    request_id: str | None = None
    replayed: bool = False


class RespondToPointsRequest(RequestModel):
    request_id: DocId
    approve: bool = Field(strict=True)
    idempotency_key: IdempotencyKey | None = None


class PointsRequestResponse(ResponseModel):
    request_id: str
    status: Literal["approved", "declined"]
    balance: int | None = None
    replayed: bool = False


class LoyaltyProgram(DocumentModel):
    """`loyaltyPrograms/{shopId}`: a shop's program (any signed-in user may read it)."""

    shop_id: str
    name: str
    points_per_scan: int
    active: bool
    updated_at: datetime


# A request to join: `pending` (a QR scan, an invitation by id) or `invited` (an invitation by e-mail,
# which the shop cannot read and its `pending` figure does not count).
EnrollmentAsked = Literal["pending", "invited"]


class Enrollment(DocumentModel):
    """`enrollments/{shopId}_{customerId}`: a customer's card at a shop, from the request to join on.
    The contact fields are absent until the customer accepts (the shop may read a pending request;
    an `invited` card, asked by e-mail, only the customer reads).
    `balance` and `lifetimeEarned` equal the sum of the card's ledger entries and of its positive ones."""

    shop_id: str
    shop_name: str
    customer_id: str
    customer_name: str
    status: Literal["pending", "invited", "active", "declined"]
    balance: int
    lifetime_earned: int
    email: str | None = absent()
    phone: str | None = absent()
    requested_at: datetime
    joined_at: datetime | None
    answered_at: datetime | None = absent()
    last_activity_at: datetime
    request_notification_id: str = Field(
        description="The source of the request notification, whose `action.state` records the answer."
    )


LedgerKind = Literal["scan", "manual", "deduction"]


class LedgerEntry(DocumentModel):
    """`pointsLedger/{entryId}`: one points change, immutable."""

    shop_id: str
    customer_id: str
    delta: int
    kind: LedgerKind
    reason: str
    balance_after: int
    created_at: datetime
    by: str = Field(description="Who made the change (the scanning owner, the owner, or the approving customer).")


class PointsRequest(DocumentModel):
    """`pointsRequests/{requestId}`: a deduction waiting for the customer's answer."""

    shop_id: str
    shop_name: str
    customer_id: str
    points: int
    reason: str
    status: Literal["open", "approved", "declined", "failed"]
    by: str
    created_at: datetime
    expire_at: datetime = Field(description="`createdAt` + 90 days: deleted by a TTL policy (platform/retention.py).")
    answered_at: datetime | None
    notification_id: str | None
    balance_after: int | None = absent()


class QrScan(DocumentModel):
    """`qrScans/{scanId}`: every scan, refused ones included (a refused code writes only this)."""

    shop_id: str
    customer_id: str | None
    outcome: ScanOutcome | Literal["refused"]
    reason: str | None
    at: datetime
    day: str
    expire_at: datetime = Field(description="`at` + 90 days: deleted by a TTL policy (platform/retention.py).")


class LoyaltyDay(DocumentModel):
    """One UTC day's loyalty figures in a shard."""

    scans: int = 0
    points_issued: int = 0
    points_deducted: int = 0


class LoyaltyStatsShard(DocumentModel):
    """`loyaltyStats/{shopId}/shards/{0..9}`: a shop's loyalty figures (blind increments, summed by readers)."""

    enrolled: int = 0
    pending: int = 0
    scans_total: int = 0
    points_issued_total: int = 0
    points_deducted_total: int = 0
    days: dict[str, LoyaltyDay] = Field(default_factory=dict, description="By UTC day, YYYY-MM-DD.")
