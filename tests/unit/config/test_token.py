"""The API token: from a file, an environment variable or a systemd credential; never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch import redact
from gt_watch.config.loader import parse_config
from gt_watch.config.schema import Config
from gt_watch.config.token import load_token, token_file_too_open
from gt_watch.errors import ConfigError

TOKEN = "gt-token-4f2a9c1e7b"
BASE = "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: /srv}]\n"


def config(api: str = "") -> Config:
    return parse_config((f"api: {api}\n" if api else "") + BASE, "config.yaml")


def test_token_is_read_from_a_file_and_registered_as_a_secret(tmp_path: Path) -> None:
    (tmp_path / "token").write_text(f"  {TOKEN}\n")
    token = load_token(config(f"{{token_file: {tmp_path / 'token'}}}"), environ={})
    assert token == TOKEN
    assert redact.redact(f"url?x={TOKEN}") == "url?x=***"


def test_token_is_read_from_the_named_environment_variable() -> None:
    assert load_token(config("{token_env: MY_GT_TOKEN}"), {"MY_GT_TOKEN": TOKEN}) == TOKEN


def test_token_defaults_to_the_systemd_credential(tmp_path: Path) -> None:
    (tmp_path / "gt-api-token").write_text(TOKEN)
    assert load_token(config(), {"CREDENTIALS_DIRECTORY": str(tmp_path)}) == TOKEN


def test_without_any_source_the_error_lists_the_three_ways() -> None:
    with pytest.raises(ConfigError) as caught:
        load_token(config(), environ={})
    message = str(caught.value)
    assert "api.token_file" in message
    assert "api.token_env" in message
    assert "LoadCredential=gt-api-token" in message


def test_a_missing_credential_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="credential gt-api-token is missing"):
        load_token(config(), {"CREDENTIALS_DIRECTORY": str(tmp_path)})


def test_a_missing_token_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_token(config(f"{{token_file: {tmp_path / 'absent'}}}"), environ={})


def test_an_unset_variable_is_named() -> None:
    with pytest.raises(ConfigError, match=r"MY_GT_TOKEN \(api.token_env\) is not set"):
        load_token(config("{token_env: MY_GT_TOKEN}"), environ={})


@pytest.mark.parametrize(
    ("content", "message"),
    [("\n\n", "is empty"), (f"{TOKEN}\nsecond-line-secret\n", "has 2 lines"),
     (f"{TOKEN} extra-secret-part", "spaces")],
)  # fmt: skip
def test_a_malformed_token_is_refused_without_showing_it(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "token").write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_token(config(f"{{token_file: {tmp_path / 'token'}}}"), environ={})
    text = str(caught.value)
    assert message in text
    for secret in (TOKEN, "second-line-secret", "extra-secret-part"):
        assert secret not in text


def test_a_world_readable_token_file_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN)
    path.chmod(0o600)
    assert not token_file_too_open(path)
    path.chmod(0o644)
    assert token_file_too_open(path)
