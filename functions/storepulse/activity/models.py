"""Request and response models of the activity callables, and the device facts apps send."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from storepulse.platform.models import DocId, IdempotencyKey, RequestModel, ResponseModel, SessionId

MAX_CONTEXT_KEYS = 20


class ActionType(StrEnum):
    PAGE_VIEW = "page_view"
    TAB_CHANGE = "tab_change"
    LOGIN = "login"
    LOGOUT = "logout"
    COUPON_VIEW = "coupon_view"
    SHARE = "share"
    SEARCH = "search"
    ADD_TO_CART = "add_to_cart"
    QR_SCAN = "qr_scan"
    ORDER_VIEW = "order_view"
    NOTIFICATION_OPEN = "notification_open"
    PROFILE_UPDATE = "profile_update"


DeviceText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
ContextKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
ContextValue = (
    Annotated[str, StringConstraints(max_length=200)]
    | Annotated[int, Field(strict=True, ge=-(2**53), le=2**53)]
    | Annotated[float, Field(allow_inf_nan=False)]
    | bool
    | None
)


class DeviceInfo(RequestModel):
    platform: DeviceText | None = None
    app_version: DeviceText | None = None
    user_agent: Annotated[str, StringConstraints(max_length=500)] | None = None
    locale: Annotated[str, StringConstraints(max_length=35)] | None = None


class TrackActionRequest(RequestModel):
    action: ActionType
    context: dict[ContextKey, ContextValue] | None = None
    shop_id: DocId | None = None
    session_id: SessionId | None = None
    device: DeviceInfo | None = None
    idempotency_key: IdempotencyKey | None = None

    @field_validator("context")
    @classmethod
    def _bounded(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and len(value) > MAX_CONTEXT_KEYS:
            raise ValueError(f"at most {MAX_CONTEXT_KEYS} keys")
        return value


class TrackActionResponse(ResponseModel):
    action_id: str
    recorded_at: datetime
    replayed: bool = False
