"""Loyalty callables. The QR signing key is a Functions secret (`QR_SIGNING_KEY`, params API): in
production it is set with `firebase functions:secrets:set QR_SIGNING_KEY`, in the emulator it is
read from `functions/.secret.local`."""

from __future__ import annotations

from firebase_functions.params import SecretParam

from storepulse.loyalty.models import (
    AdjustPointsRequest,
    AdjustPointsResponse,
    EnrollmentResponse,
    InviteToProgramRequest,
    InviteToProgramResponse,
    IssueQrTokenRequest,
    LoyaltyProgramResponse,
    PointsRequestResponse,
    QrTokenResponse,
    RespondToEnrollmentRequest,
    RespondToPointsRequest,
    ScanQrRequest,
    ScanQrResponse,
    UpsertLoyaltyProgramRequest,
)
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import Role
from storepulse.platform.db import get_db
from storepulse.platform.errors import FailedPrecondition, NotFound, PermissionDenied, Unavailable

QR_SIGNING_KEY = SecretParam("QR_SIGNING_KEY")


def _signing_key() -> bytes:
    key = QR_SIGNING_KEY.value
    if not key:
        raise Unavailable("QR codes are not configured on this deployment (QR_SIGNING_KEY is not set).")
    return key.encode()


@callable_endpoint(UpsertLoyaltyProgramRequest, callers=(Role.ADMIN, Role.SHOP), errors=(PermissionDenied, NotFound))
def upsert_loyalty_program(context: CallContext, request: UpsertLoyaltyProgramRequest) -> LoyaltyProgramResponse:
    """A shop's owner (or an admin) sets up or changes its loyalty program."""
    from storepulse.loyalty import programs

    return programs.upsert_loyalty_program(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(IssueQrTokenRequest, callers=(Role.CUSTOMER,), errors=(PermissionDenied,), secrets=[QR_SIGNING_KEY])
def issue_qr_token(context: CallContext, _request: IssueQrTokenRequest) -> QrTokenResponse:
    """A customer's fresh single-use QR code (valid 120 s; apps show a new one every 60 s)."""
    from storepulse.loyalty import programs

    return programs.issue_qr_token(context.signed_in, _signing_key(), context.clock.now())


@callable_endpoint(
    ScanQrRequest,
    callers=(Role.SHOP,),
    errors=(PermissionDenied, NotFound, FailedPrecondition),
    secrets=[QR_SIGNING_KEY],
    consume_app_check=True,
)
def scan_qr(context: CallContext, request: ScanQrRequest) -> ScanQrResponse:
    """A shop's owner scans a customer's code: enrollment request or points."""
    from storepulse.loyalty import scan

    return scan.scan_qr(get_db(), context.signed_in, request, _signing_key(), context.clock.now())


@callable_endpoint(RespondToEnrollmentRequest, callers=(Role.CUSTOMER,), errors=(NotFound,))
def respond_to_enrollment(context: CallContext, request: RespondToEnrollmentRequest) -> EnrollmentResponse:
    """The customer accepts or declines a shop's request to join its program."""
    from storepulse.loyalty import enrollment

    return enrollment.respond_to_enrollment(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(AdjustPointsRequest, callers=(Role.SHOP,), errors=(PermissionDenied, NotFound, FailedPrecondition))
def adjust_points(context: CallContext, request: AdjustPointsRequest) -> AdjustPointsResponse:
    """A shop's owner awards points, or asks the customer to approve a deduction."""
    from storepulse.loyalty import points

    return points.adjust_points(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(RespondToPointsRequest, callers=(Role.CUSTOMER,), errors=(NotFound, FailedPrecondition))
def respond_to_points_request(context: CallContext, request: RespondToPointsRequest) -> PointsRequestResponse:
    """The customer approves or declines a deduction."""
    from storepulse.loyalty import points

    return points.respond_to_points_request(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    InviteToProgramRequest,
    callers=(Role.SHOP,),
    errors=(PermissionDenied, NotFound, FailedPrecondition),
)
def invite_to_program(context: CallContext, request: InviteToProgramRequest) -> InviteToProgramResponse:
    """The shop's owner asks a customer it knows (by id), or an e-mail address, to join its program."""
    from storepulse.loyalty import invite

    return invite.invite_to_program(get_db(), context.signed_in, request, context.clock.now())
