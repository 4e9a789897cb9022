"""The daemon's Prometheus metrics, served as `GET /metrics` in the text format. Counts and
reads; must not change the database or steer the daemon.

Two kinds of figures. Those about jobs, orders and money are read from the state database at
every scrape, so they are the truth across restarts (`store.tallies`). Those about this
process (callbacks received, bytes uploaded, errors, the main loop's passes) are process
counters that start at 0 with each start, as Prometheus counters do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

import httpx
from prometheus_client import CollectorRegistry, Counter, disable_created_metrics
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.registry import Collector

from gt_watch.service.liveness import Heartbeat
from gt_watch.store import Store
from gt_watch.store.tallies import Tallies
from gt_watch.watchers import LocalWatcher

CONTENT_TYPE = CONTENT_TYPE_LATEST
CALLBACK_OUTCOMES = ("received", "duplicate", "rejected")


class Metrics:
    """Every metric of one daemon, in a registry of its own."""

    def __init__(
        self,
        store: Callable[[], Store],
        watchers: Callable[[], Sequence[LocalWatcher]],
        heartbeat: Heartbeat,
        steps: Callable[[], int],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Given the calling thread's store, the watchers, the main loop's heartbeat and
        the count of pipeline steps completed."""
        # `*_created` series would double the output for nothing.
        disable_created_metrics()  # type: ignore[no-untyped-call]
        self.registry = CollectorRegistry(auto_describe=True)
        self.callbacks = Counter(
            "gt_watch_callbacks",
            "Callbacks from GoTranscript: received (stored; duplicates included), duplicate "
            "(same job and fields as one stored before), rejected (wrong secret, unknown job, "
            "unreadable or too large).",
            ["outcome"],
            registry=self.registry,
        )
        for outcome in CALLBACK_OUTCOMES:
            self.callbacks.labels(outcome)
        self.upload_bytes = Counter(
            "gt_watch_upload_bytes",
            "Bytes of media uploaded to S3 storage (acknowledged PUT requests).",
            registry=self.registry,
        )
        self.errors = Counter(
            "gt_watch_errors",
            "Errors logged, by kind: the exception's class, or the part of gt-watch.",
            ["kind"],
            registry=self.registry,
        )
        self.registry.register(DatabaseCollector(store, clock))
        self.registry.register(ProcessCollector(watchers, heartbeat, steps))

    def count_callback(self, outcome: str) -> None:
        """The `counters` hook of `callbacks.callback_routes`."""
        self.callbacks.labels(outcome).inc()

    def count_upload(self, response: httpx.Response) -> None:
        """An httpx response hook of the storage client: count what a PUT delivered."""
        if response.request.method == "PUT" and response.is_success:
            length = response.request.headers.get("content-length", "")
            if length.isdigit():
                self.upload_bytes.inc(int(length))

    def render(self) -> bytes:
        """The text exposition of every metric."""
        return generate_latest(self.registry)


class DatabaseCollector(Collector):
    """Jobs by state, orders by kind and mode, and money, read from the state database."""

    FAMILIES = (
        "gt_watch_jobs",
        "gt_watch_orders",
        "gt_watch_spent_usd",
        "gt_watch_refunded_usd",
        "gt_watch_spent_today_usd",
    )

    def __init__(self, store: Callable[[], Store], clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def describe(self) -> Iterator[Metric]:
        """The families `collect` yields, without reading them: the registry asks for them
        at registration, when `collect` would read the whole jobs table (35 ms of a start
        over 100,000 jobs)."""
        for name in self.FAMILIES:
            yield GaugeMetricFamily(name, name)

    def collect(self) -> Iterator[Metric]:
        store = self._store()
        tallies = Tallies(store.database)
        jobs = GaugeMetricFamily("gt_watch_jobs", "Jobs by state.", labels=["state"])
        for state, count in tallies.jobs_by_state().items():
            jobs.add_metric([state.value], count)
        yield jobs
        orders = GaugeMetricFamily(
            "gt_watch_orders",
            "Jobs whose order GoTranscript accepted, by order kind and mode (live: placed "
            "and charged; test: priced).",
            labels=["kind", "mode"],
        )
        for (kind, mode), count in sorted(tallies.orders_by_kind_and_mode().items()):
            orders.add_metric([kind, mode], count)
        yield orders
        money = tallies.money()
        midnight = self._clock().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        yield GaugeMetricFamily(
            "gt_watch_spent_usd", "USD charged by live orders, refunds excluded.", value=money.spent
        )
        yield GaugeMetricFamily(
            "gt_watch_refunded_usd",
            "USD of live orders GoTranscript refunded.",
            value=money.refunded,
        )
        yield GaugeMetricFamily(
            "gt_watch_spent_today_usd",
            "USD charged (or possibly charged) by live orders since 00:00 UTC: what "
            "limits.max_per_day is compared with.",
            value=store.intents.spent_since(midnight),
        )


class ProcessCollector(Collector):
    """Watcher lag and health, and the main loop's passes, read from the running parts."""

    def __init__(
        self,
        watchers: Callable[[], Sequence[LocalWatcher]],
        heartbeat: Heartbeat,
        steps: Callable[[], int],
    ) -> None:
        self._watchers = watchers
        self._heartbeat = heartbeat
        self._steps = steps

    def collect(self) -> Iterator[Metric]:
        lag = GaugeMetricFamily(
            "gt_watch_watcher_lag_seconds",
            "Age of the oldest file still waiting for its quiet period, per watch.",
            labels=["watch"],
        )
        pending = GaugeMetricFamily(
            "gt_watch_watcher_pending_files",
            "Files waiting for their quiet period, per watch.",
            labels=["watch"],
        )
        up = GaugeMetricFamily(
            "gt_watch_watcher_up", "1 while every thread of a watch runs.", labels=["watch"]
        )
        for watcher in self._watchers():
            name = str(watcher.root)
            lag.add_metric([name], watcher.lag())
            pending.add_metric([name], watcher.pending())
            up.add_metric([name], 1 if watcher.alive() else 0)
        yield from (lag, pending, up)
        yield CounterMetricFamily(
            "gt_watch_main_loop_passes",
            "Passes of the main loop (at least one a second while it is healthy).",
            value=self._heartbeat.ticks,
        )
        yield CounterMetricFamily(
            "gt_watch_steps", "Pipeline steps completed by the workers.", value=self._steps()
        )
        yield GaugeMetricFamily(
            "gt_watch_main_loop_age_seconds",
            "Seconds since the main loop's last pass.",
            value=self._heartbeat.age(),
        )


class ErrorCounter(logging.Handler):
    """Counts the errors gt-watch logs by kind (attach to the `gt_watch` logger, where it
    sees each record before the output handler renders and redacts it)."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(logging.WARNING)
        self._counter = counter

    def emit(self, record: logging.LogRecord) -> None:
        kind = error_kind(record)
        if kind is not None:
            self._counter.labels(kind).inc()


def error_kind(record: logging.LogRecord) -> str | None:
    """Given a log record, return the kind of error it reports, or None if it reports none:
    every ERROR counts, a WARNING only when it carries an exception (a handled failure such
    as a storage error that will be retried). The kind is the exception's class name, or the
    part of gt-watch that logged (`gt_watch.rules` -> `rules`)."""
    exception = _exception_of(record)
    if record.levelno < logging.ERROR and exception is None:
        return None
    if exception is not None:
        return type(exception).__name__
    parts = record.name.split(".")
    return parts[1] if parts[0] == "gt_watch" and len(parts) > 1 else record.name


def _exception_of(record: logging.LogRecord) -> BaseException | None:
    if record.exc_info and record.exc_info[1] is not None:
        return record.exc_info[1]
    arguments: Sequence[object] = record.args if isinstance(record.args, tuple) else ()
    return next((value for value in arguments if isinstance(value, BaseException)), None)
