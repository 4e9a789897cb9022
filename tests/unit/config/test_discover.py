"""Finding the rules files under a local watch root."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch.config.discover import find_rules_files, load_rule_book, read_rules_files
from gt_watch.errors import ConfigError

RULES = "orders:\n  - {kind: captions, language: english}\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_every_rules_file_is_found_by_folder(tmp_path: Path) -> None:
    write(tmp_path / ".gt-watch.yaml", RULES)
    write(tmp_path / "a/b/.gt-watch.yaml", "mode: live\n")
    write(tmp_path / "a/b/c.wav", "")
    texts, broken = read_rules_files(tmp_path)
    assert texts == {"": RULES, "a/b": "mode: live\n"}
    assert broken == {}


def test_hidden_folders_such_as_the_state_folder_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".gt-watch/.gt-watch.yaml", RULES)
    assert read_rules_files(tmp_path) == ({}, {})


def test_symbolic_links_to_folders_are_not_walked_into(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere/.gt-watch.yaml", RULES)
    (tmp_path / "watched").mkdir()
    (tmp_path / "watched/link").symlink_to(tmp_path / "elsewhere")
    assert read_rules_files(tmp_path / "watched") == ({}, {})


def test_a_folder_named_like_a_rules_file_is_walked_like_any_other(tmp_path: Path) -> None:
    write(tmp_path / "gt-watch.yaml/.gt-watch.yaml", RULES)
    texts, broken = read_rules_files(tmp_path)
    assert texts == {"gt-watch.yaml": RULES}
    assert broken == {}


def test_a_non_recursive_watch_reads_only_its_root(tmp_path: Path) -> None:
    write(tmp_path / ".gt-watch.yaml", RULES)
    write(tmp_path / "a/.gt-watch.yaml", RULES)
    texts, _ = read_rules_files(tmp_path, recursive=False)
    assert list(texts) == [""]


def test_under_a_folder_only_its_tree_and_its_ancestors_files_are_read(tmp_path: Path) -> None:
    for folder in ("", "a", "a/b", "a/b/c", "other"):
        write(tmp_path / folder / ".gt-watch.yaml", "mode: test\n")
    texts, _ = read_rules_files(tmp_path, under="a/b")
    assert sorted(texts) == ["", "a", "a/b", "a/b/c"]


def test_a_misnamed_rules_file_disables_its_folder_loudly(tmp_path: Path) -> None:
    write(tmp_path / ".gt-watch.yaml", RULES)
    write(tmp_path / "a/.gt-watch.yml", "mode: live\n")
    rule_book = load_rule_book(tmp_path)
    with pytest.raises(ConfigError, match="rename this file"):
        rule_book.rules_for(tmp_path / "a/x.wav")
    assert rule_book.rules_for(tmp_path / "x.wav").orders


def test_an_unreadable_rules_file_disables_its_folder(tmp_path: Path) -> None:
    write(tmp_path / ".gt-watch.yaml", RULES)
    (tmp_path / "a").mkdir()
    (tmp_path / "a/.gt-watch.yaml").write_bytes(b"mode: \xff\n")
    rule_book = load_rule_book(tmp_path)
    with pytest.raises(ConfigError, match="not UTF-8"):
        rule_book.rules_for(tmp_path / "a/x.wav")
    assert rule_book.rules_for(tmp_path / "x.wav").orders


def test_each_rules_file_read_is_noted_with_its_size_and_mtime_as_a_watcher_sees_them(
    tmp_path: Path,
) -> None:
    write(tmp_path / ".gt-watch.yaml", RULES)
    write(tmp_path / "a/.gt-watch.yaml", "mode: live\n")
    write(tmp_path / "a/clip.wav", "")
    found = find_rules_files(tmp_path)
    expected = {}
    for path in (tmp_path / ".gt-watch.yaml", tmp_path / "a/.gt-watch.yaml"):
        info = path.lstat()
        expected[str(path)] = (info.st_size, info.st_mtime_ns)
    assert found.versions == expected
    assert found.texts == {"": RULES, "a": "mode: live\n"}
