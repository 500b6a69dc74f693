"""Capture time from EXIF.

DateTimeOriginal is the camera's wall-clock time with no zone. When the camera also wrote
OffsetTimeOriginal the result is timezone-aware; otherwise it stays naive, meaning "local time
of the camera, zone unknown" (never assumed to be UTC). Broken EXIF gives None, not an error:
a photo with a bad EXIF block is still a good photo.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from PIL import Image

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME_DIGITIZED = 0x9004
_OFFSET_TIME_ORIGINAL = 0x9011
_OFFSET_TIME_DIGITIZED = 0x9012
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def captured_at(img: Image.Image) -> datetime | None:
    try:
        ifd = img.getexif().get_ifd(_EXIF_IFD)
    except Exception:  # hostile EXIF can break the parser in many ways; the time is optional
        return None
    for tag, offset_tag in (
        (_DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL),
        (_DATETIME_DIGITIZED, _OFFSET_TIME_DIGITIZED),
    ):
        stamp = _parse(ifd.get(tag))
        if stamp is not None:
            offset = _parse_offset(ifd.get(offset_tag))
            return stamp.replace(tzinfo=offset) if offset is not None else stamp
    return None


def _parse(value: object) -> datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None  # includes the "0000:00:00 00:00:00" some cameras write when unset


def _parse_offset(value: object) -> timezone | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = _OFFSET.match(value.strip("\x00 "))
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    if minutes > 14 * 60:
        return None
    return timezone(sign * timedelta(minutes=minutes))
