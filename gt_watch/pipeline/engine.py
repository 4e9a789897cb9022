"""The scheduler: turns events and due jobs into pipeline steps on a small worker pool.

Watchers and the callback receiver only `submit` events or `wake` the engine; `tick` does one
pass over everything that is due, and `settled` says whether every job has settled (the
daemon's main loop calls both). One job (or one file) is never worked on by two threads at
once, and every worker thread has its own Context (its own database connection).
"""

from __future__ import annotations

import contextlib
import posixpath
import queue
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from types import MappingProxyType

from gt_watch.errors import GtWatchError
from gt_watch.model import (
    JobState,
    ObjectSeen,
    RulesChanged,
    RulesObjectChanged,
    StableFile,
    WatchEvent,
)
from gt_watch.pipeline import tracking
from gt_watch.pipeline.chain import plan_children
from gt_watch.pipeline.context import Context, log, try_again_later
from gt_watch.pipeline.delivery import deliver
from gt_watch.pipeline.fetching import fetch
from gt_watch.pipeline.intake import HELD, IGNORED, file_version, intake, plan
from gt_watch.pipeline.ordering import place, stage
from gt_watch.pipeline.reconcile import in_doubt_jobs, reconcile
from gt_watch.pipeline.replan import replan
from gt_watch.pipeline.sources import is_under
from gt_watch.store.rows import CallbackRecord, FileRecord, FileState, IntentRecord, JobRecord

_S = JobState
# States in which a job waits for gt-watch (or the vendor) to act: not settled.
ACTIVE = frozenset(
    {_S.STABLE, _S.STAGED, _S.ORDERING, _S.IN_DOUBT, _S.ORDERED, _S.FINISHED, _S.FETCHED}
)
# Files in these states are taken in again when seen, even unchanged: not yet planned, gone,
# or waiting for their rules to be fixed. Files in any other state only with a new version.
_TAKE_IN_AGAIN = frozenset({FileState.SEEN, FileState.GONE, HELD})
# File states that depend on the rules: judged again when the rules may have changed.
_RULED_OUT = (HELD, IGNORED)
# Files with jobs that a rules change may add to or take from (a gone file only loses some).
_PLANNED = (FileState.READY, FileState.GONE)
# States the scheduler acts on, with the step that moves them on.
_STEPS: dict[JobState, Callable[[Context, JobRecord], object]] = {
    _S.STABLE: stage,
    _S.STAGED: place,
    _S.ORDERED: tracking.check,
    _S.FINISHED: lambda ctx, job: _fetch_and_chain(ctx, job),
    _S.FETCHED: deliver,
}


def _fetch_and_chain(ctx: Context, job: JobRecord) -> JobRecord:
    fetched = fetch(ctx, job)
    if fetched.state is _S.FETCHED and fetched.revision == 1:
        plan_children(ctx, fetched)
    return fetched


class Engine:
    """Runs the pipeline: events in, steps out, on `workers` threads."""

    def __init__(
        self,
        make_context: Callable[[], Context],
        *,
        workers: int = 4,
        on_rules_changed: Callable[[str], None] | None = None,
    ) -> None:
        self._make_context = make_context
        self._local = threading.local()
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gtw-step")
        self._in_flight: dict[str, Future[None]] = {}
        self._events: queue.SimpleQueue[WatchEvent] = queue.SimpleQueue()
        self._known: dict[str, str] = {}
        self._deferred: dict[str, Seen] = {}
        self._callback_retry: dict[int, datetime] = {}
        self._on_rules_changed = on_rules_changed
        self.wake = threading.Event()
        self.last_error: str | None = None
        self.progress = 0  # steps completed; the systemd watchdog watches it move

    # -- feeding ----------------------------------------------------------------------------

    def submit(self, event: WatchEvent) -> None:
        """Hand an event to the engine (any thread); it is handled on the next tick."""
        self._events.put(event)
        self.wake.set()

    def context(self) -> Context:
        """The calling thread's Context, created on first use."""
        ctx: Context | None = getattr(self._local, "ctx", None)
        if ctx is None:
            ctx = self._make_context()
            self._local.ctx = ctx
        return ctx

    # -- running ----------------------------------------------------------------------------

    def startup(self) -> None:
        """Before watching: learn the known files; judge again the files the rules held back
        or passed over (the rules may have changed while gt-watch was stopped); and settle
        orders left in doubt by a crash."""
        ctx = self.context()
        for source, version, state in ctx.store.files.versions_and_states():
            if state not in _TAKE_IN_AGAIN:
                self._known[source] = version
            if state in _RULED_OUT:
                self._dispatch(f"file:{source}", partial(_plan_again, source=source))
        for intent, job in in_doubt_jobs(ctx):
            log.warning(
                "order left in doubt by an interrupted run; reconciling", extra={"job": job.id}
            )
            self._guard(f"job:{job.id}", partial(_reconcile, intent_job=(intent, job)))

    def known_versions(self) -> Mapping[str, str]:
        """{source: version} of the files taken in, which the engine takes in again only
        with another version. A read-only view that intake steps add to: a lookup is safe
        from any thread (the daemon's watchers ask it before handing a file on); iterate it
        only after `startup` and before any event is submitted."""
        return MappingProxyType(self._known)

    def tick(self) -> None:
        """One pass: reap finished steps, handle queued events, start every due step."""
        self._reap()
        self._drain_events()
        ctx = self.context()
        now = ctx.clock()
        for callback in ctx.store.inbox.unprocessed():
            if self._callback_retry.get(callback.id, now) <= now:
                self._dispatch(f"job:{callback.job_id}", partial(self._callback, callback=callback))
        for job in ctx.store.jobs.due(set(_STEPS), now):
            self._dispatch(f"job:{job.id}", partial(_step, job_id=job.id))
        for job in ctx.store.jobs.due({_S.IN_DOUBT}, now):
            self._dispatch(f"job:{job.id}", partial(_reconcile_later, job_id=job.id))

    def busy(self) -> bool:
        """Whether a step is running right now."""
        self._reap()
        return bool(self._in_flight)

    def settled(self) -> bool:
        """True when nothing is queued, running or waiting: every job has settled."""
        self._reap()
        if not self._events.empty() or self._in_flight or self._deferred:
            return False
        ctx = self.context()
        return not ctx.store.jobs.in_states(ACTIVE) and not ctx.store.inbox.unprocessed()

    def shutdown(self, timeout: float | None = None) -> bool:
        """Start no new steps; wait for running ones (up to `timeout`); return whether all
        finished."""
        futures = list(self._in_flight.values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        return all(_wait(future, timeout) for future in futures)

    # -- internals --------------------------------------------------------------------------

    def _drain_events(self) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            if isinstance(event, RulesChanged):
                self._rules_changed(str(event.path.parent))
                continue
            if isinstance(event, RulesObjectChanged):
                self._rules_changed(posixpath.dirname(event.source))
                continue
            seen = _seen(event)
            if self._known.get(seen.source) == seen.version:
                continue  # a rescan saw a file that has not changed
            self._deferred[seen.source] = seen
        # A file whose earlier version is still being taken in waits for that to finish
        # (never two intakes of one file at once, and never a version dropped).
        for source, seen in list(self._deferred.items()):
            if f"file:{source}" not in self._in_flight:
                del self._deferred[source]
                self._dispatch(f"file:{source}", partial(self._intake, seen=seen))

    def _intake(self, ctx: Context, *, seen: Seen) -> None:
        intake(ctx, seen.source, seen.watch_root, seen.size, seen.version)
        record = ctx.store.files.by_source(seen.source)
        if record is not None and record.state != HELD:
            self._known[record.source] = record.version

    def _rules_changed(self, folder: str) -> None:
        """A rules file changed in `folder` (a path or `s3://bucket/prefix`)."""
        if self._on_rules_changed:
            self._on_rules_changed(folder)
        self.replan_under(folder)

    def replan_under(self, folder: str) -> None:
        """Judge the known files under `folder` again by the rules in force (they changed):
        the ruled-out are planned again; the ready get what the rules ask for now, and
        they and the gone stop pursuing what the rules no longer ask for. Call it from the
        thread that ticks."""
        ctx = self.context()
        for state in _RULED_OUT:
            for record in ctx.store.files.in_state(state):
                if is_under(record.source, folder):
                    self._known.pop(record.source, None)
                    self._dispatch(f"file:{record.source}", partial(_plan, record=record))
        for state in _PLANNED:
            for record in ctx.store.files.in_state(state):
                if is_under(record.source, folder):
                    self._dispatch(f"file:{record.source}", partial(_replan, source=record.source))

    def _callback(self, ctx: Context, *, callback: CallbackRecord) -> None:
        """Act on a callback; one whose handling fails waits before the next try, instead of
        being tried again on every pass (polling covers its order meanwhile)."""
        try:
            tracking.process_callback(ctx, callback=callback)
        except Exception:
            self._callback_retry[callback.id] = ctx.retry_at()
            raise
        self._callback_retry.pop(callback.id, None)

    def _dispatch(self, key: str, work: Callable[[Context], object]) -> None:
        if key in self._in_flight:
            return
        with contextlib.suppress(RuntimeError):  # shutting down: start nothing new
            future = self._executor.submit(self._guard, key, work)
            self._in_flight[key] = future
            # Wake the loop once the future is done, not from inside the step: woken
            # earlier, the next tick could still find the key in flight and skip the job's
            # next step until the loop's timeout.
            future.add_done_callback(self._wake)

    def _guard(self, key: str, work: Callable[[Context], object]) -> None:
        """Run one step; a failure is logged and kept for status, never kills the worker."""
        try:
            work(self.context())
            self.progress += 1
        except GtWatchError as error:
            self.last_error = str(error)
            log.error("%s: %s", key, error)
        except Exception as error:  # noqa: BLE001 - a bug in one step must not stop the daemon
            self.last_error = f"internal error: {error}"
            log.exception("%s failed", key)

    def _wake(self, _: Future[None]) -> None:
        self.wake.set()

    def _reap(self) -> None:
        for key, future in list(self._in_flight.items()):
            if future.done():
                del self._in_flight[key]


@dataclass(frozen=True, slots=True)
class Seen:
    """A file or object to take in, whatever watched it."""

    source: str
    watch_root: str
    size: int
    version: str


def _seen(event: StableFile | ObjectSeen) -> Seen:
    if isinstance(event, ObjectSeen):
        return Seen(event.source, event.watch_root, event.size, event.etag)
    version = file_version(event.size, event.mtime_ns)
    return Seen(str(event.path), str(event.watch_root), event.size, version)


def _step(ctx: Context, *, job_id: str) -> None:
    job = ctx.store.jobs.get(job_id)
    step = _STEPS.get(job.state)
    if step is None:
        return
    try:
        step(ctx, job)
    except Exception as error:
        # Left due, a failed step is tried again on every tick and most likely fails again,
        # as fast as the loop turns (each try reading the order from the API): wait first.
        reason = str(error) if isinstance(error, GtWatchError) else f"internal error: {error}"
        try_again_later(ctx, job_id, reason)
        raise


def _plan(ctx: Context, *, record: FileRecord) -> None:
    plan(ctx, record)


def _replan(ctx: Context, *, source: str) -> None:
    record = ctx.store.files.by_source(source)
    if record is not None and record.state in _PLANNED:
        replan(ctx, record)


def _plan_again(ctx: Context, *, source: str) -> None:
    record = ctx.store.files.by_source(source)
    if record is not None and record.state in _RULED_OUT:
        plan(ctx, record)


def _reconcile(ctx: Context, *, intent_job: tuple[IntentRecord, JobRecord]) -> None:
    reconcile(ctx, *intent_job, startup=True)


def _reconcile_later(ctx: Context, *, job_id: str) -> None:
    for intent, job in in_doubt_jobs(ctx):
        if job.id == job_id:
            settled = reconcile(ctx, intent, job, startup=False)
            if settled.state is _S.IN_DOUBT:
                retry_at = ctx.clock() + timedelta(seconds=ctx.settings.reconcile_grace / 4)
                ctx.store.jobs.update(job.id, next_check_at=retry_at)


def _wait(future: Future[None], timeout: float | None) -> bool:
    try:
        future.result(timeout=timeout)
    except Exception:  # noqa: BLE001 - already logged by _guard; only completion matters here
        return future.done()
    return True
