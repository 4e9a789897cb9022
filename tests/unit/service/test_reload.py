"""What SIGHUP applies live, what waits for a restart, and rules that stay when broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.schema import Config
from gt_watch.errors import ConfigError
from gt_watch.service.reload import live_config, restart_needed
from gt_watch.service.rules import WatchedRules


def _config(**changes: object) -> Config:
    data: dict[str, object] = {
        "storage": {"type": "builtin"},
        "server": {"public_url": "https://gt.example.com"},
        "watches": [{"path": "/srv/media"}],
        "state": {"database": "/var/lib/gt-watch/state.db"},
    }
    data.update(changes)
    return Config.model_validate(data)


def test_limits_mode_and_poll_interval_change_live_the_rest_waits_for_a_restart() -> None:
    running = _config()
    new = _config(
        mode="live",
        limits={"max_per_day": 10, "workers": 8},
        api={"poll_interval": 60, "base_url": "https://other.example.com/api/v4"},
        watches=[{"path": "/srv/other"}],
    )
    assert restart_needed(running, new) == [
        "watches",
        "api (base_url, token source)",
        "limits.workers",
    ]
    applied = live_config(running, new)
    assert applied.mode == "live" and applied.limits.max_per_day == 10
    assert applied.api.poll_interval == 60
    assert applied.limits.workers == running.limits.workers
    assert applied.api.base_url == running.api.base_url
    assert applied.watches == running.watches


def test_an_unchanged_config_needs_no_restart() -> None:
    assert restart_needed(_config(), _config()) == []


RULES = "orders:\n  - name: {name}\n    kind: captions\n    language: english\n"


def test_a_broken_rules_file_keeps_the_rules_in_force(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / ".gt-watch.yaml").write_text(RULES.format(name="first"))
    rules = WatchedRules({tmp_path: True}, RuleDefaults())
    (tmp_path / ".gt-watch.yaml").write_text("orders:\n  - kind: nonsense\n")
    rules.reload(str(tmp_path))
    assert [rule.name for rule in rules.rules_for(str(tmp_path / "a.wav")).orders] == ["first"]
    assert rules.rejected() and "rules not reloaded" in caplog.text
    (tmp_path / ".gt-watch.yaml").write_text(RULES.format(name="second"))
    rules.reload(str(tmp_path))
    assert [rule.name for rule in rules.rules_for(str(tmp_path / "a.wav")).orders] == ["second"]
    assert rules.rejected() == []


def test_a_rules_file_broken_from_the_start_disables_its_folder(tmp_path: Path) -> None:
    (tmp_path / ".gt-watch.yaml").write_text("orders:\n  - kind: nonsense\n")
    rules = WatchedRules({tmp_path: True}, RuleDefaults())
    with pytest.raises(ConfigError):
        rules.rules_for(str(tmp_path / "a.wav"))
