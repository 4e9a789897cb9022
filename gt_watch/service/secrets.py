"""Secrets gt-watch makes for itself (the callback path secret, the signed-URL key), kept
as 0600 files in the state folder so they survive restarts and are shared with the CLI."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from gt_watch.errors import StateError
from gt_watch.redact import register_secret


def state_secret(folder: Path, name: str) -> str:
    """Return the secret stored as `folder/name`, creating it (random, 0600) the first time."""
    path = folder / name
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = _create(path)
    except OSError as error:
        raise StateError(f"cannot read {path}: {error.strerror}") from error
    register_secret(value)
    return value


def _create(path: Path) -> str:
    value = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()  # another process made it first
    except OSError as error:
        raise StateError(f"cannot create {path}: {error.strerror}") from error
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(value + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    return value


def register_aws_secrets(session: Any) -> None:
    """Given a boto3 session, register its secret key and session token with `redact`, so
    that no log line or error can show them (botocore may quote them in debug output)."""
    credentials = session.get_credentials()
    if credentials is None:
        return
    frozen = credentials.get_frozen_credentials()
    register_secret(frozen.secret_key)
    register_secret(frozen.token)
