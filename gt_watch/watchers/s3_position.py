"""Where the listing of one S3 watch stands, kept in the state database's `meta` table so
that a restart resumes instead of starting over. Reads and writes only its own meta keys.

- `resume`: the key after which an interrupted full pass goes on (None: no pass open);
- `high_water`: the greatest key a completed pass listed, where incremental passes start;
- `rules`: the ETag of every rules object as last handed on, so that only rules objects
  new, changed or gone since are reported (also across restarts).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from gt_watch.store import Store

logger = logging.getLogger(__name__)


@dataclass
class ListingPosition:
    resume: str | None = None
    high_water: str = ""
    rules: dict[str, str] = field(default_factory=dict)


def _keys(root: str) -> tuple[str, str]:
    return f"s3-watch:{root}:position", f"s3-watch:{root}:rules"


def load_position(store: Store, root: str) -> ListingPosition:
    """Given the store and a watch root, return its persisted position (a fresh one if
    none was kept, or if what was kept cannot be read: a full pass repairs that)."""
    position_key, rules_key = _keys(root)
    try:
        kept = json.loads(store.meta.get(position_key) or "{}")
        rules = json.loads(store.meta.get(rules_key) or "{}")
        return ListingPosition(
            resume=_text_or_none(kept.get("resume")),
            high_water=str(kept.get("high_water") or ""),
            rules={str(key): str(etag) for key, etag in dict(rules).items()},
        )
    except (ValueError, TypeError, AttributeError):
        logger.warning("the listing position of %s was unreadable; starting over", root)
        return ListingPosition()


def save_position(
    store: Store, root: str, position: ListingPosition, *, with_rules: bool = True
) -> None:
    """Persist the position of a watch root, with its rules objects unless `with_rules` is
    False (they did not change), in one transaction committed durably."""
    position_key, rules_key = _keys(root)
    kept = {"resume": position.resume, "high_water": position.high_water}
    with store.database.transaction():
        store.meta.set(position_key, json.dumps(kept, ensure_ascii=False))
        if with_rules:
            rules = json.dumps(position.rules, ensure_ascii=False, sort_keys=True)
            store.meta.set(rules_key, rules)


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)
