"""Named crash points for crash tests: `GT_WATCH_FAILPOINT=name` makes the process kill
itself with SIGKILL when it reaches `failpoint(name)`; `GT_WATCH_FAILPOINT=name:SIGTERM` (any
signal's name) sends that signal to the process there instead and goes on, so that a test can
stop the daemon at an exact point of its work. Inert otherwise (one dict lookup).

Crash tests run the real daemon in a subprocess with a failpoint set and check that a restart
settles what the crash left (DESIGN.md section 9). The points sit where a crash is most
dangerous: just before and just after an order POST, between writing a sidecar and
recording it, and in the middle of an S3 listing once its position was persisted past
objects the pipeline took in (`after-listing-position`).
"""

from __future__ import annotations

import os
import signal

VARIABLE = "GT_WATCH_FAILPOINT"


def failpoint(name: str) -> None:
    """Kill this process (SIGKILL, no cleanup) if the failpoint `name` is armed, or send it
    the signal the failpoint names (`name:SIGTERM`)."""
    armed = os.environ.get(VARIABLE)
    if not armed:
        return
    point, _, action = armed.partition(":")
    if point == name:
        os.kill(os.getpid(), signal.Signals[action] if action else signal.SIGKILL)
