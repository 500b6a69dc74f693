"""Step 1 of the recipe: run the shipped vision pack + analysis on HAM10000 photos and keep, per
photo, its labels and metadata, the stored-analysis fields and the encoder embedding.

    python models/skinclinic-report-v1/recipe/make_data.py [--per-class 300] [--splits train,val]

Writes work/records_<split>.jsonl and work/embeddings_<split>.npy (same order), and records the
encoder's sha256 in work/encoder.sha256 so training refuses stale embeddings.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
WORK = HERE.parent / "work"
DATA = HERE.parents[2].parent / "shared" / "data" / "ham10000"
VISION_PACK = "ham10000-effnetlite0-v1"
SEED = 20261123


def metadata() -> dict[str, dict[str, str]]:
    with (DATA / "HAM10000_metadata.csv").open() as handle:
        return {row["image_id"]: row for row in csv.DictReader(handle)}


def split_ids(split: str, per_class: int, meta: dict[str, dict[str, str]]) -> list[str]:
    """A class-balanced, seeded sample: at most `per_class` photos of each diagnosis."""
    with (DATA / "split.csv").open() as handle:
        ids = [r["image_id"] for r in csv.DictReader(handle) if r["split"] == split]
    rng = random.Random(f"{SEED}-{split}")
    rng.shuffle(ids)
    taken: dict[str, int] = {}
    out = []
    for image_id in ids:
        dx = meta[image_id]["dx"]
        if taken.get(dx, 0) < per_class:
            taken[dx] = taken.get(dx, 0) + 1
            out.append(image_id)
    return sorted(out)


class Capture:
    """Wraps VisionModel.predict to keep the embedding analyze_image computes anyway."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.embedding: Any = None
        self.pack = model.pack

    def predict(self, image: Any, *, tta: bool = False) -> Any:
        prediction = self.model.predict(image, tta=tta)
        self.embedding = prediction.embedding
        return prediction

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument("--splits", default="train,val")
    args = parser.parse_args()
    from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE, analyze_image
    from skinclinic.imaging.decode import load_rgb
    from skinclinic.inference.pack import default_pack_dir, load_pack
    from skinclinic.inference.vision import VisionModel

    pack = load_pack(default_pack_dir(VISION_PACK))
    encoder_sha = pack.file_hashes["encoder.onnx"]
    model = Capture(VisionModel(pack, threads=2))
    meta = metadata()
    WORK.mkdir(exist_ok=True)
    for split in args.splits.split(","):
        per_class = args.per_class if split == "train" else max(20, args.per_class // 6)
        ids = split_ids(split, per_class, meta)
        records, embeddings = [], []
        started = time.perf_counter()
        for n, image_id in enumerate(ids):
            image = load_rgb(DATA / "images" / f"{image_id}.jpg", ANALYSIS_MAX_SIDE)
            model.embedding = None
            result = analyze_image(image, model, tta=False)  # type: ignore[arg-type]
            if model.embedding is None:
                continue  # failed the quality gate: no embedding, no example
            row = meta[image_id]
            findings = {k: v for k, v in result.findings.items() if k not in ("outline",)}
            uncertainty = dict(result.uncertainty)
            uncertainty["quality_messages"] = list(result.quality_messages)
            records.append(
                {
                    "image_id": image_id,
                    "dx": row["dx"],
                    "dx_type": row["dx_type"],
                    "age": float(row["age"]) if row["age"] else None,
                    "sex": row["sex"],
                    "site": row["localization"],
                    "probabilities": dict(result.probabilities),
                    "uncertainty": uncertainty,
                    "quality_flags": list(result.quality_flags),
                    "findings": findings,
                }
            )
            embeddings.append(np.asarray(model.embedding, np.float32).reshape(-1))
            if n % 200 == 0:
                print(f"{split}: {n}/{len(ids)} {time.perf_counter() - started:.0f}s", flush=True)
        with (WORK / f"records_{split}.jsonl").open("w") as handle:
            for record in records:
                handle.write(json.dumps(record) + "\n")
        np.save(WORK / f"embeddings_{split}.npy", np.stack(embeddings))
        print(f"{split}: {len(records)} records in {time.perf_counter() - started:.0f}s")
    (WORK / "encoder.sha256").write_text(encoder_sha + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
