"""The functions' Firestore client reads its server streams on the calling thread, against the
emulator and in production alike (building a channel opens no connection)."""

from __future__ import annotations

from typing import Any

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from storepulse.platform.db import with_caller_thread_streams

STREAMING_READS = ("batch_get_documents", "run_query", "run_aggregation_query")


@pytest.mark.parametrize("emulator_host", ["127.0.0.1:1", None], ids=["emulator", "production"])
def test_streaming_reads_run_on_the_calling_thread(monkeypatch: pytest.MonkeyPatch, emulator_host: str | None) -> None:
    if emulator_host is None:
        monkeypatch.delenv("FIRESTORE_EMULATOR_HOST", raising=False)
    else:
        monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", emulator_host)
    client: Any = with_caller_thread_streams(
        firestore.Client(project="demo-db", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    )
    transport = client._firestore_api._transport
    assert transport is client._transport
    for method in STREAMING_READS:
        assert type(getattr(transport, method)).__name__ == "_SingleThreadedUnaryStreamMultiCallable", method
    # Unary calls and the listeners' bidirectional stream are as the client makes them.
    assert type(transport.listen).__name__ != "_SingleThreadedUnaryStreamMultiCallable"


def test_a_plain_client_starts_a_thread_per_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """The difference the option makes (so the test above can fail)."""
    monkeypatch.setenv("FIRESTORE_EMULATOR_HOST", "127.0.0.1:1")
    client: Any = firestore.Client(project="demo-db", credentials=AnonymousCredentials())  # type: ignore[no-untyped-call]
    transport = client._firestore_api._transport
    assert type(transport.batch_get_documents).__name__ != "_SingleThreadedUnaryStreamMultiCallable"
