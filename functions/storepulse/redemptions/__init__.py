"""Redemptions: redeeming coupons and reversing redemptions, every effect in one transaction."""
