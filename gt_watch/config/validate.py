"""Checking a whole setup for `gt-watch validate`: config.yaml, the watched folders, and every
rules file under them, collecting every problem of every file.

Reads files and folders, nothing else: it never reads the token's value, never contacts
GoTranscript or S3, and never changes anything. Rules stored in buckets are checked when an
S3 watch loads them; here they are only mentioned (a watch's local `rules_file` is checked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gt_watch.config.discover import load_rule_book
from gt_watch.config.loader import load_config_document, read_text
from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rulebook import RuleBook, is_within, normalize_folder
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.config.schema import Config, LocalWatch, S3Watch
from gt_watch.config.token import token_file_too_open
from gt_watch.config.yamlsource import YamlDocument, load_yaml
from gt_watch.errors import ConfigError, Problem


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What `validate` found: every problem, how many files it read, and remarks."""

    problems: tuple[Problem, ...]
    files_checked: int
    notes: tuple[str, ...] = ()

    @property
    def files_with_problems(self) -> int:
        return len({problem.path for problem in self.problems})


@dataclass(frozen=True, slots=True)
class _Target:
    """A tree of rules files to check: a watch root and the folder below it to report on."""

    root: Path
    recursive: bool
    under: str


def validate_setup(
    config_path: Path | None,
    paths: Sequence[Path] = (),
    environ: Mapping[str, str] | None = None,
) -> ValidationReport:
    """Given a config file (None: check rules files only) and optional folders or rules
    files to check instead of every watched folder, return every problem found."""
    problems: list[Problem] = []
    notes: list[str] = []
    config: Config | None = None
    checked = 0
    fallback: list[_Target] = []
    if config_path is not None:
        checked += 1
        try:
            config, document = load_config_document(config_path, environ)
        except ConfigError as error:
            problems.extend(error.problems)
            fallback = _targets_of_broken_config(config_path)
        else:
            problems.extend(check_local_paths(config, document))
    defaults = RuleDefaults.from_config(config) if config else RuleDefaults()
    if paths:
        targets = _explicit_targets(paths, config, problems, notes)
    else:
        targets = _watch_targets(config, notes) + fallback
    for target in targets:
        book = load_rule_book(target.root, defaults, recursive=target.recursive, under=target.under)
        checked += sum(1 for folder in book.folders if is_within(folder, target.under))
        problems.extend(book.problems(target.under))
    for watch in _s3_rules_files(config) if not paths else ():
        checked += 1
        problems.extend(_check_s3_rules_file(watch, defaults))
    return ValidationReport(tuple(dict.fromkeys(problems)), checked, tuple(notes))


def _s3_rules_files(config: Config | None) -> list[S3Watch]:
    watches = config.watches if config else ()
    return [w for w in watches if isinstance(w, S3Watch) and w.rules_file is not None]


def _check_s3_rules_file(watch: S3Watch, defaults: RuleDefaults) -> list[Problem]:
    """The problems of the local rules file config.yaml names for an S3 watch's prefix."""
    assert watch.rules_file is not None
    try:
        text = read_text(watch.rules_file, what="rules file")
    except ConfigError as error:
        return list(error.problems)
    book = RuleBook(watch.path, {"": text}, defaults, names={"": str(watch.rules_file)})
    return book.problems()


def check_local_paths(config: Config, document: YamlDocument) -> list[Problem]:
    """Given a valid config and its document, return problems of the files and folders it
    names on this machine: watched folders that are missing, a token file that is missing
    or readable by everyone."""
    problems = []
    for index, watch in enumerate(config.watches):
        if isinstance(watch, LocalWatch) and not watch.path.is_dir():
            what = "is not a folder" if watch.path.exists() else "does not exist"
            problems.append(
                document.problem(
                    ("watches", index, "path"),
                    f"{watch.path} {what} (create it, or mount the share before gt-watch starts)",
                )
            )
    token_file = config.api.token_file
    if token_file is not None:
        if not token_file.exists():
            problems.append(document.problem(("api", "token_file"), f"{token_file} does not exist"))
        elif token_file_too_open(token_file):
            problems.append(
                document.problem(
                    ("api", "token_file"),
                    f"{token_file} is readable by every user of this machine: chmod 600 it",
                )
            )
    return problems


def _watch_targets(config: Config | None, notes: list[str]) -> list[_Target]:
    targets = []
    for watch in config.watches if config else ():
        if isinstance(watch, S3Watch):
            notes.append(f"rules files in {watch.path} are checked when gt-watch loads them")
        elif watch.path.is_dir():
            targets.append(_Target(watch.path, watch.recursive, ""))
    return targets


def _targets_of_broken_config(config_path: Path) -> list[_Target]:
    """The local watches a config with problems still names plainly, so that their rules
    files are checked in the same run instead of after the config is fixed."""
    try:
        data = load_yaml(read_text(config_path, what="config file"), str(config_path)).data
    except ConfigError:
        return []
    watches = data.get("watches") if isinstance(data, dict) else None
    targets = []
    for watch in watches if isinstance(watches, list) else []:
        path = watch.get("path") if isinstance(watch, dict) else None
        if not isinstance(path, str) or "://" in path:
            continue
        folder = config_path.parent.absolute() / Path(path).expanduser()
        recursive = watch.get("recursive", True)
        if folder.is_dir():
            targets.append(_Target(folder, recursive if isinstance(recursive, bool) else True, ""))
    return targets


def _explicit_targets(
    paths: Sequence[Path], config: Config | None, problems: list[Problem], notes: list[str]
) -> list[_Target]:
    targets = []
    for path in paths:
        path = path.absolute()
        if path.is_file() and path.name == RULES_FILE_NAME:
            folder = path.parent
        elif path.is_dir():
            folder = path
        else:
            what = (
                "does not exist"
                if not path.exists()
                else f"is neither a folder nor a {RULES_FILE_NAME}"
            )
            problems.append(Problem(what, path=str(path)))
            continue
        target = _target_in_watch(folder, config) if config else _target_alone(folder)
        if config is None and target.under:
            notes.append(f"without a config file, {folder} inherits rules from {target.root}")
        targets.append(target)
    return targets


def _target_in_watch(folder: Path, config: Config) -> _Target:
    """The folder as part of the watch that contains it (so that its parents' rules count),
    or as a root of its own when no watch contains it."""
    for watch in config.watches:
        if isinstance(watch, LocalWatch) and _watch_covers(watch, folder):
            relative = folder.relative_to(watch.path).as_posix()
            return _Target(watch.path, watch.recursive, normalize_folder(relative))
    return _Target(folder, True, "")


def _watch_covers(watch: LocalWatch, folder: Path) -> bool:
    return folder == watch.path or (watch.recursive and folder.is_relative_to(watch.path))


def _target_alone(folder: Path) -> _Target:
    """Without a config, the watch root is unknown: the rules files of every ancestor
    folder count, as they would if the topmost one were a watch root."""
    root = folder
    for ancestor in folder.parents:
        if (ancestor / RULES_FILE_NAME).is_file():
            root = ancestor
    return _Target(root, True, normalize_folder(folder.relative_to(root).as_posix()))
