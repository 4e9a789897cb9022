"""Doctor: is the API token there, and does GoTranscript accept it? Asks for the account's
test-mode order list (`GET /orders?mode=test`): it authenticates like every call, costs
nothing and needs no media URL. Must not place an order, not even a test one."""

from __future__ import annotations

from collections.abc import Mapping

from gt_watch.api.client import GoTranscriptClient
from gt_watch.api.retry import RetryPolicy
from gt_watch.config.schema import Config
from gt_watch.config.token import load_token
from gt_watch.errors import ApiRequestError, ApiUnavailableError, ConfigError, GtWatchError
from gt_watch.model import Mode
from gt_watch.service.doctor import Finding

CHECK = "token"


def token_setting(config: Config) -> str:
    """Given the config, return the setting the token comes from, as people name it."""
    if config.api.token_file is not None:
        return "api.token_file"
    if config.api.token_env is not None:
        return "api.token_env"
    return "systemd credential gt-api-token (LoadCredential=)"


def check_token(config: Config, environ: Mapping[str, str]) -> tuple[Finding, str | None]:
    """Given the config and the environment, return the finding and the token (None when
    it could not be read)."""
    setting = token_setting(config)
    try:
        token = load_token(config, environ)
    except ConfigError as error:
        return Finding.failure(CHECK, str(error), setting, "give gt-watch its token"), None
    return _ask(config, token, setting), token


def _ask(config: Config, token: str, setting: str) -> Finding:
    base_url = config.api.base_url
    client = GoTranscriptClient(base_url, token, retry=RetryPolicy(attempts=2, total_seconds=20))
    try:
        next(iter(client.orders(Mode.TEST)), None)
    except ApiRequestError as refused:
        return Finding.failure(
            CHECK,
            f"GoTranscript refused the token: {refused.error}",
            setting,
            "put the API token of your GoTranscript account there (Account > API)",
        )
    except ApiUnavailableError as error:
        return Finding.failure(
            CHECK,
            f"cannot reach GoTranscript at {base_url}: {error}",
            "api.base_url",
            "check api.base_url, DNS and the firewall (outgoing https)",
        )
    except GtWatchError as error:
        return Finding.failure(
            CHECK,
            f"{base_url} does not answer like the GoTranscript API: {error}",
            "api.base_url",
            "set api.base_url to https://gotranscript.com/api/v4 (or your sandbox's address)",
        )
    finally:
        client.close()
    return Finding.ok(CHECK, f"GoTranscript accepted the token ({setting}; a free test-mode read)")
