"""`delete_my_account` and `delete_user_data`: erase a user's personal data everywhere, then their Auth user.

Nothing is deleted that a figure counts: redemptions, orders, sessions, checkouts and the rest stay,
their personal fields pseudonymised (rules.py), so every aggregate and financial total stays exact and
`scripts/verify` clean. The work runs in steps, each idempotent, in batches within Firestore's limits;
`erasures/{uid}` records the terms to replace and the steps done, so a call that stopped halfway
(a crash, a timeout) is finished by the next call, whoever makes it. The documents about the user
that are someone else's (the admin feed, the shop's notifications) are cleaned first, while the
user's own documents still hold every term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gcp_exceptions
from google.cloud import firestore

from storepulse.identity.directory import FirebaseUserDirectory
from storepulse.platform import idempotency, txn
from storepulse.platform.caller import Caller
from storepulse.platform.errors import NotFound
from storepulse.privacy import rules, store
from storepulse.privacy.models import (
    DeleteMyAccountRequest,
    DeleteUserDataRequest,
    ErasureRecord,
    ErasureResponse,
)

SELF_OPERATION = "delete_my_account"
ADMIN_OPERATION = "delete_user_data"
AUTH_STEP = "auth"


def delete_my_account(
    db: firestore.Client,
    directory: FirebaseUserDirectory,
    caller: Caller,
    request: DeleteMyAccountRequest,
    now: datetime,
) -> ErasureResponse:
    """The signed-in caller erases their own account."""
    rules.check_erasable(caller.role.value if caller.role is not None else None)
    return erase(db, directory, caller, uid=caller.uid, operation=SELF_OPERATION, request=request, now=now)


def delete_user_data(
    db: firestore.Client,
    directory: FirebaseUserDirectory,
    caller: Caller,
    request: DeleteUserDataRequest,
    now: datetime,
) -> ErasureResponse:
    """An admin erases a user's account (a support request)."""
    caller.require_admin()
    return erase(db, directory, caller, uid=request.uid, operation=ADMIN_OPERATION, request=request, now=now)


def erase(
    db: firestore.Client,
    directory: FirebaseUserDirectory,
    caller: Caller,
    *,
    uid: str,
    operation: str,
    request: DeleteMyAccountRequest | DeleteUserDataRequest,
    now: datetime,
) -> ErasureResponse:
    call = idempotency.IdempotentCall.for_request(db, operation, caller.uid, request)
    recorded = call.replay_from(call.ref.get())
    if recorded is not None:
        return ErasureResponse.model_validate(recorded)
    record = begin(db, directory, caller, uid, now)
    for step in STEPS:
        if step.name not in record.steps_done:
            changed = step.run(db, uid, record.terms)
            record = mark_done(db, uid, step.name, changed)
    if AUTH_STEP not in record.steps_done:
        deleted = directory.delete(uid)
        store.erasure_ref(db, uid).update(
            ErasureRecord.changes(steps_done=firestore.ArrayUnion([AUTH_STEP]), auth_user_deleted=deleted)
        )
    return finish(db, call, uid, now)


def begin(
    db: firestore.Client, directory: FirebaseUserDirectory, caller: Caller, uid: str, now: datetime
) -> ErasureRecord:
    """The erasure's record: the one a stopped call left, else a new one with the terms to replace."""
    ref = store.erasure_ref(db, uid)
    snapshot = ref.get()
    if snapshot.exists:
        return ErasureRecord.model_validate(snapshot.to_dict())
    profile = store.profile_ref(db, uid).get()
    account = directory.get(uid)
    if not profile.exists and account is None:
        raise NotFound("uid: no such user.", field="uid")
    stored = profile.to_dict() or {}
    rules.check_erasable(stored.get("role") or (account.role if account is not None else None))
    record = ErasureRecord(
        uid=uid,
        state="running",
        requested_by=caller.uid,
        started_at=now,
        steps_done=[],
        terms=sorted(collect_terms(db, uid, stored, account)),
        documents_changed=0,
    )
    try:
        ref.create(record.as_document())
    except gcp_exceptions.AlreadyExists:
        # Another call began the same erasure first: finish theirs.
        return ErasureRecord.model_validate(ref.get().to_dict())
    return record


def collect_terms(db: firestore.Client, uid: str, profile: dict[str, Any], account: Any) -> set[str]:
    """Every name, e-mail, phone and address line the user's documents and Auth user hold."""
    terms = rules.terms_of(
        [profile.get("displayName"), profile.get("email"), profile.get("phone")]
        + ([account.email, account.display_name, account.phone_number] if account is not None else [])
    )
    for source in store.OWN:
        for snapshot in store.of_source(db, source, uid):
            terms |= rules.terms_in(snapshot.to_dict() or {}, customer_contact=False)
    return terms


def mark_done(db: firestore.Client, uid: str, step: str, changed: int) -> ErasureRecord:
    ref = store.erasure_ref(db, uid)
    ref.update(
        ErasureRecord.changes(steps_done=firestore.ArrayUnion([step]), documents_changed=firestore.Increment(changed))
    )
    return ErasureRecord.model_validate(ref.get().to_dict())


def finish(db: firestore.Client, call: idempotency.IdempotentCall, uid: str, now: datetime) -> ErasureResponse:
    """The record done and its terms dropped, with the call's own record, in one transaction."""
    ref = store.erasure_ref(db, uid)

    def stage(transaction: txn.Transaction) -> dict[str, Any]:
        record = ErasureRecord.model_validate(txn.read(transaction, ref).to_dict())
        finished_at = record.finished_at or now
        if record.state != "done":
            transaction.update(ref, ErasureRecord.changes(state="done", terms=[], finished_at=finished_at))
        return ErasureResponse(
            uid=uid,
            state="done",
            documents_changed=record.documents_changed,
            auth_user_deleted=record.auth_user_deleted,
            finished_at=finished_at,
        ).model_dump(mode="json", by_alias=True)

    return ErasureResponse.model_validate(txn.run(db, stage, marker=call.at(now)))


def _write(db: firestore.Client, snapshots: Iterable[store.Snapshot], terms: list[str], *, own: bool) -> int:
    """Erase each document (once: a path seen twice is written once); only changed ones are written."""
    updates, seen = [], set()
    for snapshot in snapshots:
        if snapshot.reference.path in seen or not snapshot.exists:
            continue
        seen.add(snapshot.reference.path)
        before = snapshot.to_dict() or {}
        fields = rules.changed_fields(before, rules.scrub(before, terms, own=own))
        if fields:
            updates.append((snapshot, fields))
    return store.update_in_batches(db, updates)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[firestore.Client, str, list[str]], int]


def _about(db: firestore.Client, uid: str, terms: list[str]) -> int:
    """Others' documents about the user: the admin feed, the notifications about their orders,
    cards, redemptions and requests (their recipients keep them, without the user's names), and the
    recorded results of calls that name them."""
    about = [snapshot for source in store.ABOUT for snapshot in store.of_source(db, source, uid)]
    targets, cards = {uid}, set()
    for source in store.OWN:
        if source.collection != store.NOTIFICATIONS_COLLECTION:
            ids = {snapshot.id for snapshot in store.of_source(db, source, uid)}
            targets |= ids
            if source.collection == store.ENROLLMENTS:
                cards = ids
    notices = [
        snapshot
        for snapshot in store.notifications_about(db, targets)
        if (snapshot.to_dict() or {}).get("recipientUid") != uid
    ]
    records = list(store.call_records_about(db, uid, cards))
    return _write(db, [*about, *notices, *records], terms, own=False)


def _own_step(source: store.Source) -> Step:
    def run(db: firestore.Client, uid: str, terms: list[str]) -> int:
        snapshots = store.of_source(db, source, uid)
        changed = _write(db, snapshots, terms, own=True)
        if source.collection == store.ORDERS:
            for order in snapshots:
                changed += _write(db, store.timeline(db, order.id), terms, own=True)
        return changed

    return Step(f"own:{source.collection}", run)


def _profile(db: firestore.Client, uid: str, terms: list[str]) -> int:
    """The documents named after the user (the profile last: it is where a resumed call starts)."""
    return _write(db, store.named_after(db, uid), terms, own=True)


STEPS: tuple[Step, ...] = (
    Step("about", _about),
    *(_own_step(source) for source in store.OWN),
    Step("profile", _profile),
)
