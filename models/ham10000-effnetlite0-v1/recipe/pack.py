"""Write manifest.json for the pack (format 1, see models/PACK-FORMAT.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from data import PACK_DIR, InputSpec

LABEL_NAMES = {
    "akiec": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis-like lesion",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic naevus",
    "vasc": "Vascular lesion",
}
RESIZE_POLICY = (
    "cover-then-centre-crop: scale (aspect kept, Pillow bilinear with antialias, "
    "reducing_gap 3.0) so the photo covers height x width, then cut the centre window; "
    "pixel = (value * scale - mean) / std in float32 (skinclinic/inference/preprocess.py)"
)


def file_entry(path: Path) -> dict:
    data = path.read_bytes()
    return {"path": path.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def pack_files() -> dict:
    """Every file of the pack; ``context.json`` once ``fit_context.py`` has written it."""
    files = {
        "encoder": file_entry(PACK_DIR / "encoder.onnx"),
        "ood": file_entry(PACK_DIR / "ood.npz"),
    }
    context = PACK_DIR / "context.json"
    if context.exists():  # only when fitted on this encoder's logits (train.py replaces it)
        fitted_for = json.loads(context.read_text()).get("encoder_sha256")
        if fitted_for == files["encoder"]["sha256"]:
            files["context"] = file_entry(context)
    return files


def write_manifest(
    config: dict,
    spec: InputSpec,
    temperature: float,
    threshold: float,
    tta_temperature: float,
    training: dict | None = None,
    metrics: dict | None = None,
) -> dict:
    path = PACK_DIR / "manifest.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    manifest = {
        "format": 1,
        "id": "ham10000-effnetlite0-v1",
        "kind": "vision",
        "name": "HAM10000 EfficientNet-Lite0 lesion classifier",
        "version": "1.0.0",
        "files": pack_files(),
        "input": {
            "height": spec.height,
            "width": spec.width,
            "layout": "NCHW",
            "color": "RGB",
            "resize": RESIZE_POLICY,
            "scale": spec.scale,
            "mean": list(spec.mean),
            "std": list(spec.std),
        },
        "outputs": {"logits": "logits", "embedding": "embedding", "mask": "mask_logits"},
        "output_shapes": {
            "logits": ["N", 7],
            "embedding": ["N", 1280],
            "mask_logits": [
                "N",
                1,
                spec.height // spec.mask_stride,
                spec.width // spec.mask_stride,
            ],
        },
        "mask": {
            "stride": spec.mask_stride,
            "activation": "sigmoid",
            "threshold": 0.5,
            "note": "lesion probability per cell of the preprocessed (cropped) image",
        },
        "labels": [{"code": c, "name": LABEL_NAMES[c]} for c in config["data"]["labels"]],
        "calibration": {
            "method": "temperature",
            "temperature": round(float(temperature), 6),
            "tta_temperature": round(float(tta_temperature), 6),
            "fitted_on": "val",
            "apply": "probabilities = softmax(logits / temperature); with test-time "
            "augmentation, the mean over the views of softmax(view logits / tta_temperature)",
        },
        "ood": {
            "method": "mahalanobis",
            "threshold": round(float(threshold), 4),
            "fitted_on": "train (stats), val (threshold)",
            "percentile": 99,
        },
        "licence": {
            "weights": "CC BY-NC 4.0 (inherits HAM10000); non-commercial use only",
            "code": "Apache-2.0",
            "pretrained": "EfficientNet-Lite0 ImageNet weights, Apache-2.0",
        },
        "training": training if training is not None else old.get("training", {}),
        "metrics": metrics if metrics is not None else old.get("metrics", {}),
    }
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
