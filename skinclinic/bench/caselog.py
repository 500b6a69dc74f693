"""Case-log listing benchmark: `python -m skinclinic.bench caselog [--cases N] [--encrypted]`.

Seeds a temporary case log with N cases (bulk insert, timed separately), then reports the
median latency of the queries the case list runs: first page, status filter, text search
(rare and common term) and counts; then how long verifying an audit chain of N events takes.
`--encrypted` runs the same on a SQLCipher case log (an encrypted data home).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from skinclinic.core.domain import CaseStatus
from skinclinic.paths import AppPaths


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    work()  # warm the page cache and statement cache
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


@contextmanager
def _scratch_home(encrypted: bool) -> Iterator[AppPaths]:
    from skinclinic.caselog import encryption

    with tempfile.TemporaryDirectory(prefix="skinclinic-bench-") as scratch:
        paths = AppPaths(Path(scratch)).ensure()
        if encrypted:
            encryption.create_keyfile(paths.home, "benchmark passphrase")
        try:
            yield paths
        finally:
            encryption.forget(paths.home)


def bench_listing(
    n_cases: int = 100_000, repeats: int = 15, *, encrypted: bool = False
) -> dict[str, float]:
    from skinclinic.caselog import CaseLog
    from skinclinic.caselog.seed import RARE_WORD, bulk_seed

    with _scratch_home(encrypted) as paths, CaseLog.open(paths, lock=True) as log:
        t0 = time.perf_counter()
        bulk_seed(log.engine, n_cases)
        seed_s = time.perf_counter() - t0
        repo = log.repository
        results = {
            "cases": float(repo.count_cases()),
            "seed_s": seed_s,
            "first_page_ms": _median_ms(lambda: repo.list_cases(limit=50), repeats),
            "page_100_ms": _median_ms(lambda: repo.list_cases(limit=50, offset=5000), repeats),
            "status_filter_ms": _median_ms(
                lambda: repo.list_cases(status=CaseStatus.AMENDED, limit=50), repeats
            ),
            "search_rare_ms": _median_ms(
                lambda: repo.list_cases(search=RARE_WORD, limit=50), repeats
            ),
            "search_common_ms": _median_ms(
                lambda: repo.list_cases(search="nevus", limit=50), repeats
            ),
            "search_short_ms": _median_ms(  # 2 characters: LIKE scan, not the index
                lambda: repo.list_cases(search="zz", limit=50), repeats
            ),
            "search_status_ms": _median_ms(
                lambda: repo.list_cases(status=CaseStatus.AMENDED, search="nevus"), repeats
            ),
            "count_ms": _median_ms(repo.count_cases, repeats),
            "count_status_ms": _median_ms(
                lambda: repo.count_cases(status=CaseStatus.SIGNED), repeats
            ),
            "count_search_ms": _median_ms(lambda: repo.count_cases(search="nevus"), repeats),
            "case_detail_ms": _median_ms(lambda: repo.get_case_detail(n_cases // 2), repeats),
            "write_case_ms": _median_ms(
                lambda: repo.create_case(1, "back", "bench write", actor="bench"), repeats
            ),
            "db_mb": paths.caselog.stat().st_size / 1e6,
        }
    return results


def bench_audit(n_events: int = 100_000, *, encrypted: bool = False) -> dict[str, float]:
    """How long verifying the audit chain takes (the app may verify it at start-up)."""
    from skinclinic.caselog import CaseLog
    from skinclinic.caselog.seed import bulk_audit

    with _scratch_home(encrypted) as paths, CaseLog.open(paths, lock=True) as log:
        bulk_audit(log.engine, n_events)
        t0 = time.perf_counter()
        broken = log.repository.verify_audit_chain()
        verify_ms = (time.perf_counter() - t0) * 1000
    if broken is not None:
        raise AssertionError(f"benchmark chain broken at event {broken}")
    return {"audit_events": float(n_events), "verify_audit_ms": verify_ms}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m skinclinic.bench caselog")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--encrypted", action="store_true", help="a SQLCipher case log")
    parser.add_argument("--json", action="store_true", help="print only JSON")
    args = parser.parse_args(argv)
    results = bench_listing(args.cases, args.repeats, encrypted=args.encrypted) | bench_audit(
        args.cases, encrypted=args.encrypted
    )
    if not args.json:
        width = max(len(k) for k in results)
        for key, value in results.items():
            print(f"{key:<{width}}  {value:>10.2f}")
        flag = " --encrypted" if args.encrypted else ""
        print(f"command: python -m skinclinic.bench caselog --cases {args.cases}{flag}")
    print(json.dumps({k: round(v, 3) for k, v in results.items()}, sort_keys=True))
    return 0
