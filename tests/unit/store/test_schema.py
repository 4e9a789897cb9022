"""Migrations: a database written by an older gt-watch is upgraded in place, rows kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gt_watch.store import Store
from gt_watch.store.schema import MIGRATIONS

SIDECARS_SIGNED = 3  # the migration that gave sidecars their size and mtime


def old_database(path: Path, version: int) -> None:
    """A database as gt-watch with `version` migrations left it: a file, a job and a sidecar
    written by delivery back then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            connection.executescript(script)
        connection.executescript(
            f"""
            PRAGMA user_version = {version};
            INSERT INTO files (id, source, watch_root, size, version, state, first_seen,
                               updated_at)
                VALUES (1, '/media/talk.wav', '/media', 10, '10:1', 'ready', 't', 't');
            INSERT INTO jobs (id, content_hash, fingerprint, mode, kind, rule_name, params,
                              origin_file_id, state, created_at, updated_at)
                VALUES ('j1', 'c0ffee', 'fp', 'live', 'captions', 'captions', '{{}}', 1,
                        'delivered', 't', 't');
            INSERT INTO sidecars (path, job_id, file_id, sha256, written_at)
                VALUES ('/media/talk.en.srt', 'j1', 1, 'abc', 't');
            """
        )
    finally:
        connection.close()


def test_sidecars_written_before_their_signatures_were_kept_stay_and_are_not_seeded(
    database_path: Path,
) -> None:
    old_database(database_path, SIDECARS_SIGNED - 1)
    with Store.open(database_path) as store:
        version = store.database.query_one("PRAGMA user_version")
        assert version is not None and version[0] == len(MIGRATIONS)
        assert store.sidecars.written_hash("/media/talk.en.srt") == "abc"
        assert store.sidecars.signatures_under("/media") == []

        store.sidecars.record(
            "/media/talk.en.vtt", job_id="j1", file_id=1, sha256="def", signature=(12, 34)
        )
        assert store.sidecars.signatures_under("/media") == [("/media/talk.en.vtt", 12, 34)]
