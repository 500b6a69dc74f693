"""Benchmark: import N photos through the real import use case into a fresh case log.

`python -m skinclinic.bench intake [--photos 1000] [--source DIR]`. Uses HAM10000 images from
../shared/data when present (real JPEGs), else generates distinct JPEGs. Reports wall time,
photos/s and per-photo median latency; the case log and store are checked afterwards.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from skinclinic.bootstrap import open_services
from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion
from skinclinic.paths import AppPaths

DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared/data/ham10000/images"


def _photos(source: Path | None, count: int, scratch: Path) -> list[Path]:
    if source is not None and source.is_dir():
        found = sorted(source.glob("*.jpg"))[:count]
        if len(found) == count:
            return found
    from PIL import Image

    made = []
    for index in range(count):
        image = Image.new("RGB", (600, 450), (150 + index % 100, 90, 60 + index // 100 % 100))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        path = scratch / f"generated_{index:05d}.jpg"
        path.write_bytes(buffer.getvalue())
        made.append(path)
    return made


def bench_import(count: int, source: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="skinclinic-bench-") as tmp:
        scratch = Path(tmp) / "in"
        scratch.mkdir()
        files = _photos(source, count, scratch)
        paths = AppPaths(Path(tmp) / "home")
        latencies: list[float] = []
        started = time.perf_counter()
        with open_services(paths) as services:
            for batch_start in range(0, count, 10):
                batch = files[batch_start : batch_start + 10]
                t0 = time.perf_counter()
                run_to_completion(
                    import_photos(
                        ImportRequest(files=batch, body_site="back", actor="bench"),
                        repository=services.repository,
                        store=services.store,
                        prepare=services.prepare_photo,
                    )
                )
                latencies.append((time.perf_counter() - t0) * 1000 / len(batch))
            elapsed = time.perf_counter() - started
            cases = services.repository.count_cases()
        stored = sum(1 for p in paths.photos.rglob("*") if p.is_file())
        return {
            "photos": float(count),
            "cases": float(cases),
            "stored_files": float(stored),
            "seconds_total": round(elapsed, 2),
            "photos_per_second": round(count / elapsed, 1),
            "median_ms_per_photo": round(statistics.median(latencies), 2),
        }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m skinclinic.bench intake")
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    result = bench_import(args.photos, args.source)
    print(json.dumps(result, indent=2))
    print(f"reproduce: python -m skinclinic.bench intake --photos {args.photos}")
    return 0
