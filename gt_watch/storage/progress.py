"""Progress of one upload as a single monotonic byte count, whatever the parts and retries.
Must not know about files or HTTP."""

from __future__ import annotations

import threading

from gt_watch.storage import ProgressCallback


class ProgressTally:
    """Bytes sent across parallel parts, reported as one total that never goes back.

    A part that is retried restarts from zero; its high-water mark is kept, so the total
    neither drops nor counts the part twice.
    """

    def __init__(self, report: ProgressCallback | None) -> None:
        self._report = report
        self._sent_per_part: dict[int, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return self._total

    def update(self, part_number: int, sent_in_part: int) -> None:
        """Given a part and the bytes sent of it so far, report the new total if it grew."""
        with self._lock:
            before = self._sent_per_part.get(part_number, 0)
            if sent_in_part <= before:
                return
            self._sent_per_part[part_number] = sent_in_part
            self._total += sent_in_part - before
            if self._report is not None:
                # Reporting under the lock keeps the totals seen by the callback in order.
                self._report(self._total)
