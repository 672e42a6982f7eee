"""The scopes live stats are kept for, and their document ids (the rules match on these)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storepulse.platform.caller import Role


class ScopeKind(StrEnum):
    PLATFORM = "platform"
    SHOP = "shop"
    AFFILIATE = "affiliate"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    owner_id: str | None = None

    @property
    def doc_id(self) -> str:
        """`platform`, `shop_{shopId}` or `affiliate_{affiliateId}`."""
        return self.kind.value if self.owner_id is None else f"{self.kind.value}_{self.owner_id}"

    @classmethod
    def parse(cls, doc_id: str) -> Scope:
        kind, _, owner = doc_id.partition("_")
        return cls(ScopeKind(kind), owner or None)


PLATFORM = Scope(ScopeKind.PLATFORM)


def shop(shop_id: str) -> Scope:
    return Scope(ScopeKind.SHOP, shop_id)


def affiliate(affiliate_id: str) -> Scope:
    return Scope(ScopeKind.AFFILIATE, affiliate_id)


def owned(role: Role, owner_id: str) -> Scope:
    """The scope of shop `owner_id` (`Role.SHOP`) or affiliate `owner_id` (`Role.AFFILIATE`)."""
    kinds = {Role.SHOP: ScopeKind.SHOP, Role.AFFILIATE: ScopeKind.AFFILIATE}
    return Scope(kinds[role], owner_id)
