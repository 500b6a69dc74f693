"""Data access for the recipe, free of torch so tests can import it.

Every pixel the model sees at evaluation goes through ``skinclinic.inference.preprocess``:
``load_pixels`` is its ``resize_and_crop`` on the decoded photo, ``eval_inputs`` its
``normalize``. Training caches ``load_pixels`` output as uint8 and augments on top.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from skinclinic.inference.context_prior import PatientContext
from skinclinic.inference.preprocess import normalize, resize_and_crop

RECIPE_DIR = Path(__file__).resolve().parent
PACK_DIR = RECIPE_DIR.parent
WORK_DIR = PACK_DIR / "work"


@dataclass(frozen=True)
class InputSpec:
    height: int
    width: int
    scale: float
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    mask_stride: int


def load_config(path: Path | None = None) -> dict:
    with open(path or RECIPE_DIR / "config.toml", "rb") as f:
        return tomllib.load(f)


def stage_checkpoint(stage: int) -> Path:
    """Where a training stage keeps its best epoch (``start = N`` and export members read it)."""
    return WORK_DIR / f"stage{stage}.pt"


def export_checkpoints(config: dict) -> list[Path]:
    """What the exported graph is made of: the ``[export] members`` stages' best checkpoints,
    or without members the last stage's best (``best.pt``)."""
    members = config["export"].get("members", [])
    return [stage_checkpoint(m) for m in members] or [WORK_DIR / "best.pt"]


def input_spec(config: dict) -> InputSpec:
    i = config["input"]
    return InputSpec(
        int(i["height"]),
        int(i["width"]),
        float(i["scale"]),
        tuple(float(v) for v in i["mean"]),  # type: ignore[arg-type]
        tuple(float(v) for v in i["std"]),  # type: ignore[arg-type]
        int(i["mask_stride"]),
    )


def shared_dir(config: dict) -> Path:
    return (RECIPE_DIR / config["data"]["shared"]).resolve()


def open_rgb(path: Path) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("RGB")


def load_pixels(path: Path, spec: InputSpec) -> np.ndarray:
    """The recipe's decode + geometry step: uint8 HxWx3 (what the training cache holds)."""
    return resize_and_crop(open_rgb(path), spec.height, spec.width)


def eval_inputs(pixels: np.ndarray, spec: InputSpec) -> np.ndarray:
    """uint8 [N,H,W,3] (or one HxWx3) → float32 [N,3,H,W], the recipe's evaluation input."""
    if pixels.ndim == 3:
        pixels = pixels[None]
    out = np.empty((len(pixels), 3, spec.height, spec.width), dtype=np.float32)
    for k, p in enumerate(pixels):
        out[k] = normalize(p, spec.mean, spec.std, spec.scale)
    return out


def load_mask(path: Path, spec: InputSpec) -> np.ndarray:
    """Lesion mask with the same geometry as the photo, area-averaged to the mask grid (uint8)."""
    with Image.open(path) as im:
        rgb = im.convert("L").convert("RGB")
    full = resize_and_crop(rgb, spec.height, spec.width)[:, :, 0].astype(np.float32)
    s = spec.mask_stride
    h, w = spec.height // s, spec.width // s
    pooled = full[: h * s, : w * s].reshape(h, s, w, s).mean(axis=(1, 3))
    return np.round(pooled).astype(np.uint8)


def ham_table(config: dict) -> list[tuple[str, str, str]]:
    """(image_id, dx, split) for every HAM10000 image, sorted by image_id."""
    root = shared_dir(config) / "ham10000"
    with open(root / "split.csv", newline="") as f:
        split = {r["image_id"]: r["split"] for r in csv.DictReader(f)}
    with open(root / "HAM10000_metadata.csv", newline="") as f:
        rows = [(r["image_id"], r["dx"], split[r["image_id"]]) for r in csv.DictReader(f)]
    return sorted(rows)


def ham_context(config: dict) -> dict[str, PatientContext]:
    """image_id → the patient context HAM10000's metadata gives ("unknown" = not given)."""
    root = shared_dir(config) / "ham10000"
    out = {}
    with open(root / "HAM10000_metadata.csv", newline="") as f:
        for r in csv.DictReader(f):
            out[r["image_id"]] = PatientContext(
                age=int(float(r["age"])) if r["age"] else None,
                sex=r["sex"] if r["sex"] in ("female", "male") else None,
                site=r["localization"] if r["localization"] != "unknown" else None,
            )
    return out


def isic2017_test(config: dict) -> list[tuple[str, str]]:
    """(image_id, label) for the ISIC 2017 test set; label in {mel, bkl, nv} (SK → bkl)."""
    root = shared_dir(config) / "isic2017"
    out = []
    with open(root / "labels" / "ISIC-2017_Test_v2_Part3_GroundTruth.csv", newline="") as f:
        for r in csv.DictReader(f):
            if float(r["melanoma"]) == 1.0:
                label = "mel"
            elif float(r["seborrheic_keratosis"]) == 1.0:
                label = "bkl"
            else:
                label = "nv"
            out.append((r["image_id"], label))
    return out
