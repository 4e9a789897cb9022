"""How a file is cut into parts: contiguous, S3-sized, never more than 10,000."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gt_watch.errors import StorageError
from gt_watch.storage.multipart import Part, plan_parts
from gt_watch.storage.s3_settings import (
    MAX_OBJECT_SIZE,
    MAX_PART_SIZE,
    MAX_PARTS,
    MIB,
    MIN_PART_SIZE,
)


def test_file_is_cut_into_parts_of_the_wished_size_and_a_shorter_last_part() -> None:
    parts = plan_parts(11 * MIB + 7, 5 * MIB)

    assert parts == (
        Part(1, 0, 5 * MIB),
        Part(2, 5 * MIB, 5 * MIB),
        Part(3, 10 * MIB, MIB + 7),
    )


def test_empty_file_is_one_empty_part() -> None:
    assert plan_parts(0, 16 * MIB) == (Part(1, 0, 0),)


def test_part_size_below_the_s3_minimum_is_raised_to_it() -> None:
    assert plan_parts(12 * MIB, MIB)[0].length == MIN_PART_SIZE


def test_parts_grow_so_that_a_huge_file_needs_at_most_10000_of_them() -> None:
    parts = plan_parts(200 * 1024 * MIB, 8 * MIB)

    assert len(parts) == MAX_PARTS
    assert sum(part.length for part in parts) == 200 * 1024 * MIB


def test_file_larger_than_an_s3_object_can_hold_is_refused_with_its_size() -> None:
    with pytest.raises(StorageError, match=r"more than an S3 object can hold \(5 TiB\)"):
        plan_parts(MAX_OBJECT_SIZE + 1, 16 * MIB)


@given(
    size=st.integers(min_value=1, max_value=MAX_OBJECT_SIZE),
    part_size=st.integers(min_value=1, max_value=MAX_PART_SIZE),
)
def test_parts_cover_every_byte_once_in_order_within_s3_limits(size: int, part_size: int) -> None:
    parts = plan_parts(size, part_size)

    assert len(parts) <= MAX_PARTS
    assert [part.number for part in parts] == list(range(1, len(parts) + 1))
    assert parts[0].offset == 0
    for before, after in itertools.pairwise(parts):
        assert after.offset == before.offset + before.length
        assert MIN_PART_SIZE <= before.length <= MAX_PART_SIZE
    assert parts[-1].offset + parts[-1].length == size
