"""Media files for tests: deterministic WAVs of any length, the shipped format samples, and
scripts (the text a proofreading, forced alignment or translation order points at)."""

from __future__ import annotations

import io
import json
import math
import random
import shutil
import struct
import subprocess
import wave
from pathlib import Path

import docx

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "media"
SCRIPT = "hello and welcome to the show. today we talk about budgets and schedules"


def write_wav(path: Path, seconds: float, *, seed: int = 0, rate: int = 8000) -> Path:
    """Write a mono 16-bit WAV of `seconds` length whose bytes depend only on `seed`.

    The signal is a few tones with noise, so different seeds give different content hashes.
    """
    generator = random.Random(seed)
    frequencies = [generator.uniform(150, 900) for _ in range(3)]
    frames = bytearray()
    for index in range(round(seconds * rate)):
        moment = index / rate
        value = sum(math.sin(2 * math.pi * f * moment) for f in frequencies) / 3
        value += generator.uniform(-0.05, 0.05)
        frames += struct.pack("<h", int(max(-1.0, min(1.0, value)) * 12000))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(bytes(frames))
    return path


def sample(name: str) -> Path:
    """Return the path of a shipped sample in tests/data/media (tone.mp3, tone.flac, ...)."""
    path = SAMPLES / name
    if not path.exists():
        raise FileNotFoundError(f"no sample {name} in {SAMPLES}")
    return path


def write_documents(folder: Path) -> None:
    """Write `SCRIPT` as script.txt, .docx, .html, .srt and .json into `folder`."""
    (folder / "script.txt").write_text(SCRIPT + "\n")
    document = docx.Document()
    document.add_paragraph("Hello and welcome to the show.")
    document.add_paragraph("Today we talk about budgets and schedules.")
    buffer = io.BytesIO()
    document.save(buffer)
    (folder / "script.docx").write_bytes(buffer.getvalue())
    (folder / "script.html").write_text(f"<html><body><p>{SCRIPT}</p></body></html>")
    (folder / "script.srt").write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nhello and welcome\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\nto the show.\n"
    )
    (folder / "script.json").write_text(json.dumps({"segments": [{"text": SCRIPT}]}))


def write_media_folder(folder: Path) -> Path:
    """Fill `folder` with the shipped samples, generated speech-length WAVs (speech.wav and
    other.wav: 12 s, minute.wav: 75 s), an empty file, a text file posing as audio, and the
    scripts of `write_documents`; return the folder."""
    for source in SAMPLES.iterdir():
        shutil.copy(source, folder / source.name)
    write_wav(folder / "speech.wav", 12.0, seed=1)
    write_wav(folder / "other.wav", 12.0, seed=2)
    write_wav(folder / "minute.wav", 75.0, seed=3, rate=2000)
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.wav").write_text("meeting notes, not audio\n" * 50)
    write_documents(folder)
    return folder


def probed_duration(path: Path) -> float:
    """Return the duration of a media file in seconds as ffprobe (not mutagen, which the
    sandbox uses) measures it: an independent reading of the same file."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return float(result.stdout.strip())
