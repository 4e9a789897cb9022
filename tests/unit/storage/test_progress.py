"""Progress of parallel, retried parts as one total that never goes back."""

from __future__ import annotations

from gt_watch.storage.progress import ProgressTally


def test_bytes_of_several_parts_add_up() -> None:
    seen: list[int] = []
    tally = ProgressTally(seen.append)

    tally.update(1, 100)
    tally.update(2, 50)
    tally.update(1, 200)

    assert seen == [100, 150, 250]
    assert tally.total == 250


def test_retried_part_neither_lowers_the_total_nor_counts_twice() -> None:
    seen: list[int] = []
    tally = ProgressTally(seen.append)

    tally.update(1, 300)
    tally.update(1, 100)  # the retry starts over
    tally.update(1, 300)
    tally.update(1, 400)

    assert seen == [300, 400]


def test_without_a_callback_the_total_is_still_kept() -> None:
    tally = ProgressTally(None)

    tally.update(3, 42)

    assert tally.total == 42
