"""SIGHUP: re-read config.yaml and every rules file while running. Applies what can change
live, keeps what was in force where a new file is invalid (saying why), and names the
settings that only a restart applies. Must not restart or rebuild any part.

Live: `mode`, `limits.max_per_order`, `limits.max_per_day`, `limits.max_in_doubt`,
`api.poll_interval` and every rules file. After a restart only: `api.base_url` and the token
source, `state`, `storage`, `server`, `watches` and `limits.workers` (they are built into
clients, sockets, threads and the database connection at start).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from pydantic import BaseModel

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.schema import Config
from gt_watch.errors import ConfigError
from gt_watch.model import RulesChanged
from gt_watch.service.build import Runtime
from gt_watch.watchers import RULES_FILE_NAME

log = logging.getLogger("gt_watch.service")

ConfigLoader = Callable[[], Config]


def restart_needed(running: Config, new: Config) -> list[str]:
    """Given the running and the newly read config, return the names of the changed
    settings that take effect only after a restart."""
    changed = [
        section
        for section in ("state", "storage", "server", "watches")
        if getattr(running, section) != getattr(new, section)
    ]
    if _without(running.api, "poll_interval") != _without(new.api, "poll_interval"):
        changed.append("api (base_url, token source)")
    if running.limits.workers != new.limits.workers:
        changed.append("limits.workers")
    return changed


def live_config(running: Config, new: Config) -> Config:
    """Given the running and the newly read config, return the running one with the
    settings that can change live taken from the new one."""
    return running.model_copy(
        update={
            "mode": new.mode,
            "api": running.api.model_copy(update={"poll_interval": new.api.poll_interval}),
            "limits": new.limits.model_copy(update={"workers": running.limits.workers}),
        }
    )


def reload(runtime: Runtime, load_config: ConfigLoader | None) -> list[str]:
    """Re-read config.yaml (with `load_config`; None in sandbox mode) and every rules file;
    apply them as far as they are valid. Return what was kept out, one line each."""
    kept_out: list[str] = []
    running = runtime.config
    new = running
    if load_config is not None:
        try:
            new = load_config()
        except ConfigError as error:
            log.error(
                "config.yaml not reloaded, the running configuration stays until this is "
                "fixed:\n%s",
                error,
            )
            kept_out.append("config.yaml")
    for name in restart_needed(running, new):
        log.warning(
            "%s changed in config.yaml: takes effect after a restart (systemctl restart gt-watch)",
            name,
        )
    effective = live_config(running, new)
    runtime.config = effective
    runtime.apply_settings(
        dataclasses.replace(
            runtime.settings,
            poll_interval=effective.api.poll_interval,
            max_in_doubt=effective.limits.max_in_doubt,
            max_per_day=effective.limits.max_per_day,
        )
    )
    runtime.rules.set_defaults(RuleDefaults.from_config(effective))
    # Through the engine, so that files held for want of valid rules are planned again.
    for root in runtime.rules.roots:
        runtime.engine.submit(RulesChanged(root / RULES_FILE_NAME))
    runtime.engine.tick()
    kept_out.extend(str(problem) for problem in runtime.rules.rejected())
    return kept_out


def _without(section: BaseModel, name: str) -> dict[str, object]:
    values: dict[str, object] = section.model_dump()
    values.pop(name, None)
    return values
