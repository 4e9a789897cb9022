"""What `gt-watch status` says about each file and job: the next step, or what went wrong
and what to do. Pure."""

from __future__ import annotations

from gt_watch.model import JobState
from gt_watch.store.status import StatusRow

_NEXT: dict[str, str] = {
    JobState.SEEN: "checking the file",
    JobState.STABLE: "making the file reachable by URL",
    JobState.STAGED: "placing the order",
    JobState.ORDERING: "placing the order",
    JobState.IN_DOUBT: "checking whether the order reached GoTranscript",
    JobState.ORDERED: "waiting for GoTranscript",
    JobState.FINISHED: "fetching the results",
    JobState.FETCHED: "writing sidecars",
    JobState.DELIVERED: "done",
    JobState.SUPERSEDED: "the file changed before ordering; nothing was paid",
}
_FILE_STATES: dict[str, str] = {
    "seen": "checking the file",
    "held": "waiting for its folder's rules to be fixed",
    "rejected": "not ordered",
    "gone": "the file was removed",
}


def state_of(row: StatusRow) -> str:
    """The one-word state shown for a row."""
    if row.job_state is None:
        return row.file_state
    if row.delivery_state == "blocked":
        return "blocked"
    return row.job_state


def next_step(row: StatusRow) -> str:
    """The next step of a row, or the problem and what to do about it."""
    if row.job_state is None:
        detail = row.file_problem or ""
        base = _FILE_STATES.get(row.file_state, row.file_state)
        return f"{base}: {detail}" if detail else base
    if row.delivery_state == "blocked" and row.delivery_error:
        return row.delivery_error
    if row.job_state == JobState.QUOTED:
        price = f"{row.quote:.2f} USD" if row.quote is not None else "priced"
        return f"test mode: would cost {price}; set `mode: live` to order"
    if row.job_state in (JobState.NEEDS_ATTENTION, JobState.FAILED, JobState.REFUNDED):
        return row.job_error or row.job_state
    step = _NEXT.get(row.job_state, row.job_state)
    if row.job_error and row.job_state != JobState.DELIVERED:
        return f"{step} (last attempt: {row.job_error})"
    return step
