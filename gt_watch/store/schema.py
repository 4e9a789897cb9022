"""The database schema as an ordered list of migrations. Pure data and one function.

A migration is appended, never edited: `PRAGMA user_version` records how many have run, so a
database written by an older gt-watch is upgraded in place and one written by a newer
gt-watch is refused instead of being damaged.
"""

from __future__ import annotations

import sqlite3

from gt_watch.errors import StateError

MIGRATIONS: tuple[str, ...] = (
    # 1: files, jobs, order intents, deliveries, sidecars, the callback inbox, job history.
    """
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL UNIQUE,
        watch_root TEXT NOT NULL,
        size INTEGER NOT NULL,
        version TEXT NOT NULL,
        content_hash TEXT,
        duration REAL,
        state TEXT NOT NULL,
        problem TEXT,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX files_by_root ON files (watch_root);
    CREATE INDEX files_by_hash ON files (content_hash);

    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        mode TEXT NOT NULL,
        kind TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        params TEXT NOT NULL,
        parent_id TEXT REFERENCES jobs (id),
        origin_file_id INTEGER NOT NULL REFERENCES files (id),
        state TEXT NOT NULL,
        order_id INTEGER,
        quote REAL,
        cost REAL,
        seconds INTEGER,
        media_key TEXT,
        revision INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        next_check_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (content_hash, fingerprint, mode)
    ) STRICT;
    CREATE INDEX jobs_by_state ON jobs (state, next_check_at);
    CREATE INDEX jobs_by_order ON jobs (order_id);
    CREATE INDEX jobs_by_parent ON jobs (parent_id);

    CREATE TABLE intents (
        job_id TEXT PRIMARY KEY REFERENCES jobs (id),
        tag TEXT NOT NULL,
        request TEXT NOT NULL,
        created_at TEXT NOT NULL,
        outcome TEXT,
        order_id INTEGER,
        resolved_at TEXT
    ) STRICT;

    CREATE TABLE deliveries (
        job_id TEXT NOT NULL REFERENCES jobs (id),
        file_id INTEGER NOT NULL REFERENCES files (id),
        rule TEXT NOT NULL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (job_id, file_id)
    ) STRICT;

    CREATE TABLE sidecars (
        path TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs (id),
        file_id INTEGER NOT NULL REFERENCES files (id),
        sha256 TEXT NOT NULL,
        written_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE callbacks (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL,
        order_id INTEGER,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        processed_at TEXT
    ) STRICT;
    CREATE INDEX callbacks_unprocessed ON callbacks (processed_at);

    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL,
        at TEXT NOT NULL,
        state TEXT NOT NULL,
        note TEXT
    ) STRICT;
    CREATE INDEX history_by_job ON history (job_id);

    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    """,
    # 2: a delivery whose file's rules stopped asking for its order after the order was
    # placed: still delivered (it was paid for), and `gt-watch status` says so. Deliveries
    # by file: every rules change looks up those of each file under the folder.
    """
    ALTER TABLE deliveries ADD COLUMN unwanted_since TEXT;
    CREATE INDEX deliveries_by_file ON deliveries (file_id);
    """,
    # 3: the size and mtime_ns of each local sidecar as written, so that a restart does not
    # hand gt-watch's own unchanged sidecars to the pipeline again. NULL where unknown:
    # rows written before this migration, and sidecars in S3 buckets (no mtime; the bucket
    # listing recognises them by key).
    """
    ALTER TABLE sidecars ADD COLUMN size INTEGER;
    ALTER TABLE sidecars ADD COLUMN mtime_ns INTEGER;
    """,
)


def migrate(connection: sqlite3.Connection) -> int:
    """Given an open connection, apply the migrations it lacks and return the schema version.
    Raise StateError if the database was written by a newer gt-watch."""
    current = _user_version(connection)
    if current > len(MIGRATIONS):
        raise StateError(
            f"the state database has schema version {current}, newer than this gt-watch "
            f"understands ({len(MIGRATIONS)}); upgrade gt-watch or point it at another database"
        )
    for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except sqlite3.Error as error:
            connection.rollback()
            if _user_version(connection) >= version:
                # Another connection (the daemon's, or `gt-watch status` run while the
                # daemon starts) applied this migration after the version was read here.
                continue
            raise StateError(
                f"could not upgrade the state database to version {version}: {error}"
            ) from error
    return len(MIGRATIONS)


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])
