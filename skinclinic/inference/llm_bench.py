"""Speed of the runtime against bare llama-cpp-python, same model, context, threads and run.

`python -m skinclinic.bench report` calls `compare_with_bare`; the ratio it reports is ours over
bare for tokens per second, and bare over ours for time to first token (>= 0.95 is the target for
both). Runs are interleaved so background load hits both sides alike; medians are reported.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from skinclinic.inference.llm import LanguageModel, Segment, TextSegment

DEFAULT_PROMPT = (
    "Dermoscopy report. The lesion on the left forearm is a 6 mm pigmented macule with an "
    "irregular network and two colours. Findings:"
)


@dataclass(frozen=True)
class SpeedSample:
    ttft_s: float  # call -> first text piece
    tokens: int
    tokens_per_s: float  # after the first token
    total_s: float
    text: str


@dataclass(frozen=True)
class SpeedComparison:
    ours: SpeedSample
    bare: SpeedSample
    tokens_per_s_ratio: float  # ours / bare
    ttft_ratio: float  # bare / ours
    same_text: bool
    load_s: float


def measure_generation(
    model: LanguageModel, segments: Sequence[Segment], max_tokens: int = 150
) -> SpeedSample:
    started = time.perf_counter()
    pieces: list[str] = []
    first: float | None = None
    stream = model.generate(segments, max_tokens=max_tokens, temperature=0.0)
    while True:
        try:
            pieces.append(next(stream))
        except StopIteration as end:
            stats = end.value
            break
        if first is None:
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    ttft = first if first is not None else total
    rate = (stats.generated_tokens - 1) / (total - ttft) if total > ttft else 0.0
    return SpeedSample(ttft, stats.generated_tokens, rate, total, "".join(pieces))


def measure_bare(llm: Any, prompt: str, max_tokens: int = 150) -> SpeedSample:
    """Bare `Llama.create_completion(stream=True)`, greedy, no prompt reuse between runs."""
    llm.reset()  # otherwise Llama reuses the previous run's prompt from its KV cache
    started = time.perf_counter()
    pieces: list[str] = []
    first: float | None = None
    tokens = 0
    for chunk in llm.create_completion(
        prompt, max_tokens=max_tokens, stream=True, temperature=0.0, top_k=1, repeat_penalty=1.0
    ):
        choice = chunk["choices"][0]
        if choice["finish_reason"] is None:  # the closing chunk carries no new token
            tokens += 1
        pieces.append(choice["text"])
        if first is None:
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    ttft = first if first is not None else total
    rate = (tokens - 1) / (total - ttft) if total > ttft else 0.0
    return SpeedSample(ttft, tokens, rate, total, "".join(pieces))


def _median(samples: list[SpeedSample]) -> SpeedSample:
    return SpeedSample(
        ttft_s=statistics.median(s.ttft_s for s in samples),
        tokens=samples[0].tokens,
        tokens_per_s=statistics.median(s.tokens_per_s for s in samples),
        total_s=statistics.median(s.total_s for s in samples),
        text=samples[0].text,
    )


def compare_with_bare(
    model: LanguageModel,
    prompt: str = DEFAULT_PROMPT,
    max_tokens: int = 150,
    runs: int = 3,
    bare_kwargs: Mapping[str, Any] | None = None,
) -> SpeedComparison:
    """Interleaved runs of our generate() and bare llama-cpp-python on the same GGUF
    (`bare_kwargs`: what else our model loads, e.g. the same LoRA adapter)."""
    import llama_cpp

    model.load()
    bare = llama_cpp.Llama(
        model_path=str(model.gguf_path),
        n_ctx=model.n_ctx,
        n_batch=model.n_batch,
        n_threads=model.n_threads,
        n_threads_batch=model.n_threads,
        verbose=False,
        **dict(bare_kwargs or {}),
    )
    try:
        measure_generation(model, [TextSegment(prompt)], 8)  # warm both sides up
        measure_bare(bare, prompt, 8)
        ours: list[SpeedSample] = []
        theirs: list[SpeedSample] = []
        for _ in range(runs):
            ours.append(measure_generation(model, [TextSegment(prompt)], max_tokens))
            theirs.append(measure_bare(bare, prompt, max_tokens))
    finally:
        bare.close()
    mine, base = _median(ours), _median(theirs)
    return SpeedComparison(
        ours=mine,
        bare=base,
        tokens_per_s_ratio=mine.tokens_per_s / base.tokens_per_s if base.tokens_per_s else 0.0,
        ttft_ratio=base.ttft_s / mine.ttft_s if mine.ttft_s else 0.0,
        same_text=mine.text == base.text,
        load_s=model.load_s or 0.0,
    )
