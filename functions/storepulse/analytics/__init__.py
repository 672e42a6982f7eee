"""The platform pulse (seed 003): public, live, aggregate-only figures for the sign-in page."""
