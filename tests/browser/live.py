"""How long a browser test waits for a page to change by itself (a listener's update, no reload).

A wait, not a speed goal: how fast an update reaches a listener is measured by `scripts/bench`
(its latency section, beside its floor). On the two-core CI machine, with Chromium beside the
emulators late in the run, a listener's update has taken over 3 s; a page that does not update
without a reload still fails once this wait is over."""

LIVE_UPDATE_MS = 10_000
