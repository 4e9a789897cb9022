"""The shipped unit systemd/gt-watch.service: systemd itself verifies it and rates its
exposure, and the settings the daemon relies on are there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

UNIT = Path(__file__).resolve().parents[2] / "systemd" / "gt-watch.service"


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("systemd-analyze")
    assert executable, "systemd-analyze is missing: install Debian's systemd (scripts/test does)"
    return subprocess.run(
        [executable, *args], capture_output=True, text=True, timeout=60, check=False
    )


def _settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_systemd_verifies_the_unit() -> None:
    result = _analyze("verify", str(UNIT))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr


def test_the_unit_is_rated_at_an_exposure_of_2_5_or_lower() -> None:
    result = _analyze("security", "--offline=true", str(UNIT))
    match = re.search(r"Overall exposure level for gt-watch\.service: (\d+\.\d+)", result.stdout)
    assert match, result.stdout + result.stderr
    assert float(match.group(1)) <= 2.5


def test_the_unit_notifies_restarts_and_takes_the_token_as_a_credential() -> None:
    settings = _settings()
    assert settings["Type"] == ["notify"]
    assert settings["Restart"] == ["on-failure"]
    assert "WatchdogSec" in settings and "RestartSec" in settings
    assert "StartLimitBurst" in settings and "StartLimitIntervalSec" in settings
    assert settings["User"] == ["gt-watch"] and settings["Group"] == ["gt-watch"]
    assert "DynamicUser" not in settings, "sidecars need a stable owner"
    assert settings["StateDirectory"] == ["gt-watch"]
    assert settings["ProtectSystem"] == ["strict"] and "ReadWritePaths" in settings
    assert settings["LoadCredential"] == ["gt-api-token:/etc/gt-watch/token"]
    environment = " ".join(settings.get("Environment", []))
    assert "TOKEN" not in environment.upper(), "never the token in the environment"
    assert settings["ExecReload"] == ["/bin/kill -HUP $MAINPID"]
