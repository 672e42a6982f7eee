"""Clients for the local emulators: Auth users with ID tokens, callables over HTTP, rules-enforced
Firestore REST with mock tokens, data resets. Tests, the demo seeder and the benchmark share them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from scripts.lib.stack import PROJECT_ID, REGION, ROOT
from storepulse.platform.caller import Caller

OWNER = {"Authorization": "Bearer owner"}
DEMO_PASSWORD = "storepulse-demo"


@dataclass(frozen=True)
class Endpoints:
    project_id: str
    auth: str
    firestore: str
    functions: str

    @classmethod
    def from_env(cls) -> Endpoints:
        return cls(
            project_id=os.environ.get("GCLOUD_PROJECT", PROJECT_ID),
            auth="http://" + os.environ.get("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099"),
            firestore="http://" + os.environ.get("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080"),
            functions=os.environ.get("STOREPULSE_FUNCTIONS_ORIGIN", "http://127.0.0.1:5001"),
        )


_local = threading.local()


def http() -> requests.Session:
    """One keep-alive session per thread (sessions are not shared across threads)."""
    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        _local.session = session
    return session


@dataclass(frozen=True)
class User:
    """A real Auth-emulator user and its current ID token (claims included)."""

    uid: str
    id_token: str
    email: str | None = None
    claims: Mapping[str, Any] = field(default_factory=dict)

    @property
    def role(self) -> str | None:
        return self.claims.get("role")

    @property
    def address(self) -> str:
        """The network address this user's calls come from: one of its own, as each real user's
        device has (rate limits count anonymous callers by address)."""
        digest = hashlib.sha256(self.uid.encode()).digest()
        return f"10.{digest[0]}.{digest[1]}.{digest[2] or 1}"


# Every name, e-mail and phone number the tests gave a user or a shop owner during this run:
# tests/load/test_log_privacy.py looks for each of them in what the whole run logged.
PERSONAL_DATA: set[str] = set()


class AuthEmulator:
    def __init__(self, endpoints: Endpoints) -> None:
        self.e = endpoints
        self._admin = f"{endpoints.auth}/identitytoolkit.googleapis.com/v1/projects/{endpoints.project_id}"
        self._public = f"{endpoints.auth}/identitytoolkit.googleapis.com/v1"

    def _post(self, url: str, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> dict[str, Any]:
        response = http().post(url, json=body, headers=dict(headers or {}), timeout=30)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def create_user(
        self,
        *,
        email: str | None = None,
        password: str = DEMO_PASSWORD,
        display_name: str | None = None,
        uid: str | None = None,
        claims: Mapping[str, Any] | None = None,
    ) -> User:
        email = email or f"user-{uuid.uuid4().hex[:12]}@example.test"
        body: dict[str, Any] = {"email": email, "password": password, "displayName": display_name}
        if uid:
            body["localId"] = uid
        PERSONAL_DATA.update(value for value in (email, display_name) if value)
        created = self._post(f"{self._admin}/accounts", {k: v for k, v in body.items() if v}, OWNER)
        uid = created["localId"]
        if claims:
            self.set_claims(uid, claims)
        return self.sign_in(email, password)

    def set_claims(self, uid: str, claims: Mapping[str, Any]) -> None:
        self._post(f"{self._admin}/accounts:update", {"localId": uid, "customAttributes": json.dumps(claims)}, OWNER)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> User:
        result = self._post(
            f"{self._public}/accounts:signInWithPassword?key=fake-api-key",
            {"email": email, "password": password, "returnSecureToken": True},
        )
        return User(result["localId"], result["idToken"], email, decode_claims(result["idToken"]))

    def anonymous(self) -> User:
        result = self._post(f"{self._public}/accounts:signUp?key=fake-api-key", {"returnSecureToken": True})
        return User(result["localId"], result["idToken"], None, decode_claims(result["idToken"]))

    def refresh(self, user: User) -> User:
        """A fresh ID token for `user` (after its claims changed)."""
        if user.email is None:
            raise ValueError("anonymous users keep their token")
        return self.sign_in(user.email)

    def clear(self) -> None:
        http().delete(f"{self.e.auth}/emulator/v1/projects/{self.e.project_id}/accounts", timeout=30).raise_for_status()


def decode_claims(id_token: str) -> dict[str, Any]:
    payload = id_token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


class CallableError(Exception):
    """A callable's error reply: status (e.g. INVALID_ARGUMENT), message, details."""

    def __init__(self, status: str, message: str, details: Any = None, http_status: int = 0) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.details = details
        self.http_status = http_status

    @property
    def fields(self) -> list[str]:
        if isinstance(self.details, dict):
            return [f.get("field") for f in self.details.get("fields", [])]
        return []


class ContractBreach(AssertionError):
    """A callable answered what contract/callables.json does not promise."""


@dataclass(frozen=True)
class CallableContract:
    """What contract/callables.json promises of each callable: who may call it (`callers`) and the
    error codes it answers (`errors`). `Functions` given one holds every answer to it, so each test
    that calls a callable checks the declarations it exercises."""

    callables: Mapping[str, Mapping[str, Any]]

    @classmethod
    def load(cls, path: Path = ROOT / "contract" / "callables.json") -> CallableContract:
        return cls(json.loads(path.read_text()))

    def breach(self, name: str, user: User | None, error: CallableError | None) -> str | None:
        """Why this answer breaks the contract, or None when it keeps it."""
        promised = self.callables.get(name)
        if promised is None or (error is not None and error.status == "HTTP"):
            return None  # not one of the contract's callables, or not a callable's answer at all
        if error is not None:
            code = error.status.lower().replace("_", "-")
            if code in promised["errors"]:
                return None
            return f"{name} answered {code} ({error.message}), not one of its errors {promised['errors']}"
        kind = Caller.from_token(user.uid, user.claims).kind.value if user is not None else "signed out"
        if kind in promised["callers"]:
            return None
        return f"{name} succeeded for a {kind} caller, not one of its callers {promised['callers']}"


class Functions:
    """Callables through the Functions emulator, exactly as a client SDK sends them; with a
    `contract`, an answer it does not promise raises `ContractBreach`."""

    def __init__(self, endpoints: Endpoints, region: str = REGION, contract: CallableContract | None = None) -> None:
        self.base = f"{endpoints.functions}/{endpoints.project_id}/{region}"
        self.contract = contract

    def call(
        self,
        name: str,
        data: Any = None,
        user: User | None = None,
        *,
        now: datetime | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> Any:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if user is not None:
            sent["Authorization"] = f"Bearer {user.id_token}"
            sent.setdefault("X-Forwarded-For", user.address)
        if now is not None:
            sent["X-Storepulse-Test-Now"] = now.astimezone(UTC).isoformat()
        response = http().post(f"{self.base}/{name}", data=json.dumps({"data": data}), headers=sent, timeout=timeout)
        try:
            body = response.json()
        except ValueError:
            raise CallableError("HTTP", response.text[:500], None, response.status_code) from None
        failure: CallableError | None = None
        if "error" in body:
            error = body["error"]
            failure = CallableError(
                error.get("status", "UNKNOWN"),
                error.get("message", ""),
                error.get("details"),
                response.status_code,
            )
        elif "result" not in body:
            # Not a callable reply at all (e.g. the emulator's own error page): say what came back.
            failure = CallableError("HTTP", f"{name}: no result in {str(body)[:500]}", None, response.status_code)
        if self.contract is not None and (breach := self.contract.breach(name, user, failure)):
            raise ContractBreach(breach)
        if failure is not None:
            raise failure
        return body["result"]


def mock_id_token(project_id: str, uid: str, claims: Mapping[str, Any] | None = None, provider: str = "custom") -> str:
    """An unsigned ID token the Firestore emulator accepts for rules evaluation."""
    now = int(time.time())

    def encode(part: Mapping[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")

    payload = {
        "iss": f"https://securetoken.google.com/{project_id}",
        "aud": project_id,
        "sub": uid,
        "user_id": uid,
        "iat": now,
        "exp": now + 3600,
        "auth_time": now,
        "firebase": {"sign_in_provider": provider, "identities": {}},
        **(claims or {}),
    }
    return f"{encode({'alg': 'none', 'type': 'JWT'})}.{encode(payload)}."


def to_value(value: Any) -> dict[str, Any]:
    """A Python value as a Firestore REST `Value`."""
    if value is None:
        return {"nullValue": None}
    if isinstance(value, bool):
        return {"booleanValue": value}
    if isinstance(value, int):
        return {"integerValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, datetime):
        return {"timestampValue": value.astimezone(UTC).isoformat().replace("+00:00", "Z")}
    if isinstance(value, str):
        return {"stringValue": value}
    if isinstance(value, Mapping):
        return {"mapValue": {"fields": {k: to_value(v) for k, v in value.items()}}}
    if isinstance(value, list | tuple):
        return {"arrayValue": {"values": [to_value(v) for v in value]}}
    raise TypeError(f"cannot encode {type(value).__name__}")


@dataclass(frozen=True)
class RestResult:
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class FirestoreRest:
    """Firestore REST as a mock-token user (or anonymous): every request is checked by the rules."""

    def __init__(self, endpoints: Endpoints, token: str | None) -> None:
        self.root = f"{endpoints.firestore}/v1/projects/{endpoints.project_id}/databases/(default)/documents"
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method: str, url: str, body: Any = None, params: Any = None) -> RestResult:
        response = http().request(method, url, json=body, params=params, headers=self.headers, timeout=30)
        return RestResult(response.status_code, response.json() if response.content else None)

    def get(self, path: str) -> RestResult:
        return self._send("GET", f"{self.root}/{path}")

    def create(self, collection: str, fields: Mapping[str, Any], doc_id: str | None = None) -> RestResult:
        params = {"documentId": doc_id or uuid.uuid4().hex}
        body = {"fields": {k: to_value(v) for k, v in fields.items()}}
        return self._send("POST", f"{self.root}/{collection}", body, params)

    def update(self, path: str, fields: Mapping[str, Any]) -> RestResult:
        body = {"fields": {k: to_value(v) for k, v in fields.items()}}
        params = [("updateMask.fieldPaths", k) for k in fields]
        return self._send("PATCH", f"{self.root}/{path}", body, params)

    def delete(self, path: str) -> RestResult:
        return self._send("DELETE", f"{self.root}/{path}")

    def query(self, structured_query: Mapping[str, Any], parent: str = "") -> RestResult:
        url = f"{self.root}/{parent}:runQuery" if parent else f"{self.root}:runQuery"
        result = self._send("POST", url, {"structuredQuery": structured_query})
        if result.ok and isinstance(result.body, list):
            docs = [item["document"] for item in result.body if "document" in item]
            return RestResult(result.status, docs)
        return result


def structured_query(
    collection: str,
    *,
    where: list[tuple[str, str, Any]] | None = None,
    order_by: list[tuple[str, str]] | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """A REST structured query: where=[(field, "EQUAL", value)], order_by=[(field, "DESCENDING")]."""
    query: dict[str, Any] = {"from": [{"collectionId": collection}]}
    filters = [{"fieldFilter": {"field": {"fieldPath": f}, "op": op, "value": to_value(v)}} for f, op, v in where or []]
    if len(filters) == 1:
        query["where"] = filters[0]
    elif filters:
        query["where"] = {"compositeFilter": {"op": "AND", "filters": filters}}
    if order_by:
        query["orderBy"] = [{"field": {"fieldPath": f}, "direction": d} for f, d in order_by]
    if limit:
        query["limit"] = limit
    return query


def all_documents(endpoints: Endpoints) -> dict[str, str]:
    """Every document in the database (name -> update time), in one query over all descendants."""
    url = f"{endpoints.firestore}/v1/projects/{endpoints.project_id}/databases/(default)/documents:runQuery"
    query = {"structuredQuery": {"from": [{"allDescendants": True}], "select": {"fields": [{"fieldPath": "__name__"}]}}}
    response = http().post(url, json=query, headers=OWNER, timeout=60)
    response.raise_for_status()
    return {item["document"]["name"]: item["document"]["updateTime"] for item in response.json() if "document" in item}


def clear_firestore(endpoints: Endpoints) -> None:
    url = f"{endpoints.firestore}/emulator/v1/projects/{endpoints.project_id}/databases/(default)/documents"
    http().delete(url, timeout=30).raise_for_status()


def rules_coverage(endpoints: Endpoints, *, html: bool = False) -> str:
    suffix = ":ruleCoverage.html" if html else ":ruleCoverage"
    response = http().get(f"{endpoints.firestore}/emulator/v1/projects/{endpoints.project_id}{suffix}", timeout=30)
    response.raise_for_status()
    return response.text
