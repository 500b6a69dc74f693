"""The listing benchmark runs end to end (tiny size; the real figures come from 100k)."""

from __future__ import annotations

import json

import pytest

from skinclinic.bench.caselog import bench_listing, main


def test_bench_listing_small() -> None:
    results = bench_listing(300, repeats=2)
    assert results["cases"] == 300
    assert all(value >= 0 for value in results.values())


def test_bench_main_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cases", "100", "--repeats", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"] == 100


def test_bench_runs_on_an_encrypted_case_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cases", "100", "--repeats", "1", "--encrypted"]) == 0
    out = capsys.readouterr().out
    assert "--encrypted" in out and json.loads(out.splitlines()[-1])["cases"] == 100
