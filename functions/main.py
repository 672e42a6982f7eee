"""Entry point the Firebase CLI loads: it only exposes the deployed functions."""

from storepulse.endpoints import set_user_role

__all__ = ["set_user_role"]
