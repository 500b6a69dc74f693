"""sRGB (D65, 8-bit) to CIE Lab: colour distances that follow perception better than RGB."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


def _linearise(c: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    return out


_LINEAR = _linearise(np.arange(256, dtype=np.float64) / 255.0)


def srgb_to_lab(rgb: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    values = np.asarray(rgb)
    if values.dtype == np.uint8 or np.array_equal(values, np.round(values)):
        c = _LINEAR[np.clip(values, 0, 255).astype(np.uint8)]  # 8-bit input: table lookup
    else:
        c = _linearise(values.astype(np.float64) / 255.0)
    xyz = c @ np.array(
        [[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]]
    )
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    lab = np.stack(
        (116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])),
        axis=-1,
    )
    return lab
