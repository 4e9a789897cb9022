"""Reading config.yaml into a `Config`, with every problem at once and at its line.

`parse_config` is pure (text in); `load_config` only adds reading the file. Must not read
the token (that is `config.token`) or look at the watched folders (`config.validate`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from gt_watch.config.crosscheck import cross_check
from gt_watch.config.paths import CONFIG_PATH_VARIABLE
from gt_watch.config.problems import problems_from_validation
from gt_watch.config.schema import Config
from gt_watch.config.yamlsource import YamlDocument, load_yaml
from gt_watch.errors import ConfigError, Problem


def parse_config(
    text: str,
    source: str,
    *,
    base_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Given the text of a config.yaml and its name for messages, return the Config.
    Relative paths are anchored at `base_dir`; `environ` supplies systemd's STATE_DIRECTORY.
    Raise ConfigError with every problem found, each at its line."""
    return parse_config_document(text, source, base_dir=base_dir, environ=environ)[0]


def parse_config_document(
    text: str,
    source: str,
    *,
    base_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[Config, YamlDocument]:
    """As `parse_config`, and also return the document, to report later findings (a
    missing folder, say) at the line of their key."""
    document = load_yaml(text, source)
    if document.data is None:
        raise ConfigError([Problem(_EMPTY_HELP, path=source)])
    if not isinstance(document.data, dict):
        raise ConfigError([Problem(f"{_MAPPING_HELP}, not a list or a value", source, 1)])
    context = {"base_dir": base_dir, "environ": dict(environ or {})}
    try:
        config = Config.model_validate(document.data, context=context)
    except ValidationError as error:
        raise ConfigError(problems_from_validation(error, document, Config)) from None
    findings = cross_check(config)
    if findings:
        raise ConfigError([document.problem(path, message) for path, message in findings])
    return config, document


_MAPPING_HELP = "config.yaml must be a mapping of keys (api, storage, watches, ...) to values"
_EMPTY_HELP = (
    "the config file is empty: it needs at least `watches` (and `storage` for local "
    "folders; see config.example.yaml)"
)


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> Config:
    """Given the path of a config.yaml, return its Config (relative paths anchored at its
    folder; `environ` defaults to the process environment). Raise ConfigError if the file
    cannot be read or has any problem."""
    return load_config_document(path, environ)[0]


def load_config_document(
    path: Path, environ: Mapping[str, str] | None = None
) -> tuple[Config, YamlDocument]:
    """As `load_config`, and also return the document with the line of every key."""
    text = read_text(path, what="config file")
    return parse_config_document(
        text,
        str(path),
        base_dir=path.parent.absolute(),
        environ=os.environ if environ is None else environ,
    )


def read_text(path: Path, *, what: str) -> str:
    """Given a path, return its UTF-8 text. Raise ConfigError saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problem = f"{what} does not exist"
        if what == "config file":
            problem += (
                " (copy config.example.yaml there, or point --config or "
                f"${CONFIG_PATH_VARIABLE} at your file)"
            )
    except PermissionError:
        problem = f"{what} is not readable by this user"
    except IsADirectoryError:
        problem = f"{what} is a folder, not a file"
    except UnicodeDecodeError as error:
        problem = f"{what} is not UTF-8 text (byte {error.start} cannot be decoded)"
    except OSError as error:
        problem = f"{what} cannot be read: {error.strerror}"
    raise ConfigError([Problem(problem, path=str(path))])
