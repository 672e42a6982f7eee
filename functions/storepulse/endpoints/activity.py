"""Activity callables."""

from __future__ import annotations

from storepulse.activity.models import TrackActionRequest, TrackActionResponse
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import EVERYONE
from storepulse.platform.db import get_db
from storepulse.platform.errors import NotFound, ResourceExhausted


@callable_endpoint(TrackActionRequest, callers=EVERYONE, errors=(NotFound, ResourceExhausted))
def track_action(context: CallContext, request: TrackActionRequest) -> TrackActionResponse:
    """Any signed-in user records an action (rate-limited)."""
    from storepulse.activity import actions

    return actions.track_action(get_db(), context.signed_in, request, context.clock.now())
