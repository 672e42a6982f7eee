"""Domain errors, each carrying the callable status it becomes (mapped in one place: callable.py)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A failure the caller can act on; never an internal error."""

    code = "failed-precondition"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidArgument(DomainError):
    code = "invalid-argument"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", {"fields": [{"field": field, "message": message}]})


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
