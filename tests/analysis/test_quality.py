"""The quality gate rejects blurred, black, white and tiny photos and passes clean HAM images."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from skinclinic.analysis.quality import check_ood, check_photo


def _ham_sample(shared_data: Path, count: int, split: str = "train") -> list[Path]:
    root = shared_data / "ham10000"
    with (root / "split.csv").open() as handle:
        ids = [row["image_id"] for row in csv.DictReader(handle) if row["split"] == split]
    random.Random(1).shuffle(ids)
    return [root / "images" / f"{i}.jpg" for i in ids[:count]]


def _synthetic_lesion() -> Image.Image:
    image = Image.new("RGB", (400, 300), (220, 170, 150))
    draw = ImageDraw.Draw(image)
    for i in range(0, 400, 8):  # skin texture: fine lines, as real skin has
        draw.line((i, 0, i + 40, 300), fill=(200, 150, 130), width=1)
    draw.ellipse((140, 90, 260, 210), fill=(110, 60, 40))
    return image


def test_clean_ham_images_pass(shared_data: Path) -> None:
    for path in _ham_sample(shared_data, 100):
        with Image.open(path) as image:
            report = check_photo(image.convert("RGB"))
        assert report.passed, (path.name, report.messages, report.measures)


def test_blurred_ham_image_fails(shared_data: Path) -> None:
    failed = 0
    paths = _ham_sample(shared_data, 20)
    for path in paths:
        with Image.open(path) as image:
            blurred = image.convert("RGB").filter(ImageFilter.GaussianBlur(3))
        report = check_photo(blurred)
        failed += report.flags == ("blur",)
    assert failed == len(paths)


def test_synthetic_photo_passes_and_blur_fails() -> None:
    sharp = _synthetic_lesion()
    assert check_photo(sharp).passed, check_photo(sharp).measures
    report = check_photo(sharp.filter(ImageFilter.GaussianBlur(4)))
    assert report.flags == ("blur",)
    assert report.messages[0].startswith("retake: out of focus")


@pytest.mark.parametrize(
    ("colour", "flag", "message"),
    [((0, 0, 0), "too_dark", "retake: too dark"), ((255, 255, 255), "too_bright", "too bright")],
)
def test_black_and_white_frames_fail(colour: tuple[int, int, int], flag: str, message: str) -> None:
    report = check_photo(Image.new("RGB", (640, 480), colour))
    assert report.flags == (flag,)
    assert message in report.messages[0]


def test_tiny_photo_says_its_size() -> None:
    report = check_photo(_synthetic_lesion().resize((120, 90)))
    assert "too_small" in report.flags
    assert "retake: image too small (120x90 px); use the full-resolution photo" in report.messages


def test_ood_issue() -> None:
    assert check_ood(3.0, 10.0) is None
    issue = check_ood(30.0, 10.0)
    assert issue is not None and issue.code == "not_a_lesion"
    assert issue.message.startswith("this does not look like a skin lesion photo")
