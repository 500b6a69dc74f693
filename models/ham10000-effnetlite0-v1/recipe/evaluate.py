"""Measure the exported pack with onnxruntime, through the app's preprocessing.

    python models/ham10000-effnetlite0-v1/recipe/evaluate.py

Runs ``encoder.onnx`` (never the PyTorch checkpoint) on inputs from
``skinclinic.inference.preprocess.preprocess_batch``; writes every number into
``manifest.json["metrics"]`` and the metrics block of ``card.md``. Needs onnxruntime, numpy,
Pillow and ``../shared/data``; not torch.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import (
    PACK_DIR,
    WORK_DIR,
    ham_context,
    ham_table,
    input_spec,
    isic2017_test,
    load_config,
    load_mask,
    open_rgb,
    shared_dir,
)
from pack import write_manifest
from stats import (
    balanced_accuracy,
    ece,
    f1_per_class,
    macro_auc_ovr,
    recall_per_class,
    roc_auc,
    selective_accuracy,
    softmax,
)

from skinclinic.inference.context_prior import PatientContext
from skinclinic.inference.pack import load_pack
from skinclinic.inference.preprocess import preprocess, preprocess_batch
from skinclinic.inference.vision import TTA_VIEWS, VisionModel, flip_view

COMMAND = "python models/ham10000-effnetlite0-v1/recipe/evaluate.py"


def session(threads: int) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(
        str(PACK_DIR / "encoder.onnx"), opts, providers=["CPUExecutionProvider"]
    )


def run(sess, paths: list[Path], spec, bs: int = 64, views=TTA_VIEWS[:1]):
    """Logits [views, N, classes] (view 0 = the plain photo), embeddings and masks of view 0."""
    logits, embeds, masks = [], [], []
    for i in range(0, len(paths), bs):
        images = [open_rgb(p) for p in paths[i : i + bs]]
        x = preprocess_batch(images, spec.height, spec.width, spec.mean, spec.std, spec.scale)
        view_logits = []
        for k, (h, v) in enumerate(views):
            lo, em, mk = sess.run(None, {"image": np.ascontiguousarray(flip_view(x, h, v))})
            view_logits.append(lo)
            if k == 0:
                embeds.append(em)
                masks.append(mk)
        logits.append(np.stack(view_logits))
    return np.concatenate(logits, axis=1), np.concatenate(embeds), np.concatenate(masks)


def mahalanobis(emb: np.ndarray, ood: dict) -> np.ndarray:
    d = emb.astype(np.float64) - ood["mean"].astype(np.float64)
    prec = ood["precision"].astype(np.float64)
    return np.sqrt(np.maximum(np.einsum("nd,de,ne->n", d, prec, d), 0))


def r4(x: float) -> float | None:
    """Rounded for the manifest; None where undefined (JSON has no NaN)."""
    return None if np.isnan(x) else round(float(x), 4)


def classification(y: np.ndarray, view_logits: np.ndarray, t: float, labels: list[str]) -> dict:
    """Metrics of the mean probabilities over the views, as the app averages its TTA views."""
    p_raw = np.mean([softmax(lo) for lo in view_logits], axis=0)
    p_cal = np.mean([softmax(lo, t) for lo in view_logits], axis=0)
    return {
        **probability_scores(y, p_cal, labels),
        "ece_15_uncalibrated": r4(ece(y, p_raw, 15)),
        "nll_uncalibrated": r4(nll(y, p_raw)),
    }


def nll(y: np.ndarray, p: np.ndarray) -> float:
    return float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())


def probability_scores(y: np.ndarray, p_cal: np.ndarray, labels: list[str]) -> dict:
    """What every table reports of calibrated probabilities [N, classes] against labels y."""
    pred = p_cal.argmax(1)
    return {
        "n": len(y),
        "accuracy": r4((pred == y).mean()),
        "balanced_accuracy": r4(balanced_accuracy(y, pred, len(labels))),
        "macro_auc_ovr": r4(macro_auc_ovr(y, p_cal)),
        "macro_f1": r4(np.nanmean(f1_per_class(y, pred, len(labels)))),
        "recall": {c: r4(v) for c, v in zip(labels, recall_per_class(y, pred, 7), strict=True)},
        "ece_15_calibrated": r4(ece(y, p_cal, 15)),
        "nll_calibrated": r4(nll(y, p_cal)),
        "selective_accuracy_80": r4(selective_accuracy(y, p_cal, 0.8)),
    }


def with_context(
    model: VisionModel, y: np.ndarray, view_logits: np.ndarray, contexts: list, labels: list[str]
) -> dict:
    """Metrics of the app's probabilities with each photo's patient context
    (``VisionModel.with_context``: the same code path as ``skinclinic analyze``)."""
    tta = len(view_logits) > 1
    p_cal = np.stack(
        [
            model.with_context(view_logits[:, i], ctx, tta=tta)[0].mean(axis=0)
            for i, ctx in enumerate(contexts)
        ]
    )
    prior = model.pack.context
    alone = np.stack([prior.log_ratio(ctx) + prior.intercept for ctx in contexts]).argmax(1)
    return {
        "with_any_context": int(sum(not prior.used(c).empty for c in contexts)),
        **probability_scores(y, p_cal, labels),
        "context_alone_accuracy": r4((alone == y).mean()),
    }


#: The subsets of the context a clinic may give (all three is the main context table).
CONTEXT_PARTS = (("age",), ("sex",), ("site",), ("age", "sex"), ("sex", "site"), ("age", "site"))


def with_partial_contexts(
    model: VisionModel, y: np.ndarray, view_logits: np.ndarray, contexts: list, labels: list[str]
) -> dict:
    """The single-view context metrics with only some parts given (the rest dropped), since
    the weight and temperature were fitted with all three: is it still calibrated?"""
    out = {}
    for parts in CONTEXT_PARTS:
        kept = [PatientContext(**{part: getattr(ctx, part) for part in parts}) for ctx in contexts]
        scores = with_context(model, y, view_logits, kept, labels)
        out["+".join(parts)] = {
            k: scores[k] for k in ("with_any_context", *(key for _, key in PARTIAL_ROWS))
        }
    return out


def dice(mask_logits: np.ndarray, targets: np.ndarray) -> float:
    pred = mask_logits[:, 0] > 0
    gt = targets >= 128
    inter = (pred & gt).sum((1, 2))
    denom = pred.sum((1, 2)) + gt.sum((1, 2))
    return float(np.mean(np.where(denom > 0, 2 * inter / np.maximum(denom, 1), 1.0)))


def latency_ms(sess, path: Path, spec, repeats: int = 30) -> float:
    image = open_rgb(path)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        x = preprocess(image, spec.height, spec.width, spec.mean, spec.std, spec.scale)
        sess.run(None, {"image": x[None]})
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def isic_metrics(sess, config: dict, t: float, threshold: float, ood: dict) -> dict:
    """ISIC 2017 test (external): melanoma AUC and 3-class balanced accuracy."""
    root, spec, labels = shared_dir(config), input_spec(config), config["data"]["labels"]
    isic = isic2017_test(config)
    paths = [root / "isic2017" / "ISIC-2017_Test_v2_Data" / f"{i}.jpg" for i, _ in isic]
    view_logits, emb, _ = run(sess, paths, spec)
    logits = view_logits[0]
    p_cal = softmax(logits, t)
    is_mel = np.array([lab == "mel" for _, lab in isic])
    three = [labels.index(c) for c in ("mel", "nv", "bkl")]
    y3 = np.array([("mel", "nv", "bkl").index(lab) for _, lab in isic])
    pred3 = logits[:, three].argmax(1)
    return {
        "n": len(isic),
        "melanoma_auc": r4(roc_auc(is_mel, p_cal[:, labels.index("mel")])),
        "balanced_accuracy_3class": r4(balanced_accuracy(y3, pred3, 3)),
        "recall_3class": {
            c: r4(v)
            for c, v in zip(("mel", "nv", "bkl"), recall_per_class(y3, pred3, 3), strict=True)
        },
        "note": "argmax restricted to the mel, nv, bkl logits; seborrheic keratosis as bkl; "
        "images are 256x256 (aspect not kept by the source), centre-cropped by preprocess",
        "ood_flagged_fraction": r4((mahalanobis(emb, ood) > threshold).mean()),
    }


def main() -> None:
    config = load_config()
    spec = input_spec(config)
    labels: list[str] = config["data"]["labels"]
    manifest = json.loads((PACK_DIR / "manifest.json").read_text())
    t = float(manifest["calibration"]["temperature"])
    t_tta = float(manifest["calibration"]["tta_temperature"])
    threshold = float(manifest["ood"]["threshold"])
    ood = dict(np.load(PACK_DIR / "ood.npz"))
    sess = session(int(config["train"]["threads"]))
    root = shared_dir(config)

    rows = ham_table(config)
    contexts = ham_context(config)
    model = VisionModel(load_pack(PACK_DIR))
    metrics: dict = {"command": COMMAND, "runtime": f"onnxruntime {ort.__version__}, CPU"}
    for split in ("test", "val"):
        sel = [r for r in rows if r[2] == split]
        paths = [root / "ham10000" / "images" / f"{r[0]}.jpg" for r in sel]
        y = np.array([labels.index(r[1]) for r in sel])
        view_logits, emb, masks = run(sess, paths, spec, views=TTA_VIEWS)
        logits = view_logits[0]
        m = classification(y, view_logits[:1], t, labels)
        metrics[f"ham10000_{split}_tta"] = classification(y, view_logits, t_tta, labels)
        if model.pack.context is not None:
            ctx = [contexts[r[0]] for r in sel]
            metrics[f"ham10000_{split}_context"] = with_context(
                model, y, view_logits[:1], ctx, labels
            )
            metrics[f"ham10000_{split}_context_tta"] = with_context(
                model, y, view_logits, ctx, labels
            )
            metrics[f"ham10000_{split}_context_parts"] = with_partial_contexts(
                model, y, view_logits[:1], ctx, labels
            )
        dist = mahalanobis(emb, ood)
        m["ood_flagged_fraction"] = r4((dist > threshold).mean())
        if split == "test":
            targets = np.stack(
                [
                    load_mask(
                        root / "ham10000" / "masks_600x450" / f"{r[0]}_segmentation.png", spec
                    )
                    for r in sel
                ]
            )
            m["mask_dice_mean"] = r4(dice(masks, targets))
            np.savez(WORK_DIR / "test_outputs.npz", logits=logits, y=y)
        metrics[f"ham10000_{split}"] = m
        print(split, json.dumps(m), flush=True)
        print(split, "tta", json.dumps(metrics[f"ham10000_{split}_tta"]), flush=True)

    metrics["isic2017_test"] = isic_metrics(sess, config, t, threshold, ood)
    print("isic2017", json.dumps(metrics["isic2017_test"]), flush=True)

    fixture = root / "fixtures" / "dermapred_example_smartphone_skin.jpg"
    if fixture.exists():
        _, emb, _ = run(sess, [fixture], spec)
        metrics["ood_smartphone_fixture"] = {
            "distance": r4(mahalanobis(emb, ood)[0]),
            "threshold": r4(threshold),
        }
    one = session(int(config["train"]["threads"]))
    metrics["latency_ms_median_2_threads"] = {
        "preprocess_plus_encoder_200x150": latency_ms(one, paths_of_first_ham(root, rows), spec),
    }
    manifest_metrics = {**manifest.get("metrics", {}), **metrics}
    write_manifest(config, spec, t, threshold, t_tta, metrics=manifest_metrics)
    update_card(manifest_metrics, json.loads((PACK_DIR / "manifest.json").read_text()))
    print("wrote manifest.json metrics and card.md", flush=True)


def paths_of_first_ham(root: Path, rows: list) -> Path:
    test = [r for r in rows if r[2] == "test"]
    return root / "ham10000" / "images" / f"{test[0][0]}.jpg"


#: The rows of the card's TTA and context tables: (name, metrics key).
SUMMARY_ROWS = [
    ("Accuracy", "accuracy"),
    ("Balanced accuracy", "balanced_accuracy"),
    ("Macro AUC (one-vs-rest)", "macro_auc_ovr"),
    ("Macro F1", "macro_f1"),
    ("ECE, 15 bins, after temperature", "ece_15_calibrated"),
    ("Selective accuracy at 80% coverage", "selective_accuracy_80"),
]


def tta_table(m: dict) -> list[str]:
    """The optional reading: calibrated probabilities averaged over the 4 flip views."""
    if "ham10000_test_tta" not in m:
        return []
    te, va = m["ham10000_test_tta"], m["ham10000_val_tta"]
    return [
        "| With the optional test-time augmentation (4 flip views, off by default) | test | val |",
        "|---|---|---|",
        *[f"| {name} | {te[k]} | {va[k]} |" for name, k in SUMMARY_ROWS],
        "",
        "Per-class recall on test with TTA: "
        + ", ".join(f"{k} {v}" for k, v in te["recall"].items())
        + ".",
        "",
    ]


def context_table(m: dict) -> list[str]:
    """With the patient's age, sex and body site (HAM10000 metadata) shifting the classes."""
    if "ham10000_test_context" not in m:
        return []
    te, va = m["ham10000_test_context"], m["ham10000_val_context"]
    tt, vt = m["ham10000_test_context_tta"], m["ham10000_val_context_tta"]
    keys = [
        *SUMMARY_ROWS,
        ("NLL, after temperature", "nll_calibrated"),
        ("Context alone (no photo), accuracy", "context_alone_accuracy"),
    ]
    return [
        "| With patient context (age, sex, body site; `context.json`) | test | val "
        "| test, TTA | val, TTA |",
        "|---|---|---|---|---|",
        *[f"| {name} | {te[k]} | {va[k]} | {tt[k]} | {vt[k]} |" for name, k in keys],
        "",
        "Per-class recall on test with context: "
        + ", ".join(f"{k} {v}" for k, v in te["recall"].items())
        + f". Photos with any context given: test {te['with_any_context']} of {te['n']}, "
        f"val {va['with_any_context']} of {va['n']}.",
        "",
    ]


#: The columns of the partial-context table: (name, metrics key).
PARTIAL_ROWS = (
    ("accuracy", "accuracy"),
    ("balanced accuracy", "balanced_accuracy"),
    ("ECE", "ece_15_calibrated"),
    ("NLL", "nll_calibrated"),
)


def partial_context_table(m: dict) -> list[str]:
    """Test and val with only some parts of the context given (single view)."""
    if "ham10000_test_context_parts" not in m:
        return []
    te, va = m["ham10000_test_context_parts"], m["ham10000_val_context_parts"]
    columns = " | ".join(f"{name} test / val" for name, _ in PARTIAL_ROWS)
    lines = [
        f"| Only some of the context given | {columns} |",
        "|---|" + "---|" * len(PARTIAL_ROWS),
    ]
    for parts in te:
        cells = " | ".join(f"{te[parts][k]} / {va[parts][k]}" for _, k in PARTIAL_ROWS)
        lines.append(f"| {parts.replace('+', ', ')} | {cells} |")
    return [*lines, ""]


def update_card(m: dict, manifest: dict) -> None:
    card = PACK_DIR / "card.md"
    if not card.exists():
        return
    te, va, isic = m["ham10000_test"], m["ham10000_val"], m["isic2017_test"]
    grid = manifest["output_shapes"]["mask_logits"][-2:]
    rows = [
        ("Accuracy", te["accuracy"], va["accuracy"]),
        ("Balanced accuracy", te["balanced_accuracy"], va["balanced_accuracy"]),
        ("Macro AUC (one-vs-rest)", te["macro_auc_ovr"], va["macro_auc_ovr"]),
        ("Macro F1", te["macro_f1"], va["macro_f1"]),
        ("ECE, 15 bins, before temperature", te["ece_15_uncalibrated"], va["ece_15_uncalibrated"]),
        ("ECE, 15 bins, after temperature", te["ece_15_calibrated"], va["ece_15_calibrated"]),
        (
            "Selective accuracy at 80% coverage",
            te["selective_accuracy_80"],
            va["selective_accuracy_80"],
        ),
        (f"Lesion mask Dice ({grid[0]}x{grid[1]} grid)", te.get("mask_dice_mean", "-"), "-"),
        ("Flagged out-of-distribution", te["ood_flagged_fraction"], va["ood_flagged_fraction"]),
    ]
    lines = [
        "| HAM10000 (project split) | test (n={}) | val (n={}) |".format(te["n"], va["n"]),
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        "Per-class recall on test: " + ", ".join(f"{k} {v}" for k, v in te["recall"].items()) + ".",
        "",
        *tta_table(m),
        *context_table(m),
        *partial_context_table(m),
        "| ISIC 2017 test (external, n={}) | |".format(isic["n"]),
        "|---|---|",
        f"| Melanoma-vs-rest AUC (calibrated P(mel)) | {isic['melanoma_auc']} |",
        f"| 3-class balanced accuracy (mel / nv / SK→bkl; argmax over those 3 logits) | "
        f"{isic['balanced_accuracy_3class']} |",
        "| 3-class recall | "
        + ", ".join(f"{k} {v}" for k, v in isic["recall_3class"].items())
        + " |",
        f"| Flagged out-of-distribution | {isic['ood_flagged_fraction']} |",
        "",
        f"Temperature {manifest['calibration']['temperature']}, OOD threshold "
        f"{manifest['ood']['threshold']} (Mahalanobis, val 99th percentile). "
        f"Median latency (preprocess + encoder, one 200x150 photo, 2 threads): "
        f"{m['latency_ms_median_2_threads']['preprocess_plus_encoder_200x150']} ms. "
        f"Computed with {m['runtime']} on the exported `encoder.onnx` by `{m['command']}`.",
    ]
    if "ood_smartphone_fixture" in m:
        f = m["ood_smartphone_fixture"]
        lines.append(
            f"The smartphone fixture photo (clinical, not dermatoscopic) scores {f['distance']} "
            f"against the threshold {f['threshold']}."
        )
    text = card.read_text()
    start, end = "<!-- metrics:start -->", "<!-- metrics:end -->"
    a, b = text.index(start) + len(start), text.index(end)
    card.write_text(text[:a] + "\n" + "\n".join(lines) + "\n" + text[b:])


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    main()
