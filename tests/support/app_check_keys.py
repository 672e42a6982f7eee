"""A local stand-in for Google's App Check and OAuth endpoints, reached the way a deployed function
reaches the real ones: through HTTPS, by host name.

Google's App Check key set is out of reach from here, so `LocalAppCheck` serves its own: a CA and a
certificate for the Google hosts (trusted through `SSL_CERT_FILE` / `REQUESTS_CA_BUNDLE`), an HTTPS
server answering the key set (`/v1/jwks`), the replay check (`:verifyAppCheckToken`, remembering
every token it was asked about) and an OAuth token, and an HTTP proxy whose CONNECT tunnels lead
there (`HTTPS_PROXY`). A process started with `environment()` runs the Admin SDK unchanged."""

from __future__ import annotations

import json
import select
import socket
import socketserver
import ssl
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

HOSTS = ("firebaseappcheck.googleapis.com", "oauth2.googleapis.com")
ISSUER = "https://firebaseappcheck.googleapis.com/123456789"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _certificate(
    subject_key: rsa.RSAPrivateKey, issuer_key: rsa.RSAPrivateKey, issuer: x509.Name | None, *, ca: bool
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "storepulse local CA" if ca else HOSTS[0])])
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer or name)
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(host) for host in HOSTS]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


class LocalAppCheck:
    """The key set, the replay check and the proxy in front of them; `start()`, then `stop()`."""

    def __init__(self, directory: Path, project_id: str) -> None:
        self.project_id = project_id
        self.signing_key, self.kid = _key(), uuid.uuid4().hex
        self.service_account_key = _key()
        self.asked: list[str] = []
        ca_key, server_key = _key(), _key()
        ca = _certificate(ca_key, ca_key, None, ca=True)
        self.ca_file = directory / "ca.pem"
        self.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        chain = directory / "server.pem"
        server = _certificate(server_key, ca_key, ca.subject, ca=False)
        chain.write_text(server.public_bytes(serialization.Encoding.PEM).decode() + _pem(server_key))
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(chain)
        self._https = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._proxy = _ConnectProxy(("127.0.0.1", 0), self._https.server_address[1])

    def token(self, *, key: rsa.RSAPrivateKey | None = None, app_id: str = "1:123456789:web:abc") -> str:
        """An App Check token for this project, signed with the served key (or `key`)."""
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": app_id,
            "aud": ["projects/123456789", f"projects/{self.project_id}"],
            "iat": now,
            "exp": now + 300,
        }
        headers = {"kid": self.kid, "typ": "JWT"}
        return jwt.encode(claims, key or self.signing_key, algorithm="RS256", headers=headers)

    def stranger_key(self) -> rsa.RSAPrivateKey:
        return _key()

    def service_account(self) -> dict[str, str]:
        """Credentials for the Admin SDK whose token requests this server answers."""
        return {
            "type": "service_account",
            "project_id": self.project_id,
            "private_key_id": "local",
            "private_key": _pem(self.service_account_key),
            "client_email": f"functions@{self.project_id}.iam.gserviceaccount.com",
            "token_uri": f"https://{HOSTS[1]}/token",
        }

    def environment(self) -> dict[str, str]:
        proxy = f"http://127.0.0.1:{self._proxy.server_address[1]}"
        return {
            "HTTPS_PROXY": proxy,
            "https_proxy": proxy,
            "NO_PROXY": "",
            "no_proxy": "",
            "SSL_CERT_FILE": str(self.ca_file),
            "REQUESTS_CA_BUNDLE": str(self.ca_file),
        }

    def start(self) -> LocalAppCheck:
        self._https.socket = self._tls.wrap_socket(self._https.socket, server_side=True)
        for server in (self._https, self._proxy):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in (self._https, self._proxy):
            server.shutdown()
            server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        local = self
        public = json.loads(RSAAlgorithm.to_jwk(self.signing_key.public_key()))
        key_set = {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _answer(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer(key_set)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.endswith(":verifyAppCheckToken"):
                    token = json.loads(body)["app_check_token"]
                    consumed = token in local.asked
                    local.asked.append(token)
                    self._answer({"alreadyConsumed": consumed} if consumed else {})
                else:
                    self._answer({"access_token": "local", "expires_in": 3600, "token_type": "Bearer"})

        return Handler


class _ConnectProxy(socketserver.ThreadingTCPServer):
    """Answers CONNECT for any host with a tunnel to the local HTTPS server."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], target_port: int) -> None:
        self.target_port = target_port
        super().__init__(address, _Tunnel)


class _Tunnel(socketserver.StreamRequestHandler):
    server: _ConnectProxy

    def handle(self) -> None:
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass  # the CONNECT line and its headers: every host leads to the same server
        upstream = socket.create_connection(("127.0.0.1", self.server.target_port))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        client = self.connection
        try:
            while True:
                readable, _, _ = select.select([client, upstream], [], [], 10)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is client else client).sendall(data)
        finally:
            upstream.close()
