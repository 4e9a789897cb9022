"""Doctor's local checks: inotify limits against the watched trees, folders to write to."""

from __future__ import annotations

from pathlib import Path

from gt_watch.config.schema import Config
from gt_watch.service.doctor import Status
from gt_watch.service.doctor.folders import check_folder, check_inotify


def _config(*watches: dict[str, object]) -> Config:
    return Config.model_validate(
        {
            "storage": {"type": "builtin"},
            "server": {"public_url": "https://x.example.com"},
            "watches": list(watches),
        }
    )


def _limits(tmp_path: Path, watches: int) -> Path:
    folder = tmp_path / "limits"
    folder.mkdir()
    (folder / "max_user_watches").write_text(f"{watches}\n")
    return folder


def _tree(root: Path, folders: int) -> Path:
    for index in range(folders - 1):
        (root / f"f{index}").mkdir(parents=True)
    return root


def test_more_folders_than_inotify_watches_fails_naming_the_limit(tmp_path: Path) -> None:
    media = _tree(tmp_path / "media", 6)
    finding = check_inotify(_config({"path": media}), _limits(tmp_path, 5))
    assert finding.status is Status.FAILURE
    assert "6 folder(s) to watch, fs.inotify.max_user_watches=5" in finding.message
    assert finding.fix and "sysctl fs.inotify.max_user_watches=" in finding.fix


def test_a_polling_watch_needs_no_inotify_watches(tmp_path: Path) -> None:
    media = _tree(tmp_path / "media", 6)
    finding = check_inotify(_config({"path": media, "polling": True}), _limits(tmp_path, 5))
    assert finding.status is Status.OK


def test_using_more_than_half_of_the_limit_is_a_warning(tmp_path: Path) -> None:
    media = _tree(tmp_path / "media", 3)
    finding = check_inotify(_config({"path": media}), _limits(tmp_path, 5))
    assert finding.status is Status.WARNING


def test_a_missing_folder_fails_naming_its_setting(tmp_path: Path) -> None:
    finding = check_folder(tmp_path / "nope", "watches[0].path", "watched folder")
    assert finding.status is Status.FAILURE and finding.setting == "watches[0].path"
    assert "does not exist" in finding.message


def test_a_writable_folder_passes_and_is_left_as_it_was(tmp_path: Path) -> None:
    finding = check_folder(tmp_path, "state.database", "state folder")
    assert finding.status is Status.OK and "free" in finding.message
    assert list(tmp_path.iterdir()) == []
