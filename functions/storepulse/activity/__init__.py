"""Activity: the admin feed (`adminActivityLog`) and the users' action trail (`userActionLog`)."""
