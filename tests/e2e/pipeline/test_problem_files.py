"""What must not be ordered is not, and `gt-watch status` says why: a folder with broken
rules (held until they are fixed, while other folders carry on), empty files, files that are
not media, and files still being written."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav

pytestmark = pytest.mark.slow  # starts the daemon, the sandbox and moto_server

CAPTIONS = """\
orders:
  - name: captions
    kind: captions
    language: english
    outputs: [srt, txt]
"""
# The list on line 4 is never closed: a YAML syntax error the parser notices on line 5.
BROKEN = """\
orders:
  - name: captions
    kind: captions
    language: [english
    outputs: [srt, txt]
"""


def test_a_broken_rules_file_holds_only_its_folder_until_it_is_fixed_without_a_restart(
    pipeline: Pipeline,
) -> None:
    pipeline.rules(".", CAPTIONS)
    broken = pipeline.rules("clients", BROKEN)
    write_wav(pipeline.media / "team/standup.wav", 4.0, seed=41)
    write_wav(pipeline.media / "clients/call.wav", 4.0, seed=42)

    validated = pipeline.daemon.command("validate")
    assert validated.returncode == 1
    assert validated.stdout.splitlines()[0].startswith(f"{broken}:5: YAML syntax error")

    pipeline.daemon.start()
    pipeline.wait_for_files(pipeline.media / "team/standup.en.srt")
    rows = pipeline.wait_for_states({"team/standup.wav": "delivered", "clients/call.wav": "held"})
    [held] = [row for row in rows if row["state"] == "held"]
    assert held["next"].startswith("waiting for its folder's rules to be fixed: ")
    assert f"{broken}:5: YAML syntax error" in held["next"]
    assert len(pipeline.orders()) == 1

    broken.write_text(CAPTIONS)
    assert (
        pipeline.daemon.command("validate").stdout == "ok: 3 files\n"
    )  # config.yaml and two rules files
    pipeline.wait_for_files(pipeline.media / "clients/call.en.srt")
    pipeline.wait_for_states({"team/standup.wav": "delivered", "clients/call.wav": "delivered"})
    assert pipeline.daemon.stop() == 0
    assert len(pipeline.orders()) == 2
    assert str(broken) in pipeline.daemon.output()


class SlowWriter(threading.Thread):
    """Copies a file into place a small piece every 0.1 s, keeping it open, like a recorder
    or a slow network copy, until `release` is set: then the rest at once, and it closes
    the file. `done` is set once the file is complete."""

    def __init__(self, source: Path, target: Path, pieces: int = 300) -> None:
        super().__init__(daemon=True)
        self.source, self.target, self.pieces = source, target, pieces
        self.release, self.done = threading.Event(), threading.Event()

    def run(self) -> None:
        data = self.source.read_bytes()
        size = -(-len(data) // self.pieces)
        written = 0
        with self.target.open("wb") as output:
            # The last piece waits for the release, however slow the daemon is to start.
            while written + size < len(data) and not self.release.wait(0.1):
                output.write(data[written : written + size])
                output.flush()
                written += size
            self.release.wait()
            output.write(data[written:])
        self.done.set()


@pytest.fixture
def growing(pipeline: Pipeline, tmp_path: Path) -> Iterator[SlowWriter]:
    """A 20 s WAV written into media/growing.wav for as long as the test wants."""
    source = write_wav(tmp_path / "outside/growing.wav", 20.0, seed=43, rate=4000)
    writer = SlowWriter(source, pipeline.media / "growing.wav")
    yield writer
    writer.release.set()
    writer.join(timeout=30)


def test_empty_non_media_and_growing_files_are_not_ordered_and_status_says_why(
    pipeline: Pipeline, growing: SlowWriter
) -> None:
    pipeline.rules(".", CAPTIONS)
    (pipeline.media / "empty.wav").write_bytes(b"")
    (pipeline.media / "notes.wav").write_text("meeting notes, not audio\n" * 50)

    growing.start()
    pipeline.daemon.start()
    rows = pipeline.wait_for_states({"empty.wav": "rejected", "notes.wav": "rejected"})
    assert "growing.wav" not in {pipeline.relative(row["file"]) for row in rows}
    assert pipeline.orders() == []
    assert not growing.done.is_set() and (pipeline.media / "growing.wav").stat().st_size > 0
    growing.release.set()
    pipeline.wait_for_files(pipeline.media / "growing.en.srt")
    rows = pipeline.wait_for_states(
        {"empty.wav": "rejected", "notes.wav": "rejected", "growing.wav": "delivered"}
    )
    assert pipeline.daemon.stop() == 0

    why = {pipeline.relative(row["file"]): row["next"] for row in rows}
    assert why["empty.wav"] == "not ordered: empty.wav is empty (0 bytes); nothing to transcribe"
    assert why["notes.wav"].startswith(
        "not ordered: notes.wav looks like a text file; it will not be ordered"
    )
    [order] = pipeline.orders()
    assert order["seconds"] == 20
