"""Replay protection for the callables whose one request is worth replaying (a redemption, a
loyalty scan): their App Check token is a limited-use one, spent here through the Admin SDK.

`on_call` has already refused a request without a valid App Check token when enforcement is on
(config.enforce_app_check). What it does not do is remember tokens: a captured request could be
sent again within the token's lifetime. `consume` asks App Check whether the token was spent
before and spends it, so the second use of a token is refused."""

from __future__ import annotations

from firebase_admin import app_check, exceptions
from jwt import PyJWKClientError

from storepulse.platform.errors import Unauthenticated, Unavailable

HEADER = "X-Firebase-AppCheck"


def consume(token: str | None) -> None:
    """Spend the request's limited-use App Check token; one spent before refuses the call."""
    if not token:
        raise Unauthenticated("This call needs a limited-use App Check token.")
    try:
        claims = app_check.verify_token(token, consume=True)
    except ValueError:
        raise Unauthenticated("The App Check token is not valid; get a new one and retry.") from None
    except (PyJWKClientError, exceptions.FirebaseError) as error:
        raise Unavailable("App Check could not be asked right now; retry shortly.") from error
    if claims.get("already_consumed"):
        raise Unauthenticated("This App Check token was used before; each call needs a new limited-use token.")
