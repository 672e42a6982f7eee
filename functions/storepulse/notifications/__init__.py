"""The notification centre: one notification per source event, exact unread and unseen counts."""
