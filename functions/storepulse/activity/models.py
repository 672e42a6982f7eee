"""Request and response models of the activity callables, the device facts apps send, and the two
logs clients read (the admin feed and the users' action trail)."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator

from storepulse.platform.models import (
    ClientClass,
    DocId,
    DocumentModel,
    IdempotencyKey,
    RequestModel,
    ResponseModel,
    SessionId,
)

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


class StoredDevice(DocumentModel):
    """What is kept of the device facts an app sent: its user agent only as its class
    (`activity.rules.stored_device`)."""

    platform: str | None = None
    app_version: str | None = None
    locale: str | None = None
    client: ClientClass | None = Field(default=None, description="The user agent's class, never the string.")


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


FeedKind = Literal[
    "redemption",
    "redemption_reversed",
    "user_action",
    "customer_registered",
    "role_changed",
    "shop_created",
    "affiliate_created",
    "coupon_created",
    "coupon_updated",
    "loyalty_program_saved",
]


class FeedEntry(DocumentModel):
    """`adminActivityLog/{entryId}`: the admin feed, one entry per recorded action. Besides the five
    fields every entry has, an entry holds the fields its type gives (a given null included) and no
    others."""

    type: FeedKind
    actor_uid: str | None = Field(description="Who did it (`operator:create-admin` for operator tooling).")
    created_at: datetime
    expire_at: datetime = Field(description="`createdAt` + 365 days: deleted by a TTL policy (platform/retention.py).")
    summary: str = Field(description="One human line (names, not ids).")
    redemption_id: str | None = None
    coupon_id: str | None = None
    shop_id: str | None = None
    customer_id: str | None = None
    affiliate_id: str | None = None
    discount_cents: int | None = None
    subject_uid: str | None = None
    role: str | None = None
    previous_role: str | None = None
    action: str | None = None
    action_id: str | None = None

    def as_document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_unset=True)


# Actions the server records in the trail itself (besides the ones `track_action` takes).
ServerAction = Literal["register", "coupon_redeemed", "redemption_reversed"]
ContextScalar = str | int | float | bool | None


class UserAction(DocumentModel):
    """`userActionLog/{entryId}`: every tracked action, and the ones the server records."""

    uid: str
    action: ActionType | ServerAction
    context: dict[str, ContextScalar]
    shop_id: str | None
    session_id: str | None
    device: StoredDevice | None
    created_at: datetime
    expire_at: datetime = Field(description="`createdAt` + 90 days: deleted by a TTL policy (platform/retention.py).")
