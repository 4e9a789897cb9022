"""Checking a whole setup: config.yaml, the watched folders, every rules file under them."""

from __future__ import annotations

from pathlib import Path

from gt_watch.config.validate import validate_setup

GOOD_RULES = "orders:\n  - {kind: captions, language: english}\n"


def setup(tmp_path: Path, config: str | None = None) -> Path:
    (tmp_path / "media/good").mkdir(parents=True)
    (tmp_path / "media/bad").mkdir(parents=True)
    (tmp_path / "media/.gt-watch.yaml").write_text(GOOD_RULES)
    (tmp_path / "config.yaml").write_text(
        config or "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: media}]\n"
    )
    return tmp_path / "config.yaml"


def test_a_valid_setup_has_no_problems_and_counts_its_files(tmp_path: Path) -> None:
    config = setup(tmp_path)
    (tmp_path / "media/good/.gt-watch.yaml").write_text("mode: live\n")
    report = validate_setup(config, environ={})
    assert report.problems == ()
    assert report.files_checked == 3


def test_problems_of_every_rules_file_are_collected(tmp_path: Path) -> None:
    config = setup(tmp_path)
    (tmp_path / "media/bad/.gt-watch.yaml").write_text(
        "orders:\n  - {kind: captions, language: dutch, turnaround_time: 12_hours}\n"
    )
    (tmp_path / "media/good/.gt-watch.yaml").write_text("mode: lve\n")
    report = validate_setup(config, environ={})
    assert [(Path(str(problem.path)).parent.name, problem.line) for problem in report.problems] == [
        ("bad", 2), ("good", 1),
    ]  # fmt: skip
    assert report.files_with_problems == 2


def test_a_missing_watched_folder_is_reported_at_its_line(tmp_path: Path) -> None:
    config = setup(
        tmp_path,
        "storage: {type: s3, bucket: media-bucket}\nwatches:\n  - path: media\n  - path: absent\n",
    )
    (problem,) = validate_setup(config, environ={}).problems
    assert (problem.line, problem.key) == (4, "watches[1].path")
    assert "does not exist" in problem.message


def test_a_token_file_readable_by_everyone_is_a_problem(tmp_path: Path) -> None:
    config = setup(
        tmp_path,
        "api: {token_file: token}\n"
        "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: media}]\n",
    )
    (tmp_path / "token").write_text("gt-token-value")
    (tmp_path / "token").chmod(0o644)
    (problem,) = validate_setup(config, environ={}).problems
    assert "chmod 600" in problem.message
    assert "gt-token-value" not in str(problem)


def test_a_broken_config_does_not_hide_the_problems_of_its_rules_files(tmp_path: Path) -> None:
    config = setup(
        tmp_path, "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: media, quiet: 5}]\n"
    )
    (tmp_path / "media/bad/.gt-watch.yaml").write_text("mode: lve\n")
    report = validate_setup(config, environ={})
    assert [problem.key for problem in report.problems] == ["watches[0].quiet", "mode"]
    assert report.files_checked == 3


def test_a_config_that_is_not_yaml_is_reported_alone(tmp_path: Path) -> None:
    config = setup(tmp_path, "watches: [\n")
    report = validate_setup(config, environ={})
    assert [problem.path for problem in report.problems] == [str(config)]


def test_given_paths_are_checked_with_the_rules_they_inherit(tmp_path: Path) -> None:
    setup(tmp_path)
    (tmp_path / "media/good/.gt-watch.yaml").write_text(
        "orders:\n  - {name: captions-english, enabled: false}\n"
    )
    (tmp_path / "media/bad/.gt-watch.yaml").write_text("mode: [\n")
    report = validate_setup(None, [tmp_path / "media/good"], environ={})
    assert report.problems == ()
    assert report.files_checked == 1
    assert "inherits rules from" in report.notes[0]


def test_given_paths_inside_a_watch_use_the_watch_root(tmp_path: Path) -> None:
    config = setup(tmp_path)
    (tmp_path / "media/bad/.gt-watch.yaml").write_text("mode: [\n")
    report = validate_setup(config, [tmp_path / "media/bad/.gt-watch.yaml"], environ={})
    (problem,) = report.problems
    assert problem.path == str(tmp_path / "media/bad/.gt-watch.yaml")
    assert report.files_checked == 2


def test_a_given_path_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    (problem,) = validate_setup(None, [tmp_path / "nope"], environ={}).problems
    assert problem.message == "does not exist"


def test_s3_watches_are_mentioned_not_listed(tmp_path: Path) -> None:
    config = setup(
        tmp_path,
        "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: 's3://in-bucket/x'}]\n",
    )
    report = validate_setup(config, environ={})
    assert report.problems == ()
    assert report.notes == (
        "rules files in s3://in-bucket/x/ are checked when gt-watch loads them",
    )


def test_the_local_rules_file_of_an_s3_watch_is_checked_at_its_lines(tmp_path: Path) -> None:
    (tmp_path / "in.yaml").write_text("orders:\n  - {kind: captions, language: klingon}\n")
    config = setup(
        tmp_path,
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches: [{path: 's3://in-bucket/x', rules_file: in.yaml}]\n",
    )
    report = validate_setup(config, environ={})
    (problem,) = report.problems
    assert problem.path == str(tmp_path / "in.yaml") and problem.line == 2
    assert "klingon" in problem.message
    assert report.files_checked == 2


def test_a_missing_rules_file_of_an_s3_watch_is_a_problem(tmp_path: Path) -> None:
    config = setup(
        tmp_path,
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches: [{path: 's3://in-bucket/x', rules_file: absent.yaml}]\n",
    )
    (problem,) = validate_setup(config, environ={}).problems
    assert str(tmp_path / "absent.yaml") in str(problem)
