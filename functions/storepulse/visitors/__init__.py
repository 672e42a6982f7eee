"""Live visitors, checkout funnel and payment errors for sellers (seed 001)."""
