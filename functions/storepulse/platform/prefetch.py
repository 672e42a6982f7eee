"""Plain reads started before they are known to be needed, so they overlap the transactional read.

A mutation's plain pre-reads (records that may exist, today's markers, a ticket counter) depend on
what its transactional read returns (which shop, which affiliate); read after it, they cost a
round trip of their own. `Routes` remembers those facts as last seen (a coupon's shop and
affiliate, which rarely change; a wrong guess costs the round trip it would have saved, nothing
else); `Prefetch` reads the guessed documents on a worker thread while the transaction
reads, and `plain_reads` takes the prefetched snapshots the attempt really needs and reads the rest.

Prefetched reads are plain reads like the ones they replace: nothing relies on them being fresh
(limits are held by create-only documents checked at commit), and only a first attempt uses them
(a retried attempt re-plans from fresh reads).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from google.cloud import firestore

from storepulse.platform import wire

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")

Snapshots = dict[str, firestore.DocumentSnapshot[Any]]

# Enough threads for the concurrent requests one function instance serves (each may run its plain
# pre-reads and its key's claim here).
_POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix="prefetch")


def beside(work: Callable[..., R], *args: Any) -> Future[R]:
    """Run `work(*args)` on a worker thread, overlapping the caller's transactional read."""
    return _POOL.submit(work, *args)


class Routes(Generic[K, V]):
    """A bounded, thread-safe memory of facts as last seen (least recently used ones are dropped)."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._known: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._known:
                return None
            self._known.move_to_end(key)
            return self._known[key]

    def remember(self, key: K, value: V) -> None:
        with self._lock:
            self._known[key] = value
            self._known.move_to_end(key)
            while len(self._known) > self._size:
                self._known.popitem(last=False)


class Prefetch:
    """Plain reads of `refs` running on a worker thread; `take` waits for them, once."""

    def __init__(self, db: firestore.Client, refs: Iterable[firestore.DocumentReference]) -> None:
        wanted = list(refs)
        self._future: Future[Snapshots] | None = beside(_read, db, wanted)

    def take(self) -> Snapshots:
        """The prefetched snapshots by path; empty after the first call (a retry reads afresh)."""
        future, self._future = self._future, None
        return future.result() if future is not None else {}


def plain_reads(
    db: firestore.Client, refs: Iterable[firestore.DocumentReference], prefetched: Prefetch | None
) -> Snapshots:
    """Snapshots of `refs` by path: prefetched ones where there are, the rest in one read round."""
    wanted = list(refs)
    ready = prefetched.take() if prefetched is not None else {}
    found = {ref.path: ready[ref.path] for ref in wanted if ref.path in ready}
    missing = [ref for ref in wanted if ref.path not in found]
    if missing:
        found.update(_read(db, missing))
    return found


def _read(db: firestore.Client, refs: list[firestore.DocumentReference]) -> Snapshots:
    snapshots, _ = wire.get_all(db, refs)
    return {snapshot.reference.path: snapshot for snapshot in snapshots}
