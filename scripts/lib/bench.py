"""scripts/bench: Storepulse beside what the Firestore emulator itself allows, measured in one run.

Sections (each figure beside its floor, the ratio and the goal; counts checked exactly):
  latency         redeem_coupon issued -> the admin-feed listener sees it; floor: the cheapest callable
                  that writes one feed entry (upsert_loyalty_program) -> the same listener; with the
                  decomposition (a call refused at validation, the redemption's work in process, an
                  admin-SDK write -> the listener)
  notification    redeem_coupon issued -> the customer's bell listener sees its notification; floor: the same
  throughput      redemptions/s, 8 callers on distinct shops, handler code in-process; floor: plain
                  transactions that read the coupon and an idempotency record and commit the documents
                  one real redemption wrote (captured from its Commit); also end to end; with the CPU
                  per operation of the callers (handler code) and of the emulator, and the ratio
                  their sums give when the machine's shared cores hold both runs
  hot_shop        the same with every caller on one shop and one coupon
  limited_coupon  limit 50, 200 attempts, 8 in parallel
  visitors        track_page + heartbeat calls/s, 8 callers, and whether live counts are exact
  loyalty         scan_qr/s awarding points, 8 callers on 8 shops, in process; floor: a plain
                  transaction writing as many documents; balances must add up exactly
  orders          update_order_status issued -> the customer's order listener sees the new version
                  (beside the admin-feed floor); status updates/s with 8 callers on 8 shops, in process
                  and end to end; every shop's order figures must add up exactly
  cost            documents read and written by one redemption, reversal, page view, heartbeat, QR scan,
                  points award, order status change and mark-read (counted from the client's RPCs)
                  beside each one's floor, and the reads each role's open dashboard receives
  limited_reads   documents read per redemption of a coupon limited to 5,000 with 10 and with 4,000
                  slots taken (counted as in cost); goal: within 2 of each other
  scale           the every-minute jobs' reads, writes and run time with 0, 10, 1,000 and 10,000 idle
                  shops beside 100 active ones (quick: up to 1,000), and a redemption's p50 at each
  memory          peak RSS of the function worker processes during the end-to-end throughput run
  cold_start      importing functions/main.py in 7 fresh processes (the cold start of every instance):
                  median import time and peak RSS; floor: scripts/lib/cold_start_floor.py, a main.py with
                  one callable importing the same three SDKs; runs first, before the emulators start
                  (`--only cold_start` runs it alone, without them)
  script_size     storepulse.js (the storefront tracker) gzipped, beside Plausible's ~1 KB (stated) and
                  the Firebase JS SDK route (app + auth + functions, bundled alike); goal <= 20 KB; no
                  emulator (`--only script_size` runs it alone)
  web_size        the web app's routes gzipped (web/dist's Vite manifest): the sign-in route's JavaScript
                  (goal <= 250 KB) and what each role's pages add after sign-in; no emulator
                  (`--only web_size` runs it alone)
Ratios are printed, never asserted; the exit status is 1 only when a count is inexact or
scripts/verify finds a mismatch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import resource
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from scripts.lib.bench_cold import cold_start_rows, section_cold_start
from scripts.lib.bench_cost import section_cost
from scripts.lib.bench_limited import section_limited_reads
from scripts.lib.bench_scale import section_scale
from scripts.lib.bench_size import script_size_rows, section_script_size
from scripts.lib.bench_web_size import section_web_size, web_size_rows
from scripts.lib.stack import ROOT, EmulatorStack
from storepulse.orders.rules import Fulfilment, Status
from storepulse.orders.store import read_order_stats
from storepulse.platform import collections, queries, sharded, wire
from storepulse.platform.caller import Caller, Role
from storepulse.platform.errors import DomainError
from storepulse.redemptions.models import RedeemCouponRequest
from storepulse.redemptions.redeem import redeem_coupon
from storepulse.stats import scopes
from storepulse.stats.reader import read_live_stats
from storepulse.verify import verify
from storepulse.visitors.live import read_live_visitors, recount_live_visitors
from tests.support.data import new_key
from tests.support.emulator_clients import AuthEmulator, CallableError, Endpoints, Functions, User, clear_firestore
from tests.support.loyalty import program, qr
from tests.support.orders import move, order_payload, path_to, place
from tests.support.world import Shop, World

PARALLEL = 8
CUSTOMERS = 80
# Calls per customer in the listener sections, well inside the per-user limits
# (platform/ratelimit.py): redemptions per bell (redeem_coupon: 60 a minute) and orders per
# "my orders" (place_order: 30 a minute).
EVENTS_PER_BELL = 20
ORDERS_PER_LISTENER = 10


@dataclass(frozen=True)
class Plan:
    latency_events: int
    seconds: float
    e2e_seconds: float
    visitor_sessions: int
    idle_steps: tuple[int, ...]
    limited_attempts: int = 200
    limit: int = 50


QUICK = Plan(latency_events=60, seconds=6, e2e_seconds=5, visitor_sessions=100, idle_steps=(0, 10, 1000))
FULL = Plan(latency_events=200, seconds=20, e2e_seconds=15, visitor_sessions=500, idle_steps=(0, 10, 1000, 10000))
REDEEM_SAMPLES = 30


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 3) if floor else None


@dataclass
class Bench:
    """The benchmark's world (made with the shared builder) and its admin client."""

    endpoints: Endpoints
    db: firestore.Client
    world: Bench
    coupons: dict[str, str]  # shopId -> unlimited coupon

    @property
    def functions(self) -> Functions:
        return self.world.functions

    @property
    def shops(self) -> list[Shop]:
        return self.world.shops

    @property
    def customers(self) -> list[User]:
        return self.world.customers


def build_world(endpoints: Endpoints, db: firestore.Client) -> Bench:
    """Through the callables: 8 shops with an unlimited coupon each, 80 customers."""
    world = World.start(endpoints, f"bench-admin-{uuid.uuid4().hex[:6]}@storepulse.test")
    for number in range(PARALLEL):
        world.shop(f"Bench shop {number}", owner_name=f"Bench owner {number}")
    for number in range(CUSTOMERS):
        world.customer(f"Bench customer {number}", phone=None)
    bench = Bench(endpoints, db, world, {})
    for shop in world.shops:
        bench.coupons[shop.shop_id] = new_coupon(bench, shop)
    return bench


def new_coupon(bench: Bench, shop: Shop, **fields: Any) -> str:
    """An unlimited coupon (up to 100 redemptions per customer) unless `fields` say otherwise."""
    defaults = {"code": f"B{uuid.uuid4().hex[:8]}", "title": "Bench", "discount": {"kind": "amount", "value": 1}}
    return bench.world.coupon(shop, **{**defaults, "perCustomerLimit": 100, **fields})


_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def processes(marker: bytes) -> Iterator[Path]:
    """The /proc directories of the processes whose command line holds `marker`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "cmdline").read_bytes():
                yield entry
        except OSError:
            continue


def emulator_cpu_s() -> float:
    """CPU seconds the Firestore emulator's processes have used so far (user + system)."""
    used = 0
    for entry in processes(b"firestore-emulator"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used += int(fields[11]) + int(fields[12])
    return used / _TICKS_PER_S


class CpuMeter:
    """CPU this process (the callers, handler code in process) and the Firestore emulator spend
    while it is open: when the cores they share hold a run, their sum per operation sets its rate."""

    def __enter__(self) -> CpuMeter:
        self._client, self._emulator = time.process_time(), emulator_cpu_s()
        self.client_s = self.emulator_s = 0.0
        return self

    def __exit__(self, *_: object) -> None:
        self.client_s = time.process_time() - self._client
        self.emulator_s = emulator_cpu_s() - self._emulator

    def per_op_ms(self, ops: int) -> dict[str, float]:
        ops = max(ops, 1)
        return {
            "client": round(self.client_s / ops * 1000, 2),
            "emulator": round(self.emulator_s / ops * 1000, 2),
            "total": round((self.client_s + self.emulator_s) / ops * 1000, 2),
        }


def run_for(seconds: float, work: Callable[[int, int], str]) -> tuple[Counter[str], float]:
    """Run `work(worker, iteration)` on PARALLEL threads for `seconds`; count the outcomes."""
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def loop(worker: int) -> Counter[str]:
        outcomes: Counter[str] = Counter()
        iteration = 0
        while time.monotonic() < deadline:
            outcomes[work(worker, iteration)] += 1
            iteration += 1
        return outcomes

    with ThreadPoolExecutor(PARALLEL) as pool:
        total = sum(pool.map(loop, range(PARALLEL)), Counter())
    return total, time.monotonic() - started


def run_all(items: Iterable[Any], work: Callable[[Any], str]) -> tuple[Counter[str], float]:
    started = time.monotonic()
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = Counter(pool.map(work, items))
    return outcomes, time.monotonic() - started


def in_process_redeem(world: Bench, customer: User, coupon_id: str) -> str:
    request = RedeemCouponRequest.model_validate({"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex})
    try:
        redeem_coupon(world.db, Caller(customer.uid, Role.CUSTOMER), request, datetime.now(UTC))
    except DomainError as error:
        return error.code
    return "ok"


def e2e_redeem(world: Bench, customer: User, coupon_id: str) -> str:
    try:
        world.functions.call("redeem_coupon", {"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex}, customer)
    except CallableError as error:
        return error.status.lower().replace("_", "-")
    return "ok"


def captured_commit(db: firestore.Client, work: Callable[[], Any]) -> list[Any]:
    """The writes of the Commits `work` sends (each document with its fields, preconditions and
    increments), as the transaction adapter sent them."""
    api: Any = wire.api().client
    original, writes = api.commit, []

    def spy(*args: Any, **kwargs: Any) -> Any:
        request = kwargs["request"]
        writes.extend(request["writes"] if isinstance(request, dict) else request.writes)
        return original(*args, **kwargs)

    api.commit = spy
    try:
        work()
    finally:
        api.commit = original
    return writes


def floor_writes(captured: list[Any]) -> list[Any]:
    """The captured documents again, in `benchFloor*` collections: created ones under fresh ids,
    counter shards on a random shard (as every increment picks one), records without an
    exists-precondition (they may not exist there)."""
    fresh = []
    for write in captured:
        sent = type(write).pb(write)
        pb = type(sent).FromString(sent.SerializeToString())
        created = pb.HasField("current_document") and pb.current_document.HasField("exists")
        created = created and not pb.current_document.exists
        if pb.HasField("current_document") and not created:
            pb.ClearField("current_document")
        head, path = pb.update.name.split("/documents/", 1)
        parts = path.split("/")
        parts[0] = "benchFloor" + parts[0][:1].upper() + parts[0][1:]
        if created:
            parts[-1] = uuid.uuid4().hex
        elif len(parts) > 2 and parts[-2] == "shards":
            parts[-1] = str(random.randrange(sharded.SHARDS))
        pb.update.name = f"{head}/documents/{'/'.join(parts)}"
        fresh.append(type(write).wrap(pb))
    return fresh


def floor_redemption(db: firestore.Client, coupon_id: str, captured: list[Any]) -> str:
    """One transaction that reads the coupon and an idempotency record (one read round, which
    begins it) and commits the documents one real redemption wrote (`floor_writes`)."""
    reads = [db.document(f"coupons/{coupon_id}"), db.collection("benchFloorIdempotencyKeys").document()]

    _, begun = wire.get_all(db, reads, begin=True)
    wire.commit(floor_writes(captured), begun)
    return "ok"


class Arrivals:
    """When a listener first saw each document change (by the key `key_of` reads from it)."""

    def __init__(self, key_of: Callable[[dict[str, Any]], str], kinds: tuple[str, ...] = ("ADDED",)) -> None:
        """`key_of` reads the document's fields (and its id, as `_id`); `kinds` are the changes watched."""
        self.key_of = key_of
        self.kinds = kinds
        self.seen: dict[str, float] = {}
        self.arrived = threading.Condition()

    def on_snapshot(self, _snapshots: Any, changes: Any, _read_time: Any) -> None:
        now = time.perf_counter()
        with self.arrived:
            for change in changes:
                if change.type.name in self.kinds:
                    fields = {**(change.document.to_dict() or {}), "_id": change.document.id}
                    self.seen.setdefault(self.key_of(fields), now)
            self.arrived.notify_all()

    def ms_since(self, key: str, issued: float) -> float:
        """Milliseconds from `issued` until the listener saw `key` (waits up to 15 s)."""
        with self.arrived:
            if not self.arrived.wait_for(lambda: key in self.seen, timeout=15):
                raise TimeoutError(f"the listener never saw {key}")
            return (self.seen[key] - issued) * 1000


def feed_key(entry: dict[str, Any]) -> str:
    """What a latency sample waits for in the admin feed: a redemption, a floor write, a program save."""
    if entry.get("type") == "loyalty_program_saved":
        return str(entry.get("summary", "")).split(":")[0]
    return str(entry.get("redemptionId") or entry.get("benchId") or "")


@contextlib.contextmanager
def listening(
    world: Bench, query: queries.QuerySpec, field: str, customers: list[User], arrivals: Arrivals
) -> Iterator[None]:
    """Each customer's own listener of `query` (their `field` equal to their uid, 5 newest) open,
    feeding `arrivals`, for the block."""
    watches = [
        query.build(world.db, {field: customer.uid}, limit=5).on_snapshot(arrivals.on_snapshot)
        for customer in customers
    ]
    time.sleep(1.0)
    try:
        yield
    finally:
        for watch in watches:
            watch.unsubscribe()


def beside_floor(took: list[float], floor: dict[str, Any]) -> dict[str, Any]:
    """p50 and p99 of `took` (ms) beside the same percentiles of `floor`, and their ratios."""
    figures = {f"p{p}_ms": round(percentile(took, p / 100), 1) for p in (50, 99)}
    floors = {key: floor[key] for key in figures}
    return {
        **figures,
        "floor": floors,
        "ratio": {f"p{p}": ratio(figures[f"p{p}_ms"], floors[f"p{p}_ms"]) for p in (50, 99)},
    }


def timed_ms(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def rejected_call(world: Bench, customer: User) -> None:
    """A redeem_coupon the callable layer refuses (no key): the proxy, token check and validation."""
    try:
        world.functions.call("redeem_coupon", {"couponId": "none"}, customer)
    except CallableError:
        return
    raise RuntimeError("redeem_coupon without a key was accepted")


def latency_samples(world: Bench, plan: Plan) -> dict[str, list[float]]:
    """Per event: redeem_coupon -> feed listener; the one-write callable floor (upsert_loyalty_program,
    one program and one feed entry) -> the same listener; an admin-SDK feed write -> the same
    listener; a call refused at validation; the redemption's own work in process."""
    feed = Arrivals(feed_key)
    watch = queries.ADMIN_FEED.build(world.db, limit=5).on_snapshot(feed.on_snapshot)
    time.sleep(1.0)
    shop, coupon_id = world.shops[0], new_coupon(world, world.shops[0])
    samples: dict[str, list[float]] = {"redeem": [], "callable": [], "write": [], "rejected": [], "in_process": []}
    for event in range(plan.latency_events):
        customer = world.customers[event % len(world.customers)]
        issued = time.perf_counter()
        payload = {"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex}
        result = world.functions.call("redeem_coupon", payload, customer)
        samples["redeem"].append(feed.ms_since(result["redemptionId"], issued))
        name = f"Floor {uuid.uuid4().hex[:12]}"
        issued = time.perf_counter()
        program(world.world, shop, points=10, name=name)
        samples["callable"].append(feed.ms_since(f"Loyalty program {name}", issued))
        bench_id = uuid.uuid4().hex
        issued = time.perf_counter()
        world.db.collection(collections.ADMIN_ACTIVITY_LOG).add(
            {"type": "bench_floor", "benchId": bench_id, "createdAt": datetime.now(UTC), "summary": "floor write"}
        )
        samples["write"].append(feed.ms_since(bench_id, issued))
        samples["rejected"].append(timed_ms(lambda c=customer: rejected_call(world, c)))
        samples["in_process"].append(timed_ms(lambda c=customer: in_process_redeem(world, c, coupon_id)))
    watch.unsubscribe()
    return samples


def section_latency(world: Bench, plan: Plan) -> dict[str, Any]:
    """redeem_coupon -> the admin-feed listener beside the cheapest callable that writes one feed
    entry -> the same listener (both carry the Functions proxy), with the decomposition."""
    samples = latency_samples(world, plan)

    def at(name: str, p: int) -> float:
        return round(percentile(samples[name], p / 100), 1)

    figures = {f"p{p}_ms": at("redeem", p) for p in (50, 95, 99)}
    floors = {f"p{p}_ms": at("callable", p) for p in (50, 95, 99)}
    ratios = {f"p{p}": ratio(figures[f"p{p}_ms"], floors[f"p{p}_ms"]) for p in (50, 95, 99)}
    return {
        "events": plan.latency_events,
        **figures,
        "floor": {**floors, "what": "upsert_loyalty_program (one document and one feed entry) -> the same listener"},
        "ratio": ratios,
        "decomposition_p50_ms": {
            "refused_at_validation": at("rejected", 50),
            "redemption_work_in_process": at("in_process", 50),
            "admin_sdk_write_to_listener": at("write", 50),
        },
        "admin_sdk_write_floor": {f"p{p}_ms": at("write", p) for p in (50, 95, 99)},
        "goal": "ratio p50 <= 1.3 and p99 <= 1.6",
        "met": (ratios["p50"] or 99) <= 1.3 and (ratios["p99"] or 99) <= 1.6,
    }


def section_notification(world: Bench, plan: Plan, latency: dict[str, Any]) -> dict[str, Any]:
    """redeem_coupon issued -> the customer's bell listener sees its notification; floor: the latency
    section's one-write callable reaching a listener, measured in the same run."""
    customers = world.customers[: math.ceil(plan.latency_events / EVENTS_PER_BELL)]
    bell = Arrivals(lambda notification: str((notification.get("target") or {}).get("id")))
    took: list[float] = []
    coupon_id = ""
    with listening(world, queries.BELL, "recipientUid", customers, bell):
        for event in range(plan.latency_events):
            if event % 100 == 0:  # a fresh coupon every 100 redemptions (100 per customer at most)
                coupon_id = new_coupon(world, world.shops[event // 100 % len(world.shops)])
            issued = time.perf_counter()
            result = world.functions.call(
                "redeem_coupon",
                {"couponId": coupon_id, "idempotencyKey": uuid.uuid4().hex},
                customers[event % len(customers)],
            )
            took.append(bell.ms_since(str(result["redemptionId"]), issued))
    badges = [world.db.document(f"notificationCounts/{customer.uid}").get().to_dict() or {} for customer in customers]
    return {
        "events": plan.latency_events,
        **beside_floor(took, latency["floor"]),
        "customers": len(customers),
        "unread_after": sum(int(badge.get("unread") or 0) for badge in badges),
        "goal": "reported beside the one-write callable floor",
    }


BENCH_QR_KEY = b"bench-qr-signing-key"
MEMBERS_PER_SHOP = 5


def floor_scan(db: firestore.Client, shop_id: str, customer_uid: str) -> str:
    """A plain admin-SDK transaction writing as many documents as one points-awarding scan writes."""
    now = datetime.now(UTC)

    @firestore.transactional
    def write(transaction: firestore.Transaction) -> None:
        for name in ("benchFloorKeys", "benchFloorNonces", "benchFloorScans", "benchFloorTickets", "benchFloorLedger"):
            transaction.create(
                db.collection(name).document(), {"shopId": shop_id, "customerId": customer_uid, "at": now}
            )
        for name in ("benchFloorNotifications", "benchFloorNotifications"):
            transaction.create(db.collection(name).document(), {"recipientUid": customer_uid, "createdAt": now})
        transaction.set(
            db.collection("benchFloorCards").document(f"{shop_id}_{customer_uid}"), {"balance": 1}, merge=True
        )
        transaction.set(db.collection("benchFloorUsers").document(customer_uid), {"seq": 1}, merge=True)
        transaction.set(db.collection("benchFloorCounts").document(customer_uid), {"unread": 2}, merge=True)
        transaction.set(db.collection("benchFloorStats").document(shop_id), {"scans": 1}, merge=True)
        sharded.increment(transaction, db.collection("benchFloorHours").document("h"), {"scans": 1})

    write(db.transaction())
    return "ok"


def section_loyalty(world: Bench, plan: Plan) -> dict[str, Any]:
    """scan_qr (handler code in process) with 8 callers on 8 shops, every scan awarding points."""
    from storepulse.loyalty import scan, tokens
    from storepulse.loyalty.models import ScanQrRequest

    members: dict[str, list[User]] = {}
    for index, shop in enumerate(world.shops):
        program(world.world, shop, points=10)
        members[shop.shop_id] = world.customers[index * MEMBERS_PER_SHOP : (index + 1) * MEMBERS_PER_SHOP]
        for customer in members[shop.shop_id]:  # the first scan asks, the customer accepts
            asked = world.functions.call(
                "scan_qr", {"token": qr(world.world, customer), "idempotencyKey": new_key()}, shop.owner
            )
            world.functions.call(
                "respond_to_enrollment", {"enrollmentId": asked["enrollmentId"], "accept": True}, customer
            )

    def balances() -> int:
        cards = [
            world.db.document(f"enrollments/{s}_{c.uid}").get().to_dict() or {} for s, cs in members.items() for c in cs
        ]
        return sum(int(card.get("balance", 0)) for card in cards)

    before = balances()

    def ours(worker: int, iteration: int) -> str:
        shop = world.shops[worker]
        customer = members[shop.shop_id][iteration % MEMBERS_PER_SHOP]
        token, _ = tokens.issue(BENCH_QR_KEY, customer.uid, datetime.now(UTC))
        request = ScanQrRequest(token=token, idempotency_key=uuid.uuid4().hex)
        owner = Caller(shop.owner.uid, Role.SHOP, shop_id=shop.shop_id)
        try:
            scan.scan_qr(world.db, owner, request, BENCH_QR_KEY, datetime.now(UTC))
        except DomainError as error:
            return error.code
        return "ok"

    outcomes, seconds = run_for(plan.seconds, ours)
    floor_outcomes, floor_seconds = run_for(
        plan.seconds,
        lambda w, i: floor_scan(world.db, world.shops[w].shop_id, members[world.shops[w].shop_id][i % 5].uid),
    )
    rate, floor_rate = outcomes["ok"] / seconds, floor_outcomes["ok"] / floor_seconds
    return {
        "scans_per_s": round(rate, 1),
        "outcomes": dict(outcomes),
        "floor": {"transactions_per_s": round(floor_rate, 1)},
        "ratio": ratio(rate, floor_rate),
        "goal": "reported beside the floor",
        "exact": balances() - before == 10 * outcomes["ok"] and set(outcomes) == {"ok"},
    }


def order_latency(world: Bench, plan: Plan, floor: dict[str, Any]) -> dict[str, Any]:
    """update_order_status issued -> the customer's "my orders" listener sees the new version."""
    shop, path = world.shops[1], path_to(Status.PICKED_UP, Fulfilment.PICKUP)
    # From the end of the list: the orders section's end-to-end workers order as the first customers.
    customers = world.customers[-math.ceil(plan.latency_events / len(path) / ORDERS_PER_LISTENER) :]
    arrivals = Arrivals(lambda order: f"{order['_id']}:{order.get('version')}", kinds=("ADDED", "MODIFIED"))
    took: list[float] = []
    orders = 0
    with listening(world, queries.MY_ORDERS, "customerId", customers, arrivals):
        while len(took) < plan.latency_events:
            order_id, orders = place(world.world, customers[orders % len(customers)], shop), orders + 1
            for status in path:
                issued = time.perf_counter()
                moved = move(world.world, shop.owner, order_id, status)
                took.append(arrivals.ms_since(f"{order_id}:{moved['version']}", issued))
    return {"events": len(took), "orders": orders, "customers": len(customers), **beside_floor(took, floor)}


@dataclass
class OrderDriver:
    """Each worker moves its current order one step along the pickup path per call; the next order
    when it is picked up."""

    pending: list[list[str]]
    step: Callable[[int, str, Status], Any]
    finished: int = 0

    def __post_init__(self) -> None:
        self.path = path_to(Status.PICKED_UP, Fulfilment.PICKUP)
        self.position = [0] * len(self.pending)
        self.lock = threading.Lock()

    def __call__(self, worker: int, _iteration: int) -> str:
        if not self.pending[worker]:
            return "out of orders"
        try:
            self.step(worker, self.pending[worker][0], self.path[self.position[worker]])
        except (DomainError, CallableError) as error:
            return str(getattr(error, "code", None) or getattr(error, "status", "error"))
        self.position[worker] += 1
        if self.position[worker] == len(self.path):
            self.pending[worker].pop(0)
            self.position[worker] = 0
            with self.lock:
                self.finished += 1
        return "ok"


def order_totals(world: Bench) -> tuple[int, int]:
    """Orders placed and picked up over every bench shop, from the shops' figures."""
    figures = [read_order_stats(world.db, shop.shop_id) for shop in world.shops]
    return sum(f.get("placedTotal", 0) for f in figures), sum(f.get("pickedUpTotal", 0) for f in figures)


def section_orders(world: Bench, plan: Plan, latency: dict[str, Any]) -> dict[str, Any]:
    """Order latency, then status updates/s by 8 callers on 8 shops (in process, then end to end)."""
    from storepulse.orders import place as placing
    from storepulse.orders import status as moving
    from storepulse.orders.models import PlaceOrderRequest, UpdateOrderStatusRequest

    placed_before, done_before = order_totals(world)
    listened = order_latency(world, plan, latency["floor"])
    owners = [Caller(shop.owner.uid, Role.SHOP, shop_id=shop.shop_id) for shop in world.shops]
    buyers = [Caller(customer.uid, Role.CUSTOMER) for customer in world.customers[:PARALLEL]]

    def place_in_process(worker: int) -> str:
        request = PlaceOrderRequest.model_validate(order_payload(world.shops[worker].shop_id))
        return placing.place_order(world.db, buyers[worker], request, datetime.now(UTC)).order_id

    def step_in_process(worker: int, order_id: str, status: Status) -> None:
        request = UpdateOrderStatusRequest(order_id=order_id, status=status, idempotency_key=new_key())
        moving.update_order_status(world.db, owners[worker], request, datetime.now(UTC))

    def place_e2e(worker: int) -> str:
        return place(world.world, world.customers[worker], world.shops[worker])

    def step_e2e(worker: int, order_id: str, status: Status) -> None:
        move(world.world, world.shops[worker].owner, order_id, status)

    # Enough orders that no worker runs out (about 5 in-process and 1 end-to-end orders per second).
    with ThreadPoolExecutor(PARALLEL) as pool:
        in_process = OrderDriver(
            [list(pool.map(place_in_process, [w] * int(plan.seconds * 5))) for w in range(PARALLEL)], step_in_process
        )
        end_to_end = OrderDriver(
            [list(pool.map(place_e2e, [w] * int(plan.e2e_seconds))) for w in range(PARALLEL)], step_e2e
        )
    placed = listened["orders"] + PARALLEL * (int(plan.seconds * 5) + int(plan.e2e_seconds))
    outcomes, seconds = run_for(plan.seconds, in_process)
    run_all(range(PARALLEL), lambda worker: end_to_end(worker, 0))  # one untimed step each: workers warm
    e2e_outcomes, e2e_seconds = run_for(plan.e2e_seconds, end_to_end)
    placed_after, done_after = order_totals(world)
    finished = listened["orders"] + in_process.finished + end_to_end.finished
    return {
        "listener": listened,
        "status_updates_per_s": round(outcomes["ok"] / seconds, 1),
        "outcomes": dict(outcomes),
        "end_to_end": {
            "status_updates_per_s": round(e2e_outcomes["ok"] / e2e_seconds, 1),
            "outcomes": dict(e2e_outcomes),
        },
        "goal": "reported beside the admin-feed floor",
        "exact": (placed_after - placed_before, done_after - done_before) == (placed, finished),
    }


def section_throughput(world: Bench, plan: Plan, samples: list[dict[str, float]]) -> dict[str, Any]:
    shop_ids = [shop.shop_id for shop in world.shops]
    # The floor writes what one real redemption wrote.
    captured = captured_commit(
        world.db, lambda: in_process_redeem(world, world.customers[0], world.coupons[shop_ids[0]])
    )
    before = {s: read_live_stats(world.db, scopes.shop(s), datetime.now(UTC)).redemptions_total for s in shop_ids}

    def customer(worker: int, iteration: int) -> User:
        # Every worker cycles through all customers, so per-customer limits never bind.
        return world.customers[(worker + PARALLEL * iteration) % CUSTOMERS]

    def ours(worker: int, iteration: int) -> str:
        return in_process_redeem(world, customer(worker, iteration), world.coupons[shop_ids[worker]])

    with CpuMeter() as ours_cpu:
        outcomes, seconds = run_for(plan.seconds, ours)
    with CpuMeter() as floor_cpu:
        floor_outcomes, floor_seconds = run_for(
            plan.seconds,
            lambda w, i: floor_redemption(world.db, world.coupons[shop_ids[w]], captured),
        )
    cpu, floor_cpu_ms = ours_cpu.per_op_ms(outcomes["ok"]), floor_cpu.per_op_ms(floor_outcomes["ok"])
    fresh = {shop.shop_id: new_coupon(world, shop) for shop in world.shops}
    sampler = RssSampler()
    sampler.start()
    e2e_outcomes, e2e_seconds = run_for(
        plan.e2e_seconds, lambda w, i: e2e_redeem(world, customer(w, i), fresh[shop_ids[w]])
    )
    samples.append(sampler.stop())
    after = {s: read_live_stats(world.db, scopes.shop(s), datetime.now(UTC)).redemptions_total for s in shop_ids}
    moved = sum(after[s] - before[s] for s in shop_ids)
    rate = outcomes["ok"] / seconds
    floor_rate = floor_outcomes["ok"] / floor_seconds
    return {
        "redemptions_per_s": round(rate, 1),
        "outcomes": dict(outcomes),
        "seconds": round(seconds, 1),
        "floor": {
            "transactions_per_s": round(floor_rate, 1),
            "seconds": round(floor_seconds, 1),
            "what": "read the coupon and an idempotency record (one read round, which begins the transaction),"
            " commit the documents one real redemption wrote (captured from its Commit, fresh ids)",
            "documents": len(captured),
            "cpu_ms_per_transaction": floor_cpu_ms,
        },
        "ratio": ratio(rate, floor_rate),
        "cpu_ms_per_redemption": cpu,
        # Callers, handler code and the emulator share two cores: when the cores hold both runs, the
        # throughput ratio is the ratio of CPU per operation; and were the handler code no dearer
        # than the floor's client work, the emulator's share of a redemption (its requests and
        # documents) would still hold it at `ratio_with_handler_code_free`.
        "cpu_bound": {
            "ratio": ratio(floor_cpu_ms["total"], cpu["total"]),
            "ratio_with_handler_code_free": ratio(floor_cpu_ms["total"], floor_cpu_ms["client"] + cpu["emulator"]),
        },
        "end_to_end": {
            "redemptions_per_s": round(e2e_outcomes["ok"] / e2e_seconds, 1),
            "outcomes": dict(e2e_outcomes),
            "seconds": round(e2e_seconds, 1),
        },
        "goal": "reported (the in-process throughput goal is retired: it measured the local emulator's CPU)",
        "met": None,
        "exact": moved == outcomes["ok"] + e2e_outcomes["ok"],
        "stats_moved": moved,
    }


def section_hot_shop(world: Bench, plan: Plan, throughput: dict[str, Any]) -> dict[str, Any]:
    shop_id = world.shops[0].shop_id
    coupon_id = new_coupon(world, world.shops[0])
    before = read_live_stats(world.db, scopes.shop(shop_id), datetime.now(UTC)).redemptions_total

    def ours(worker: int, iteration: int) -> str:
        return in_process_redeem(world, world.customers[(worker + PARALLEL * iteration) % CUSTOMERS], coupon_id)

    outcomes, seconds = run_for(plan.seconds, ours)
    after = read_live_stats(world.db, scopes.shop(shop_id), datetime.now(UTC)).redemptions_total
    attempts = sum(outcomes.values())
    rate = outcomes["ok"] / seconds
    relative = ratio(rate, throughput["redemptions_per_s"])
    success = round(outcomes["ok"] / attempts, 4) if attempts else 0
    return {
        "redemptions_per_s": round(rate, 1),
        "success_rate": success,
        "outcomes": dict(outcomes),
        "seconds": round(seconds, 1),
        "floor": {"throughput_redemptions_per_s": throughput["redemptions_per_s"]},
        "ratio": relative,
        "goal": "100 % success at >= 0.8 of throughput",
        "met": success == 1 and (relative or 0) >= 0.8,
        "exact": after - before == outcomes["ok"],
    }


def section_limited(world: Bench, plan: Plan) -> dict[str, Any]:
    coupon_id = new_coupon(world, world.shops[1], maxRedemptions=plan.limit)
    outcomes, seconds = run_all(
        range(plan.limited_attempts), lambda n: e2e_redeem(world, world.customers[n % CUSTOMERS], coupon_id)
    )
    stored = sum(1 for _ in queries.TAKEN_COUPON_SLOTS.build(world.db, {"couponId": coupon_id}).stream())
    return {
        "limit": plan.limit,
        "attempts": plan.limited_attempts,
        "successes": outcomes["ok"],
        "errors": {k: v for k, v in outcomes.items() if k != "ok"},
        "seconds": round(seconds, 2),
        "goal": f"exactly {plan.limit} successes, no internal or aborted",
        "exact": outcomes["ok"] == plan.limit == stored and set(outcomes) <= {"ok", "resource-exhausted"},
    }


def section_visitors(world: Bench, plan: Plan) -> dict[str, Any]:
    shop_ids = [shop.shop_id for shop in world.shops]
    visitors = [AuthEmulator(world.endpoints).anonymous() for _ in range(PARALLEL * 4)]
    pages = [("homepage", None), ("category", "shoes"), ("offer", "summer"), ("product", "p1"), ("checkout", None)]

    examples: dict[str, str] = {}

    def session(number: int) -> str:
        visitor, session_id = visitors[number % len(visitors)], f"bench-{number}"
        shop_id = shop_ids[number % len(shop_ids)]
        calls = 0
        try:
            for page_type, page_id in random.Random(number).sample(pages, 2):
                payload = {"sessionId": session_id, "shopId": shop_id, "pageType": page_type}
                if page_id:
                    payload["pageId"] = page_id
                world.functions.call("track_page", payload, visitor)
                world.functions.call("heartbeat", {"sessionId": session_id}, visitor)
                calls += 2
        except CallableError as error:
            examples.setdefault(error.status, f"{error.message} {error.details}"[:300])
            return f"{error.status.lower().replace('_', '-')}:{calls}"
        return f"ok:{calls}"

    outcomes, seconds = run_all(range(plan.visitor_sessions), session)
    calls = sum(int(key.split(":")[1]) * count for key, count in outcomes.items())
    errors = {k: v for k, v in outcomes.items() if not k.startswith("ok")}
    exact = all(read_live_visitors(world.db, s).counts == recount_live_visitors(world.db, s) for s in shop_ids)
    return {
        "sessions": plan.visitor_sessions,
        "calls": calls,
        "calls_per_s": round(calls / seconds, 1),
        "errors": errors,
        "error_examples": examples,
        "seconds": round(seconds, 1),
        "goal": "live counts equal a recount",
        "exact": exact and not errors,
    }


def redeem_p50(world: Bench) -> Callable[[], float]:
    """A measurer of redeem_coupon's p50 end to end: REDEEM_SAMPLES sequential calls on a fresh coupon
    (by the next bench customer each time it measures)."""
    coupon = new_coupon(world, world.shops[0])
    customers = iter(world.customers)

    def measure() -> float:
        took, customer = [], next(customers)
        for _ in range(REDEEM_SAMPLES):
            started = time.perf_counter()
            outcome = e2e_redeem(world, customer, coupon)
            if outcome != "ok":
                raise RuntimeError(f"bench redemption failed: {outcome}")
            took.append((time.perf_counter() - started) * 1000)
        return percentile(took, 0.5)

    return measure


class RssSampler:
    """Peak resident memory of the Functions emulator's worker processes, sampled every 0.2 s."""

    def __init__(self) -> None:
        self.peak_total = 0
        self.peak_worker = 0
        self.workers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for entry in processes(b"functions-framework"):
                try:
                    rss_kb = next(
                        int(line.split()[1])
                        for line in (entry / "status").read_text().splitlines()
                        if line.startswith("VmRSS:")
                    )
                except (OSError, StopIteration, ValueError):
                    continue
                self.workers.add(int(entry.name))
                total += rss_kb
                self.peak_worker = max(self.peak_worker, rss_kb)
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {
            "peak_worker_mb": round(self.peak_worker / 1024, 1),
            "peak_total_mb": round(self.peak_total / 1024, 1),
            "workers_seen": len(self.workers),
        }


def section_memory(samples: list[dict[str, float]]) -> dict[str, Any]:
    bench_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        **samples[0],
        "bench_process_peak_mb": round(bench_peak, 1),
        "goal": "reported (no target set)",
        "during": "throughput end_to_end",
    }


def capability_rows(results: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """The table rows of the loyalty and orders sections."""
    return [
        (
            "loyalty scan_qr/s (in-process, 8 shops)",
            results["loyalty"]["scans_per_s"],
            results["loyalty"]["floor"]["transactions_per_s"],
            results["loyalty"]["ratio"],
            "exact balances",
        ),
        *(
            (
                f"order status -> customer listener {p} ms",
                results["orders"]["listener"][f"{p}_ms"],
                results["orders"]["listener"]["floor"][f"{p}_ms"],
                results["orders"]["listener"]["ratio"][p],
                "reported",
            )
            for p in ("p50", "p99")
        ),
        ("order status updates/s (in-process)", results["orders"]["status_updates_per_s"], "", "", "exact figures"),
        ("order status updates/s (end to end)", results["orders"]["end_to_end"]["status_updates_per_s"], "", "", ""),
    ]


def cost_rows(cost: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """Per action: documents written beside the floor, and the reads of each role's open dashboard."""
    rows: list[tuple[str, Any, Any, Any, str]] = []
    for name, figures in cost["actions"].items():
        fanout = " ".join(f"{role[:2]}{reads}" for role, reads in figures["dashboard_reads"].items())
        over = figures["writes_over_floor"]
        trips = f"requests {figures['round_trips']} ({figures['serial_rounds']} serial)"
        rows.append(
            (f"writes: {name}", figures["writes"], figures["floor"]["writes"], f"{over:+d}", f"reads {fanout}; {trips}")
        )
    return rows


def limited_reads_rows(limited: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """Reads per redemption of a limited coupon at each number of slots taken, beside the fewest."""
    levels = limited["reads_per_redemption_by_taken"]
    first = next(iter(levels.values()))["reads_mean"]
    return [
        (
            f"reads: limited redemption, {figures['taken']} taken",
            figures["reads_mean"],
            first,
            f"{figures['reads_mean'] - first:+.2f}",
            f"<= +2 (limit {limited['limit']})",
        )
        for figures in levels.values()
    ]


def scale_rows(scale: dict[str, Any]) -> list[tuple[str, Any, Any, Any, str]]:
    """Per step of idle shops: the jobs' reads / writes and run time beside the step with none."""
    first = scale["steps"][0]
    rows: list[tuple[str, Any, Any, Any, str]] = []
    for step in scale["steps"]:
        idle = step["idle_shops"]
        growth = max(step["reads"] / first["reads"], step["writes"] / first["writes"])
        rows.append(
            (
                f"jobs reads / writes, {idle} idle shops",
                f"{step['reads']} / {step['writes']}",
                f"{first['reads']} / {first['writes']}",
                round(growth, 2),
                "<= 2 (flat)",
            )
        )
        rows.append(
            (f"jobs ms per run, {idle} idle shops", step["ms"], first["ms"], ratio(step["ms"], first["ms"]), "")
        )
        p50 = scale["redeem_p50_ms_by_idle_shops"]
        rows.append(
            (f"redeem p50 ms, {idle} idle shops", p50[str(idle)], p50["0"], ratio(p50[str(idle)], p50["0"]), "")
        )
    return rows


def print_rows(rows: list[tuple[str, Any, Any, Any, str]]) -> None:
    print(f"\n{'figure':<40}{'value':>14}{'floor':>12}{'ratio':>8}  goal")
    for name, value, floor, rate, goal in rows:
        print(f"{name:<40}{value!s:>14}{floor!s:>12}{rate!s:>8}  {goal}")


def print_table(results: dict[str, Any]) -> None:
    rows = [
        (
            "latency p50 ms",
            results["latency"]["p50_ms"],
            results["latency"]["floor"]["p50_ms"],
            results["latency"]["ratio"]["p50"],
            "ratio <= 1.3",
        ),
        (
            "latency p95 ms",
            results["latency"]["p95_ms"],
            results["latency"]["floor"]["p95_ms"],
            results["latency"]["ratio"]["p95"],
            "",
        ),
        (
            "latency p99 ms",
            results["latency"]["p99_ms"],
            results["latency"]["floor"]["p99_ms"],
            results["latency"]["ratio"]["p99"],
            "ratio <= 1.6",
        ),
        *(
            (f"  p50 {part.replace('_', ' ')} ms", took, "", "", "decomposition")
            for part, took in results["latency"]["decomposition_p50_ms"].items()
        ),
        *(
            (
                f"notification -> bell listener {p} ms",
                results["notification"][f"{p}_ms"],
                results["notification"]["floor"][f"{p}_ms"],
                results["notification"]["ratio"][p],
                "reported",
            )
            for p in ("p50", "p99")
        ),
        (
            "throughput redemptions/s (in-process)",
            results["throughput"]["redemptions_per_s"],
            results["throughput"]["floor"]["transactions_per_s"],
            results["throughput"]["ratio"],
            "reported",
        ),
        (
            "  cpu ms per op, client + emulator",
            "{client} + {emulator}".format(**results["throughput"]["cpu_ms_per_redemption"]),
            "{client} + {emulator}".format(**results["throughput"]["floor"]["cpu_ms_per_transaction"]),
            results["throughput"]["cpu_bound"]["ratio"],
            "the ratio when CPU holds both",
        ),
        (
            "  the same, were handler code free",
            "",
            "",
            results["throughput"]["cpu_bound"]["ratio_with_handler_code_free"],
            "held by the emulator's share",
        ),
        ("throughput redemptions/s (end to end)", results["throughput"]["end_to_end"]["redemptions_per_s"], "", "", ""),
        (
            "hot shop redemptions/s",
            results["hot_shop"]["redemptions_per_s"],
            results["throughput"]["redemptions_per_s"],
            results["hot_shop"]["ratio"],
            ">= 0.8, 100 % success",
        ),
        ("hot shop success rate", results["hot_shop"]["success_rate"], "", "", "1.0"),
        (
            "limited coupon successes",
            results["limited_coupon"]["successes"],
            results["limited_coupon"]["limit"],
            "",
            "exactly the limit",
        ),
        ("visitors calls/s", results["visitors"]["calls_per_s"], "", "", "exact counts"),
        *capability_rows(results),
        *cost_rows(results["cost"]),
        *limited_reads_rows(results["limited_reads"]),
        *scale_rows(results["scale"]),
        (
            "worker peak RSS MB (one / all)",
            f"{results['memory']['peak_worker_mb']} / {results['memory']['peak_total_mb']}",
            "",
            "",
            "reported",
        ),
        *cold_start_rows(results["cold_start"]),
        *script_size_rows(results["script_size"]),
        *web_size_rows(results["web_size"]),
    ]
    print_rows(rows)
    exact = {
        name: section["exact"] for name, section in results.items() if isinstance(section, dict) and "exact" in section
    }
    print("(writes: at most floor + 2; reads: documents each open dashboard receives per action, at most 2;")
    print(" ad sh af cu op = admin, shop, affiliate, customer; op = the customer's with the bell and a timeline open)")
    print(f"\nexact counts: {exact}")
    print(f"verify: {results['verify']['mismatches']} mismatch(es)")


def timed(results: dict[str, Any], name: str, run: Callable[[], Any]) -> None:
    """Run one section into `results[name]`, recording how long it took."""
    print(f"bench: {name} ...", flush=True)
    section_started = time.monotonic()
    results[name] = run()
    results.setdefault("section_seconds", {})[name] = round(time.monotonic() - section_started, 1)


# The sections that run before the emulators start, each with its table rows.
WITHOUT_EMULATORS: dict[str, tuple[Callable[[], dict[str, Any]], Callable[[dict[str, Any]], list[Any]]]] = {
    "cold_start": (section_cold_start, cold_start_rows),
    "script_size": (section_script_size, script_size_rows),
    "web_size": (section_web_size, web_size_rows),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", default=str(ROOT / "reports" / "bench.json"), help="where to write the results")
    parser.add_argument("--quick", action="store_true", help="CI-sized run (under 2 minutes)")
    parser.add_argument(
        "--only", choices=list(WITHOUT_EMULATORS), help="run this section alone (these need no emulator)"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    results: dict[str, Any] = {"plan": {"mode": "quick" if args.quick else "full", **plan.__dict__}}
    # Before the bench starts its emulators: they need none, and their JVM would share the cores.
    for name, (section, _) in WITHOUT_EMULATORS.items():
        if args.only in (None, name):
            timed(results, name, section)
    if args.only is not None:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
        print_rows(WITHOUT_EMULATORS[args.only][1](results[args.only]))
        print(f"\nbench: {args.only} only; results in {args.json}")
        return 0
    stack = None
    if not os.environ.get("FIRESTORE_EMULATOR_HOST"):
        stack = EmulatorStack()
        stack.start()
        os.environ.update(stack.env)
        stack.wait_for_function("redeem_coupon")
    started = time.monotonic()
    try:
        endpoints = Endpoints.from_env()
        clear_firestore(endpoints)
        db = firestore.Client(project=endpoints.project_id, credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
        world = build_world(endpoints, db)
        samples: list[dict[str, float]] = []
        for name, run in (
            ("latency", lambda: section_latency(world, plan)),
            ("notification", lambda: section_notification(world, plan, results["latency"])),
            ("throughput", lambda: section_throughput(world, plan, samples)),
            ("hot_shop", lambda: section_hot_shop(world, plan, results["throughput"])),
            ("limited_coupon", lambda: section_limited(world, plan)),
            ("loyalty", lambda: section_loyalty(world, plan)),
            ("orders", lambda: section_orders(world, plan, results["latency"])),
            ("visitors", lambda: section_visitors(world, plan)),
            ("memory", lambda: section_memory(samples)),
            ("cost", lambda: section_cost(db, world.world, BENCH_QR_KEY)),
            ("limited_reads", lambda: section_limited_reads(db, world.world)),
            ("scale", lambda: section_scale(db, plan.idle_steps, redeem_p50(world))),
        ):
            timed(results, name, run)
        print("bench: verify ...", flush=True)
        verify_started = time.monotonic()
        mismatches = verify(db)
        results.setdefault("section_seconds", {})["verify"] = round(time.monotonic() - verify_started, 1)
        for mismatch in mismatches:
            print(f"MISMATCH {mismatch}")
        results["verify"] = {"mismatches": len(mismatches)}
        results["seconds"] = round(time.monotonic() - started, 1)
    finally:
        if stack is not None:
            stack.stop()
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(results)
    print(f"\nbench: {results['seconds']} s; results in {args.json}")
    inexact = [name for name, section in results.items() if isinstance(section, dict) and section.get("exact") is False]
    if inexact or mismatches:
        print(f"bench: FAILED: inexact counts in {inexact}, {len(mismatches)} verify mismatch(es)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
