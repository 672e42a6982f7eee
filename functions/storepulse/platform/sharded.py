"""Sharded counters: blind increments into a random shard, summed by readers.

A counter set lives at `{parent}/shards/{0..SHARDS-1}`. Writers never read a shard, so parallel
writers neither contend on one document nor lose updates; a reader sums every shard (nested maps
are summed key by key).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from google.cloud import firestore

from storepulse.platform import collections, txn

SHARDS = 10
Counts = Mapping[str, "int | Counts"]


def shard_ref(parent: firestore.DocumentReference, shard: int) -> firestore.DocumentReference:
    ref: firestore.DocumentReference = parent.collection(collections.SHARDS).document(str(shard))
    return ref


def _increments(counts: Counts) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in counts.items():
        if isinstance(value, Mapping):
            nested = _increments(value)
            if nested:
                fields[name] = nested
        elif value:
            fields[name] = firestore.Increment(value)
    return fields


def increment(
    writer: txn.Writer,
    parent: firestore.DocumentReference,
    counts: Counts,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Add `counts` (nested maps allowed; zeros skipped) to one random shard of `parent`."""
    fields = {**_increments(counts), **(extra or {})}
    if fields:
        writer.set(shard_ref(parent, random.randrange(SHARDS)), fields, merge=True)


def merge_counts(total: dict[str, Any], part: Mapping[str, Any]) -> dict[str, Any]:
    """Add `part` into `total` key by key (nested maps recursively); non-numbers are ignored."""
    for name, value in part.items():
        if isinstance(value, Mapping):
            merge_counts(total.setdefault(name, {}), value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            total[name] = total.get(name, 0) + value
    return total


def sum_shards(shards: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for shard in shards:
        merge_counts(total, shard)
    return total


def read_shards(parent: firestore.DocumentReference, read_time: datetime | None = None) -> list[dict[str, Any]]:
    """Every shard of `parent`, unsummed (for figures that are not sums, like a maximum)."""
    return [doc.to_dict() or {} for doc in parent.collection(collections.SHARDS).stream(read_time=read_time)]


def read(parent: firestore.DocumentReference, read_time: datetime | None = None) -> dict[str, Any]:
    """The counts of `parent`: its shards summed (as of `read_time` when given)."""
    return sum_shards(read_shards(parent, read_time))


def read_fixed(db: firestore.Client, parents: list[firestore.DocumentReference]) -> dict[str, dict[str, Any]]:
    """The counts of each parent from one batch read of all its shards (parents x SHARDS documents,
    missing ones included): a cost that never depends on what was written."""
    refs = [shard_ref(parent, n) for parent in parents for n in range(SHARDS)]
    summed: dict[str, dict[str, Any]] = {parent.path: {} for parent in parents}
    for snapshot in db.get_all(refs):
        merge_counts(summed[snapshot.reference.parent.parent.path], snapshot.to_dict() or {})
    return summed


def drop_zeros(counts: Mapping[str, Any]) -> dict[str, Any]:
    """The counts without zero entries (a place everyone left reads as absent, like a recount)."""
    kept: dict[str, Any] = {}
    for name, value in counts.items():
        if isinstance(value, Mapping):
            nested = drop_zeros(value)
            if nested:
                kept[name] = nested
        elif value:
            kept[name] = value
    return kept
