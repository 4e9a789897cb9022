"""Noticing files: local folders (watchdog, quiet period, scans). Feeds the pipeline only.

Watchers hand `StableFile` and `RulesChanged` events (see `gt_watch.model`) to a sink; they
never read rules, order, or write files.
"""

from __future__ import annotations

from gt_watch.model import RulesChanged, StableFile, WatchEvent
from gt_watch.watchers.local import LocalWatcher
from gt_watch.watchers.names import RULES_FILE_NAME

__all__ = ["RULES_FILE_NAME", "LocalWatcher", "RulesChanged", "StableFile", "WatchEvent"]
