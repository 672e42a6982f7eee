"""Notification-centre callables."""

from __future__ import annotations

from storepulse.notifications.models import MarkNotificationsRequest, MarkNotificationsResponse
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import EVERYONE
from storepulse.platform.db import get_db
from storepulse.platform.errors import NotFound


@callable_endpoint(MarkNotificationsRequest, callers=EVERYONE, errors=(NotFound,))
def mark_notifications(context: CallContext, request: MarkNotificationsRequest) -> MarkNotificationsResponse:
    """The signed-in recipient marks their notifications read, seen, archived or unread."""
    from storepulse.notifications import mark

    return mark.mark_notifications(get_db(), context.signed_in, request, context.clock.now())
