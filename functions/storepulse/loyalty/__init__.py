"""Loyalty by QR (seed 002): signed single-use QR tokens, customer-approved enrollment, a points
ledger, deductions the customer approves, platform tiers."""
