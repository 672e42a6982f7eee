"""The redemption collections: redemptions, limit slots and usage, shops' customer records, reversal markers
(the affiliates' records are the catalog's: a registration writes them too).

Limits are enforced with create-only documents instead of a read-then-update counter:
* a coupon with `maxRedemptions` N has slots `couponSlots/{couponId}_{0..N-1}`; a redemption
  reads a few random slots by id and creates a free one (rules.slot_candidates, pick_candidate).
  When every probe is taken, counts of the slots below an index, all at one read time, find a
  free one or show every slot taken: the limit is reached (rules.find_free, `TakenBelow`).
* per customer, `couponCustomerUsage/{couponId}_{customerId}` holds `live` (redemptions not
  reversed) and `next` (a ticket number that only grows), both moved by blind increments. A
  redemption that reads `live < perCustomerLimit` is created as
  `redemptions/{couponId}_{customerId}_{next}`: two parallel redemptions by one customer that read
  the same usage pick the same id and cannot both commit, with no document of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.activity.models import DeviceInfo
from storepulse.activity.rules import stored_device
from storepulse.platform import collections, queries, retention
from storepulse.platform.clock import day_key
from storepulse.platform.db import documents
from storepulse.platform.models import to_cents
from storepulse.redemptions.models import Channel, Redemption, ShopCustomer


def _ref(db: firestore.Client, collection: str, doc_id: str | None) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = db.collection(collection).document(doc_id)
    return ref


def redemption_ref(db: firestore.Client, redemption_id: str) -> firestore.DocumentReference:
    return _ref(db, collections.REDEMPTIONS, redemption_id)


def redemption_id(coupon_id: str, customer_id: str, ticket: int) -> str:
    """The id of a customer's `ticket`-th redemption of a coupon (`next` of their usage when it was
    made): parallel redemptions that read the same usage collide on it."""
    return f"{coupon_id}_{customer_id}_{ticket}"


def coupon_slot_ref(db: firestore.Client, coupon_id: str, slot: int) -> firestore.DocumentReference:
    return _ref(db, collections.COUPON_SLOTS, f"{coupon_id}_{slot}")


def customer_usage_ref(db: firestore.Client, coupon_id: str, customer_id: str) -> firestore.DocumentReference:
    return _ref(db, collections.CUSTOMER_USAGE, f"{coupon_id}_{customer_id}")


def shop_customer_ref(db: firestore.Client, shop_id: str, customer_id: str) -> firestore.DocumentReference:
    return _ref(db, collections.SHOP_CUSTOMER_DATA, f"{shop_id}_{customer_id}")


def reversal_ref(db: firestore.Client, redemption_id: str) -> firestore.DocumentReference:
    """The create-only marker that serialises parallel reversals of one redemption."""
    return _ref(db, collections.REVERSALS, redemption_id)


def coupon_slot_refs(db: firestore.Client, coupon_id: str, slots: Iterable[int]) -> list[firestore.DocumentReference]:
    return [coupon_slot_ref(db, coupon_id, slot) for slot in slots]


class TakenBelow:
    """`taken_below(m)`: how many slots of a coupon below `m` are taken (one count query, billed one
    read per 1,000 slots counted). Every count is made at the read time of the first, so a search
    over several counts sees one state of the slots."""

    def __init__(self, db: firestore.Client, coupon_id: str) -> None:
        self._db, self._coupon_id = db, coupon_id
        self._read_time: datetime | None = None

    def __call__(self, below: int) -> int:
        query = queries.COUPON_SLOTS_BELOW.build(self._db, {"couponId": self._coupon_id}, before=below)
        counted: Any = query.count()  # the client's aggregation types are untyped here
        result = counted.get(read_time=self._read_time)[0][0]
        if self._read_time is None:
            self._read_time = result.read_time
        return int(result.value)


def coupon_slot(coupon_id: str, slot: int, redemption_id: str, now: datetime) -> dict[str, Any]:
    return {"couponId": coupon_id, "slot": slot, "redemptionId": redemption_id, "at": now}


def usage_taken(coupon_id: str, customer_id: str) -> dict[str, Any]:
    """Blind increments: one more live redemption, and the next ticket number."""
    return {
        "couponId": coupon_id,
        "customerId": customer_id,
        "live": firestore.Increment(1),
        "next": firestore.Increment(1),
    }


def redemption_document(
    *,
    coupon_id: str,
    coupon: dict[str, Any],
    shop_name: str,
    customer_id: str,
    customer_name: str,
    redeemed_by: str,
    channel: Channel,
    discount_cents: int,
    order_amount: float | None,
    affiliate_id: str | None,
    commission_cents: int,
    session_id: str | None,
    device: DeviceInfo | None,
    coupon_slot: int | None,
    now: datetime,
) -> dict[str, Any]:
    return Redemption(
        coupon_id=coupon_id,
        coupon_code=coupon["code"],
        coupon_title=coupon.get("title"),
        shop_id=coupon["shopId"],
        shop_name=shop_name,
        customer_id=customer_id,
        customer_name=customer_name,
        redeemed_by=redeemed_by,
        channel=channel,
        discount=coupon["discount"],
        discount_cents=discount_cents,
        order_amount_cents=to_cents(order_amount) if order_amount is not None else None,
        affiliate_id=affiliate_id,
        commission_cents=commission_cents,
        session_id=session_id,
        device=stored_device(device),
        status="active",
        redeemed_at=now,
        day=day_key(now),
        coupon_slot=coupon_slot,
    ).as_document()


@dataclass(frozen=True)
class Visit:
    """What one redemption tells the shop's record of its customer: who (contact, for that shop only)
    and what they last redeemed."""

    customer_name: str
    email: str | None
    phone: str | None
    coupon_id: str
    coupon_code: str
    at: datetime

    def fields(self) -> dict[str, Any]:
        return ShopCustomer.changes(
            customer_name=self.customer_name,
            email=self.email,
            phone=self.phone,
            last_redemption_at=self.at,
            last_coupon_id=self.coupon_id,
            last_coupon_code=self.coupon_code,
            updated_at=self.at,
        )


def shop_customer_moved(visit: Visit, discount_cents: int) -> dict[str, Any]:
    moved = ShopCustomer.changes(
        redemption_count=firestore.Increment(1), discount_cents=firestore.Increment(discount_cents)
    )
    return {**visit.fields(), **moved}


def shop_customer_new(shop_id: str, customer_id: str, visit: Visit, discount_cents: int) -> dict[str, Any]:
    return ShopCustomer(
        shop_id=shop_id,
        customer_id=customer_id,
        customer_name=visit.customer_name,
        email=visit.email,
        phone=visit.phone,
        first_redemption_at=visit.at,
        last_redemption_at=visit.at,
        last_coupon_id=visit.coupon_id,
        last_coupon_code=visit.coupon_code,
        redemption_count=1,
        discount_cents=discount_cents,
        updated_at=visit.at,
    ).as_document()


def reversed_fields(caller_uid: str, reason: str, now: datetime) -> dict[str, Any]:
    return Redemption.changes(status="reversed", reversed_at=now, reversed_by=caller_uid, reverse_reason=reason)


def shop_customer_taken_back(discount_cents: int, now: datetime) -> dict[str, Any]:
    return ShopCustomer.changes(
        redemption_count=firestore.Increment(-1),
        discount_cents=firestore.Increment(-discount_cents),
        updated_at=now,
    )


def all_redemptions(db: firestore.Client, read_time: datetime | None = None) -> list[dict[str, Any]]:
    return [doc for _, doc in documents(db, collections.REDEMPTIONS, read_time)]


def shop_customer_records(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.SHOP_CUSTOMER_DATA, read_time))


def all_coupon_slots(db: firestore.Client, read_time: datetime | None = None) -> list[dict[str, Any]]:
    return [doc for _, doc in documents(db, collections.COUPON_SLOTS, read_time)]


def all_customer_usage(db: firestore.Client, read_time: datetime | None = None) -> dict[str, dict[str, Any]]:
    return dict(documents(db, collections.CUSTOMER_USAGE, read_time))


def pseudonymised(
    snapshot: firestore.DocumentSnapshot[Any],
) -> list[tuple[firestore.DocumentReference, dict[str, Any]]]:
    """An old redemption without its personal fields: the customer's name becomes their pseudonym,
    the session and device go; amounts, ids and status stay."""
    customer = str(snapshot.get("customerId"))
    fields = Redemption.changes(customer_name=retention.pseudonym(customer), session_id=None, device=None)
    return [(snapshot.reference, fields)]
