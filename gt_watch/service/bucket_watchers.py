"""The watchers of S3 watches, built from a Runtime: an S3Watcher (listings) per watch and a
QueueWatcher per event queue, feeding the engine. Constructs; the daemon starts and stops."""

from __future__ import annotations

from dataclasses import dataclass, field

from gt_watch.service.build import Runtime, s3_watches
from gt_watch.watchers import QueueWatcher, S3Watcher
from gt_watch.watchers.s3_pass import PassSettings
from gt_watch.watchers.s3_scope import BucketScope


@dataclass
class BucketWatchers:
    """Listers of every S3 watch and consumers of every event queue."""

    listers: list[S3Watcher] = field(default_factory=list)
    queues: list[QueueWatcher] = field(default_factory=list)

    def start(self) -> None:
        for lister in self.listers:
            lister.start()
        for queue in self.queues:
            queue.start()

    def stop(self) -> None:
        for queue in self.queues:
            queue.stop()
        for lister in self.listers:
            lister.stop()

    def dead(self) -> list[str]:
        """The watch roots and queue URLs whose thread no longer runs."""
        return [lister.root for lister in self.listers if not lister.alive()] + [
            queue.queue_url for queue in self.queues if not queue.alive()
        ]

    def all(self) -> list[S3Watcher | QueueWatcher]:
        """Every watcher, for the liveness report."""
        return [*self.listers, *self.queues]

    def problems(self) -> list[str]:
        """What keeps a watch from listing or a queue from being read right now."""
        found = [f"{lister.root}: {why}" for lister in self.listers if (why := lister.problem())]
        return found + [trouble for queue in self.queues if (trouble := queue.problem())]


def bucket_watchers(runtime: Runtime) -> BucketWatchers:
    """Given the runtime, return the watchers of its S3 watches (not started)."""
    built = BucketWatchers()
    for watch in s3_watches(runtime.config):
        built.listers.append(
            S3Watcher(
                BucketScope.of(watch.path, watch.output_prefix),
                runtime.buckets.by_root[watch.path],
                open_store=runtime.open_store,
                sink=runtime.engine.submit,
                list_interval=watch.list_interval,
                full_list_interval=watch.full_list_interval,
                settings=PassSettings(page_size=watch.list_page_size),
            )
        )
    for url, client in runtime.buckets.queues.items():
        routes = [
            lister
            for watch, lister in zip(s3_watches(runtime.config), built.listers, strict=True)
            if watch.sqs_queue_url == url
        ]
        built.queues.append(QueueWatcher(url, client, routes, open_store=runtime.open_store))
    return built
