"""Fills in `platform/ports.py`: each port with the function of the package that owns its records.

Imported by `storepulse/__init__.py`, so the ports are filled before any domain code runs, whichever
module a caller (a deployed function, a script, a test) imports first.
"""

from __future__ import annotations

from storepulse.activity.actions import log_user_action
from storepulse.activity.feed import log_admin_activity
from storepulse.analytics.store import count_role_change
from storepulse.catalog.store import owner_name
from storepulse.notifications.publish import publish_role_notice
from storepulse.platform import ports
from storepulse.stats.counters import open_scope
from storepulse.stats.registration import count_registration, registration_markers
from storepulse.visitors.store import anonymous_online

ports.install(
    ports.Ports(
        admin_feed=log_admin_activity,
        user_trail=log_user_action,
        role_notice=publish_role_notice,
        role_counters=count_role_change,
        open_scope=open_scope,
        registration_markers=registration_markers,
        count_registration=count_registration,
        owner_name=owner_name,
        anonymous_online=anonymous_online,
    )
)
