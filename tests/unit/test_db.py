"""The clients: the high-level one (public API) and the adapter's generated one (platform/wire),
created on first use, against the emulator as the Admin SDK would talk to it (building a channel
opens no connection)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from google.cloud.firestore_v1.services.firestore import FirestoreClient

from storepulse.platform import db, wire


@pytest.fixture
def fresh_clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", "127.0.0.1:1")
    monkeypatch.setenv("GCLOUD_PROJECT", "demo-clients")
    wire.connect.cache_clear()
    db.get_db.cache_clear()
    yield
    wire.connect.cache_clear()
    db.get_db.cache_clear()


@pytest.mark.usefixtures("fresh_clients")
def test_the_adapter_speaks_to_the_emulator_as_its_owner() -> None:
    api = wire.api()
    assert isinstance(api.client, FirestoreClient)
    assert ("authorization", "Bearer owner") in api.metadata
    assert ("google-cloud-resource-prefix", "projects/demo-clients/databases/(default)") in api.metadata


@pytest.mark.usefixtures("fresh_clients")
def test_each_client_is_made_once_per_process() -> None:
    assert wire.api() is wire.api()
    assert db.get_db() is db.get_db()
    assert db.get_db().project == "demo-clients"


@pytest.mark.usefixtures("fresh_clients")
def test_documents_are_named_in_this_projects_database() -> None:
    built = wire.delete("orders/o1")
    assert type(built).pb(built).delete == "projects/demo-clients/databases/(default)/documents/orders/o1"
