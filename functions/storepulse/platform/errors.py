"""Domain errors, each carrying the callable status it becomes (mapped in one place: callable.py)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A failure the caller can act on; never an internal error."""

    code = "failed-precondition"

    def __init__(self, message: str, details: dict[str, Any] | None = None, *, field: str | None = None) -> None:
        """`field` names the request field at fault ("shopId: no such shop." -> field shopId)."""
        super().__init__(message)
        self.message = message
        if field is not None and details is None:
            details = {"fields": [{"field": field, "message": message.removeprefix(f"{field}: ")}]}
        self.details = details


class InvalidArgument(DomainError):
    code = "invalid-argument"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field)


class Unauthenticated(DomainError):
    code = "unauthenticated"


class PermissionDenied(DomainError):
    code = "permission-denied"


class NotFound(DomainError):
    code = "not-found"


class FailedPrecondition(DomainError):
    code = "failed-precondition"


class AlreadyExists(DomainError):
    code = "already-exists"


class ResourceExhausted(DomainError):
    code = "resource-exhausted"


class Unavailable(DomainError):
    code = "unavailable"
