"""The callable wrapper and the injectable clock, in process."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from firebase_functions import https_fn
from flask import Request
from google.api_core import exceptions as gcp_exceptions
from pydantic import ValidationError

from storepulse.identity.models import SetUserRoleRequest
from storepulse.notifications.models import MarkNotificationsRequest
from storepulse.platform.callable import run_callable, validation_details
from storepulse.platform.caller import Caller, Role
from storepulse.platform.clock import FixedClock, SystemClock, clock_for_request, parse_instant


def test_validation_details_name_wire_fields() -> None:
    with pytest.raises(ValidationError) as error:
        SetUserRoleRequest.model_validate({"uid": "u1", "role": "admin", "shopId": 5, "bogus": 1})
    fields = {f["field"] for f in validation_details(error.value)["fields"]}
    assert fields == {"shopId", "bogus"}


def test_non_object_payload_is_reported_as_data() -> None:
    with pytest.raises(ValidationError) as error:
        SetUserRoleRequest.model_validate(["uid"])
    assert validation_details(error.value)["fields"][0]["field"] == "data"


def test_pinned_time_is_honoured_only_in_the_functions_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    pinned = "2026-01-02T03:04:05+00:00"
    monkeypatch.delenv("FUNCTIONS_EMULATOR", raising=False)
    assert isinstance(clock_for_request(pinned), SystemClock)
    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")
    assert clock_for_request(pinned).now() == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert isinstance(clock_for_request(None), SystemClock)


def test_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(parse_instant("2026-05-01T12:00:00"))
    clock.advance(timedelta(minutes=31))
    assert clock.now() == datetime(2026, 5, 1, 12, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ({"role": "admin"}, Caller("u", Role.ADMIN)),
        ({"role": "shop", "shopId": "s1"}, Caller("u", Role.SHOP, shop_id="s1")),
        ({"role": "customer", "shopId": "s1"}, Caller("u", Role.CUSTOMER)),
        ({"role": "root"}, Caller("u")),
        ({"role": ["admin"]}, Caller("u")),
        ({"firebase": {"sign_in_provider": "anonymous"}}, Caller("u", anonymous=True)),
    ],
)
def test_caller_from_claims(token: dict[str, object], expected: Caller) -> None:
    assert Caller.from_token("u", token) == expected


def test_a_missing_index_is_failed_precondition_logged_with_the_query(caplog: pytest.LogCaptureFixture) -> None:
    """What Firestore answers for a query without its index reaches the caller as
    `failed-precondition` and the operator as a log line naming the callable and the query."""

    def mark_notifications(_context: object, _request: object) -> Any:
        raise gcp_exceptions.FailedPrecondition("The query requires an index: notifications (recipientUid, createdAt)")

    call = https_fn.CallableRequest(raw_request=Request.from_values(method="POST"), data={"state": "read", "all": True})
    with caplog.at_level(logging.ERROR, logger="storepulse"), pytest.raises(https_fn.HttpsError) as raised:
        run_callable(mark_notifications, MarkNotificationsRequest, call, require_auth=False)

    assert raised.value.code is https_fn.FunctionsErrorCode.FAILED_PRECONDITION
    assert "mark_notifications" in caplog.text
    assert "notifications (recipientUid, createdAt)" in caplog.text
