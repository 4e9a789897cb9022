"""The dependencies one pipeline step works with. One Context per thread (own Store)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from gt_watch.pipeline.ports import OrderApi, RulesSource, Settings
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.store import Store

log = logging.getLogger("gt_watch.pipeline")

# Job parameters that are gt-watch's own notes, never sent to the API.
PRIVATE_PREFIX = "@"
SCRIPT_PARAM = "@script"


@dataclass
class Context:
    store: Store
    api: OrderApi
    sources: SourceRouter
    rules: RulesSource
    settings: Settings
    clock: Callable[[], datetime]
