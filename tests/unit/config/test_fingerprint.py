"""An order rule's fingerprint: what is bought, not where or how it is written."""

from __future__ import annotations

import dataclasses

from gt_watch.config.fingerprint import rule_fingerprint
from gt_watch.model import Mode, OrderKind, OrderRule

CAPTIONS = OrderRule(
    name="english-captions",
    kind=OrderKind.CAPTIONS,
    params={"language": "english", "turnaround_time": "3_days"},
    mode=Mode.LIVE,
    outputs=("srt", "vtt"),
)


def test_the_fingerprint_does_not_change_between_releases() -> None:
    # Jobs are keyed by fingerprint: if this value changes, every file already ordered
    # would be ordered (and paid for) again after an upgrade. Change it only deliberately,
    # with FINGERPRINT_VERSION and a migration of the stored jobs.
    assert rule_fingerprint(CAPTIONS) == "6e0c4d99e777e8895fd8adc8be43a702"


def test_name_outputs_naming_and_mode_do_not_change_what_is_ordered() -> None:
    renamed = dataclasses.replace(
        CAPTIONS, name="other", outputs=("docx",), naming="{stem}.{ext}", mode=Mode.TEST
    )
    assert rule_fingerprint(renamed) == rule_fingerprint(CAPTIONS)


def test_parameters_change_what_is_ordered() -> None:
    german = dataclasses.replace(CAPTIONS, params={**CAPTIONS.params, "language": "german"})
    assert rule_fingerprint(german) != rule_fingerprint(CAPTIONS)


def test_a_default_written_out_is_the_same_order_as_the_default_left_out() -> None:
    implicit = dataclasses.replace(CAPTIONS, params={"language": "english"})
    explicit = dataclasses.replace(
        CAPTIONS,
        params={
            "language": "english",
            "turnaround_time": "5_days",
            "text_format": "clean_verbatim",
        },
    )
    assert rule_fingerprint(implicit) == rule_fingerprint(explicit)


def test_booleans_are_compared_by_meaning() -> None:
    proofreading = OrderRule(
        "p", OrderKind.PROOFREADING, {"language": "english", "captions": "1"}, Mode.TEST
    )
    spelled = dataclasses.replace(proofreading, params={"language": "english", "captions": "true"})
    assert rule_fingerprint(proofreading) == rule_fingerprint(spelled)


def test_a_chained_order_depends_on_its_parent() -> None:
    proofreading = OrderRule("p", OrderKind.PROOFREADING, {"language": "english"}, Mode.TEST)
    assert rule_fingerprint(proofreading, "parent-a") != rule_fingerprint(proofreading, "parent-b")


def test_the_script_of_a_forced_alignment_is_part_of_the_order() -> None:
    alignment = OrderRule(
        "a", OrderKind.FORCED_ALIGNMENT, {"language": "english"}, Mode.TEST, script="{stem}.txt"
    )
    other = dataclasses.replace(alignment, script="{stem}.script.txt")
    assert rule_fingerprint(alignment) != rule_fingerprint(other)
