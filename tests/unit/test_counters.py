"""Counters without an emulator: stats deltas, sharded sums, the stats reader, scopes, idempotency
fingerprints and which transaction failures count as a lost race."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.api_core import exceptions as gcp_exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from storepulse.platform import idempotency, sharded, txn
from storepulse.platform.errors import AlreadyExists
from storepulse.stats import scopes
from storepulse.stats.counters import StatsDelta
from storepulse.stats.reader import stats_from

DAY = "2030-06-01"
NOW = datetime(2030, 6, 1, 12, tzinfo=UTC)


def test_a_delta_moves_totals_and_its_day_and_negates() -> None:
    delta = StatsDelta(redemptions=1, discount_cents=500, active_today=1)
    counts = delta.counts(DAY)
    assert (counts["redemptionsTotal"], counts["discountCentsTotal"], counts["actionsTotal"]) == (1, 500, 0)
    assert counts["days"][DAY] == {
        "redemptions": 1, "discountCents": 500, "commissionCents": 0, "customersAcquired": 0,
        "registrations": 0, "actions": 0, "activeUsers": 1,
    }  # fmt: skip
    assert delta.negated() == StatsDelta(redemptions=-1, discount_cents=-500, active_today=-1)
    assert "redemptionsByCoupon" not in counts


def test_a_delta_of_a_coupon_counts_its_redemptions_and_negates_keeping_the_coupon() -> None:
    delta = StatsDelta(redemptions=1, discount_cents=500, coupon_id="c1")
    assert delta.counts(DAY)["redemptionsByCoupon"] == {"c1": 1}
    assert delta.negated() == StatsDelta(redemptions=-1, discount_cents=-500, coupon_id="c1")
    assert delta.negated().counts(DAY)["redemptionsByCoupon"] == {"c1": -1}
    shards = [delta.counts(DAY), delta.counts(DAY), delta.negated().counts(DAY)]
    assert sharded.sum_shards(shards)["redemptionsByCoupon"] == {"c1": 1}


def test_sharded_sums_nested_maps_and_ignore_non_numbers() -> None:
    shards = [
        {"total": 2, "pageTypes": {"homepage": 1}, "updatedAt": NOW, "flag": True},
        {"total": -1, "pageTypes": {"homepage": -1, "offer": 1}},
        {},
    ]
    summed = sharded.sum_shards(shards)
    assert summed == {"total": 1, "pageTypes": {"homepage": 0, "offer": 1}}
    assert sharded.drop_zeros(summed) == {"total": 1, "pageTypes": {"offer": 1}}


def test_the_stats_reader_sums_shards_and_takes_the_latest_activity() -> None:
    shards = [
        {**StatsDelta(redemptions=2, discount_cents=800).counts(DAY), "lastActivityMs": 1_000},
        {**StatsDelta(redemptions=1, actions=4, active_today=2).counts(DAY), "lastActivityMs": 5_000},
        StatsDelta(redemptions=7).counts("2030-05-31"),
    ]
    figures = stats_from("shop_s1", {"activeNow": 3}, shards, NOW)
    assert (figures.redemptions_today, figures.redemptions_total) == (3, 10)
    assert (figures.discount_cents_today, figures.actions_today, figures.active_today, figures.active_now) == (
        800,
        4,
        2,
        3,
    )
    assert figures.last_activity_at == datetime.fromtimestamp(5, UTC)


@pytest.mark.parametrize("doc_id", ["platform", "shop_s1", "affiliate_a_b"])
def test_scope_ids_round_trip(doc_id: str) -> None:
    assert scopes.Scope.parse(doc_id).doc_id == doc_id


def test_a_key_replays_only_the_same_payload() -> None:
    print_a = idempotency.fingerprint({"a": 1, "b": [1, 2]})
    assert print_a == idempotency.fingerprint({"b": [1, 2], "a": 1})
    client = firestore.Client(project="demo-keys", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    first = idempotency.IdempotentCall.of(client, "op", "u1", "key-1", {"a": 1, "b": [1, 2]})
    again = idempotency.IdempotentCall.of(client, "op", "u1", "key-1", {"b": [1, 2], "a": 1})
    other = idempotency.IdempotentCall.of(client, "op", "u1", "key-1", {"a": 2})
    assert first.ref == again.ref == other.ref
    assert idempotency.IdempotentCall.of(client, "op", "u2", "key-1", {}).ref != first.ref

    class Snapshot:
        exists = True

        def to_dict(self) -> dict[str, object]:
            return {"fingerprint": print_a, "callId": first.call_id, "result": {"id": "r1"}}

    assert first.replay_from(Snapshot()) == {"id": "r1"}  # type: ignore[arg-type]
    assert again.replay_from(Snapshot()) == {"id": "r1", "replayed": True}  # type: ignore[arg-type]
    with pytest.raises(AlreadyExists, match="idempotencyKey"):
        other.replay_from(Snapshot())  # type: ignore[arg-type]


def test_a_call_without_a_key_gets_a_record_of_its_own() -> None:
    client = firestore.Client(project="demo-keys", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    one, two = (idempotency.IdempotentCall.server_made(client, "track_page", "u1") for _ in range(2))
    assert one.ref != two.ref
    assert not one.keyed
    assert one.at(datetime.now(UTC)).claim() is None  # nobody else can hold its record


@pytest.mark.parametrize(
    ("error", "committing", "next_step"),
    [
        (gcp_exceptions.Aborted("contention"), True, "replan"),
        (gcp_exceptions.Aborted("contention"), False, "replan"),
        (gcp_exceptions.DeadlineExceeded("lost answer"), True, "look_up"),
        (gcp_exceptions.ServiceUnavailable("gone"), True, "look_up"),
        (gcp_exceptions.InternalServerError("oops"), True, "look_up"),
        (gcp_exceptions.DeadlineExceeded("slow read"), False, "replan"),
        (gcp_exceptions.AlreadyExists("taken"), True, "look_up"),
        (gcp_exceptions.FailedPrecondition("The query requires an index"), False, "raise"),
        (gcp_exceptions.FailedPrecondition("The query requires an index"), True, "raise"),
        (gcp_exceptions.InvalidArgument("Transaction is invalid or expired"), True, "raise"),
        (ValueError("something else"), False, "raise"),
        (AlreadyExists("idempotencyKey: used"), True, "raise"),
    ],
)
def test_what_a_call_does_after_each_failure(error: Exception, committing: bool, next_step: str) -> None:
    assert txn.after_failure(error, committing=committing) == next_step


@pytest.mark.parametrize(
    ("retries", "lost_attempt_s", "span_s"),
    [
        (0, 0.004, 0.01),  # a race lost fast is retried within milliseconds
        (3, 0.004, 0.08),
        (6, 0.004, 0.5),
        (5000, 0.004, 0.5),  # the doubling stops at half a second
        (0, 0.1, 0.2),
        (1, 2.0, 4.0),  # an attempt aborted by a 2 s lock wait keeps away from its rivals that long again
    ],
)
def test_a_pause_grows_with_the_retries_and_with_the_attempt_that_lost(
    retries: int, lost_attempt_s: float, span_s: float
) -> None:
    assert txn.pause_span(retries, lost_attempt_s) == pytest.approx(span_s)
