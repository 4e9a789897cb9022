"""The dependency rule of docs/architecture.md, checked on the source: lower layers never
import upward, and the sandbox stays an outside emulator."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "gt_watch"

BASE = {"model", "redact", "errors", "logs", "catalog", "failpoints"}
LOWER = {"api", "storage", "store", "results"}

# What each top-level part of gt_watch may import from gt_watch, besides itself.
ALLOWED: dict[str, set[str]] = {
    "__init__": set(),
    "model": set(),
    "redact": set(),
    "errors": {"redact"},
    "logs": {"redact"},
    "catalog": {"model"},
    "failpoints": set(),
    "api": BASE,
    "storage": BASE,
    "store": BASE,
    "results": BASE,
    "sandbox": BASE,
    "watchers": BASE | {"store", "storage"},
    "pipeline": BASE | LOWER,
    "callbacks": BASE | LOWER | {"pipeline"},
    "config": BASE | LOWER | {"pipeline"},
    "service": BASE | LOWER | {"pipeline", "config", "watchers", "callbacks", "sandbox"},
    "cli": BASE | LOWER | {"pipeline", "config", "watchers", "callbacks", "sandbox", "service"},
    "__main__": {"cli"},
}


def _part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported_parts(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    parts = {name.split(".")[1] for name in names if name.startswith("gt_watch.")}
    # `from gt_watch import __version__` reads the package root, which every layer may.
    return {part for part in parts if not part.startswith("__")}


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_from_layers_below(path: Path) -> None:
    part = _part(path)
    assert part in ALLOWED, f"{part} is a new part of gt_watch: give it a layer in ALLOWED"
    wrong = _imported_parts(path) - ALLOWED[part] - {part}
    assert not wrong, f"{path.relative_to(PACKAGE)} imports {sorted(wrong)} against the rule"
