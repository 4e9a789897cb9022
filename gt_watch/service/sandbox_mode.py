"""`gt-watch run --sandbox DIR`: the embedded default. Watches DIR against the built-in
GoTranscript sandbox, with every piece of state under DIR/.gt-watch/, and writes a starter
rules file when DIR has none. Nothing leaves this machine and nothing is paid."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.config.schema import Config
from gt_watch.errors import GtWatchError
from gt_watch.sandbox.server import SandboxServer
from gt_watch.sandbox.settings import SandboxSettings
from gt_watch.service import daemon
from gt_watch.service.http import bind
from gt_watch.service.sandbox_link import SandboxLink, published

log = logging.getLogger("gt_watch.service")

STATE_FOLDER = ".gt-watch"
SANDBOX_SPEED = 20.0  # callback retries 20x faster than the real service's minutes

STARTER_RULES = """\
# gt-watch rules for this folder and its sub-folders (a sub-folder's own .gt-watch.yaml
# overrides these). Written by `gt-watch run --sandbox`; edit freely, changes apply at once.
# Every option is described in docs/rules.md.
#
# This folder is watched against the built-in GoTranscript sandbox: orders cost nothing and
# the transcripts are sample text. Against the real service, `mode: live` pays from your
# GoTranscript wallet and `mode: test` only asks for prices.
mode: live

# Which files are ordered (default: common audio and video types).
# match: ["*.wav", "*.mp3", "*.mp4", "*.m4a", "*.mov", "*.flac", "*.ogg"]

orders:
  - name: english-captions
    kind: captions            # or transcription, ai_transcription, subtitles, ...
    language: english
    # turnaround_time: 5_days       # 12_hours, 1_days, 3_days or 5_days
    # number_of_speakers: 1_or_2    # or 3_or_more
    outputs: [srt, vtt, docx, txt]  # written as <name>.en.srt, <name>.en.vtt, ...
"""


def write_starter_rules(folder: Path) -> bool:
    """Write the starter rules file into `folder` unless it has one; return whether it did."""
    path = folder / RULES_FILE_NAME
    if path.exists():
        return False
    path.write_text(STARTER_RULES, encoding="utf-8")
    return True


def sandbox_config(folder: Path, api_url: str, listen: str, public_url: str) -> Config:
    """The configuration of sandbox mode: one recursive watch of `folder`, built-in media
    URLs, state under `folder/.gt-watch/`, live mode, no spending limits but the wallet."""
    return Config.model_validate(
        {
            "api": {"base_url": api_url, "poll_interval": 2},
            "mode": "live",
            "state": {"database": folder / STATE_FOLDER / "state.db"},
            "storage": {"type": "builtin"},
            "server": {"listen": listen, "public_url": public_url},
            "watches": [{"path": folder, "recursive": True, "quiet_period": 1}],
            "limits": {"max_per_order": None, "max_per_day": None},
        }
    )


def sandbox_settings(folder: Path, delay: float = 5.0) -> SandboxSettings:
    """The settings of the sandbox of a sandbox folder: its orders and wallet kept under
    `folder/.gt-watch/`, live orders finished after `delay` seconds."""
    return SandboxSettings(
        state_path=folder / STATE_FOLDER / "sandbox.sqlite3", delay=delay, speed=SANDBOX_SPEED
    )


def run_sandbox(folder: Path, *, once: bool = False, delay: float = 5.0) -> int:
    """Watch `folder` against an in-process sandbox until stopped (or settled, with `once`)."""
    folder = folder.expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATE_FOLDER).mkdir(exist_ok=True)
    except OSError as error:
        raise GtWatchError(
            f"cannot use {folder} as the sandbox folder: {error.strerror}"
        ) from error
    if write_starter_rules(folder):
        log.info("wrote starter rules to %s", folder / RULES_FILE_NAME)
    settings = sandbox_settings(folder, delay)
    with SandboxServer(settings) as sandbox:
        sock = bind("127.0.0.1", 0)
        port = sock.getsockname()[1]
        public_url = f"http://127.0.0.1:{port}"
        config = sandbox_config(folder, sandbox.base_url, f"127.0.0.1:{port}", public_url)
        log.info(
            "sandbox mode: drop media files into %s; sidecars appear next to them "
            "(nothing is paid; Ctrl-C stops)",
            folder,
        )
        link = SandboxLink(sandbox.base_url, public_url, os.getpid())
        with published(folder / STATE_FOLDER, link):
            return daemon.run(config, settings.token, once=once, sock=sock, public_url=public_url)
