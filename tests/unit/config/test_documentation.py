"""config.example.yaml and docs/rules.md say what the code does: their examples are valid,
and every option of the schema is documented."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from gt_watch.config.loader import parse_config
from gt_watch.config.resolve import resolve
from gt_watch.config.rules import RulesFile, parse_rules
from gt_watch.config.rules_schema import ProfileSpec, RulesSchema
from gt_watch.config.schema import BuiltinStorage, Config, S3Watch

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "config.example.yaml"
RULES_DOC = REPO / "docs/rules.md"


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for field in model.model_fields.values():
        for candidate in _flatten(field.annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found.extend(_models(candidate))
    return found


def _flatten(annotation: object) -> list[object]:
    arguments = typing.get_args(annotation)
    return [annotation, *(item for argument in arguments for item in _flatten(argument))]


def test_the_example_config_is_valid() -> None:
    config = parse_config(EXAMPLE.read_text(), str(EXAMPLE), environ={})
    assert config.mode == "test"


@pytest.mark.parametrize(
    "model", sorted({*_models(Config), BuiltinStorage, S3Watch}, key=lambda m: m.__name__)
)
def test_every_option_of_config_yaml_is_documented_in_the_example(model: type[BaseModel]) -> None:
    text = EXAMPLE.read_text()
    hidden = {"token", "api_token"}  # refused keys, documented as what not to do
    for name in set(model.model_fields) - hidden:
        assert re.search(rf"^\s*#?\s*-?\s*{name}:", text, re.MULTILINE), f"{model.__name__}.{name}"


@pytest.mark.parametrize("model", [RulesSchema, ProfileSpec])
def test_every_key_of_a_rules_file_is_documented(model: type[BaseModel]) -> None:
    text = RULES_DOC.read_text()
    for name in model.model_fields:
        assert f"`{name}`" in text, f"{model.__name__}.{name}"


def _doc_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", RULES_DOC.read_text(), re.DOTALL)


def _parse_block(block: str) -> RulesFile:
    """A block whose first line names its file (`# /srv/media/german/.gt-watch.yaml`) is
    parsed as the rules of that folder below the watch root /srv/media."""
    first_line = block.splitlines()[0]
    named = re.match(r"# /srv/media/(?:(.*)/)?\.gt-watch\.yaml", first_line)
    return parse_rules(block, first_line, (named.group(1) or "") if named else "")


def _named_blocks() -> dict[str, str]:
    return {
        block.splitlines()[0].split(" ")[1]: block
        for block in _doc_blocks()
        if block.startswith("# /srv/media")
    }


@pytest.mark.parametrize("block", _doc_blocks(), ids=lambda block: block.splitlines()[0][:40])
def test_every_rules_example_in_the_documentation_is_valid(block: str) -> None:
    file = _parse_block(block)
    chain = [file]
    if "inherits from /srv/media" in block.splitlines()[0]:
        parent = next(
            b for b in _doc_blocks() if b.startswith("# /srv/media/.gt-watch.yaml\nmode: live")
        )
        chain.insert(0, _parse_block(parent))
    resolve(chain)


def test_the_inheritance_example_does_what_the_documentation_says() -> None:
    blocks = {
        block.splitlines()[0].split(" ")[1]: block
        for block in _doc_blocks()
        if block.startswith("# /srv/media")
    }
    root = _parse_block(blocks["/srv/media/.gt-watch.yaml"])
    german = resolve([root, _parse_block(blocks["/srv/media/german/.gt-watch.yaml"])])
    assert german.folder == "german"
    assert [(order.name, order.params["language"]) for order in german.orders] == [
        ("captions", "german")
    ]
    drafts = resolve([root, _parse_block(blocks["/srv/media/drafts/.gt-watch.yaml"])])
    assert {order.mode for order in drafts.orders} == {"test"}
    archive = resolve([root, _parse_block(blocks["/srv/media/archive/.gt-watch.yaml"])])
    assert [order.kind.name for order in archive.orders] == ["AI_TRANSCRIPTION"]
