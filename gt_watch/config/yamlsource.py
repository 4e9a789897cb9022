"""Loading YAML text into plain data plus the line of every key and list item. No file I/O.

PyYAML's constructed data forgets where things were; its node tree remembers. We compose the
node tree once, construct the data from it with a safe loader, and walk the same (already
merged) nodes to record the line of each key path. Errors found later (schema, catalog,
inheritance) are then reported at the line of the key that is wrong, not just "somewhere in
the file". Must not read files or know about gt-watch's schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's parser when PyYAML was built with it (several times faster)
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from gt_watch.errors import ConfigError, Problem

KeyPath = tuple[str | int, ...]

# A rules file is a few dozen lines; anchors and aliases that expand past this many nodes are
# an attack on the daemon (a "billion laughs" file dropped into a watched bucket), not rules.
MAX_EXPANDED_NODES = 20_000


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """The data of one YAML document and where each key path of it was written."""

    source: str
    data: Any
    lines: Mapping[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """Given a key path, return the line of that key, or of its nearest written ancestor
        (a missing key is reported where its parent is)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(self, path: KeyPath, message: str) -> Problem:
        """Given a key path and a message, return a Problem located at that key."""
        return Problem(message, path=self.source, line=self.line_of(path), key=format_path(path))


def format_path(path: KeyPath) -> str | None:
    """Given a key path, return it as people write it (`orders[2].language`); None if empty."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


class _LineLoader(_SafeLoader):
    """A safe loader that remembers duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[Node, int]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[object, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in first_line:
                self.duplicates.append((key_node, first_line[key_node.value]))
            else:
                first_line[key_node.value] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def load_yaml(text: str, source: str) -> YamlDocument:
    """Given YAML text and the name of where it came from, return its data with key lines.
    Raise ConfigError with the line of a syntax error, of every duplicate key, or if aliases
    expand the document beyond reason."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(source, None)
        _check_expansion(node, source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise ConfigError([_syntax_problem(error, source)]) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(f"not valid YAML: {error}", path=source)]) from None
    except RecursionError:
        raise ConfigError([Problem("the document is nested too deeply", path=source)]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise ConfigError(
            [_duplicate_problem(key, first, source) for key, first in loader.duplicates]
        )
    lines: dict[KeyPath, int] = {}
    _record_lines(node, (), lines, loader, set())
    return YamlDocument(source, data, lines)


def _syntax_problem(error: yaml.MarkedYAMLError, source: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    message = f"YAML syntax error: {error.problem or error.context}"
    context = error.context_mark
    if error.problem and error.context and context and context.line + 1 != line:
        message += f" ({error.context} that starts on line {context.line + 1})"
    elif error.problem and error.context:
        message += f" ({error.context})"
    return Problem(message, path=source, line=line)


def _duplicate_problem(key: Node, first_line: int, source: str) -> Problem:
    return Problem(
        f"key '{key.value}' appears twice (first on line {first_line}); YAML would silently "
        "keep only the last one: remove or merge one of them",
        path=source,
        line=key.start_mark.line + 1,
    )


def _check_expansion(root: Node, source: str) -> None:
    sizes: dict[int, int] = {}
    if _expanded_size(root, sizes, set()) > MAX_EXPANDED_NODES:
        raise ConfigError(
            [
                Problem(
                    f"the document expands to more than {MAX_EXPANDED_NODES} values through "
                    "anchors and aliases; write it out plainly",
                    path=source,
                    line=1,
                )
            ]
        )


def _expanded_size(node: Node, sizes: dict[int, int], active: set[int]) -> int:
    """Count nodes as if every alias were copied out, memoized per node (so it stays cheap)."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in active:  # a recursive structure: infinitely large when expanded
        return MAX_EXPANDED_NODES + 1
    active.add(id(node))
    size = 1 + sum(_expanded_size(child, sizes, active) for child in _children(node))
    active.discard(id(node))
    sizes[id(node)] = min(size, MAX_EXPANDED_NODES + 1)
    return sizes[id(node)]


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _record_lines(
    node: Node, path: KeyPath, lines: dict[KeyPath, int], loader: _LineLoader, seen: set[int]
) -> None:
    # An aliased node is walked once: later uses fall back to the line of the alias's key.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = loader.construct_object(key_node)
            child = (*path, key if isinstance(key, str | int) else str(key))
            lines.setdefault(child, key_node.start_mark.line + 1)
            _record_lines(value_node, child, lines, loader, seen)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*path, index), item.start_mark.line + 1)
            _record_lines(item, (*path, index), lines, loader, seen)
