"""The notification centre's vocabulary, the `mark_notifications` request and response, and the two
documents clients read (a notification and the badge)."""

from datetime import datetime
from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from storepulse.platform.models import DocId, DocumentModel, IdempotencyKey, RequestModel, ResponseModel

MAX_IDS = 500


class Category(StrEnum):
    """Every kind of notification (one enum, used by producers, rules, the index and the docs)."""

    REDEMPTION = "redemption"
    LOYALTY = "loyalty"
    ENROLLMENT = "enrollment"
    POINTS = "points"
    ORDER = "order"
    DELIVERY = "delivery"
    ACCOUNT = "account"
    PAYMENT = "payment"


class TargetKind(StrEnum):
    """What a notification opens: the page of an order, a loyalty card or enrollment, a points
    request, a redemption, a payment error, or the recipient's account."""

    ORDER = "order"
    ENROLLMENT = "enrollment"
    POINTS_REQUEST = "points_request"
    REDEMPTION = "redemption"
    PAYMENT_ERROR = "payment_error"
    ACCOUNT = "account"


class MarkState(StrEnum):
    READ = "read"
    SEEN = "seen"
    ARCHIVED = "archived"
    UNREAD = "unread"


class MarkNotificationsRequest(RequestModel):
    ids: list[DocId] | None = Field(default=None, min_length=1, max_length=MAX_IDS)
    all: Literal[True] | None = None
    category: Category | None = None
    state: MarkState
    idempotency_key: IdempotencyKey | None = None

    @model_validator(mode="after")
    def _ids_or_all(self) -> Self:
        if (self.ids is None) == (self.all is None):
            raise ValueError("give ids or all, not both and not neither")
        if self.ids is not None and self.category is not None:
            raise ValueError("category narrows all; it is not used with ids")
        return self


class Counts(ResponseModel):
    unread: int
    unseen: int


class MarkNotificationsResponse(ResponseModel):
    changed: int
    counts: Counts
    replayed: bool = False


class NotificationTarget(DocumentModel):
    """What a tap opens: `{kind: "order", id: orderId}`; an enrollment's id is `{shopId}_{customerId}`
    (the loyalty card), an account's the recipient's uid."""

    kind: TargetKind
    id: str


class NotificationAction(DocumentModel):
    """A question the recipient answers (loyalty); `state` records the answer."""

    kind: Literal["enrollment_request", "points_request"]
    id: str
    state: Literal["open", "accepted", "declined"]


class Notification(DocumentModel):
    """`notifications/{notificationId}`: one per source event and recipient (the id comes from both, so
    a replayed event never makes a second one). `seen`, `read` and `archived` mirror their instants,
    so the bell and the inbox are equality queries."""

    recipient_uid: str
    category: Category
    title: str
    body: str = Field(description="Human text with names, never ids.")
    target: NotificationTarget
    action: NotificationAction | None
    created_at: datetime
    seen_at: datetime | None
    read_at: datetime | None
    archived_at: datetime | None
    seen: bool
    read: bool
    archived: bool
    expire_at: datetime | None = Field(description="Null while unread; 90 days after reading once read (TTL).")
    source_key: str


class NotificationCounts(DocumentModel):
    """`notificationCounts/{uid}`: the badge, moved by blind increments in the transaction of each
    change it counts (clients never recount)."""

    uid: str
    unread: int = 0
    unseen: int = 0
    unread_by_category: dict[Category, int] = Field(default_factory=dict)
    updated_at: datetime
