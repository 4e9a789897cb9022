"""What `gt-watch status` says about each file and job: the next step, or what went wrong
and what to do. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gt_watch.model import JobState
from gt_watch.store.rows import DeliveryState
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
    JobState.SUPERSEDED: (
        "not ordered: its file changed, or its rules stopped asking for it; nothing was paid"
    ),
}
_NOT_FOR_THIS_FILE = "not for this file any more: it changed, or its rules stopped asking"
_UNWANTED = "its rules no longer ask for this order (placed before they changed: still delivered)"
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
    if row.delivery_state in (DeliveryState.BLOCKED, DeliveryState.SUPERSEDED):
        return row.delivery_state
    return row.job_state


def is_superseded(row: StatusRow) -> bool:
    """Whether a row is a job its file no longer wants: superseded, or its results are
    not for this file (it changed). Hidden from `gt-watch status` unless --all."""
    return state_of(row) == JobState.SUPERSEDED


def shown_rows(rows: Sequence[StatusRow], *, show_all: bool) -> tuple[list[StatusRow], int]:
    """Given the status rows, return those to show and how many superseded ones are left
    out (none with `show_all`)."""
    if show_all:
        return list(rows), 0
    shown = [row for row in rows if not is_superseded(row)]
    return shown, len(rows) - len(shown)


def hidden_note(hidden: int) -> str:
    """The line saying how many superseded rows `gt-watch status` left out."""
    return (
        f"{_count(hidden, 'superseded job')} not shown (a file changed, or its rules stopped "
        "asking before the order was placed); `gt-watch status --all` lists everything."
    )


def next_step(row: StatusRow) -> str:
    """The next step of a row, or the problem and what to do about it."""
    step = _step(row)
    return f"{step}; {_UNWANTED}" if row.unwanted and row.job_id is not None else step


def _step(row: StatusRow) -> str:
    if row.job_state is None:
        detail = row.file_problem or ""
        base = _FILE_STATES.get(row.file_state, row.file_state)
        return f"{base}: {detail}" if detail else base
    if row.delivery_state == DeliveryState.BLOCKED and row.delivery_error:
        return row.delivery_error
    if row.delivery_state == DeliveryState.SUPERSEDED and row.job_state != JobState.SUPERSEDED:
        return row.delivery_error or _NOT_FOR_THIS_FILE
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
