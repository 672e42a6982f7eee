"""Who is calling: the role claims of a verified ID token, and the request facts domain code may use.

Domain code receives a `Caller` and, where it records them, `RequestFacts`; it never sees the
transport (Flask, the Functions SDK).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from storepulse.platform.errors import PermissionDenied
from storepulse.platform.models import ClientClass

ROLE_CLAIM = "role"
SHOP_CLAIM = "shopId"
AFFILIATE_CLAIM = "affiliateId"
ROLE_CLAIM_KEYS = (ROLE_CLAIM, SHOP_CLAIM, AFFILIATE_CLAIM)


class Role(StrEnum):
    ADMIN = "admin"
    SHOP = "shop"
    AFFILIATE = "affiliate"
    CUSTOMER = "customer"


ROLE_VALUES = frozenset(role.value for role in Role)


class Roleless(StrEnum):
    """Signed-in callers who hold no role: who a callable's `callers` may name besides the roles."""

    NO_ROLE = "no_role"  # signed in with an account (e-mail, a provider), no role yet
    ANONYMOUS = "anonymous"  # an anonymous Firebase user (a visitor), no role


CallerKind = Role | Roleless
# Every signed-in caller, whatever their role.
EVERYONE: tuple[CallerKind, ...] = (*Role, *Roleless)


@dataclass(frozen=True)
class Caller:
    """The signed-in user behind a request, as their verified ID token describes them."""

    uid: str
    role: Role | None = None
    shop_id: str | None = None
    affiliate_id: str | None = None
    anonymous: bool = False
    label: str | None = None

    @property
    def name(self) -> str:
        """How feeds name this user: display name, else email, else uid."""
        return self.label or self.uid

    @classmethod
    def from_token(cls, uid: str, token: Mapping[str, Any]) -> Caller:
        raw_role = token.get(ROLE_CLAIM)
        role = Role(raw_role) if isinstance(raw_role, str) and raw_role in ROLE_VALUES else None
        provider = (token.get("firebase") or {}).get("sign_in_provider")
        return cls(
            uid=uid,
            role=role,
            shop_id=token.get(SHOP_CLAIM) if role is Role.SHOP else None,
            affiliate_id=token.get(AFFILIATE_CLAIM) if role is Role.AFFILIATE else None,
            anonymous=provider == "anonymous",
            label=token.get("name") or token.get("email"),
        )

    @property
    def kind(self) -> CallerKind:
        """The caller's role, or which kind of roleless caller they are."""
        if self.role is not None:
            return self.role
        return Roleless.ANONYMOUS if self.anonymous else Roleless.NO_ROLE

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def require_admin(self) -> None:
        if not self.is_admin:
            raise PermissionDenied("Only admins may do this.")

    def owns_shop(self, shop_id: str) -> bool:
        return self.role is Role.SHOP and self.shop_id == shop_id


@dataclass(frozen=True)
class RequestFacts:
    """What a request tells besides its payload and caller: when, and from where (for audit records):
    the salted hash of the client's address and the class of its user agent, never either itself
    (platform/addresses.py)."""

    now: datetime
    ip_hash: str | None = None
    client: ClientClass | None = None
