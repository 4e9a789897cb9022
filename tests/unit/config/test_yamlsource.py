"""Loading YAML with the line of every key and list item."""

from __future__ import annotations

import pytest

from gt_watch.config.yamlsource import MAX_EXPANDED_NODES, format_path, load_yaml
from gt_watch.errors import ConfigError

TEXT = """\
api:
  base_url: https://example.com
watches:
  - path: /a
  - path: /b
    quiet_period: 5s
"""


def test_every_key_and_list_item_has_its_line() -> None:
    document = load_yaml(TEXT, "config.yaml")
    assert document.data["watches"][1]["quiet_period"] == "5s"
    assert document.lines[("api",)] == 1
    assert document.lines[("api", "base_url")] == 2
    assert document.lines[("watches", 0)] == 4
    assert document.lines[("watches", 1, "quiet_period")] == 6


def test_a_missing_key_is_located_at_its_nearest_parent() -> None:
    document = load_yaml(TEXT, "config.yaml")
    assert document.line_of(("watches", 1, "recursive")) == 5
    assert document.line_of(("nowhere",)) is None


def test_problem_names_file_line_and_key() -> None:
    problem = load_yaml(TEXT, "config.yaml").problem(("watches", 1, "quiet_period"), "too short")
    assert str(problem) == "config.yaml:6: At 'watches[1].quiet_period': too short"


def test_key_paths_read_as_people_write_them() -> None:
    assert format_path(("orders", 2, "then", 0, "language")) == "orders[2].then[0].language"
    assert format_path(()) is None


def test_syntax_error_reports_its_line_and_where_the_broken_part_starts() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("orders:\n  - kind: captions\n    language: [english\n", "rules.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "rules.yaml"
    assert problem.line == 4
    assert "YAML syntax error" in problem.message
    assert "starts on line 3" in problem.message


def test_a_tab_indentation_is_a_syntax_error_at_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("mode: test\n\tmatch: x\n", "rules.yaml")
    assert caught.value.problems[0].line == 2


def test_duplicate_keys_are_reported_instead_of_silently_keeping_the_last() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("mode: live\nmatch: ['*.wav']\nmode: test\n", "rules.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "'mode' appears twice (first on line 1)" in problem.message


def test_merge_keys_are_not_duplicates_and_keep_lines() -> None:
    text = "base: &base {language: english}\norder:\n  <<: *base\n  kind: captions\n"
    document = load_yaml(text, "rules.yaml")
    assert document.data["order"] == {"language": "english", "kind": "captions"}
    assert document.lines[("order", "kind")] == 4


def test_an_empty_document_has_no_data() -> None:
    assert load_yaml("# only a comment\n", "rules.yaml").data is None


def test_aliases_that_explode_are_refused_before_they_are_expanded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 8)]
    with pytest.raises(ConfigError) as caught:
        load_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert str(MAX_EXPANDED_NODES) in caught.value.problems[0].message


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(ConfigError):
        load_yaml("a: &a [*a]\n", "loop.yaml")


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: " + "[" * 500 + "]" * 500 + "\n", "deep.yaml")
    assert "nested too deeply" in caught.value.problems[0].message
