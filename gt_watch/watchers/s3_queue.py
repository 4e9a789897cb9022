"""QueueWatcher: S3 event notifications from an SQS queue, handed to the S3 watches they
concern. The fast path next to listing; listing stays the source of truth.

Messages are S3 notifications (`Records` with URL-encoded keys, `+` for a space), the same
wrapped in an SNS envelope, or EventBridge events (plain keys). A notification is a hint:
the watch looks at the object itself (so repeated and out-of-order events are harmless:
what counts is the object as it is now), deletion events are ignored, and a message is
deleted from the queue only after everything it named was handed on. A message that
cannot be read is logged and deleted (listing covers what it meant). One consumer per
queue, so that watches sharing a queue do not take each other's messages.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from botocore.exceptions import BotoCoreError, ClientError

from gt_watch.errors import GtWatchError
from gt_watch.store import Store
from gt_watch.watchers.s3 import S3Watcher

logger = logging.getLogger(__name__)

WAIT_SECONDS = 20  # SQS long polling: at most 20 s per receive
RETRY_INTERVAL = 10.0
JOIN_TIMEOUT = 1.0  # a long poll under way is not waited for: its messages come back


@dataclass(frozen=True, slots=True)
class ObjectEvent:
    """An object a notification names: its bucket, key (decoded) and whether it was created
    (or overwritten), as opposed to deleted."""

    bucket: str
    key: str
    created: bool


def object_events(body: str) -> list[ObjectEvent]:
    """Given an SQS message body, return the object events it carries ([] for S3's test
    event). Raise ValueError if it is no S3 notification gt-watch understands."""
    data = json.loads(body)
    if isinstance(data, dict) and data.get("Type") == "Notification" and "Message" in data:
        data = json.loads(data["Message"])  # delivered through SNS
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("Event") == "s3:TestEvent":
        return []
    if "detail-type" in data:
        return [_eventbridge_event(data)]
    records = data.get("Records")
    if not isinstance(records, list):
        raise ValueError("no Records")
    return [_notification_event(record) for record in records]


def _notification_event(record: Any) -> ObjectEvent:
    name = str(record["eventName"])
    s3 = record["s3"]
    # Keys arrive URL-encoded, with `+` for a space (a real `+` is %2B).
    key = unquote_plus(str(s3["object"]["key"]))
    return ObjectEvent(str(s3["bucket"]["name"]), key, name.startswith("ObjectCreated"))


def _eventbridge_event(data: dict[str, Any]) -> ObjectEvent:
    detail = data["detail"]
    created = str(data["detail-type"]) == "Object Created"
    return ObjectEvent(str(detail["bucket"]["name"]), str(detail["object"]["key"]), created)


class QueueWatcher:
    """Consume one SQS queue (`client`: a boto3 SQS client) for the S3 watches in `routes`.
    `open_store` opens a connection to the state database for the consumer's thread."""

    def __init__(
        self,
        queue_url: str,
        client: Any,
        routes: Sequence[S3Watcher],
        *,
        open_store: Callable[[], Store],
        wait_seconds: int = WAIT_SECONDS,
    ) -> None:
        self.queue_url = queue_url
        self._client = client
        self._routes = sorted(routes, key=lambda watcher: len(watcher.root), reverse=True)
        self._open_store = open_store
        self._wait_seconds = wait_seconds
        self._stopping = threading.Event()
        self._started = False
        self._problem: str | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"gt-watch queue {queue_url}", daemon=True
        )

    def start(self) -> None:
        if self._started:
            raise RuntimeError("a QueueWatcher starts once; create a new one to watch again")
        self._started = True
        self._thread.start()

    def stop(self) -> None:
        """Stop consuming. A long poll under way is abandoned (the thread is a daemon):
        what it receives is not handled, and SQS delivers it again after its visibility
        timeout."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(JOIN_TIMEOUT)

    def alive(self) -> bool:
        return self._started and not self._stopping.is_set() and self._thread.is_alive()

    @property
    def root(self) -> str:
        """What the service's liveness report names this watcher by: the queue's URL."""
        return self.queue_url

    def threads(self) -> list[threading.Thread]:
        return [self._thread]

    def problem(self) -> str | None:
        """Return why the queue cannot be read right now, or None."""
        return self._problem

    def handle(self, message: dict[str, Any], store: Store) -> bool:
        """Given one received message, hand on every object it names; return whether it
        may be deleted (False: something failed, let SQS deliver it again)."""
        try:
            events = object_events(str(message.get("Body", "")))
        except (ValueError, KeyError, TypeError) as error:
            logger.warning(
                "ignoring a message of %s that is no S3 event notification (%s): %.200s",
                self.queue_url,
                error,
                message.get("Body", ""),
            )
            return True
        try:
            for event in events:
                watcher = self._route(event)
                if event.created and watcher is not None:
                    watcher.offer(event.key, store)
        except GtWatchError as error:
            logger.warning("keeping a queued event for later: %s", error)
            return False
        except Exception:  # whatever failed, the message must come back
            logger.exception("keeping a queued event for later")
            return False
        return True

    def _route(self, event: ObjectEvent) -> S3Watcher | None:
        for watcher in self._routes:
            scope = watcher.scope
            if scope.bucket == event.bucket and event.key.startswith(scope.prefix):
                return watcher
        return None

    def _run(self) -> None:
        try:
            with self._open_store() as store:
                while not self._stopping.is_set():
                    self._receive_once(store)
        except Exception:
            logger.exception("the consumer of %s stopped after an unexpected error", self.queue_url)

    def _receive_once(self, store: Store) -> None:
        try:
            answer = self._client.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=self._wait_seconds,
            )
        except (ClientError, BotoCoreError) as error:
            self._set_problem(f"cannot read the event queue {self.queue_url}: {error}")
            self._stopping.wait(RETRY_INTERVAL)
            return
        self._set_problem(None)
        if self._stopping.is_set():
            return  # the pipeline stops too: unhandled, these messages come back to the next run
        done = [
            {"Id": str(number), "ReceiptHandle": message["ReceiptHandle"]}
            for number, message in enumerate(answer.get("Messages", ()))
            if self.handle(message, store)
        ]
        if done:
            self._delete(done)

    def _delete(self, entries: list[dict[str, str]]) -> None:
        try:
            answer = self._client.delete_message_batch(QueueUrl=self.queue_url, Entries=entries)
        except (ClientError, BotoCoreError) as error:
            # Harmless: the messages come back and are handed on again (repeats are fine).
            logger.warning("could not delete handled messages from %s: %s", self.queue_url, error)
            return
        for failed in answer.get("Failed", ()):
            logger.warning("could not delete a handled message: %s", failed.get("Message"))

    def _set_problem(self, problem: str | None) -> None:
        before, self._problem = self._problem, problem
        if problem is not None and problem != before:
            logger.error("%s", problem)
        elif problem is None and before is not None:
            logger.info("reading the event queue %s works again", self.queue_url)
