"""Fit the patient-context prior (``context.json``) for the exported encoder.

    python models/ham10000-effnetlite0-v1/recipe/fit_context.py

1. A multinomial logistic regression from one-hot age bin, sex and site to the 7 classes, on
   the train split's metadata only. Each training row is repeated ``copies`` times with each
   part dropped at random, so the model also answers for any subset (an empty context gives
   the intercept, the training prior, and so a zero shift in the app).
2. On val, with ``encoder.onnx`` run through the app's preprocessing: the weight of the
   context shift and the single-view temperature that minimise the negative log-likelihood
   together, then the 4-view (TTA) temperature at that weight.
3. ``context.json`` (pinned to the encoder's sha256) and the manifest's file list.
Test is never read. Needs onnxruntime, numpy, Pillow and ``../shared/data``; not torch.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import PACK_DIR, ham_context, ham_table, input_spec, load_config, shared_dir
from evaluate import run, session
from pack import write_manifest

from skinclinic.inference.context_prior import ContextPrior, PatientContext
from skinclinic.inference.vision import TTA_VIEWS, softmax

AGE_EDGES = (0, 20, 30, 40, 50, 60, 70, 80)
SEXES = ("female", "male")


def dropped(ctx: PatientContext, keep: np.ndarray) -> PatientContext:
    return PatientContext(
        age=ctx.age if keep[0] else None,
        sex=ctx.sex if keep[1] else None,
        site=ctx.site if keep[2] else None,
    )


def fit_logistic(
    x: np.ndarray, y: np.ndarray, n_classes: int, l2: float, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent with Nesterov momentum on the mean cross-entropy + L2
    (on the weights, not the intercept); convex, so the start does not matter."""
    coef = np.zeros((x.shape[1], n_classes))
    intercept = np.log(np.bincount(y, minlength=n_classes) / len(y))
    onehot = np.eye(n_classes)[y]
    v_coef, v_int = np.zeros_like(coef), np.zeros_like(intercept)
    lr, momentum = 1.0, 0.9
    for _ in range(steps):
        ahead_c, ahead_i = coef + momentum * v_coef, intercept + momentum * v_int
        p = softmax(x @ ahead_c + ahead_i)
        g_coef = x.T @ (p - onehot) / len(y) + l2 * ahead_c
        g_int = (p - onehot).mean(axis=0)
        v_coef = momentum * v_coef - lr * g_coef
        v_int = momentum * v_int - lr * g_int
        coef, intercept = coef + v_coef, intercept + v_int
    return coef, intercept


def nll(probabilities: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(probabilities[np.arange(len(y)), y] + 1e-12).mean())


def main() -> None:
    config = load_config()
    cfg = config["context"]
    labels: list[str] = config["data"]["labels"]
    rows = ham_table(config)
    contexts = ham_context(config)
    rng = np.random.default_rng(int(config["seed"]))

    sites = tuple(sorted({c.site for c in contexts.values() if c.site is not None}))
    shape = ContextPrior(
        AGE_EDGES, SEXES, sites, np.zeros((1, 1)), np.zeros(1), 0.0, 1.0, 1.0
    )  # only its encoding is used until the fit
    train = [r for r in rows if r[2] == "train"]
    copies = int(cfg["copies"])
    keep = rng.random((copies, len(train), 3)) >= float(cfg["drop_probability"])
    x = np.stack(
        [
            shape.encode(dropped(contexts[image_id], keep[k, i]))
            for k in range(copies)
            for i, (image_id, _, _) in enumerate(train)
        ]
    )
    y = np.tile([labels.index(dx) for _, dx, _ in train], copies)
    coef, intercept = fit_logistic(x, y, len(labels), float(cfg["l2"]), int(cfg["steps"]))
    print(f"logistic regression on {len(train)} train rows x {copies} copies", flush=True)

    val = [r for r in rows if r[2] == "val"]
    paths = [shared_dir(config) / "ham10000" / "images" / f"{r[0]}.jpg" for r in val]
    y_val = np.array([labels.index(dx) for _, dx, _ in val])
    view_logits, _, _ = run(
        session(int(config["train"]["threads"])), paths, input_spec(config), views=TTA_VIEWS
    )
    prior = ContextPrior(AGE_EDGES, SEXES, sites, coef, intercept, 0.0, 1.0, 1.0)
    shift = np.stack([prior.log_ratio(contexts[image_id]) for image_id, _, _ in val])

    weights = np.arange(0.0, 1.5001, 0.02)
    temps = np.arange(0.8, 2.5001, 0.01)
    scores = [
        (nll(softmax(view_logits[0] / t + w * shift), y_val), w, t) for w in weights for t in temps
    ]
    best_nll, weight, temperature = min(scores)
    tta_scores = [
        (nll(np.mean([softmax(v / t + weight * shift) for v in view_logits], axis=0), y_val), t)
        for t in temps
    ]
    _, tta_temperature = min(tta_scores)
    print(
        f"val: weight {weight:.2f}, T {temperature:.2f} (NLL {best_nll:.4f}), "
        f"TTA T {tta_temperature:.2f}",
        flush=True,
    )

    fitted = ContextPrior(
        AGE_EDGES,
        SEXES,
        sites,
        coef,
        intercept,
        float(weight),
        float(temperature),
        float(tta_temperature),
    )
    encoder_sha = hashlib.sha256((PACK_DIR / "encoder.onnx").read_bytes()).hexdigest()
    out = {
        **fitted.to_json(),
        "fitted_on": "train metadata (regression), val photos + metadata (weight, temperatures)",
        "encoder_sha256": encoder_sha,
        "training": {k: cfg[k] for k in ("copies", "drop_probability", "l2", "steps")},
    }
    (PACK_DIR / "context.json").write_text(json.dumps(out, indent=1) + "\n")
    manifest = json.loads((PACK_DIR / "manifest.json").read_text())
    cal = manifest["calibration"]
    write_manifest(
        config,
        input_spec(config),
        cal["temperature"],
        manifest["ood"]["threshold"],
        cal["tta_temperature"],
    )
    print("wrote context.json and manifest.json", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    main()
