"""What `gt-watch status` says about each file and job: the next step, or what went wrong
and what to do. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

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


def shown_source(row: StatusRow) -> str:
    """A row's file as a person finds it in the watched folder: relative to its watch root
    (`interviews/ana.wav`), or whole if it lies elsewhere."""
    root = row.watch_root.rstrip("/")
    if root and row.source.startswith(root + "/"):
        return row.source[len(root) + 1 :]
    return row.source


def summary(rows: Sequence[StatusRow], spent_today: float) -> str:
    """Given the status rows and the live money spent since midnight UTC, return the line
    under the table: files, jobs by state (most frequent first), and today's spending."""
    files = len({row.source for row in rows})
    states = Counter(state_of(row) for row in _one_row_per_job(rows))
    jobs = sum(states.values())
    text = f"{_count(files, 'file')}, {_count(jobs, 'job')}"
    if states:
        text += ": " + ", ".join(f"{count} {state}" for state, count in states.most_common())
    return f"{text}. Spent today: {spent_today:.2f} USD (live orders since 00:00 UTC)."


def _one_row_per_job(rows: Sequence[StatusRow]) -> list[StatusRow]:
    """A job delivering to several files (copies of one content) counts once."""
    by_job: dict[str, StatusRow] = {}
    for row in rows:
        if row.job_id is not None:
            by_job.setdefault(row.job_id, row)
    return list(by_job.values())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
