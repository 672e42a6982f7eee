"""Injectable time: domain code asks a Clock, never the system directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from storepulse.platform import config

# Honoured only inside the Functions emulator, so end-to-end tests can move time for one request.
TEST_NOW_HEADER = "X-Storepulse-Test-Now"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until told to move (tests, replays)."""

    current: datetime = field(default_factory=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


def parse_instant(value: str) -> datetime:
    """An ISO-8601 instant; a value without an offset is taken as UTC."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clock_for_request(pinned: str | None) -> Clock:
    """The system clock, or in the emulator the instant a test pinned (the TEST_NOW_HEADER value)."""
    if pinned and config.functions_emulated():
        return FixedClock(parse_instant(pinned))
    return SystemClock()


def day_key(at: datetime) -> str:
    """The UTC calendar day an instant counts toward ("today" on every dashboard)."""
    return at.strftime("%Y-%m-%d")


def epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)
