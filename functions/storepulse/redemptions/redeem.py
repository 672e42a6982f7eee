"""`redeem_coupon`: one redemption with all its effects in one transaction, or nothing.

Two callers that read the same limit state pick the same slot, or the same redemption id (the
customer's ticket, redemptions/store.py), and cannot both commit; the loser re-plans from fresh
reads (platform/txn.py). A limited coupon's
slot is found by reading a few random slots beside the plan's other plain reads, so its reads do
not grow with the slots taken (rules.slot_candidates). Aggregates (shopCustomerData,
affiliateCustomerData, live stats) move with blind increments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from google.cloud import firestore

from storepulse.activity.actions import log_user_action
from storepulse.activity.feed import log_admin_activity
from storepulse.analytics import store as analytics
from storepulse.analytics.rules import Event
from storepulse.catalog import store as catalog
from storepulse.identity import store as identity
from storepulse.identity.rules import display_name
from storepulse.notifications.publish import publish
from storepulse.notifications.rules import redemption_notice
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import InvalidArgument
from storepulse.platform.prefetch import Prefetch, Routes, Snapshots, plain_reads
from storepulse.platform.snapshots import existing
from storepulse.redemptions import rules, store
from storepulse.redemptions.models import Channel, RedeemCouponRequest, RedeemCouponResponse, RedeemedDiscount
from storepulse.stats import presence
from storepulse.stats.counters import add_to_stats
from storepulse.stats.scopes import Scope

OPERATION = "redeem_coupon"


class _CouponRoute(NamedTuple):
    shop_id: str
    affiliate_id: str | None
    limit: int  # maxRedemptions, 0 when unlimited: which slots to probe


# Coupon id -> its route and customer id -> the affiliate they registered through, as last read:
# what the plain pre-reads of the next redemption will need.
_COUPON_ROUTES: Routes[str, _CouponRoute] = Routes()
_CUSTOMER_ROUTES: Routes[str, str | None] = Routes()
# Which slots of a limited coupon to probe (unseeded: parallel instances must not probe alike).
_SLOTS_RANDOM = random.Random()


@dataclass(frozen=True)
class _Redemption:
    """The facts of one redemption attempt, decided from its transactional reads."""

    ref: firestore.DocumentReference
    coupon_id: str
    coupon: dict[str, Any]
    customer_id: str
    profile: dict[str, Any]
    channel: Channel
    affiliate_id: str | None
    discount_cents: int
    commission_cents: int

    @property
    def shop_id(self) -> str:
        return str(self.coupon["shopId"])

    @property
    def customer_name(self) -> str:
        return display_name(self.profile, self.customer_id)

    @property
    def scopes(self) -> list[Scope]:
        return rules.scopes_of(self.shop_id, self.affiliate_id)


@dataclass(frozen=True)
class _Plan:
    """What an attempt saw before writing: the slot and ticket (the redemption's id) to take, which records exist."""

    coupon_slot: int | None
    customer_ticket: int
    shop_customer_exists: bool
    affiliate_customer_exists: bool
    markers_seen: dict[str, bool]
    shop_name: str


def resolve_coupon_id(db: firestore.Client, request: RedeemCouponRequest) -> str:
    rules.check_coupon_reference(request.coupon_id, request.shop_id, request.code)
    if request.shop_id and request.code:
        return catalog.coupon_for_code(db, request.shop_id, request.code)
    return str(request.coupon_id)


def redeem_coupon(
    db: firestore.Client, caller: Caller, request: RedeemCouponRequest, now: datetime
) -> RedeemCouponResponse:
    """Record one redemption with all its effects, or nothing; a retried key returns the first result."""
    customer_id, channel = rules.customer_for(caller, request.customer_id)
    coupon_id = resolve_coupon_id(db, request)
    payload = {**request.model_dump(exclude={"idempotency_key", "coupon_id", "shop_id", "code"}), "couponId": coupon_id}
    call = idempotency.IdempotentCall.of(db, OPERATION, caller.uid, request.idempotency_key, payload)
    if not call.keyed:  # the request model already requires the key
        raise InvalidArgument("idempotencyKey", "required")
    coupon_ref, customer_ref = catalog.coupon_ref(db, coupon_id), identity.user_ref(db, customer_id)
    # The plan's plain pre-reads, guessed from what this instance saw last time, overlap the
    # transactional read.
    early = _Early.guessed(db, coupon_id, customer_id, now)

    def attempt(transaction: txn.Transaction) -> dict[str, Any]:
        # One round trip for both transactional reads (the key's claim and the plain pre-reads overlap it).
        read = {s.reference.path: s for s in transaction.get_all([coupon_ref, customer_ref])}
        coupon = rules.check_coupon(read[coupon_ref.path].to_dict(), caller, now)
        profile = rules.check_customer(read[customer_ref.path].to_dict())
        route = _CouponRoute(str(coupon["shopId"]), coupon.get("affiliateId") or None, _limit(coupon))
        _COUPON_ROUTES.remember(coupon_id, route)
        _CUSTOMER_ROUTES.remember(customer_id, profile.get("attributedAffiliateId") or None)
        affiliate_id = rules.affiliate_of(coupon, profile)
        plan = _plan(
            db,
            coupon_id=coupon_id,
            coupon=coupon,
            customer_id=customer_id,
            affiliate_id=affiliate_id,
            now=now,
            early=early,
        )
        redemption = _Redemption(
            ref=store.redemption_ref(db, store.redemption_id(coupon_id, customer_id, plan.customer_ticket)),
            coupon_id=coupon_id,
            coupon=coupon,
            customer_id=customer_id,
            profile=profile,
            channel=channel,
            affiliate_id=affiliate_id,
            discount_cents=rules.discount_cents(coupon["discount"], request.order_amount),
            commission_cents=rules.commission_cents(coupon.get("commissionRate"), request.order_amount, affiliate_id),
        )
        return _record(
            db,
            transaction,
            caller=caller,
            request=request,
            redemption=redemption,
            plan=plan,
            now=now,
        )

    return RedeemCouponResponse.model_validate(txn.run(db, attempt, marker=call.at(now)))


def _limit(coupon: dict[str, Any]) -> int:
    return int(coupon.get("maxRedemptions") or 0)


def _candidates(limit: int) -> tuple[int, list[int]]:
    """(the limit, the slots to probe under it); none for an unlimited coupon."""
    return limit, rules.slot_candidates(limit, _SLOTS_RANDOM) if limit else []


@dataclass(frozen=True)
class _PlanReads:
    """What a plan reads: the customer's usage of the coupon, the shop's (and the affiliate's)
    record of the customer, today's activity markers, the shop and a limited coupon's probed slots."""

    usage: firestore.DocumentReference
    records: list[firestore.DocumentReference]
    markers: list[firestore.DocumentReference]
    shop: firestore.DocumentReference
    limit: int
    candidates: list[int]
    slots: list[firestore.DocumentReference]

    @classmethod
    def of(
        cls,
        db: firestore.Client,
        *,
        coupon_id: str,
        customer_id: str,
        shop_id: str,
        affiliate_id: str | None,
        now: datetime,
        slots: tuple[int, list[int]],
    ) -> _PlanReads:
        records = [store.shop_customer_ref(db, shop_id, customer_id)]
        if affiliate_id:
            records.append(catalog.affiliate_customer_ref(db, affiliate_id, customer_id))
        limit, candidates = slots
        return cls(
            usage=store.customer_usage_ref(db, coupon_id, customer_id),
            records=records,
            markers=presence.marker_refs(db, rules.scopes_of(shop_id, affiliate_id), customer_id, now),
            shop=catalog.shop_ref(db, shop_id),
            limit=limit,
            candidates=candidates,
            slots=store.coupon_slot_refs(db, coupon_id, candidates),
        )

    @property
    def all(self) -> list[firestore.DocumentReference]:
        return [self.usage, *self.records, *self.markers, self.shop, *self.slots]


class _Early:
    """The plan's reads as guessed from the coupon's route, started beside the transactional read.

    Only the first attempt takes them; a retried attempt re-plans from fresh reads and fresh probes.
    """

    def __init__(self, db: firestore.Client, reads: _PlanReads) -> None:
        self._guess: tuple[Prefetch, _PlanReads] | None = (Prefetch(db, reads.all), reads)

    @classmethod
    def guessed(cls, db: firestore.Client, coupon_id: str, customer_id: str, now: datetime) -> _Early | None:
        """The plain pre-reads for the shop, affiliate and limit seen last time; None for a coupon
        this instance has not seen."""
        route = _COUPON_ROUTES.get(coupon_id)
        if route is None:
            return None
        reads = _PlanReads.of(
            db,
            coupon_id=coupon_id,
            customer_id=customer_id,
            shop_id=route.shop_id,
            affiliate_id=route.affiliate_id or _CUSTOMER_ROUTES.get(customer_id),
            now=now,
            slots=_candidates(route.limit),
        )
        return cls(db, reads)

    def take(self) -> tuple[Prefetch, _PlanReads] | None:
        guess, self._guess = self._guess, None
        return guess


def _plan(
    db: firestore.Client,
    *,
    coupon_id: str,
    coupon: dict[str, Any],
    customer_id: str,
    affiliate_id: str | None,
    now: datetime,
    early: _Early | None,
) -> _Plan:
    """The plain pre-reads, probed slots included (prefetched, or one round trip)."""
    shop_id = str(coupon["shopId"])
    guess = early.take() if early is not None else None
    limit = _limit(coupon)
    # The prefetched probes serve when the limit they were drawn under still holds.
    slots = (limit, guess[1].candidates) if guess is not None and guess[1].limit == limit else _candidates(limit)
    reads = _PlanReads.of(
        db,
        coupon_id=coupon_id,
        customer_id=customer_id,
        shop_id=shop_id,
        affiliate_id=affiliate_id,
        now=now,
        slots=slots,
    )
    usage, records, markers, shop_ref = reads.usage, reads.records, reads.markers, reads.shop
    snapshots = plain_reads(db, reads.all, guess[0] if guess is not None else None)
    seen = existing(snapshots.values())
    used = snapshots[usage.path].to_dict() or {}
    rules.check_per_customer(int(used.get("live", 0)), int(coupon.get("perCustomerLimit") or 1))
    return _Plan(
        coupon_slot=_coupon_slot(db, coupon_id, reads, snapshots),
        customer_ticket=int(used.get("next", 0)),
        shop_customer_exists=seen[records[0].path],
        affiliate_customer_exists=bool(affiliate_id) and seen[records[-1].path],
        markers_seen={marker.path: seen[marker.path] for marker in markers},
        shop_name=str((snapshots[shop_ref.path].to_dict() or {}).get("name") or shop_id),
    )


def _coupon_slot(db: firestore.Client, coupon_id: str, reads: _PlanReads, snapshots: Snapshots) -> int | None:
    """A free slot of a limited coupon (None when unlimited): a free probe, else one found by counting."""
    if not reads.limit:
        return None
    taken = {slot for slot, ref in zip(reads.candidates, reads.slots, strict=True) if snapshots[ref.path].exists}
    slot = rules.pick_candidate(reads.limit, reads.candidates, taken, _SLOTS_RANDOM.choice)
    if slot is not None:
        return slot
    return rules.find_free(reads.limit, _SLOTS_RANDOM.randrange(reads.limit), store.TakenBelow(db, coupon_id))


def _record(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    request: RedeemCouponRequest,
    redemption: _Redemption,
    plan: _Plan,
    now: datetime,
) -> dict[str, Any]:
    """Every write of one redemption; returns the response to store with the idempotency key."""
    _take_limits(db, transaction, redemption, plan, now)
    transaction.create(
        redemption.ref,
        store.redemption_document(
            coupon_id=redemption.coupon_id,
            coupon=redemption.coupon,
            shop_name=plan.shop_name,
            customer_id=redemption.customer_id,
            customer_name=redemption.customer_name,
            redeemed_by=caller.uid,
            channel=redemption.channel,
            discount_cents=redemption.discount_cents,
            order_amount=request.order_amount,
            affiliate_id=redemption.affiliate_id,
            commission_cents=redemption.commission_cents,
            session_id=request.session_id,
            device=request.device,
            coupon_slot=plan.coupon_slot,
            now=now,
        ),
    )
    acquired = _write_customer_records(db, transaction, redemption, plan, now)
    _write_trail(
        db, transaction, caller=caller, request=request, redemption=redemption, shop_name=plan.shop_name, now=now
    )
    _count(db, transaction, redemption, plan, acquired=acquired, now=now)
    discount = redemption.coupon["discount"]
    return RedeemCouponResponse(
        redemption_id=redemption.ref.id,
        coupon_id=redemption.coupon_id,
        shop_id=redemption.shop_id,
        customer_id=redemption.customer_id,
        discount=RedeemedDiscount(
            kind=discount["kind"], value=discount["value"], amount_cents=redemption.discount_cents
        ),
        redeemed_at=now,
    ).model_dump(mode="json", by_alias=True)


def _take_limits(
    db: firestore.Client, transaction: txn.Transaction, redemption: _Redemption, plan: _Plan, now: datetime
) -> None:
    """Create the coupon slot (parallel callers that picked the same one cannot both commit) and
    count the customer's use: the customer's ticket is the redemption's own id, created with it."""
    coupon_id, customer_id, redemption_id = redemption.coupon_id, redemption.customer_id, redemption.ref.id
    if plan.coupon_slot is not None:
        transaction.create(
            store.coupon_slot_ref(db, coupon_id, plan.coupon_slot),
            store.coupon_slot(coupon_id, plan.coupon_slot, redemption_id, now),
        )
    transaction.set(
        store.customer_usage_ref(db, coupon_id, customer_id), store.usage_taken(coupon_id, customer_id), merge=True
    )


def _write_customer_records(
    db: firestore.Client, transaction: txn.Transaction, redemption: _Redemption, plan: _Plan, now: datetime
) -> bool:
    """Create or move the shop's and the affiliate's records; True when the affiliate acquired the customer."""
    profile, customer_id, affiliate_id = redemption.profile, redemption.customer_id, redemption.affiliate_id
    visit = store.Visit(
        customer_name=redemption.customer_name,
        email=profile.get("email"),
        phone=profile.get("phone"),
        coupon_id=redemption.coupon_id,
        coupon_code=redemption.coupon["code"],
        at=now,
    )
    shop_record = store.shop_customer_ref(db, redemption.shop_id, customer_id)
    if plan.shop_customer_exists:
        transaction.update(shop_record, store.shop_customer_moved(visit, redemption.discount_cents))
    else:
        fields = store.shop_customer_new(redemption.shop_id, customer_id, visit, redemption.discount_cents)
        transaction.create(shop_record, fields)
    if not affiliate_id:
        return False
    affiliate_record = catalog.affiliate_customer_ref(db, affiliate_id, customer_id)
    if plan.affiliate_customer_exists:
        transaction.update(affiliate_record, catalog.affiliate_customer_moved(redemption.commission_cents, now))
        return False
    fields = catalog.affiliate_customer_new(
        affiliate_id, customer_id, redemption.customer_name, redemption.commission_cents, now, via="coupon"
    )
    transaction.create(affiliate_record, fields)
    return True


def _write_trail(
    db: firestore.Client,
    transaction: txn.Transaction,
    *,
    caller: Caller,
    request: RedeemCouponRequest,
    redemption: _Redemption,
    shop_name: str,
    now: datetime,
) -> None:
    """The admin feed entry, the customer's action trail entry and the customer's notification."""
    code = redemption.coupon["code"]
    notice = redemption_notice(
        redemption.customer_id,
        redemption.ref.id,
        code=code,
        shop_name=shop_name,
        discount_cents=redemption.discount_cents,
    )
    publish(db, transaction, notice, now)
    log_admin_activity(
        db,
        transaction,
        kind="redemption",
        actor_uid=caller.uid,
        at=now,
        summary=rules.redemption_summary(redemption.customer_name, code, shop_name, redemption.channel),
        redemption_id=redemption.ref.id,
        coupon_id=redemption.coupon_id,
        shop_id=redemption.shop_id,
        customer_id=redemption.customer_id,
        affiliate_id=redemption.affiliate_id,
        discount_cents=redemption.discount_cents,
    )
    log_user_action(
        db,
        transaction,
        uid=redemption.customer_id,
        action="coupon_redeemed",
        at=now,
        session_id=request.session_id,
        device=request.device,
        shop_id=redemption.shop_id,
        context={"couponId": redemption.coupon_id, "redemptionId": redemption.ref.id, "code": code},
    )


def _count(
    db: firestore.Client,
    transaction: txn.Transaction,
    redemption: _Redemption,
    plan: _Plan,
    *,
    acquired: bool,
    now: datetime,
) -> None:
    """Presence, today's activity markers and every scope's live stats."""
    newly_active = presence.record_activity(
        db, transaction, scopes=redemption.scopes, uid=redemption.customer_id, at=now, markers_seen=plan.markers_seen
    )
    for scope in redemption.scopes:
        delta = rules.redemption_delta(
            scope,
            coupon_id=redemption.coupon_id,
            discount=redemption.discount_cents,
            commission=redemption.commission_cents,
            acquired=acquired,
            newly_active=scope in newly_active,
        )
        add_to_stats(db, transaction, scope, delta, counted_on=now, activity_at=now)
    analytics.count_event(transaction, db, Event.REDEMPTIONS, now)
