"""Fixtures the emulator tiers reuse: one emulator stack per session, fresh data per test (the tiers'
own conftest makes that autouse), real users, callables over HTTP, rules-enforced REST clients and
snapshot listeners. Nothing here is autouse, so `tests/unit` never starts an emulator."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from scripts.lib.stack import PROJECT_ID, EmulatorStack
from tests.support.emulator_clients import (
    AuthEmulator,
    CallableContract,
    Endpoints,
    FirestoreRest,
    Functions,
    User,
    clear_firestore,
    mock_id_token,
)
from tests.support.world import World

REUSE_VARIABLES = ("FIRESTORE_EMULATOR_HOST", "FIREBASE_AUTH_EMULATOR_HOST")
BROWSER_TIER = "tests/browser/"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tier last. The Firestore emulator keeps the listen channels of a closed
    Chromium page and goes on queueing every matching write for it (firestore-debug.log: "too many
    pending messagings in the back channel", three lines per write), so after the browser tier
    every write costs more; the load tests that followed it alphabetically ran 20 times slower
    and timed out. Tests marked `last` read what the whole run did, so they come after everything."""
    items.sort(key=lambda item: (item.get_closest_marker("last") is not None, item.nodeid.startswith(BROWSER_TIER)))


@pytest.fixture(scope="session")
def emulators() -> Iterator[Endpoints]:
    """The emulator stack: reused when the *_EMULATOR_HOST variables point at one, else started here."""
    os.environ.setdefault("GCLOUD_PROJECT", PROJECT_ID)
    if all(os.environ.get(name) for name in REUSE_VARIABLES):
        yield Endpoints.from_env()
        return
    stack = EmulatorStack()
    stack.start()
    try:
        os.environ.update(stack.env)
        stack.wait_for_function("set_user_role")
        yield Endpoints.from_env()
    finally:
        stack.stop()
        for name in stack.env:
            os.environ.pop(name, None)


@pytest.fixture(scope="session")
def auth_emulator(emulators: Endpoints) -> AuthEmulator:
    return AuthEmulator(emulators)


@pytest.fixture
def fresh_data(request: pytest.FixtureRequest, emulators: Endpoints, auth_emulator: AuthEmulator) -> Iterator[None]:
    """An empty Firestore and Auth user list; a `load` test ends by recomputing every view (scripts/verify)."""
    clear_firestore(emulators)
    auth_emulator.clear()
    yield
    if request.node.get_closest_marker("load") is None:
        return
    from storepulse.verify import verify

    db = firestore.Client(project=emulators.project_id, credentials=AnonymousCredentials())
    mismatches = verify(db)
    assert not mismatches, "\n".join(str(m) for m in mismatches)


@pytest.fixture(scope="session")
def db(emulators: Endpoints) -> firestore.Client:
    """An admin client (bypasses rules): for arranging data and counting what was written."""
    return firestore.Client(project=emulators.project_id, credentials=AnonymousCredentials())


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(auth_emulator: AuthEmulator) -> MakeUser:
    """make_user(role=..., shop_id=..., affiliate_id=..., email=..., display_name=...) -> User with ID token."""

    def make(
        role: str | None = None,
        *,
        shop_id: str | None = None,
        affiliate_id: str | None = None,
        email: str | None = None,
        display_name: str | None = None,
        anonymous: bool = False,
    ) -> User:
        if anonymous:
            return auth_emulator.anonymous()
        claims: dict[str, Any] = {}
        if role:
            claims["role"] = role
        if shop_id:
            claims["shopId"] = shop_id
        if affiliate_id:
            claims["affiliateId"] = affiliate_id
        return auth_emulator.create_user(email=email, display_name=display_name, claims=claims or None)

    return make


@pytest.fixture(scope="session")
def functions(emulators: Endpoints) -> Functions:
    """Callables over HTTP; an answer contract/callables.json does not promise (an error code a
    callable does not declare, a success for a caller it does not list) fails the test."""
    return Functions(emulators, contract=CallableContract.load())


@pytest.fixture
def call(functions: Functions) -> Callable[..., Any]:
    """call(name, data, user=None, now=None) -> result; raises CallableError(status, message, details)."""
    return functions.call


@pytest.fixture
def rest_as(emulators: Endpoints) -> Callable[..., FirestoreRest]:
    """rest_as(user_or_None, claims=...) -> Firestore REST client acting under the rules."""

    def make(user: User | str | None, claims: dict[str, Any] | None = None) -> FirestoreRest:
        if user is None:
            return FirestoreRest(emulators, None)
        uid = user if isinstance(user, str) else user.uid
        token_claims = claims if claims is not None else ({} if isinstance(user, str) else dict(user.claims))
        custom = {k: v for k, v in token_claims.items() if k in ("role", "shopId", "affiliateId")}
        return FirestoreRest(emulators, mock_id_token(emulators.project_id, uid, custom))

    return make


Snapshot = Any


def wait_for(
    target: firestore.DocumentReference | firestore.Query,
    predicate: Callable[[Snapshot], bool],
    timeout: float = 10.0,
) -> tuple[Snapshot, float]:
    """Listen with on_snapshot until `predicate(snapshot)` holds; returns (snapshot, seconds waited).

    For a document the snapshot is a DocumentSnapshot; for a query, the list of DocumentSnapshots.
    """
    matched = threading.Event()
    holder: dict[str, Any] = {}
    started = time.monotonic()

    def on_snapshot(snapshots: Any, _changes: Any, _read_time: Any) -> None:
        current = snapshots[0] if isinstance(target, firestore.DocumentReference) else list(snapshots)
        holder["last"] = current
        if not matched.is_set() and predicate(current):
            holder["elapsed"] = time.monotonic() - started
            holder["match"] = current
            matched.set()

    watch = target.on_snapshot(on_snapshot)
    try:
        if not matched.wait(timeout):
            raise AssertionError(f"listener saw no matching snapshot within {timeout} s; last: {holder.get('last')}")
    finally:
        watch.unsubscribe()
    return holder["match"], holder["elapsed"]


@pytest.fixture
def world(emulators: Endpoints, functions: Functions) -> World:
    """An admin and builders for shops, affiliates, customers and coupons (through the callables)."""
    return World.start(emulators, functions=functions)


@pytest.fixture(name="wait_for")
def wait_for_fixture(emulators: Endpoints) -> Callable[..., tuple[Snapshot, float]]:
    return wait_for
