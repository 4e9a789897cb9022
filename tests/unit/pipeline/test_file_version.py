"""A local file's version string and back."""

from __future__ import annotations

import pytest

from gt_watch.pipeline.intake import file_version, parse_file_version


def test_a_local_file_version_gives_back_its_size_and_mtime() -> None:
    assert parse_file_version(file_version(1024, 1_700_000_000_123_456_789)) == (
        1024,
        1_700_000_000_123_456_789,
    )


@pytest.mark.parametrize("version", ['"9b2cf535f27731c974343645a3985328"', "12:", ":5", "a:b", ""])
def test_a_version_of_another_kind_is_not_a_local_files(version: str) -> None:
    assert parse_file_version(version) is None
