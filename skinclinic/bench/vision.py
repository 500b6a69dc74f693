"""Vision benchmark: `python -m skinclinic.bench vision [--pack DIR] [--threads 2] [--dice-n 200]`.

Prints the median latency of ``analyze_image`` for a 200x150 HAM10000 image and for a
12-megapixel JPEG (decoded at reduced size), the abstain rule's coverage and accuracy on the
val split, segmentation Dice on test images, and the pack's own metrics (the trainer measures
accuracy, AUC and calibration on the test split; they are not recomputed here).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE, analyze_image
from skinclinic.analysis.findings import lesion_mask
from skinclinic.analysis.segment import dice
from skinclinic.analysis.uncertainty import summarize
from skinclinic.errors import SkinClinicError
from skinclinic.inference.pack import default_pack_dir, load_pack
from skinclinic.inference.vision import VisionModel

HAM = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ham10000"


def _split(ham: Path, name: str) -> list[str]:
    with (ham / "split.csv").open() as handle:
        return sorted(row["image_id"] for row in csv.DictReader(handle) if row["split"] == name)


def _truth(ham: Path) -> dict[str, str]:
    with (ham / "HAM10000_metadata.csv").open() as handle:
        return {row["image_id"]: row["dx"] for row in csv.DictReader(handle)}


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    action()  # warm-up: session creation, first-call allocations
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def latency(model: VisionModel, ham: Path, repeats: int) -> None:
    from skinclinic.imaging.decode import load_rgb

    small = _rgb(ham / "images" / f"{_split(ham, 'test')[0]}.jpg")
    with tempfile.TemporaryDirectory() as scratch:
        big_path = Path(scratch) / "phone.jpg"
        small.resize((4000, 3000), Image.Resampling.BICUBIC).save(big_path, quality=92)
        for tta in (False, True):

            def run_small(tta: bool = tta) -> object:
                return analyze_image(small, model, tta=tta)

            def run_big(tta: bool = tta) -> object:
                return analyze_image(load_rgb(big_path, ANALYSIS_MAX_SIDE), model, tta=tta)

            ms_small = _median_ms(run_small, repeats)
            ms_big = _median_ms(run_big, repeats)
            print(
                f"latency tta={tta!s:5}: 200x150 {ms_small:6.1f} ms (target <= 40); "
                f"12 MP JPEG incl. decode {ms_big:6.1f} ms (target <= 150)"
            )
    print(
        "stage timings (200x150, no TTA):", dict(analyze_image(small, model, tta=False).timings_ms)
    )


def abstain_on_val(model: VisionModel, ham: Path) -> None:
    truth = _truth(ham)
    ids = _split(ham, "val")
    codes = model.pack.label_codes
    verdicts: dict[str, list[bool]] = {}
    mel_referred = mel_total = 0
    for start in range(0, len(ids), 32):
        chunk = ids[start : start + 32]
        batch = np.stack([model.preprocess(_rgb(ham / "images" / f"{i}.jpg")) for i in chunk])
        probs = model.calibrated(model.run(batch).logits)
        for image_id, row in zip(chunk, probs, strict=True):
            summary = summarize(dict(zip(codes, row.tolist(), strict=True)), model.pack.label_names)
            correct = summary.top_label == truth[image_id]
            verdicts.setdefault(summary.verdict.value, []).append(correct)
            if truth[image_id] == "mel":
                mel_total += 1
                mel_referred += summary.verdict.value != "confident"
    total = len(ids)
    for verdict, hits in sorted(verdicts.items()):
        print(
            f"val {verdict:10}: {len(hits) / total:6.1%} of images, "
            f"top-1 accuracy {np.mean(hits):.3f}"
        )
    print(f"val melanomas not marked 'confident': {mel_referred}/{mel_total}")


def segmentation(model: VisionModel, ham: Path, count: int) -> None:
    ids = _split(ham, "test")[:: max(1, len(_split(ham, "test")) // count)][:count]
    spec = model.pack.input
    scores: dict[str, list[float]] = {}
    for image_id in ids:
        image = _rgb(ham / "images" / f"{image_id}.jpg")
        truth_img = Image.open(ham / "masks_600x450" / f"{image_id}_segmentation.png").convert("L")
        methods: dict[str, np.ndarray | None] = {"classical": None}
        if model.pack.outputs.mask:
            methods["model"] = model.predict(image).mask_logits
        for name, logits in methods.items():
            mask, _, _ = lesion_mask(image, logits, (spec.width, spec.height))
            gt = np.asarray(truth_img.resize((mask.shape[1], mask.shape[0]))) > 127
            scores.setdefault(name, []).append(dice(mask, gt))
    for name, values in scores.items():
        print(
            f"segmentation Dice ({name}, {len(values)} test images): mean {np.mean(values):.3f}, "
            f"median {np.median(values):.3f}"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m skinclinic.bench vision")
    parser.add_argument("--pack", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--dice-n", type=int, default=200)
    parser.add_argument("--ham", type=Path, default=HAM)
    args = parser.parse_args(argv)
    try:
        pack = load_pack(args.pack or default_pack_dir())
    except SkinClinicError as err:
        print(err)
        return 1
    if not (args.ham / "split.csv").is_file():
        print(f"HAM10000 is absent ({args.ham}); pass --ham")
        return 1
    model = VisionModel(pack, threads=args.threads)
    start = time.perf_counter()
    model.warm_up()
    print(f"warm-up (session + OOD stats): {(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"pack {pack.pack_id} ({pack.root}), {args.threads} threads")
    latency(model, args.ham, args.repeats)
    abstain_on_val(model, args.ham)
    segmentation(model, args.ham, args.dice_n)
    print("pack metrics (from the manifest):", json.dumps(dict(pack.metrics), indent=1))
    return 0
