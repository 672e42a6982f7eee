"""Catalog callables: shops, affiliates, coupons, customer registration."""

from __future__ import annotations

from storepulse.catalog.models import (
    AffiliateResponse,
    CouponResponse,
    CreateAffiliateRequest,
    CreateShopRequest,
    RegisterCustomerRequest,
    RegisterCustomerResponse,
    ShopResponse,
    UpsertCouponRequest,
)
from storepulse.platform.callable import CallContext, callable_endpoint
from storepulse.platform.caller import Role, Roleless
from storepulse.platform.db import get_db
from storepulse.platform.errors import AlreadyExists, FailedPrecondition, NotFound, PermissionDenied


@callable_endpoint(CreateShopRequest, callers=(Role.ADMIN,), errors=(PermissionDenied, NotFound, FailedPrecondition))
def create_shop(context: CallContext, request: CreateShopRequest) -> ShopResponse:
    """Admins create a shop; its owner becomes a `shop` user."""
    from storepulse.catalog import shops
    from storepulse.identity.directory import FirebaseUserDirectory

    return shops.create_shop(get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    CreateAffiliateRequest,
    callers=(Role.ADMIN,),
    errors=(PermissionDenied, NotFound, FailedPrecondition, AlreadyExists),
)
def create_affiliate(context: CallContext, request: CreateAffiliateRequest) -> AffiliateResponse:
    """Admins create an affiliate with a unique code; the user becomes an `affiliate`."""
    from storepulse.catalog import affiliates
    from storepulse.identity.directory import FirebaseUserDirectory

    return affiliates.create_affiliate(
        get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now()
    )


@callable_endpoint(
    UpsertCouponRequest,
    callers=(Role.ADMIN, Role.SHOP),
    errors=(PermissionDenied, NotFound, FailedPrecondition, AlreadyExists),
)
def upsert_coupon(context: CallContext, request: UpsertCouponRequest) -> CouponResponse:
    """A shop's owner (or an admin) creates or edits one of its coupons."""
    from storepulse.catalog import coupons

    return coupons.upsert_coupon(get_db(), context.signed_in, request, context.clock.now())


@callable_endpoint(
    RegisterCustomerRequest, callers=(Roleless.NO_ROLE, Roleless.ANONYMOUS), errors=(NotFound, FailedPrecondition)
)
def register_customer(context: CallContext, request: RegisterCustomerRequest) -> RegisterCustomerResponse:
    """A signed-in user without a role becomes a customer."""
    from storepulse.catalog import customers
    from storepulse.identity.directory import FirebaseUserDirectory

    return customers.register_customer(
        get_db(), FirebaseUserDirectory(), context.signed_in, request, context.clock.now()
    )
