"""Turns a pydantic request model plus a handler into a callable function with uniform errors.

Every callable goes through `run_callable`, the one place where failures become callable errors:
validation errors become `invalid-argument` naming the fields, domain errors carry their own code,
and anything else is logged with its stack trace and becomes `internal`.
"""

from __future__ import annotations

import functools
import json
import logging
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from firebase_functions import https_fn
from flask import Request, Response
from google.api_core import exceptions as gcp_exceptions
from pydantic import BaseModel, ValidationError

from storepulse.platform import addresses, appcheck, calllog, config, ratelimit
from storepulse.platform.caller import Caller, CallerKind, RequestFacts, Roleless
from storepulse.platform.clock import TEST_NOW_HEADER, Clock, clock_for_request
from storepulse.platform.db import get_db
from storepulse.platform.errors import (
    AlreadyExists,
    DomainError,
    InvalidArgument,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)
from storepulse.platform.screen import Rejection, screen

log = logging.getLogger("storepulse")

RequestT = TypeVar("RequestT", bound=BaseModel)
Handler = Callable[["CallContext", RequestT], BaseModel]

MAX_REPORTED_FIELDS = 20


@dataclass(frozen=True)
class CallContext:
    """What a handler knows about the call besides its payload (the transport stays here)."""

    caller: Caller | None
    clock: Clock
    ip: str | None = None
    user_agent: str | None = None

    @property
    def signed_in(self) -> Caller:
        if self.caller is None:
            raise Unauthenticated("Sign in first.")
        return self.caller

    def facts(self) -> RequestFacts:
        """The request facts domain code records (time read once, from the request's clock): the
        address only as its salted hash (every callable declares `ADDRESS_SALT`; none without it),
        the user agent only as its class."""
        return RequestFacts(
            now=self.clock.now(),
            ip_hash=addresses.address_hash(self.ip, addresses.configured_salt()),
            client=addresses.classify(self.user_agent),
        )


def validation_details(error: ValidationError) -> dict[str, Any]:
    """Field paths (dotted, `data` for the payload itself) and messages for `invalid-argument`."""
    fields = []
    for item in error.errors(include_url=False, include_input=False)[:MAX_REPORTED_FIELDS]:
        path = ".".join(str(part) for part in item["loc"]) or "data"
        fields.append({"field": path, "message": item["msg"]})
    return {"fields": fields}


# Transport failures and contention the caller can retry (with the same idempotency key).
TRANSIENT = (
    gcp_exceptions.Aborted,
    gcp_exceptions.DeadlineExceeded,
    gcp_exceptions.ServiceUnavailable,
    gcp_exceptions.RetryError,
)


def error_status(error: Exception) -> tuple[str, str, Any]:
    """The callable status, message and details an exception becomes (the one mapping)."""
    if isinstance(error, DomainError):
        return error.code, error.message, error.details
    if isinstance(error, TRANSIENT):
        return "unavailable", "The service is busy or unreachable; retry with the same idempotency key.", None
    if isinstance(error, gcp_exceptions.FailedPrecondition):
        # What Firestore answers for a query without its index (a bug of ours: tests/unit/test_indexes.py).
        return "failed-precondition", "The database cannot serve this request yet (an index is missing).", None
    return "internal", "Internal error.", None


def _https_error(code: str, message: str, details: Any = None) -> https_fn.HttpsError:
    return https_fn.HttpsError(https_fn.FunctionsErrorCode(code), message, details)


def _context_for(request: https_fn.CallableRequest[Any]) -> CallContext:
    auth = request.auth
    caller = Caller.from_token(auth.uid, auth.token) if auth is not None and auth.uid else None
    headers = request.raw_request.headers
    ip = addresses.client_address(headers.get("X-Forwarded-For"), request.raw_request.remote_addr)
    return CallContext(
        caller=caller,
        clock=clock_for_request(headers.get(TEST_NOW_HEADER)),
        ip=ip,
        user_agent=headers.get("User-Agent"),
    )


def run_callable(
    handler: Handler[RequestT],
    request_model: type[RequestT],
    request: https_fn.CallableRequest[Any],
    *,
    require_auth: bool = True,
    consume_app_check: bool = False,
) -> Any:
    """Authenticate, validate, run the handler, and map every failure to a callable error; one log
    entry per call says how it went (platform/calllog.py)."""
    name = getattr(handler, "__name__", "callable")
    facts = calllog.begin(name)
    outcome = "ok"
    try:
        context = _context_for(request)
        facts.uid = context.caller.uid if context.caller is not None else None
        if require_auth and context.caller is None:
            raise Unauthenticated("Sign in first.")
        if consume_app_check and config.enforce_app_check():
            appcheck.consume(request.raw_request.headers.get(appcheck.HEADER))
        try:
            payload = request_model.model_validate(request.data)
        except ValidationError as error:
            details = validation_details(error)
            summary = ", ".join(f["field"] for f in details["fields"])
            raise _https_error("invalid-argument", f"Invalid request: {summary}", details) from None
        ratelimit.open_gate(_gate_for(name, context))
        response = handler(context, payload)
        facts.replayed = bool(getattr(response, "replayed", False))
        return response.model_dump(mode="json", by_alias=True)
    except https_fn.HttpsError as error:
        outcome = error.code.value
        raise
    except Exception as error:
        status, message, details = error_status(error)
        outcome = status
        if status == "internal":
            # A bug: its stack trace, found by the call id the caller was given.
            log.exception("%s failed unexpectedly (call %s)", name, facts.call_id)
            details = {"callId": facts.call_id}
        elif isinstance(error, gcp_exceptions.FailedPrecondition):
            log.error("%s: a query needs an index that is not deployed: %s", name, error.message)
        elif status == "unavailable":
            log.warning("%s: datastore contention or outage", name, exc_info=True)
        raise _https_error(status, message, details) from None
    finally:
        ratelimit.open_gate(None)
        calllog.finish(facts, outcome)


def _gate_for(name: str, context: CallContext) -> ratelimit.Gate | None:
    """The call's admission under its rate limit (platform/ratelimit.py)."""
    now = context.clock.now()
    address_key = addresses.address_hash(context.ip, addresses.configured_salt())
    window = ratelimit.window_for(name, context.caller, address_key, now)
    return ratelimit.Gate(get_db(), window, now) if window is not None else None


@dataclass(frozen=True)
class CallableSpec:
    """What the contract (scripts/contract) says of one callable: its name, its request model, the
    handler whose return annotation names its response model, who may call it, whether it needs a
    signed-in caller, and the domain errors it raises."""

    name: str
    request: type[BaseModel]
    handler: Callable[..., BaseModel]
    callers: tuple[CallerKind, ...]
    errors: tuple[type[DomainError], ...]
    require_auth: bool
    consume_app_check: bool = False

    @property
    def response(self) -> type[BaseModel]:
        # Resolved when asked (the contract's generation), never at import: cold starts stay as they are.
        answer: type[BaseModel] = typing.get_type_hints(self.handler)["return"]
        return answer

    @property
    def keyed(self) -> bool:
        """Whether the request carries an idempotency key (every mutating callable's does)."""
        return "idempotency_key" in self.request.model_fields

    @property
    def error_codes(self) -> list[str]:
        """Every error code the callable answers: those of its `errors`, and what `run_callable` answers
        for any callable (`invalid-argument` for a payload that fails validation or the screen,
        `unavailable` for contention or an outage past the retry deadline), `unauthenticated` when it
        needs a signed-in caller, `already-exists` when it takes an idempotency key (reused with
        another payload). `internal` is never promised: it is always a bug."""
        codes = {InvalidArgument.code, Unavailable.code, *(error.code for error in self.errors)}
        if self.require_auth:
            codes.add(Unauthenticated.code)
        if self.keyed:
            codes.add(AlreadyExists.code)
        if self.rate_limited:
            codes.add(ResourceExhausted.code)
        return sorted(codes)

    @property
    def rate_limited(self) -> bool:
        """Whether calls are counted against a rate limit (platform/ratelimit.py): every callable
        that writes under a caller's key, and every callable an anonymous visitor may call."""
        return self.keyed or Roleless.ANONYMOUS in self.callers


def callable_endpoint(
    request_model: type[RequestT],
    *,
    callers: tuple[CallerKind, ...],
    errors: tuple[type[DomainError], ...],
    require_auth: bool = True,
    consume_app_check: bool = False,
    **options: Any,
) -> Callable[[Handler[RequestT]], Callable[..., Any]]:
    """Declare `handler(context, request)` as a callable function named after the handler. `callers`
    (who may call it) and `errors` (the domain errors its code raises) go to the contract
    (contract/callables.json); the emulator tests hold every answer to them. With
    `consume_app_check`, each call spends its limited-use App Check token (platform/appcheck.py)."""

    def decorate(handler: Handler[RequestT]) -> Callable[..., Any]:
        @functools.wraps(handler)
        def endpoint(request: https_fn.CallableRequest[Any]) -> Any:
            return run_callable(
                handler, request_model, request, require_auth=require_auth, consume_app_check=consume_app_check
            )

        # on_call's annotation names the handler type, but what it returns serves Flask requests.
        # Every callable may hash the caller's address for its rate limit: each declares the salt.
        secrets = [*options.get("secrets", []), addresses.ADDRESS_SALT]
        others = {name: value for name, value in options.items() if name != "secrets"}
        decorator = https_fn.on_call(
            region=config.REGION, enforce_app_check=config.enforce_app_check(), secrets=secrets, **others
        )
        callable_fn = cast("Callable[[Request], Response]", decorator(endpoint))

        # wraps() also copies the SDK's endpoint marker, so this is what gets deployed.
        @functools.wraps(callable_fn)
        def screened(raw_request: Request) -> Response:
            if raw_request.method == "POST":
                try:
                    screen(raw_request.get_data(cache=True))
                except Rejection as rejection:
                    calllog.finish(calllog.begin(handler.__name__), "invalid-argument")
                    return Response(
                        json.dumps(rejection.body()),
                        status=400,
                        mimetype="application/json",
                        headers={"Access-Control-Allow-Origin": "*"},
                    )
            return callable_fn(raw_request)

        spec = CallableSpec(handler.__name__, request_model, handler, callers, errors, require_auth, consume_app_check)
        screened.spec = spec  # type: ignore[attr-defined]
        return screened

    return decorate
