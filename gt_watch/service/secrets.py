"""Secrets gt-watch makes for itself (the callback path secret, the signed-URL key), kept
as 0600 files in the state folder so they survive restarts and are shared with the CLI."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

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
