"""Random damage to valid photos gives a specific refusal or a correct image, never a crash.

A small, fixed-seed sample so it stays fast; the hostile-input suite runs the large one.
"""

from __future__ import annotations

import random

import pytest
from PIL import Image

from skinclinic.errors import ImageRejected
from skinclinic.imaging.decode import decode
from tests.imaging.images import encode, noise_rgb


def _seeds() -> dict[str, bytes]:
    base = noise_rgb(96, 64)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = "2024:01:02 03:04:05"
    seeds = {fmt: encode(base, fmt, exif=exif) for fmt in ("JPEG", "PNG", "TIFF", "WEBP")}
    seeds["CMYK"] = encode(base.convert("CMYK"), "JPEG")
    return seeds


@pytest.mark.filterwarnings("error")  # Pillow's metadata warnings must not leak to the console
def test_byte_flips_never_crash() -> None:
    rng = random.Random(20240506)
    seeds = _seeds()
    outcomes: set[str] = set()
    for _ in range(400):
        data = bytearray(seeds[rng.choice(sorted(seeds))])
        for _ in range(rng.choice((1, 2, 4, 16))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            del data[rng.randrange(len(data)) :]
        try:
            image = decode(bytes(data), "fuzzed.jpg").image
        except ImageRejected as err:
            assert str(err).startswith("fuzzed.jpg ")
            outcomes.add(type(err).__name__)
        else:
            assert image.mode == "RGB"
            outcomes.add("decoded")
    assert {"decoded", "CorruptImage", "TruncatedImage"} <= outcomes
