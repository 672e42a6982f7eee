"""Pure decisions about roles: which ids a role names, who may take a role, which claims it sets."""

from __future__ import annotations

from typing import Any

from storepulse.identity.models import UserProfile
from storepulse.platform.caller import AFFILIATE_CLAIM, ROLE_CLAIM, ROLE_CLAIM_KEYS, SHOP_CLAIM, Role
from storepulse.platform.errors import FailedPrecondition, InvalidArgument


def check_role_ids(role: Role, shop_id: str | None, affiliate_id: str | None) -> None:
    """Each role names exactly the ids it uses."""
    wants_shop = role is Role.SHOP
    wants_affiliate = role is Role.AFFILIATE
    if wants_shop != (shop_id is not None):
        raise InvalidArgument("shopId", "required for role shop" if wants_shop else "only allowed for role shop")
    if wants_affiliate != (affiliate_id is not None):
        raise InvalidArgument(
            "affiliateId", "required for role affiliate" if wants_affiliate else "only allowed for role affiliate"
        )


def check_not_self_demotion(caller_uid: str, target_uid: str, role: Role) -> None:
    """An admin cannot take away their own admin role (a project must keep one)."""
    if target_uid == caller_uid and role is not Role.ADMIN:
        raise FailedPrecondition("Admins cannot remove their own admin role; ask another admin.")


def require_assignable(profile: dict[str, Any], field: str) -> None:
    """Shop and affiliate roles go only to users with no role yet, or customers (one role each)."""
    role = profile.get("role")
    if role not in (None, Role.CUSTOMER.value):
        owned = f" (shop {profile['shopId']})" if profile.get("shopId") else ""
        raise FailedPrecondition(
            f"{field}: the user already has role {role}{owned}; a user holds one role.", field=field
        )


def require_unregistered(profile: dict[str, Any], token_role: Role | None) -> None:
    """Registration is for users without a role (in Firestore or in their token)."""
    if profile.get("role") is not None or token_role is not None:
        raise FailedPrecondition(f"Already registered (role {profile.get('role') or token_role}).")


def role_fields(role: Role | str | None, shop_id: str | None, affiliate_id: str | None) -> dict[str, Any]:
    """The role fields of `users/{uid}`."""
    return UserProfile.changes(
        role=role.value if isinstance(role, Role) else role, shop_id=shop_id, affiliate_id=affiliate_id
    )


def current_role_fields(profile: dict[str, Any]) -> dict[str, Any]:
    return role_fields(profile.get("role"), profile.get("shopId"), profile.get("affiliateId"))


def role_claims(role: Role, shop_id: str | None, affiliate_id: str | None) -> dict[str, str]:
    """The custom claims that grant a role (only the ids that role uses)."""
    claims = {ROLE_CLAIM: role.value}
    if role is Role.SHOP and shop_id:
        claims[SHOP_CLAIM] = shop_id
    if role is Role.AFFILIATE and affiliate_id:
        claims[AFFILIATE_CLAIM] = affiliate_id
    return claims


def merged_claims(current: dict[str, Any], role: Role, shop_id: str | None, affiliate_id: str | None) -> dict[str, Any]:
    """A user's claims with the role claims replaced and every other claim kept."""
    kept = {key: value for key, value in current.items() if key not in ROLE_CLAIM_KEYS}
    return {**kept, **role_claims(role, shop_id, affiliate_id)}


def display_name(profile: dict[str, Any], fallback: str) -> str:
    """How feeds and notifications name a user: display name, else e-mail, else the fallback."""
    return str(profile.get("displayName") or profile.get("email") or fallback)


def email_key(email: str) -> str:
    """An e-mail address as profiles store it and lookups compare it: trimmed, lower-case (Firebase
    Auth's own addresses are lower-case already)."""
    return email.strip().lower()
