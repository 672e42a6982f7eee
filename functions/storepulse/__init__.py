"""Storepulse: the real-time activity backend's domain code, deployed as Python Cloud Functions."""
