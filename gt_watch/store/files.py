"""Source files as gt-watch last saw them: the `files` table. No job logic here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import cast

from gt_watch.store.database import Database, parameter_chunks
from gt_watch.store.rows import FileRecord, FileState


class FileRepository:
    def __init__(self, database: Database) -> None:
        self.database = database

    def known_versions(self, watch_root: str) -> dict[str, str]:
        """Given a watch root, return {source: version} of every file recorded under it, in
        one query, so that a startup scan of many files costs no query per file."""
        rows = self.database.query(
            "SELECT source, version FROM files WHERE watch_root = ?", (watch_root,)
        )
        return {row["source"]: row["version"] for row in rows}

    def states_of(self, sources: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Given some sources (a listing page: up to a few thousand), return {source:
        (version, state)} of those recorded, in one query per 900 sources, so that
        reconciling a bucket against the database costs no query per object."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in parameter_chunks(sources):
            marks = ",".join("?" * len(chunk))
            rows = self.database.query(
                f"SELECT source, version, state FROM files WHERE source IN ({marks})",  # noqa: S608
                chunk,
            )
            found.update((row["source"], (row["version"], row["state"])) for row in rows)
        return found

    def versions_and_states(self) -> list[tuple[str, str, str]]:
        """Return (source, version, state) of every file recorded, in one query: a start
        over 100,000 known files costs one pass over the table, not a query per file."""
        rows = self.database.query_tuples("SELECT source, version, state FROM files")
        return cast(list[tuple[str, str, str]], rows)  # TEXT NOT NULL columns of a STRICT table

    def iter_sources(self, watch_root: str, batch: int = 5000) -> Iterator[FileRecord]:
        """Yield every file recorded under a watch root in source order, `batch` rows at a
        time (bounded memory for very large watches)."""
        after = ""
        while True:
            rows = self.database.query(
                "SELECT * FROM files WHERE watch_root = ? AND source > ? ORDER BY source LIMIT ?",
                (watch_root, after, batch),
            )
            if not rows:
                return
            for row in rows:
                yield FileRecord.from_row(row)
            after = rows[-1]["source"]

    def observe(self, source: str, watch_root: str, size: int, version: str) -> FileRecord:
        """Record that `source` exists with this size and version. A new file, or a known one
        whose version changed, is (re)set to `seen` so it is hashed and planned again; an
        unchanged one is returned as it was."""
        now = self.database.now()
        with self.database.transaction() as connection:
            row = connection.execute("SELECT * FROM files WHERE source = ?", (source,)).fetchone()
            if row is None:
                connection.execute(
                    "INSERT INTO files (source, watch_root, size, version, state, first_seen,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (source, watch_root, size, version, FileState.SEEN, now, now),
                )
            elif row["version"] != version or row["state"] == FileState.GONE:
                connection.execute(
                    "UPDATE files SET size = ?, version = ?, content_hash = NULL, duration = NULL,"
                    " problem = NULL, state = ?, updated_at = ? WHERE id = ?",
                    (size, version, FileState.SEEN, now, row["id"]),
                )
            else:
                return FileRecord.from_row(row)
            return FileRecord.from_row(
                connection.execute("SELECT * FROM files WHERE source = ?", (source,)).fetchone()
            )

    def checked(
        self,
        file_id: int,
        *,
        content_hash: str | None,
        duration: float | None,
        state: str,
        problem: str | None = None,
    ) -> None:
        """Record the outcome of hashing and checking a file (ready, or rejected and why)."""
        self.database.execute(
            "UPDATE files SET content_hash = ?, duration = ?, state = ?, problem = ?,"
            " updated_at = ? WHERE id = ?",
            (content_hash, duration, state, problem, self.database.now(), file_id),
        )

    def mark_gone(self, source: str) -> None:
        self.database.execute(
            "UPDATE files SET state = ?, updated_at = ? WHERE source = ?",
            (FileState.GONE, self.database.now(), source),
        )

    def get(self, file_id: int) -> FileRecord:
        row = self.database.query_one("SELECT * FROM files WHERE id = ?", (file_id,))
        if row is None:
            raise KeyError(f"no file with id {file_id}")
        return FileRecord.from_row(row)

    def by_source(self, source: str) -> FileRecord | None:
        row = self.database.query_one("SELECT * FROM files WHERE source = ?", (source,))
        return FileRecord.from_row(row) if row else None

    def in_state(self, state: str) -> list[FileRecord]:
        rows = self.database.query("SELECT * FROM files WHERE state = ? ORDER BY id", (state,))
        return [FileRecord.from_row(row) for row in rows]

    def with_hash(self, content_hash: str) -> list[FileRecord]:
        rows = self.database.query(
            "SELECT * FROM files WHERE content_hash = ? AND state = ? ORDER BY id",
            (content_hash, FileState.READY),
        )
        return [FileRecord.from_row(row) for row in rows]
