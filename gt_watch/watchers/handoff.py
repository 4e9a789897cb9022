"""Handing a watch event to the pipeline, for every watcher: what a failing consumer means
(logged, and the event counts as not handed on, so the watcher offers it again later).
Holds no watcher's state."""

from __future__ import annotations

import logging
from collections.abc import Callable

from gt_watch.model import WatchEvent

logger = logging.getLogger(__name__)

Sink = Callable[[WatchEvent], None]


def hand_over(sink: Sink, event: WatchEvent) -> bool:
    """Given the consumer of watch events and an event, hand it on; return False, having
    logged why, if the consumer failed."""
    try:
        sink(event)
    except Exception:
        logger.exception("the consumer of watch events failed on %s", event)
        return False
    return True
