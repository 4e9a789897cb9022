"""Where config.yaml is looked for. Kept apart and light, so that the command line can name
the default in `--help` without loading the schema."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

DEFAULT_CONFIG_PATH = Path("/etc/gt-watch/config.yaml")
CONFIG_PATH_VARIABLE = "GT_WATCH_CONFIG"


def config_path(option: Path | None, environ: Mapping[str, str]) -> Path:
    """Given the --config option (or None), return the config file to use: the option, else
    $GT_WATCH_CONFIG, else /etc/gt-watch/config.yaml."""
    if option is not None:
        return option
    return Path(environ.get(CONFIG_PATH_VARIABLE) or DEFAULT_CONFIG_PATH)
