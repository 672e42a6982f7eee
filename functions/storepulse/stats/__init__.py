"""Live stats: sharded counters per scope (platform, shop, affiliate), read whole by their role."""
