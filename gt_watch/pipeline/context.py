"""The dependencies one pipeline step works with. One Context per thread (own Store)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gt_watch.pipeline.ports import OrderApi, RulesSource, Settings, UploadProgress
from gt_watch.pipeline.sources import SourceRouter
from gt_watch.store import Store
from gt_watch.store.rows import JobRecord

log = logging.getLogger("gt_watch.pipeline")

# Job parameters that are gt-watch's own notes, never sent to the API.
PRIVATE_PREFIX = "@"
SCRIPT_PARAM = "@script"


class SilentUploads:
    """An `UploadProgress` that shows nothing: the default of tests and embedders."""

    @contextmanager
    def track(self, name: str, size: int | None) -> Iterator[Callable[[int], None]]:
        yield lambda sent: None


@dataclass
class Context:
    store: Store
    api: OrderApi
    sources: SourceRouter
    rules: RulesSource
    settings: Settings
    clock: Callable[[], datetime]
    uploads: UploadProgress = field(default_factory=SilentUploads)

    def retry_at(self) -> datetime:
        """When a step that could not go on for a passing reason is tried again."""
        return self.clock() + timedelta(seconds=self.settings.stage_retry)


def try_again_later(ctx: Context, job_id: str, error: str) -> JobRecord:
    """Given a job whose step could not go on for a passing reason, record why and leave it
    in its state until `retry_at`; return it as it is then."""
    ctx.store.jobs.update(job_id, error=error, next_check_at=ctx.retry_at())
    return ctx.store.jobs.get(job_id)
