"""Report-model benchmark: `python -m skinclinic.bench report [--n 100] [--threads 2]`.

On a seeded sample of the HAM10000 test split (never used in training), each photo is analysed
by the vision pack and drafted by the report pack exactly as the app does (structured findings
in the prompt, projected image rows), then:

- leading diagnosis: the first diagnosis the narrative names (not negated) vs the classifier's
  top-1 and vs the data set's label; grounding-check flag rate;
- ablation 1: the same drafts with the image rows removed from the prompt;
- ablation 2 (do the image rows carry information on their own?): the stage-1 probe prompt
  (image rows, no findings: "Dermoscopy image: [rows]\\nFindings:\\n") with the photo's own rows,
  with another photo's rows, and with none; the first diagnosis it writes is compared with the
  classifier's top-1 and the label;
- speed: time to first token and tokens/s of the app's generate() vs bare llama-cpp-python on the
  same GGUF + adapter, context and threads, interleaved in this run; the full draft time;
- peak memory: `skinclinic analyze SAMPLE --report` in a child process (its own VmHWM).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from skinclinic.bench.memory import run_measured
from skinclinic.core.domain import Analysis
from skinclinic.paths import AppPaths
from skinclinic.report import grounding, prompt
from skinclinic.report.structured import build_structured

HAM = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ham10000"
SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "ISIC_0031023.jpg"
SEED = 20261123
PROBE_TOKENS = 24


@dataclass
class Photo:
    image_id: str
    truth: str
    analysis: Analysis
    embedding: Any
    facts: prompt.CaseFacts


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    truth: int = 0
    named: int = 0
    flagged: int = 0

    def add(self, leading: str | None, photo: Photo, flags: int | None = None) -> None:
        self.n += 1
        top = max(photo.analysis.probabilities.items(), key=lambda kv: kv[1])[0]
        self.named += leading is not None
        self.top1 += leading == top
        self.truth += leading == photo.truth
        if flags is not None:
            self.flagged += flags > 0

    def to_json(self, with_flags: bool) -> dict[str, Any]:
        out = {
            "n": self.n,
            "names_a_diagnosis": round(self.named / self.n, 3),
            "leading_equals_classifier_top1": round(self.top1 / self.n, 3),
            "leading_equals_truth": round(self.truth / self.n, 3),
        }
        if with_flags:
            out["drafts_with_grounding_flags"] = round(self.flagged / self.n, 3)
        return out


def _sample(n: int) -> list[tuple[str, dict[str, str]]]:
    with (HAM / "split.csv").open() as handle:
        test = sorted(r["image_id"] for r in csv.DictReader(handle) if r["split"] == "test")
    with (HAM / "HAM10000_metadata.csv").open() as handle:
        meta = {row["image_id"]: row for row in csv.DictReader(handle)}
    random.Random(SEED).shuffle(test)
    return [(i, meta[i]) for i in test[:n]]


def _facts(row: Mapping[str, str]) -> prompt.CaseFacts:
    site = row.get("localization") or None
    return prompt.CaseFacts(
        site=None if site in (None, "unknown") else site,
        sex=row.get("sex") if row.get("sex") in ("male", "female") else None,
        age=int(float(row["age"])) if row.get("age") else None,
    )


def analyse(n: int, vision: Any) -> list[Photo]:
    from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE, analyze_image
    from skinclinic.imaging.decode import load_rgb

    photos = []
    for image_id, row in _sample(n):
        image = load_rgb(HAM / "images" / f"{image_id}.jpg", ANALYSIS_MAX_SIDE)
        result = analyze_image(image, vision, tta=False)
        if not result.probabilities:
            continue  # refused by the quality gate: the app would not draft it either
        analysis = Analysis(
            id=0,
            case_id=0,
            photo_id=0,
            model_pack_id=result.model_pack_id,
            model_hashes=dict(result.model_hashes),
            probabilities=dict(result.probabilities),
            uncertainty={**result.uncertainty, "quality_messages": list(result.quality_messages)},
            quality_flags=result.quality_flags,
            findings=dict(result.findings),
            timings_ms={},
            created_at=datetime.now(UTC),
        )
        embedding = vision.predict(image).embedding
        photos.append(Photo(image_id, row["dx"], analysis, embedding, _facts(row)))
    return photos


def _generate(lm: Any, segments: list[Any], max_tokens: int) -> tuple[str, float, int]:
    started = time.perf_counter()
    pieces: list[str] = []
    stream = lm.generate(segments, max_tokens=max_tokens, temperature=0.0, stop=prompt.STOP)
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as end:
            return "".join(pieces), time.perf_counter() - started, end.value.generated_tokens


def drafts(
    lm: Any, project: Callable[[Any], Any], photos: list[Photo], names: Any
) -> dict[str, Any]:
    with_rows, without = Tally(), Tally()
    seconds: list[float] = []
    tokens: list[int] = []
    examples: list[dict[str, str]] = []
    for photo in photos:
        structured = build_structured(photo.analysis, names)
        findings = prompt.findings_text(structured, photo.facts)
        allowed = [float(photo.facts.age)] if photo.facts.age else []
        for tally, rows in ((with_rows, project(photo.embedding)), (without, None)):
            text, took, count = _generate(lm, prompt.segments(findings, image_rows=rows), 160)
            flags = grounding.check(text, photo.analysis, names, allowed_numbers=allowed)
            tally.add(grounding.leading_diagnosis(text), photo, len(flags))
            if rows is not None:
                seconds.append(took)
                tokens.append(count)
                if len(examples) < 3:
                    examples.append({"image_id": photo.image_id, "narrative": text.strip()})
    return {
        "with_image_rows": with_rows.to_json(True),
        "image_rows_removed": without.to_json(True),
        "draft_seconds_median": round(statistics.median(seconds), 2),
        "draft_tokens_median": int(statistics.median(tokens)),
        "examples": examples,
    }


def probe(lm: Any, project: Callable[[Any], Any], photos: list[Photo]) -> dict[str, Any]:
    """Stage-1 prompt: what the rows alone make the model write."""
    from skinclinic.inference.llm import EmbeddingSegment, TextSegment

    own, other, none = Tally(), Tally(), Tally()
    shifted = photos[1:] + photos[:1]
    for photo, stranger in zip(photos, shifted, strict=True):
        for tally, source in ((own, photo), (other, stranger), (none, None)):
            segments: list[Any] = [TextSegment(prompt.IMAGE_INTRO)]
            if source is not None:
                segments.append(EmbeddingSegment(project(source.embedding)))
            segments.append(TextSegment("\nFindings:\n"))
            text, _took, _count = _generate(lm, segments, PROBE_TOKENS)
            tally.add(grounding.leading_diagnosis(text), photo)
    return {
        "own_rows": own.to_json(False),
        "another_photos_rows": other.to_json(False),
        "no_rows": none.to_json(False),
    }


def speed(lm: Any, adapter: Path | None, photo: Photo, names: Any, runs: int) -> dict[str, Any]:
    """The app's generate() vs bare llama-cpp-python (same GGUF, adapter, context, threads)."""
    from skinclinic.inference.llm_bench import compare_with_bare

    structured = build_structured(photo.analysis, names)
    before, after = prompt.prompt_texts(prompt.findings_text(structured, photo.facts), None, False)
    extra = {"lora_path": str(adapter)} if adapter else {}
    result = compare_with_bare(lm, before + after, 150, runs, bare_kwargs=extra)
    return {
        "ours": {
            "ttft_s": round(result.ours.ttft_s, 3),
            "tok_s": round(result.ours.tokens_per_s, 1),
        },
        "bare": {
            "ttft_s": round(result.bare.ttft_s, 3),
            "tok_s": round(result.bare.tokens_per_s, 1),
        },
        "tokens_per_s_ratio": round(result.tokens_per_s_ratio, 3),
        "ttft_ratio_bare_over_ours": round(result.ttft_ratio, 3),
        "same_text": result.same_text,
        "tokens": result.ours.tokens,
    }


def peak_memory() -> dict[str, Any]:
    """`skinclinic analyze SAMPLE --report` in a fresh process with a fresh data home."""
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        done, peak_mb = run_measured(
            ["analyze", str(SAMPLE), "--report", "--json"],
            env={"SKINCLINIC_HOME": home, "PATH": "/usr/bin:/bin"},
        )
        wall = time.perf_counter() - started
    peak = peak_mb if done.returncode == 0 and peak_mb is not None else 0.0
    return {"rc": done.returncode, "peak_rss_mb": round(peak, 1), "wall_s": round(wall, 1)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m skinclinic.bench report")
    parser.add_argument("--n", type=int, default=100, help="test-split photos")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--speed-runs", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma list of: drafts,probe,speed,memory")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    from skinclinic.inference.pack import default_pack_dir, load_pack
    from skinclinic.inference.vision import VisionModel
    from skinclinic.report.model import ReportModels

    with tempfile.TemporaryDirectory() as home:
        paths = AppPaths(Path(home)).ensure()
        models = ReportModels(paths, "ham10000-effnetlite0-v1", threads=args.threads)
        vision_pack = load_pack(default_pack_dir(models.pack.vision_pack_id))
        vision = VisionModel(vision_pack, threads=args.threads)
        encoder = vision_pack.file_hashes.get(vision_pack.files["encoder"].name)
        names = dict(vision_pack.label_names)
        lm = models.language_model()  # this benchmark runs on one thread: no lane needed

        def project(embedding: Any) -> Any:
            return np.asarray(models.image_rows(embedding, encoder), np.float32)

        started = time.perf_counter()
        photos = analyse(args.n, vision)
        figures: dict[str, Any] = {
            "command": "python -m skinclinic.bench report " + " ".join(argv),
            "report_pack": models.pack.pack_id,
            "tuned": models.pack.tuned,
            "image_rows": models.pack.projector is not None,
            "photos": len(photos),
            "threads": args.threads,
        }
        if "drafts" not in skip and models.pack.projector is not None:
            figures["drafts"] = drafts(lm, project, photos, names)
        if "probe" not in skip and models.pack.projector is not None:
            figures["probe"] = probe(lm, project, photos)
        if "speed" not in skip:
            adapter = models.pack.path(models.pack.adapter) if models.pack.adapter else None
            figures["speed"] = speed(lm, adapter, photos[0], names, args.speed_runs)
        models.close()
    if "memory" not in skip:
        figures["analyze_report_process"] = peak_memory()
    figures["bench_seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0
