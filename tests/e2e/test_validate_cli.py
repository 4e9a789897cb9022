"""`gt-watch validate` as a user runs it: a real subprocess, real files, exit codes, output."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import run_gt_watch

TOKEN = "gt-live-token-5c8e1d"


def make_setup(root: Path) -> Path:
    """A config watching `media/` with rules at the root, a good and a broken sub-folder."""
    (root / "media/good").mkdir(parents=True)
    (root / "media/broken").mkdir(parents=True)
    (root / "media/.gt-watch.yaml").write_text(
        "orders:\n  - {kind: captions, language: english, outputs: [srt, vtt]}\n"
    )
    (root / "media/good/.gt-watch.yaml").write_text(
        "orders:\n  - {kind: subtitles, translate_from: english, translate_to: german}\n"
    )
    config = root / "config.yaml"
    config.write_text("storage: {type: s3, bucket: media-bucket}\nwatches:\n  - path: media\n")
    return config


def test_a_valid_setup_exits_0_and_says_ok(tmp_path: Path) -> None:
    config = make_setup(tmp_path)
    result = run_gt_watch("validate", "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "ok: 3 files\n"


def test_a_broken_rules_file_is_shown_with_file_and_line_and_exits_1(tmp_path: Path) -> None:
    config = make_setup(tmp_path)
    broken = tmp_path / "media/broken/.gt-watch.yaml"
    broken.write_text("orders:\n  - kind: captions\n    language: [english\n")
    result = run_gt_watch("validate", "--config", str(config))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{broken}:4: YAML syntax error")
    assert lines[-1] == "1 problem in 1 file (4 files checked)"
    assert "good" not in result.stdout


def test_every_problem_of_every_file_is_printed_at_once(tmp_path: Path) -> None:
    config = make_setup(tmp_path)
    config.write_text(
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches:\n  - path: media\n    quiet_priod: 5s\n"
    )
    (tmp_path / "media/broken/.gt-watch.yaml").write_text(
        "orders:\n"
        "  - {kind: captions, language: dutch, turnaround_time: 12_hours}\n"
        "  - {kind: forced_alignment, language: german, script: '{stem}.txt'}\n"
    )
    result = run_gt_watch("validate", "--config", str(config))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{config}:4: At 'watches[0].quiet_priod': unknown key 'quiet_priod' "
        "(did you mean 'quiet_period'?)",
        f"{tmp_path}/media/broken/.gt-watch.yaml:2: At 'orders[0].turnaround_time': "
        "turnaround_time '12_hours' is not offered for dutch; choose 3_days or 5_days",
        f"{tmp_path}/media/broken/.gt-watch.yaml:3: At 'orders[1].language': language 'german' "
        "is not available for forced alignment orders (it is available for human "
        "transcription, AI transcription, transcription proofreading, translation, captions, "
        "subtitles)",
        "3 problems in 2 files (4 files checked)",
    ]


def test_a_literal_token_is_refused_and_never_printed(tmp_path: Path) -> None:
    config = make_setup(tmp_path)
    config.write_text(f"api:\n  token: {TOKEN}\n" + config.read_text())
    result = run_gt_watch("validate", "--config", str(config))
    assert result.returncode == 1
    assert f"{config}:2: At 'api.token': a literal API token is not accepted" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


def test_paths_and_the_config_from_the_environment(tmp_path: Path) -> None:
    config = make_setup(tmp_path)
    (tmp_path / "media/broken/.gt-watch.yaml").write_text("mode: lve\n")
    good = run_gt_watch("validate", str(tmp_path / "media/good"), GT_WATCH_CONFIG=str(config))
    assert (good.returncode, good.stdout) == (0, "ok: 2 files\n")
    missing = run_gt_watch("validate", "--config", str(tmp_path / "absent.yaml"))
    assert missing.returncode == 1
    assert "absent.yaml: config file does not exist" in missing.stdout
