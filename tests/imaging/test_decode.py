"""Accepted formats decode to oriented 8-bit RGB with their tonal range and colours intact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile

from skinclinic.imaging.decode import decode, load_rgb
from skinclinic.imaging.intake import prepare_import
from tests.imaging.images import encode, noise_rgb, png_rgb48, tiff_rgb48

FORMATS = [("JPEG", "jpg"), ("PNG", "png"), ("TIFF", "tif"), ("WEBP", "webp")]


@pytest.mark.parametrize(("fmt", "ext"), FORMATS)
def test_each_allowed_format_imports(tmp_path: Path, fmt: str, ext: str) -> None:
    path = tmp_path / f"photo.{ext}"
    path.write_bytes(encode(noise_rgb(64, 48), fmt))
    prepared = prepare_import(path)
    assert (prepared.format, prepared.extension) == (fmt, ext)
    assert (prepared.width, prepared.height) == (64, 48)
    assert prepared.data == path.read_bytes()
    assert len(prepared.sha256) == 64
    assert prepared.original_name == f"photo.{ext}"


def test_heic_round_trip(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info().get("encoders", {}).get("x265"):
        pytest.skip("this pillow-heif build has no HEVC encoder, so no HEIC can be written")
    pillow_heif.register_heif_opener()
    img = Image.new("RGB", (64, 48), (200, 30, 40))
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(encode(img, "HEIF", quality=90))
    prepared = prepare_import(path)
    assert (prepared.format, prepared.extension) == ("HEIF", "heic")
    assert (prepared.width, prepared.height) == (64, 48)
    red, green, blue = load_rgb(path).getpixel((32, 24))  # type: ignore[misc]
    assert abs(red - 200) < 12 and abs(green - 30) < 12 and abs(blue - 40) < 12


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_sixteen_bit_grey_is_rescaled_not_clipped(fmt: str) -> None:
    values = np.full((40, 40), 60000, dtype=np.uint16)
    values[0, 0] = 65535
    values[0, 1] = 0
    data = encode(Image.fromarray(values), fmt)
    rgb = decode(data, f"grey.{fmt.lower()}").image
    assert rgb.mode == "RGB"
    assert rgb.getpixel((5, 5)) == (233, 233, 233)  # round(60000 / 257), not 255
    assert rgb.getpixel((0, 0)) == (255, 255, 255)
    assert rgb.getpixel((1, 0)) == (0, 0, 0)


@pytest.mark.parametrize("writer", [png_rgb48, tiff_rgb48], ids=["png", "tiff"])
def test_sixteen_bit_colour_is_rescaled_not_clipped(
    writer: Callable[[np.ndarray], bytes],
) -> None:
    pixels = np.zeros((40, 40, 3), dtype=np.uint16)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = 60000, 1000, 65535
    rgb = decode(writer(pixels), "deep").image
    red, green, blue = rgb.getpixel((3, 3))  # type: ignore[misc]
    # Pillow keeps the high byte of 48-bit colour: within one level of x / 257.
    assert abs(red - 233) <= 1 and green <= 4 and blue == 255


def test_wide_32_bit_grey_is_stretched_to_its_range() -> None:
    values = np.zeros((40, 40), dtype=np.int32)
    values[:, 20:] = 140_000
    values[0, 0] = 70_000
    rgb = decode(encode(Image.fromarray(values, mode="I"), "TIFF"), "wide.tif").image
    assert rgb.getpixel((30, 5)) == (255, 255, 255)
    assert rgb.getpixel((0, 0)) == (128, 128, 128)
    assert rgb.getpixel((5, 5)) == (0, 0, 0)


def test_float_tiff_is_scaled_from_unit_range() -> None:
    data = encode(Image.fromarray(np.full((40, 40), 0.5, dtype=np.float32)), "TIFF")
    assert decode(data, "float.tif").image.getpixel((0, 0)) == (128, 128, 128)


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_cmyk_is_converted_to_rgb(fmt: str) -> None:
    data = encode(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), fmt)  # pure red ink mix
    red, green, blue = decode(data, "print.jpg").image.getpixel((20, 20))  # type: ignore[misc]
    assert red > 240 and green < 15 and blue < 15


def test_cmyk_with_unusable_profile_falls_back() -> None:
    data = encode(Image.new("CMYK", (40, 40), (255, 0, 0, 0)), "JPEG", icc_profile=b"junk" * 40)
    red, green, blue = decode(data, "cyan.jpg").image.getpixel((20, 20))  # type: ignore[misc]
    assert red < 15 and green > 240 and blue > 240


@pytest.mark.parametrize(
    ("mode", "colour", "expected"),
    [
        ("RGBA", (0, 0, 0, 0), (255, 255, 255)),
        ("RGBA", (0, 0, 0, 128), (127, 127, 127)),
        ("LA", (0, 0), (255, 255, 255)),
        ("LA", (50, 255), (50, 50, 50)),
    ],
)
def test_alpha_is_flattened_on_white(
    mode: str, colour: tuple[int, ...], expected: tuple[int, int, int]
) -> None:
    data = encode(Image.new(mode, (40, 40), colour), "PNG")
    got = decode(data, "alpha.png").image.getpixel((10, 10))
    assert isinstance(got, tuple)
    assert all(abs(a - b) <= 1 for a, b in zip(got, expected, strict=True))


def test_palette_with_transparency_is_flattened_on_white() -> None:
    img = Image.new("P", (40, 40), 0)
    img.putpalette([0, 0, 0, 10, 200, 30] + [0] * 762)
    img.paste(1, (0, 0, 20, 40))
    rgb = decode(encode(img, "PNG", transparency=0), "palette.png").image
    assert rgb.getpixel((5, 5)) == (10, 200, 30)
    assert rgb.getpixel((30, 5)) == (255, 255, 255)


# Orientation -> the transpose that turns the displayed picture into what the camera stored.
_STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied(tmp_path: Path, orientation: int) -> None:
    displayed = Image.new("RGB", (80, 48), (0, 0, 255))
    displayed.paste((255, 0, 0), (0, 0, 16, 16))  # marker: red square top left
    transpose = _STORED_AS[orientation]
    stored = displayed if transpose is None else displayed.transpose(transpose)
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.jpg"
    path.write_bytes(encode(stored, "JPEG", exif=exif, quality=95))
    prepared = prepare_import(path)
    assert (prepared.width, prepared.height) == (80, 48)
    rgb = load_rgb(path)
    assert rgb.size == (80, 48)
    red, _, blue = rgb.getpixel((6, 6))  # type: ignore[misc]
    assert red > 200 and blue < 60
    red, _, blue = rgb.getpixel((70, 40))  # type: ignore[misc]
    assert red < 60 and blue > 200


@pytest.mark.parametrize("orientation", [2, 6, 8])
def test_heic_orientation_is_applied_once(orientation: int) -> None:
    # HEIC stores rotation as irot/imir boxes that libheif applies; pillow-heif then resets the
    # EXIF tag to 1, so exif_transpose must not rotate a second time.
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info().get("encoders", {}).get("x265"):
        pytest.skip("this pillow-heif build has no HEVC encoder, so no HEIC can be written")
    pillow_heif.register_heif_opener()
    displayed = Image.new("RGB", (80, 48), (0, 0, 255))
    displayed.paste((255, 0, 0), (0, 0, 16, 16))
    transpose = _STORED_AS[orientation]
    assert transpose is not None
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encode(displayed.transpose(transpose), "HEIF", exif=exif.tobytes(), quality=95)
    decoded = decode(data, "IMG.HEIC")
    assert (decoded.width, decoded.height) == decoded.image.size == (80, 48)
    red, _, blue = decoded.image.getpixel((6, 6))  # type: ignore[misc]
    assert red > 200 and blue < 60


def _with_capture_time(stamp: str, offset: str | None = None) -> bytes:
    exif = Image.Exif()
    ifd = exif.get_ifd(0x8769)
    ifd[0x9003] = stamp
    if offset is not None:
        ifd[0x9011] = offset
    return encode(noise_rgb(), "JPEG", exif=exif)


def test_capture_time_is_read_as_naive_local_time(tmp_path: Path) -> None:
    path = tmp_path / "dated.jpg"
    path.write_bytes(_with_capture_time("2024:05:06 07:08:09"))
    assert prepare_import(path).captured_at == datetime(2024, 5, 6, 7, 8, 9)


def test_capture_time_with_offset_is_aware() -> None:
    got = decode(_with_capture_time("2024:05:06 07:08:09", "+02:00"), "x.jpg").captured_at
    assert got == datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def test_missing_or_unset_capture_time_is_none() -> None:
    assert decode(encode(noise_rgb(), "PNG"), "x.png").captured_at is None
    assert decode(_with_capture_time("0000:00:00 00:00:00"), "x.jpg").captured_at is None


def test_reduced_decode_keeps_aspect_and_full_size(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    path.write_bytes(encode(noise_rgb(1600, 1200), "JPEG"))
    small = load_rgb(path, max_side=224)
    assert small.size == (224, 168) and small.mode == "RGB"
    decoded = decode(path.read_bytes(), "big.jpg", max_side=224)
    assert (decoded.width, decoded.height) == (1600, 1200)
    assert load_rgb(path.read_bytes(), max_side=4000).size == (1600, 1200)


def test_truncated_loading_must_stay_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        decode(encode(noise_rgb(), "PNG"), "x.png")


@pytest.mark.needs_shared
def test_shared_smartphone_photo_imports(shared_data: Path) -> None:
    path = shared_data / "fixtures" / "dermapred_example_smartphone_skin.jpg"
    prepared = prepare_import(path)
    assert prepared.format == "JPEG"  # stored as MPO (multi-picture JPEG) by the phone
    assert (prepared.width, prepared.height) == (1528, 1360)
    # The phone wrote OffsetTimeOriginal, so the time is timezone-aware.
    assert prepared.captured_at == datetime(
        2026, 10, 15, 16, 13, 49, tzinfo=timezone(timedelta(hours=1))
    )
    assert load_rgb(path, max_side=256).size == (256, 228)
