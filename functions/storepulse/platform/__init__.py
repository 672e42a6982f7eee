"""Shared machinery every capability builds on: callables, errors, models, transactions, counters."""
