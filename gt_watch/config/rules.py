"""Parsing one `.gt-watch.yaml` into a checked `RulesFile`. Pure: text in, no file access.

Everything that can be checked within one file is checked here, all at once: YAML syntax,
keys and value types, globs, and every order (kind, chain, API parameters, outputs,
naming). The same function reads rules stored as S3 objects. What needs the parent
folders' files (profiles, merging orders, sidecar collisions) is `config.resolve`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from gt_watch.config.matching import glob_problem
from gt_watch.config.orders import OrderEntry, read_orders
from gt_watch.config.problems import problems_from_validation
from gt_watch.config.rules_schema import RulesSchema
from gt_watch.config.yamlsource import YamlDocument, load_yaml
from gt_watch.errors import ConfigError, Problem


@dataclass(frozen=True, slots=True)
class RulesFile:
    """One rules file, checked: its settings, its order entries, and where each key is.

    `folder` is the folder it governs, relative to the watch root ("" for the root)."""

    source: str
    folder: str
    settings: RulesSchema
    orders: tuple[OrderEntry, ...]
    document: YamlDocument

    def sets(self, key: str) -> bool:
        """Whether this file writes the top-level `key` (and so overrides its parents')."""
        return key in self.settings.model_fields_set

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        """Given a key path of this file and a message, return a Problem at that key."""
        return self.document.problem(path, message)


def parse_rules(text: str, source: str, folder: str = "") -> RulesFile:
    """Given the text of a rules file, the name it is reported under (a path or s3:// URL)
    and the folder it governs relative to the watch root, return the checked RulesFile.
    Raise ConfigError with every problem of the file, each at its line."""
    document = load_yaml(text, source)
    data = {} if document.data is None else document.data
    if not isinstance(data, dict):
        raise ConfigError([Problem(_MAPPING_HELP, path=source, line=1)])
    document = YamlDocument(source, data, document.lines)
    problems: list[Problem] = []
    settings = _settings(document, problems)
    items = data.get("orders")
    entries, order_problems = read_orders(document, items if isinstance(items, list) else [])
    problems.extend(order_problems)
    if problems:
        raise ConfigError(sorted(problems, key=lambda problem: problem.line or 0))
    assert settings is not None  # no problems means the settings were valid
    return RulesFile(source, folder, settings, tuple(entries), document)


_MAPPING_HELP = (
    "a rules file is a mapping of keys (match, orders, ...) to values, not a list or a "
    "single value; see docs/rules.md"
)


def _settings(document: YamlDocument, problems: list[Problem]) -> RulesSchema | None:
    try:
        settings = RulesSchema.model_validate(document.data)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, document, RulesSchema))
        return None
    for key in ("match", "ignore"):
        for index, pattern in enumerate(getattr(settings, key) or ()):
            message = glob_problem(pattern)
            if message:
                problems.append(document.problem((key, index), message))
    return settings
