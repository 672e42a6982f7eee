"""The notification centre's vocabulary and the `mark_notifications` request and response."""

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from storepulse.platform.models import DocId, IdempotencyKey, RequestModel, ResponseModel

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
