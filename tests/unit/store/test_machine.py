"""The job state machine table: the paths the pipeline takes must exist in it."""

from __future__ import annotations

from gt_watch.model import JobState
from gt_watch.store.machine import allowed


def test_a_redelivery_whose_results_did_not_change_returns_from_finished_to_delivered() -> None:
    # tracking: delivered -> finished (callback again); fetching: results unchanged.
    assert allowed(JobState.DELIVERED, JobState.FINISHED)
    assert allowed(JobState.FINISHED, JobState.DELIVERED)
