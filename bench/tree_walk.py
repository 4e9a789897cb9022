"""The baseline walk the startup and rescan benches compare gt-watch's scans with: standard
library only, so that importing it adds nothing to a baseline's time or memory."""

from __future__ import annotations

import os


def bare_walk(root: str) -> int:
    """The baseline: os.scandir over every folder, lstat of every file, nothing else."""
    count, pending = 0, [root]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    entry.stat(follow_symlinks=False)
                    count += 1
    return count
