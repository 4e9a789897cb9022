"""Reading the GoTranscript API token from where config.yaml says it is. Never echoes it.

Three sources, in this order of precedence: `api.token_file`, `api.token_env` (the name of
an environment variable), or systemd's credential `$CREDENTIALS_DIRECTORY/gt-api-token`
(LoadCredential=). The token is registered with `redact` as soon as it is read, so that no
later log line or error can show it. Must not log or return the token in any message.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from gt_watch.config.schema import TOKEN_CREDENTIAL_NAME, Config
from gt_watch.errors import ConfigError, Problem
from gt_watch.redact import register_secret

_HOW_TO = (
    "give gt-watch its API token in one of three ways: api.token_file (a file readable only "
    "by gt-watch), api.token_env (the name of an environment variable), or the systemd "
    f"credential {TOKEN_CREDENTIAL_NAME} (LoadCredential={TOKEN_CREDENTIAL_NAME}:/path in "
    "the unit)"
)


def load_token(config: Config, environ: Mapping[str, str] | None = None) -> str:
    """Given the config (and the environment, default: this process's), return the API
    token and register it as a secret. Raise ConfigError saying which source is missing,
    unreadable or empty, never showing the token."""
    environ = os.environ if environ is None else environ
    if config.api.token_file is not None:
        token = _read_token_file(config.api.token_file, "api.token_file")
    elif config.api.token_env is not None:
        token = _read_token_variable(config.api.token_env, environ)
    else:
        token = _read_credential(environ)
    register_secret(token)
    return token


def _read_token_file(path: Path, what: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(f"the token file {path} ({what}) does not exist") from None
    except PermissionError:
        raise _error(f"the token file {path} ({what}) is not readable by this user") from None
    except UnicodeDecodeError:
        raise _error(f"the token file {path} ({what}) is not UTF-8 text") from None
    except OSError as error:
        raise _error(f"the token file {path} ({what}) cannot be read: {error.strerror}") from None
    return _check_token(text, f"the token file {path}")


def _read_token_variable(name: str, environ: Mapping[str, str]) -> str:
    if name not in environ:
        raise _error(f"the environment variable {name} (api.token_env) is not set")
    return _check_token(environ[name], f"the environment variable {name}")


def _read_credential(environ: Mapping[str, str]) -> str:
    directory = environ.get("CREDENTIALS_DIRECTORY")
    if not directory:
        raise _error(f"no API token source is configured; {_HOW_TO}")
    path = Path(directory) / TOKEN_CREDENTIAL_NAME
    if not path.exists():
        raise _error(
            f"the systemd credential {TOKEN_CREDENTIAL_NAME} is missing from "
            f"$CREDENTIALS_DIRECTORY; {_HOW_TO}"
        )
    return _read_token_file(path, "systemd credential")


def _check_token(text: str, where: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise _error(f"{where} is empty; it should hold the API token")
    if len(lines) > 1:
        for line in lines:
            register_secret(line)
        raise _error(f"{where} has {len(lines)} lines; it should hold the API token alone")
    token = lines[0]
    if any(character.isspace() for character in token):
        register_secret(token)
        raise _error(f"{where} holds text with spaces; it should hold the API token alone")
    return token


def token_file_too_open(path: Path) -> bool:
    """Given a token file, return whether users other than its owner and group may read it."""
    try:
        return bool(path.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def _error(message: str) -> ConfigError:
    return ConfigError([Problem(message)])
