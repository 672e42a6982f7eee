"""The catalog: shops, affiliates and coupons, and customer registration."""
