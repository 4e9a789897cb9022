from __future__ import annotations

import pytest

from gt_watch.watchers.s3_scope import BucketScope, KeyKind


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("in/a b.wav", KeyKind.CANDIDATE),
        ("in/ünï/tön.wav", KeyKind.CANDIDATE),
        ("in/c+d.wav", KeyKind.CANDIDATE),
        ("in/x/.gt-watch.yaml", KeyKind.RULES),
        ("in/.gt-watch.yaml", KeyKind.RULES),
        ("in/x/.gt-watch/backup/20260101T000000/a.en.srt", KeyKind.IGNORED),
        ("in/.hidden/a.wav", KeyKind.IGNORED),
        ("in/upload.wav.part", KeyKind.IGNORED),
        ("in/folder/", KeyKind.IGNORED),
        ("other/a.wav", KeyKind.IGNORED),
        ("in/../etc/passwd", KeyKind.UNSAFE),
        ("in/bell\x07.wav", KeyKind.UNSAFE),
        ("in/.gt-watch.yml", KeyKind.MISNAMED_RULES),
        ("in/x/gt-watch.yaml", KeyKind.MISNAMED_RULES),
        ("in/.hidden/gt-watch.yml", KeyKind.IGNORED),
    ],
)
def test_keys_are_told_apart_as_a_folder_watcher_tells_names_apart(key: str, kind: KeyKind) -> None:
    assert BucketScope("media", "in/").classify(key) is kind


def test_an_output_prefix_inside_the_watched_prefix_is_skipped_whole() -> None:
    scope = BucketScope("media", "in/", "in/transcripts/")
    assert scope.classify("in/transcripts/a.wav") is KeyKind.IGNORED
    assert scope.classify("in/a.wav") is KeyKind.CANDIDATE


def test_outputs_next_to_the_media_are_not_skipped_by_name() -> None:
    assert BucketScope("media", "in/", "in/").classify("in/a.en.srt") is KeyKind.CANDIDATE
    assert BucketScope("media", "", "").classify("a.wav") is KeyKind.CANDIDATE


def test_a_whole_bucket_watch_names_sources_and_its_root() -> None:
    scope = BucketScope.of("s3://media/", None)
    assert scope.prefix == "" and scope.root == "s3://media/"
    assert scope.source("a b/c.wav") == "s3://media/a b/c.wav"
    assert BucketScope.of("s3://media/in/").root == "s3://media/in/"
