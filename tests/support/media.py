"""Media files for tests: deterministic WAVs of any length, and the shipped format samples."""

from __future__ import annotations

import math
import random
import struct
import wave
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "media"


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
