"""The analyzed photo with the model's lesion outline drawn on it, as JPEG bytes for the PDF.

Decoded from the stored original only (never a path or URL handed to ReportLab), oriented and
reduced to print size; the outline's (x, y) are fractions of the photo's width and height.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from skinclinic.export.record import PhotoFile

PRINT_MAX_SIDE = 1200


def outlined_photo_jpeg(photo: PhotoFile, outline: Sequence[Sequence[float]]) -> bytes:
    from PIL import ImageDraw

    from skinclinic.imaging.decode import load_rgb

    image = load_rgb(photo.data, PRINT_MAX_SIDE, name=photo.photo.original_name)
    points = [(float(x) * image.width, float(y) * image.height) for x, y in outline]
    if len(points) >= 3:
        width = max(2, round(max(image.size) / 250))
        ImageDraw.Draw(image).line([*points, points[0]], fill=(0, 230, 255), width=width)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()
