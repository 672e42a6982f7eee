"""Storepulse: the real-time activity backend's domain code, deployed as Python Cloud Functions."""

# The composition root: fills the ports lower packages call (storepulse/platform/ports.py).
from storepulse import wiring as wiring
