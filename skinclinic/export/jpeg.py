"""Reads a JPEG's frame header, to know whether its bytes can go into DICOM as they are.

DICOM's JPEG Baseline transfer syntax (1.2.840.10008.1.2.4.50) holds only baseline sequential
8-bit JPEG (SOF0) with one or three components. Anything else (progressive, 12-bit, CMYK,
Adobe RGB-coded, or an EXIF orientation that DICOM viewers would ignore) is not passed through.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


@dataclass(frozen=True)
class JpegFrame:
    marker: int  # 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...
    precision: int
    height: int
    width: int
    sampling: tuple[tuple[int, int], ...]  # (h, v) per component
    adobe_transform: int | None  # APP14 "Adobe" colour transform, None when absent

    @property
    def components(self) -> int:
        return len(self.sampling)


def read_frame(data: bytes) -> JpegFrame | None:
    """The frame header, or None when `data` is not a JPEG we can parse."""
    if data[:2] != b"\xff\xd8":
        return None
    pos, adobe = 2, None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos + 4 : pos + 2 + length]
        if marker == 0xEE and segment[:5] == b"Adobe" and len(segment) >= 12:
            adobe = segment[11]
        if marker in _SOF_MARKERS and len(segment) >= 6:
            precision, height, width, count = struct.unpack(">BHHB", segment[:6])
            sampling = tuple(
                (segment[7 + 3 * i] >> 4, segment[7 + 3 * i] & 0x0F) for i in range(count)
            )
            return JpegFrame(marker, precision, height, width, sampling, adobe)
        if marker == 0xDA:  # start of scan before any frame header: malformed
            return None
        pos += 2 + length
    return None


def exif_orientation(data: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return int(image.getexif().get(0x0112, 1) or 1)


def baseline_problem(data: bytes) -> str | None:
    """Why these bytes cannot go into DICOM unchanged as JPEG Baseline; None when they can."""
    frame = read_frame(data)
    if frame is None:
        return "not a readable JPEG"
    if frame.marker != 0xC0:
        return "not baseline sequential JPEG (progressive or extended)"
    if frame.precision != 8:
        return f"{frame.precision}-bit JPEG"
    if frame.components not in (1, 3):
        return f"{frame.components} colour components"
    if frame.components == 3 and frame.adobe_transform == 0:
        return "RGB-coded (Adobe) JPEG"
    if exif_orientation(data) != 1:
        return "EXIF orientation that DICOM viewers would not apply"
    return None
