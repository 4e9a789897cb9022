"""The API token appears nowhere gt-watch writes or prints, even at debug level and when the
API fails: not in its output, `status`, the state database, the results, or the sidecars."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.e2e.pipeline.conftest import Pipeline
from tests.support.media import write_wav

pytestmark = pytest.mark.slow  # starts the daemon, the sandbox and moto_server

RULES = """\
orders:
  - name: captions
    kind: captions
    language: english
    outputs: [srt, vtt, docx, txt, json]
  - name: machine
    kind: ai_transcription
    language: english
    outputs: [txt, vendor-captions]
    naming: "{stem}.machine.{lang}.{ext}"
"""


def readable_bytes(path: Path) -> bytes:
    """A file's bytes, with the members of a zip (DOCX) unpacked so that search sees them."""
    data = path.read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return data + b"".join(package.read(member) for member in package.namelist())


def files_holding(token: str, folder: Path) -> list[Path]:
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and token.encode() in readable_bytes(path)
    ]


def test_the_api_token_appears_in_no_output_state_result_or_sidecar(pipeline: Pipeline) -> None:
    pipeline.rules(".", RULES)
    write_wav(pipeline.media / "board.wav", 4.0, seed=51)
    # Failing reads make the client log and report errors with the URLs it called.
    pipeline.sandbox.fail_next(3, path="/api/v4/orders", method="GET", status=503)

    pipeline.daemon.start(log_level="debug")
    pipeline.wait_for_files(
        pipeline.media / "board.en.docx", pipeline.media / "board.machine.en.vendor.srt"
    )
    pipeline.wait_for_states({"board.wav": "delivered"})
    # Wide enough that no table cell is folded (a token split over two lines hides).
    shown = [
        pipeline.daemon.command("status", *args, COLUMNS="500")
        for args in ((), ("--all",), ("--json",))
    ]
    assert pipeline.daemon.stop() == 0

    output = pipeline.daemon.output()
    assert "GET" in output and "503" in output, "the debug log shows the failing requests"
    assert pipeline.token not in output
    for result in shown:
        assert result.returncode == 0, result.stderr
        assert "board.wav" in result.stdout
        assert pipeline.token not in result.stdout + result.stderr
    assert (pipeline.state / "state.db").exists()
    assert list((pipeline.state / "results").rglob("*.srt"))
    # The test's folder holds the logs, the state folder, the media with its sidecars, and
    # the token file, which must be the only file found.
    assert files_holding(pipeline.token, pipeline.root) == [pipeline.root / "token"]
