"""Live orders (seed 004): a status machine that never goes backwards, timeline, delivery, statistics."""
