"""Every way a file can be refused gives its own error class and a message staff can act on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from skinclinic.errors import ImageRejected
from skinclinic.imaging.decode import DecodeLimits, decode, read_bounded
from skinclinic.imaging.errors import (
    CorruptImage,
    DecompressionBomb,
    EmptyFile,
    ImageTooLarge,
    ImageTooSmall,
    PhotoUnreadable,
    TruncatedImage,
    UnsupportedFormat,
)
from skinclinic.imaging.intake import prepare_import
from tests.imaging.images import encode, noise_rgb, png_header_only

ACCEPTED = "SkinClinic accepts JPEG, PNG, TIFF, WebP and HEIC."


def _reject(tmp_path: Path, name: str, data: bytes, **limits: int) -> ImageRejected:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImageRejected) as caught:
        prepare_import(path, DecodeLimits(**limits))
    return caught.value


def test_empty_file(tmp_path: Path) -> None:
    err = _reject(tmp_path, "IMG.jpg", b"")
    assert isinstance(err, EmptyFile)
    assert str(err) == "IMG.jpg is empty (0 bytes)."


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "scan.jpg is a PDF document, not a photo; "),
        (_zip_bytes(), "scan.jpg is a ZIP archive (or an Office document), not a photo; "),
        (b"Patient notes: lesion on left forearm.\n", "scan.jpg is a text file, not a photo; "),
        (
            encode(Image.new("P", (40, 40)), "GIF"),
            "scan.jpg is a GIF image, a format SkinClinic does not accept; ",
        ),
        (
            encode(Image.new("RGB", (40, 40)), "BMP"),
            "scan.jpg is a BMP image, a format SkinClinic does not accept; ",
        ),
        (bytes(range(256)) * 4, "scan.jpg is not a photo SkinClinic can read; "),
    ],
    ids=["pdf", "zip", "text", "gif", "bmp", "binary"],
)
def test_wrong_format_is_named(tmp_path: Path, data: bytes, expected: str) -> None:
    err = _reject(tmp_path, "scan.jpg", data)
    assert isinstance(err, UnsupportedFormat)
    assert str(err) == expected + ACCEPTED


def test_truncated_jpeg(tmp_path: Path) -> None:
    data = encode(noise_rgb(200, 150), "JPEG")
    err = _reject(tmp_path, "IMG_0042.jpg", data[: len(data) * 2 // 3])
    assert isinstance(err, TruncatedImage)
    assert str(err) == (
        "IMG_0042.jpg is incomplete or damaged (the file ends early); "
        "copy it again from the camera."
    )


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "TIFF"])
def test_truncated_other_formats(tmp_path: Path, fmt: str) -> None:
    data = encode(noise_rgb(200, 150), fmt)
    assert isinstance(_reject(tmp_path, "cut", data[: len(data) // 2]), TruncatedImage)


def test_damaged_header_is_corrupt(tmp_path: Path) -> None:
    err = _reject(tmp_path, "broken.jpg", b"\xff\xd8\xff" + b"\x13\x37" * 500)
    assert isinstance(err, CorruptImage)
    assert str(err) == (
        "broken.jpg looks like a JPEG image but is damaged or in a variant SkinClinic cannot "
        "decode; copy it again from the camera, or save it again as JPEG."
    )


def test_png_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    data = png_header_only(20_000, 20_000)
    assert len(data) < 200
    err = _reject(tmp_path, "bomb.png", data)
    assert isinstance(err, DecompressionBomb)
    assert "decompression bomb" in str(err)


def test_pixel_limit_is_our_own_not_pillows(tmp_path: Path) -> None:
    err = _reject(tmp_path, "huge.png", png_header_only(8000, 7000))  # 56 MP: Pillow is silent
    assert isinstance(err, DecompressionBomb)
    assert str(err) == (
        "huge.png declares 8000 x 7000 pixels (56 megapixels), more than the 50 megapixel limit; "
        "export it again at a smaller size."
    )
    lowered = _reject(tmp_path, "small.png", encode(noise_rgb(100, 100), "PNG"), max_pixels=5000)
    assert isinstance(lowered, DecompressionBomb)


def test_pillow_bomb_warning_becomes_a_refusal() -> None:
    with pytest.raises(DecompressionBomb):  # 100 MP: Pillow only warns
        decode(png_header_only(10_000, 10_000), "warn.png", limits=DecodeLimits(max_pixels=10**9))


def test_too_many_bytes(tmp_path: Path) -> None:
    data = encode(noise_rgb(100, 100), "PNG")
    err = _reject(tmp_path, "big.png", data, max_bytes=10_000)
    assert isinstance(err, ImageTooLarge)
    assert str(err) == (
        f"big.png is {len(data) // 1024} KB, more than the 10 KB limit for one photo; "
        "export it again at a smaller size."
    )
    with pytest.raises(ImageTooLarge):
        decode(data, "big.png", limits=DecodeLimits(max_bytes=10_000))


def test_too_small(tmp_path: Path) -> None:
    err = _reject(tmp_path, "thumb.png", encode(noise_rgb(20, 300), "PNG"))
    assert isinstance(err, ImageTooSmall)
    assert str(err) == (
        "thumb.png is only 20 x 300 pixels, too small to show a lesion (at least 32 on each side)."
    )


def test_missing_file_folder_and_device(tmp_path: Path) -> None:
    with pytest.raises(PhotoUnreadable, match=r"^gone\.jpg was not found"):
        prepare_import(tmp_path / "gone.jpg")
    with pytest.raises(PhotoUnreadable, match="is a folder"):
        prepare_import(tmp_path)
    with pytest.raises(PhotoUnreadable, match="not a regular file"):
        read_bounded(Path("/dev/zero"), 1000)
