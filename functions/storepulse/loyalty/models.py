"""Request and response models of the loyalty callables."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from storepulse.loyalty.rules import MAX_ADJUSTMENT, ScanOutcome
from storepulse.platform.models import DocId, IdempotencyKey, Reason, RequestModel, ResponseModel, ShortText

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
