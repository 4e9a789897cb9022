"""The job state machine as data: which transitions exist. Pure; the store enforces it.

A transition outside this table is a bug in gt-watch, and the store refuses it rather than
letting a job skip the exactly-once protocol (e.g. reach `ordered` without an intent).
"""

from __future__ import annotations

from collections.abc import Mapping

from gt_watch.model import JobState as S

TRANSITIONS: Mapping[S, frozenset[S]] = {
    S.SEEN: frozenset({S.STABLE, S.SUPERSEDED}),
    S.STABLE: frozenset({S.STAGED, S.NEEDS_ATTENTION, S.SUPERSEDED, S.FAILED}),
    S.STAGED: frozenset({S.ORDERING, S.STABLE, S.NEEDS_ATTENTION, S.SUPERSEDED}),
    S.ORDERING: frozenset({S.ORDERED, S.QUOTED, S.FAILED, S.IN_DOUBT, S.STAGED}),
    S.IN_DOUBT: frozenset({S.ORDERED, S.QUOTED, S.NEEDS_ATTENTION, S.STAGED}),
    S.ORDERED: frozenset({S.FINISHED, S.REFUNDED, S.NEEDS_ATTENTION}),
    # -> delivered: a repeated callback or re-delivery whose results did not change.
    S.FINISHED: frozenset({S.FETCHED, S.DELIVERED, S.REFUNDED, S.NEEDS_ATTENTION}),
    S.FETCHED: frozenset({S.DELIVERED, S.FINISHED, S.REFUNDED, S.NEEDS_ATTENTION}),
    S.DELIVERED: frozenset({S.FINISHED, S.FETCHED, S.REFUNDED}),
    S.REFUNDED: frozenset({S.STABLE}),
    # -> superseded (and from quoted): no file wants the job any more; nothing was paid.
    S.FAILED: frozenset({S.STABLE, S.SUPERSEDED}),
    S.QUOTED: frozenset({S.STABLE, S.SUPERSEDED}),
    S.NEEDS_ATTENTION: frozenset(
        {S.STABLE, S.STAGED, S.ORDERED, S.FINISHED, S.FETCHED, S.SUPERSEDED}
    ),
    # -> stable: a file has these bytes again (touched, or changed back); nothing was paid.
    S.SUPERSEDED: frozenset({S.STABLE}),
}

# States in which no money can be spent any more without a person's decision.
SETTLED: frozenset[S] = frozenset(
    {S.DELIVERED, S.QUOTED, S.REFUNDED, S.FAILED, S.NEEDS_ATTENTION, S.SUPERSEDED}
)
# States of a job whose order was never placed: superseded once no file wants it any more.
# `needs_attention` and `failed` count only for a job with no order id and no intent still
# open or placed (`IntentRepository.committed`): a guard stopped it, or GoTranscript refused.
NOT_ORDERED: frozenset[S] = frozenset(
    {S.SEEN, S.STABLE, S.STAGED, S.QUOTED, S.FAILED, S.NEEDS_ATTENTION, S.SUPERSEDED}
)
# States whose order may have been placed: the money is (or may be) spent.
SPENDING: frozenset[S] = frozenset(
    {S.ORDERING, S.IN_DOUBT, S.ORDERED, S.FINISHED, S.FETCHED, S.DELIVERED}
)


def allowed(source: S, target: S) -> bool:
    """Given two states, return whether a job may move from the first to the second."""
    return target in TRANSITIONS[source]
