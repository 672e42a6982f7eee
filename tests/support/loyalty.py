"""Loyalty helpers for tests, the seeder and the bench: a program for a shop, a customer's QR code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from google.cloud import firestore

from storepulse.platform import queries
from tests.support.emulator_clients import User
from tests.support.world import Shop, World

SECRET_FILE = Path(__file__).resolve().parents[2] / "functions" / ".secret.local"


def demo_secret(wanted: str) -> str:
    """An emulator secret's demo value (functions/.secret.local)."""
    for line in SECRET_FILE.read_text().splitlines():
        name, _, value = line.partition("=")
        if name.strip() == wanted:
            return value.strip()
    raise LookupError(f"{wanted} is not in functions/.secret.local")


def demo_signing_key() -> bytes:
    """The emulator's QR signing key, for forging tokens in tests."""
    return demo_secret("QR_SIGNING_KEY").encode()


def program(world: World, shop: Shop, *, points: int = 10, active: bool = True, name: str | None = None) -> Any:
    payload = {
        "shopId": shop.shop_id,
        "name": name or f"{shop.name} rewards",
        "pointsPerScan": points,
        "active": active,
    }
    return world.call("upsert_loyalty_program", payload, shop.owner)


def qr(world: World, customer: User) -> str:
    return str(world.call("issue_qr_token", {}, customer)["token"])


def bell(db: firestore.Client, uid: str) -> list[dict[str, Any]]:
    """`uid`'s notifications (with their ids), newest first."""
    return [s.to_dict() | {"id": s.id} for s in queries.BELL.build(db, {"recipientUid": uid}).stream()]
