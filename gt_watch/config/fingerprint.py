"""The identity of an order rule: what would be bought, independent of where and how it is
written. Pure.

Two rules with the same kind, the same API parameters (defaults filled in) and the same
chain parent order the same thing, so the same content under them is bought once. Outputs,
naming, names, folders and mode do not count: they change what is written or whether money
is spent, not what is ordered.
"""

from __future__ import annotations

import hashlib
import json

from gt_watch import catalog
from gt_watch.config.orders import PIPELINE_PARAMS
from gt_watch.model import OrderRule

FINGERPRINT_VERSION = 1


def rule_fingerprint(rule: OrderRule, parent_fingerprint: str = "") -> str:
    """Given an order rule and the fingerprint of the order it is chained to (empty at the
    top of a chain), return a stable hexadecimal fingerprint of what it orders."""
    spec = catalog.KINDS[rule.kind]
    params = {
        param.name: param.default
        for param in spec.params
        if param.default is not None and param.name not in PIPELINE_PARAMS
    }
    params.update(rule.params)
    for name, value in params.items():
        if spec.param_index[name].kind == "boolean":
            params[name] = "true" if value.lower() in ("true", "1") else "false"
    identity = {
        "version": FINGERPRINT_VERSION,
        "kind": rule.kind.value,
        "params": params,
        "script": rule.script,
        "parent": parent_fingerprint,
    }
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
