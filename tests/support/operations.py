"""Firestore operations counted from the RPCs one Python client sends (not estimated).

`OperationCounter(db)` wraps the generated API objects while it is open (the one our transaction
adapter, platform/wire.py, calls through, and the high-level client's own: test instrumentation,
the package itself never touches it): every document a
`BatchGetDocuments` returns (found or missing: both are billed), every document a `RunQuery`
streams (a query that returns none is billed one read), one read per aggregation query (billed per
thousand index entries; our counts stay under that), and every write a `Commit` carries (by
collection chain); and every request sent (`BeginTransaction` and `Rollback` too: round trips),
with when it was in flight, so requests sent side by side count as one serial round (a figure
`scripts/bench` reports; tests assert orders of events, never timings).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from google.cloud import firestore

from storepulse.platform import wire

WRAPPED = ("batch_get_documents", "run_query", "run_aggregation_query", "commit", "begin_transaction", "rollback")


class OperationCounter:
    def __init__(self, db: firestore.Client) -> None:
        # The generated clients every call goes through: the adapter's, and the high-level client's cached one.
        self.apis: list[Any] = [wire.api().client, db._firestore_api]
        self.reads = 0
        self.writes = 0
        self.calls: Counter[str] = Counter()
        self.written: Counter[str] = Counter()  # collection chain ("liveStats/shards") -> writes
        self._originals: dict[tuple[int, str], Callable[..., Any]] = {}
        self._in_flight: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def __enter__(self) -> OperationCounter:
        for number, api in enumerate(self.apis):
            for name in WRAPPED:
                original = self._originals[number, name] = getattr(api, name)
                setattr(api, name, self._counted(name, original))
        return self

    def _counted(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        counter = getattr(self, f"_{name}")
        return lambda *args, **kwargs: counter(original, *args, **kwargs)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for (number, name), original in self._originals.items():
            setattr(self.apis[number], name, original)

    def _tally(self, call: str | None = None, reads: int = 0, written: Iterable[str] = ()) -> None:
        """Count under a lock: requests are sent from worker threads too (a key's claim, pre-reads)."""
        with self._lock:
            if call is not None:
                self.calls[call] += 1
            self.reads += reads
            for chain in written:
                self.writes += 1
                self.written[chain] += 1

    def _flew(self, started: float) -> None:
        with self._lock:
            self._in_flight.append((started, time.monotonic()))

    def _batch_get_documents(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._tally("BatchGetDocuments")
        started = time.monotonic()
        try:
            for response in original(*args, **kwargs):
                # A transaction begun by this read may come back in a response of its own.
                if type(response).pb(response).WhichOneof("result"):
                    self._tally(reads=1)
                yield response
        finally:  # also when the caller stops at the first answer (`ref.get()`)
            self._flew(started)

    def _run_query(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._tally("RunQuery")
        returned = 0
        for response in original(*args, **kwargs):
            if type(response).pb(response).HasField("document"):
                returned += 1
            yield response
        self._tally(reads=max(returned, 1))

    def _run_aggregation_query(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Iterable[Any]:
        self._tally("RunAggregationQuery", reads=1)
        return original(*args, **kwargs)  # type: ignore[no-any-return]

    def _begin_transaction(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._tally("BeginTransaction")
        return original(*args, **kwargs)

    def _rollback(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._tally("Rollback")
        return original(*args, **kwargs)

    def _commit(self, original: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        request = kwargs.get("request") or (args[0] if args else {})
        writes = request.get("writes", []) if isinstance(request, dict) else request.writes
        self._tally("Commit", written=[collection_chain(_written_name(write)) for write in writes])
        started = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            self._flew(started)

    def round_trips(self) -> int:
        """Requests sent to Firestore (BeginTransaction included)."""
        return sum(self.calls.values())

    def serial_rounds(self) -> int:
        """Reads and commits one after another: requests in flight together count once (a read
        prefetched beside a transactional read is one round with it)."""
        rounds, busy_until = 0, float("-inf")
        for started, ended in sorted(self._in_flight):
            if started > busy_until:
                rounds += 1
            busy_until = max(busy_until, ended)
        return rounds

    def summary(self) -> dict[str, Any]:
        return {"reads": self.reads, "writes": self.writes, "calls": dict(self.calls)}


def _written_name(write: Any) -> str:
    if isinstance(write, dict):
        return str((write.get("update") or {}).get("name") or write.get("delete") or "")
    pb = type(write).pb(write) if hasattr(type(write), "pb") else write
    if pb.HasField("update"):
        return str(pb.update.name)
    if pb.HasField("transform"):
        return str(pb.transform.document)
    return str(pb.delete)


def collection_chain(name: str) -> str:
    """`projects/p/databases/d/documents/liveStats/shop_1/shards/3` -> `liveStats/shards`."""
    path = name.split("/documents/", 1)[-1].split("/")
    return "/".join(path[0::2])
