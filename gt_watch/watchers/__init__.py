"""Noticing files: local folders (watchdog, quiet period, scans) and S3 buckets (listings,
event queues). Feeds the pipeline only.

Watchers hand `StableFile`, `ObjectSeen`, `RulesChanged` and `RulesObjectChanged` events
(see `gt_watch.model`) to a sink; they never read rules, order, or write files.
"""

from __future__ import annotations

from gt_watch.model import RulesChanged, StableFile, WatchEvent
from gt_watch.watchers.local import LocalWatcher
from gt_watch.watchers.names import RULES_FILE_NAME
from gt_watch.watchers.s3 import S3Watcher
from gt_watch.watchers.s3_queue import QueueWatcher

__all__ = [
    "RULES_FILE_NAME",
    "LocalWatcher",
    "QueueWatcher",
    "RulesChanged",
    "S3Watcher",
    "StableFile",
    "WatchEvent",
]
