"""Lesion masks with numpy only: the model's mask head when the pack has one, else a classical
method. Also the small binary-image tools both need (run-based connected components, hole
filling, Otsu), since scipy and scikit-image are not dependencies.

Classical method: CIE Lab distance of every pixel's colour from the surrounding skin (the
brighter half of a frame along the image border), blurred, thresholded a little below Otsu's
level (lesion borders fade into skin, and Otsu alone cuts them short), then the largest
component near the centre with its holes filled. Variants were compared on 200 HAM10000 val
images (mean Dice: RGB distance + Otsu 0.71, Lab + Otsu 0.75, Lab + blur 3 + Otsu - 20: 0.82).
Dermatoscopic photos centre the lesion, and the dark vignette corners they often have touch
the border, which the centrality weighting discounts.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter

Mask = npt.NDArray[np.bool_]
SEG_SIDE = 160  # working resolution (longest side) for masks and measurements
FRAME = 0.08  # share of each side used to estimate the skin colour
BLUR_RADIUS = 3.0
OTSU_OFFSET = -20  # on the 0-255 rescaled distance map; chosen on val (see above)


def work_rgb(image: Image.Image, side: int = SEG_SIDE) -> npt.NDArray[np.float32]:
    rgb = image.convert("RGB")
    if max(rgb.size) > side:
        rgb = rgb.copy()
        rgb.thumbnail((side, side), Image.Resampling.BILINEAR, reducing_gap=3.0)
    return np.asarray(rgb, dtype=np.float32)


def label_components(mask: Mask) -> tuple[npt.NDArray[np.int32], int]:
    """8-connected components, labelled 1..n, by union-find over horizontal runs."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    rows, cols = np.nonzero(np.diff(padded, axis=1))  # run starts and ends alternate per row
    runs = list(zip(rows[::2].tolist(), cols[::2].tolist(), cols[1::2].tolist(), strict=True))
    row_start = np.searchsorted(rows[::2], np.arange(height + 1)).tolist()
    parent = list(range(len(runs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for y in range(1, height):
        prev = range(row_start[y - 1], row_start[y])
        for i in range(row_start[y], row_start[y + 1]):
            _, s, e = runs[i]
            for j in prev:
                _, ps, pe = runs[j]
                if ps <= e and s <= pe:  # touching, diagonals included
                    a, b = find(i), find(j)
                    if a != b:
                        parent[a] = b
    labels = np.zeros((height, width), dtype=np.int32)
    ids: dict[int, int] = {}
    for i, (y, s, e) in enumerate(runs):
        labels[y, s:e] = ids.setdefault(find(i), len(ids) + 1)
    return labels, len(ids)


def fill_holes(mask: Mask) -> Mask:
    """Background regions that do not reach the image border become foreground."""
    labels, count = label_components(~mask)
    if count == 0:
        return mask
    border = np.unique(np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1])))
    keep = np.isin(labels, border[border > 0])
    filled: Mask = mask | (~keep & (labels > 0))
    return filled


def central_component(mask: Mask, min_fraction: float = 0.005) -> Mask:
    """The component with the largest area weighted by closeness of its centroid to the centre."""
    labels, count = label_components(mask)
    if count == 0:
        return mask
    height, width = mask.shape
    flat = labels.ravel()
    areas = np.bincount(flat, minlength=count + 1).astype(np.float64)
    ys, xs = np.divmod(np.arange(flat.size), width)
    cy = np.bincount(flat, weights=ys, minlength=count + 1) / np.maximum(areas, 1)
    cx = np.bincount(flat, weights=xs, minlength=count + 1) / np.maximum(areas, 1)
    dist = np.hypot((cy - (height - 1) / 2) / height, (cx - (width - 1) / 2) / width) / 0.7071
    score = areas * np.clip(1.0 - dist, 0.05, 1.0)
    score[0] = -1.0
    score[areas < min_fraction * mask.size] = -1.0
    best = int(np.argmax(score))
    if score[best] < 0:
        return np.zeros_like(mask)
    chosen: Mask = labels == best
    return chosen


def otsu(values: npt.NDArray[np.uint8]) -> int:
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    weight0 = np.cumsum(hist)
    mean0 = np.cumsum(hist * np.arange(256))
    weight1 = total - weight0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean0[-1] * weight0 / total - mean0) ** 2 / (weight0 * weight1)
    between = np.nan_to_num(between)
    return int(np.argmax(between))


def skin_colour(rgb: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    height, width, _ = rgb.shape
    fy, fx = max(1, int(height * FRAME)), max(1, int(width * FRAME))
    frame = np.concatenate(
        (
            rgb[:fy].reshape(-1, 3),
            rgb[-fy:].reshape(-1, 3),
            rgb[:, :fx].reshape(-1, 3),
            rgb[:, -fx:].reshape(-1, 3),
        )
    )
    grey = frame.mean(axis=1)
    bright = frame[grey >= np.median(grey)]  # vignette corners and hair are the darker half
    out: npt.NDArray[np.float32] = np.median(bright, axis=0).astype(np.float32)
    return out


def classical_mask(rgb: npt.NDArray[np.float32]) -> Mask:
    from skinclinic.analysis.colour import srgb_to_lab

    skin = srgb_to_lab(skin_colour(rgb)[None, :])[0]
    distance = np.linalg.norm(srgb_to_lab(rgb) - skin, axis=2)
    top = float(distance.max())
    if top < 1e-6:
        return np.zeros(rgb.shape[:2], dtype=bool)
    scaled = Image.fromarray(np.round(distance * (255.0 / top)).astype(np.uint8))
    blurred = np.asarray(scaled.filter(ImageFilter.GaussianBlur(BLUR_RADIUS)), dtype=np.uint8)
    raw: Mask = blurred > max(1, otsu(blurred) + OTSU_OFFSET)
    return fill_holes(central_component(raw))


def model_mask(
    mask_logits: npt.NDArray[np.float32],
    work_size: tuple[int, int],
    source_size: tuple[int, int],
    input_size: tuple[int, int],
) -> Mask:
    """Place the model's mask (which covers the centre crop the encoder saw) onto the photo."""
    work_w, work_h = work_size
    src_w, src_h = source_size
    in_w, in_h = input_size
    scale = max(in_w / src_w, in_h / src_h)
    crop_w = max(1, min(work_w, round(work_w * (in_w / scale) / src_w)))
    crop_h = max(1, min(work_h, round(work_h * (in_h / scale) / src_h)))
    logits = Image.fromarray(np.asarray(mask_logits, dtype=np.float32), mode="F")
    resized = np.asarray(logits.resize((crop_w, crop_h), Image.Resampling.BILINEAR))
    mask = np.zeros((work_h, work_w), dtype=bool)
    left, top = (work_w - crop_w) // 2, (work_h - crop_h) // 2
    mask[top : top + crop_h, left : left + crop_w] = resized > 0
    return fill_holes(central_component(mask))


def dice(a: Mask, b: Mask) -> float:
    total = int(a.sum()) + int(b.sum())
    return 1.0 if total == 0 else 2.0 * float(np.logical_and(a, b).sum()) / total
