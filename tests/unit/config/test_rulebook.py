"""A watch's rule book: rules per file path, a broken folder disabled alone."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook
from gt_watch.errors import ConfigError
from gt_watch.model import Mode

ROOT_RULES = "orders:\n  - {kind: captions, language: english, outputs: [srt, vtt]}\n"
BROKEN = "orders:\n  - kind: captions\n    language: [english\n"


def book(texts: dict[str, str], root: str = "/srv/media") -> RuleBook:
    return RuleBook(root, texts, RuleDefaults(mode=Mode.LIVE))


def test_a_file_gets_the_rules_of_its_folder_with_inheritance() -> None:
    rules_book = book(
        {
            "": ROOT_RULES,
            "de": "orders:\n  - {kind: subtitles, translate_from: english, translate_to: german}\n",
        }
    )
    rules = rules_book.rules_for(Path("/srv/media/de/interviews/a.wav"))
    assert rules.folder == "de/interviews"
    assert [order.name for order in rules.orders] == ["captions-english", "subtitles-german"]
    assert rules.orders[0].mode is Mode.LIVE
    assert rules.sources == ("/srv/media/.gt-watch.yaml", "/srv/media/de/.gt-watch.yaml")


def test_paths_relative_to_the_root_work_too() -> None:
    rules_book = book({"": ROOT_RULES})
    assert rules_book.rules_for("a/b.wav") == rules_book.rules_for(
        PurePosixPath("/srv/media/a/b.wav")
    )


def test_rules_are_cached_per_folder() -> None:
    rules_book = book({"": ROOT_RULES})
    assert rules_book.rules_for("a/1.wav") is rules_book.rules_for("a/2.wav")


def test_broken_child_file_disables_only_its_folder_not_its_good_sibling() -> None:
    rules_book = book({"": ROOT_RULES, "bad": BROKEN, "good": "mode: test\n"})
    assert rules_book.rules_for("good/a.wav").orders[0].mode is Mode.TEST
    assert rules_book.rules_for("a.wav").orders
    with pytest.raises(ConfigError) as caught:
        rules_book.rules_for("bad/deeper/a.wav")
    (problem,) = caught.value.problems
    assert problem.path == "/srv/media/bad/.gt-watch.yaml"
    assert "/srv/media/bad/.gt-watch.yaml:4: YAML syntax error" in str(caught.value)


def test_a_broken_parent_disables_the_folders_that_inherit_from_it() -> None:
    rules_book = book({"": BROKEN, "a": "mode: test\n", "b": "inherit: false\n" + ROOT_RULES})
    with pytest.raises(ConfigError, match=r"/srv/media/\.gt-watch\.yaml"):
        rules_book.rules_for("a/x.wav")
    assert rules_book.rules_for("b/x.wav").orders[0].name == "captions-english"


def test_a_folder_whose_rules_cannot_be_combined_is_disabled_with_the_reason() -> None:
    rules_book = book({"": ROOT_RULES, "a": "caption_profile: nope\n"})
    with pytest.raises(ConfigError, match="caption profile 'nope' is not known"):
        rules_book.rules_for("a/x.wav")
    assert rules_book.rules_for("x.wav").orders


def test_problems_lists_every_problem_once_and_only_under_the_given_folder() -> None:
    rules_book = book(
        {"": ROOT_RULES, "bad": BROKEN, "bad/sub": "mode: test\n", "also": "caption_profile: x\n"}
    )
    everything = rules_book.problems()
    assert [problem.path for problem in everything] == [
        "/srv/media/also/.gt-watch.yaml", "/srv/media/bad/.gt-watch.yaml",
    ]  # fmt: skip
    assert [problem.path for problem in rules_book.problems("also")] == [
        "/srv/media/also/.gt-watch.yaml"
    ]
    assert rules_book.problems("elsewhere") == []


def test_a_path_outside_the_root_is_a_programming_error() -> None:
    rules_book = book({"": ROOT_RULES})
    with pytest.raises(ValueError, match="not under the watch root"):
        rules_book.rules_for("/elsewhere/a.wav")
    with pytest.raises(ValueError, match="climbs out"):
        rules_book.rules_for("a/../../b.wav")


def test_rules_stored_in_a_bucket_are_named_by_their_s3_url() -> None:
    rules_book = book({"clips": BROKEN}, root="s3://media-bucket/incoming/")
    with pytest.raises(ConfigError) as caught:
        rules_book.rules_for("s3://media-bucket/incoming/clips/a.wav")
    assert caught.value.problems[0].path == "s3://media-bucket/incoming/clips/.gt-watch.yaml"


def test_a_watch_without_rules_files_orders_nothing() -> None:
    assert book({}).rules_for("a.wav").orders == ()


def test_a_rules_file_living_elsewhere_is_reported_under_its_own_name() -> None:
    rules_book = RuleBook(
        "s3://media/in",
        {"": BROKEN},
        RuleDefaults(),
        names={"": "/etc/gt-watch/in.gt-watch.yaml"},
    )
    with pytest.raises(ConfigError, match=r"/etc/gt-watch/in\.gt-watch\.yaml:4"):
        rules_book.rules_for("s3://media/in/a.wav")
