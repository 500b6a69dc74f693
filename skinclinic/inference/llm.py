"""The language model runtime: a GGUF run by llama.cpp that also takes image embeddings as input.

llama-cpp-python's high-level `Llama` only takes token ids, so the prompt is decoded with the
low-level API: one `llama_batch` per segment (token ids OR embeddings, never both), positions
continuing from one segment to the next. `llama_cpp` is imported only when a model is loaded.

Not thread-safe: every call goes through the one `ModelLane` (see llm_lane.py).
"""

from __future__ import annotations

import codecs
import ctypes
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from skinclinic.errors import ModelPackError, SkinClinicError
from skinclinic.inference.gguf_embed import TokenEmbeddings
from skinclinic.inference.gguf_pack import (
    BASE_MANIFEST,
    FileSpec,
    LlmManifest,
    ensure_base_gguf,
    load_manifest,
    verify_file,
)
from skinclinic.paths import AppPaths

CancelFlag = threading.Event | Callable[[], bool] | None
FinishReason = Literal["eos", "stop", "length", "cancelled", "context"]


class GenerationError(SkinClinicError):
    """llama.cpp refused a batch (context full, invalid input)."""


@dataclass(frozen=True)
class TextSegment:
    text: str


@dataclass(frozen=True)
class EmbeddingSegment:
    """Rows [n, n_embd] already in the model's scaled input space (token rows x sqrt(n_embd))."""

    rows: npt.NDArray[np.float32]
    bidirectional: bool = True


Segment = TextSegment | EmbeddingSegment


@dataclass(frozen=True)
class GenerationStats:
    prompt_positions: int
    generated_tokens: int
    finish_reason: FinishReason
    prompt_s: float  # generate() called -> first token sampled
    first_piece_s: float | None  # generate() called -> first text piece handed out
    total_s: float

    @property
    def decode_tokens_per_s(self) -> float:
        """Tokens per second after the first (the first one's cost is in prompt_s)."""
        spent = self.total_s - self.prompt_s
        return (self.generated_tokens - 1) / spent if self.generated_tokens > 1 and spent else 0.0


def _is_cancelled(cancel: CancelFlag) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


class _StopFilter:
    """Holds back text that might be the start of a stop string; cuts at the first stop."""

    def __init__(self, stops: Sequence[str]) -> None:
        self.stops = [s for s in stops if s]
        self.pending = ""

    def push(self, text: str) -> tuple[str, bool]:
        self.pending += text
        cut = min((i for i in (self.pending.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            out, self.pending = self.pending[:cut], ""
            return out, True
        hold = 0
        for stop in self.stops:
            for k in range(min(len(stop) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(stop[:k]):
                    hold = max(hold, k)
                    break
        out = self.pending[: len(self.pending) - hold]
        self.pending = self.pending[len(out) :]
        return out, False


@dataclass
class _Run:
    """Mutable state of one generate() call."""

    started: float
    stops: _StopFilter
    utf8: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")(errors="replace")
    )
    prompt_positions: int = 0
    generated: int = 0
    reason: FinishReason = "length"
    prompt_s: float | None = None
    first_piece_s: float | None = None

    def stats(self) -> GenerationStats:
        total = time.perf_counter() - self.started
        return GenerationStats(
            prompt_positions=self.prompt_positions,
            generated_tokens=self.generated,
            finish_reason=self.reason,
            prompt_s=self.prompt_s if self.prompt_s is not None else total,
            first_piece_s=self.first_piece_s,
            total_s=total,
        )


class LanguageModel:
    """One GGUF, loaded lazily on first use and verified against its manifest first."""

    def __init__(
        self,
        gguf_path: Path,
        spec: FileSpec,
        *,
        n_threads: int = 2,
        n_ctx: int = 2048,
        n_batch: int = 512,
        n_embd: int = 640,
        embedding_scale: float = 640**0.5,
    ) -> None:
        self.gguf_path = gguf_path
        self.spec = spec
        self.n_threads = n_threads
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        self.n_embd = n_embd
        self.embedding_scale = embedding_scale
        self.load_s: float | None = None
        self._llm: Any = None
        self._token_batch: Any = None
        self._embeddings: TokenEmbeddings | None = None

    @classmethod
    def base(
        cls, paths: AppPaths, *, manifest_path: Path = BASE_MANIFEST, **kw: Any
    ) -> LanguageModel:
        """The base Gemma model, assembled into the data home if needed."""
        manifest: LlmManifest = load_manifest(manifest_path)
        gguf = ensure_base_gguf(paths, manifest_path)
        kw.setdefault("n_embd", manifest.n_embd)
        kw.setdefault("embedding_scale", manifest.embedding_scale)
        return cls(gguf, manifest.gguf, **kw)

    # -- loading --------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def load(self) -> None:
        if self._llm is not None:
            return
        verify_file(self.gguf_path, self.spec)  # before llama.cpp parses a single byte
        import llama_cpp

        from skinclinic.inference.llama_logs import quiet_llama_logs

        quiet_llama_logs()
        started = time.perf_counter()
        try:
            llm = llama_cpp.Llama(
                model_path=str(self.gguf_path),
                n_ctx=self.n_ctx,
                n_batch=self.n_batch,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                verbose=False,
            )
        except (ValueError, RuntimeError) as err:
            raise ModelPackError(f"llama.cpp could not load {self.gguf_path} ({err}).") from err
        if llama_cpp.llama_model_n_embd(llm.model) != self.n_embd:
            llm.close()
            raise ModelPackError(
                f"{self.gguf_path} is not {self.n_embd} wide as its manifest says."
            )
        self._llm = llm
        self._token_batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        self.load_s = time.perf_counter() - started

    def close(self) -> None:
        """Free llama.cpp's memory now (also avoids a TypeError from Llama.__del__ at exit)."""
        if self._llm is None:
            return
        import llama_cpp

        llama_cpp.llama_batch_free(self._token_batch)
        self._llm.close()
        self._llm = self._token_batch = None

    def _need(self) -> Any:
        self.load()
        return self._llm

    # -- text <-> tokens ------------------------------------------------------------------

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        tokens: list[int] = self._need().tokenize(
            text.encode("utf-8"), add_bos=add_bos, special=True
        )
        return tokens

    def _piece(self, vocab: Any, token: int, buffer: Any) -> bytes:
        import llama_cpp

        n = llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False)
        if n < 0:  # piece longer than the buffer: ask again with the size llama.cpp reported
            buffer = ctypes.create_string_buffer(-n)
            n = llama_cpp.llama_token_to_piece(vocab, token, buffer, len(buffer), 0, False)
        return bytes(buffer.raw[:n])

    def embed_tokens(self, text: str) -> npt.NDArray[np.float32]:
        """The text's own input rows, scaled as the graph scales token embeddings (no BOS)."""
        if self._embeddings is None:
            verify_file(self.gguf_path, self.spec)
            self._embeddings = TokenEmbeddings(self.gguf_path)
        rows = self._embeddings.rows(self.tokenize(text))
        return (rows * np.float32(self.embedding_scale)).astype(np.float32)

    # -- decoding -------------------------------------------------------------------------

    def _decode_tokens(self, tokens: Sequence[int], pos: int, want_logits: bool) -> int:
        import llama_cpp

        batch, ctx = self._token_batch, self._llm.ctx
        for start in range(0, len(tokens), self.n_batch):
            chunk = tokens[start : start + self.n_batch]
            batch.n_tokens = len(chunk)
            for i, token in enumerate(chunk):
                batch.token[i] = token
                batch.pos[i] = pos + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = 0
            last = start + len(chunk) == len(tokens)
            batch.logits[len(chunk) - 1] = int(want_logits and last)
            self._check(llama_cpp.llama_decode(ctx, batch))
            pos += len(chunk)
        return pos

    def _decode_embeddings(self, segment: EmbeddingSegment, pos: int, want_logits: bool) -> int:
        import llama_cpp

        rows = np.ascontiguousarray(segment.rows, dtype=np.float32)
        n = int(rows.shape[0])
        if rows.ndim != 2 or rows.shape[1] != self.n_embd or not 0 < n <= self.n_batch:
            raise GenerationError(
                f"Embedding rows must be [1..{self.n_batch}, {self.n_embd}], got {rows.shape}."
            )
        ctx = self._llm.ctx
        batch = llama_cpp.llama_batch_init(n, self.n_embd, 1)
        try:
            ctypes.memmove(batch.embd, rows.ctypes.data, rows.nbytes)
            batch.n_tokens = n
            for i in range(n):
                batch.pos[i] = pos + i
                batch.n_seq_id[i] = 1
                batch.seq_id[i][0] = 0
                batch.logits[i] = 0
            batch.logits[n - 1] = int(want_logits)
            # Bidirectional attention across the image rows, as Gemma 3's own vision path does.
            llama_cpp.llama_set_causal_attn(ctx, not segment.bidirectional)
            try:
                self._check(llama_cpp.llama_decode(ctx, batch))
            finally:
                llama_cpp.llama_set_causal_attn(ctx, True)
        finally:
            llama_cpp.llama_batch_free(batch)
        return pos + n

    @staticmethod
    def _check(code: int) -> None:
        if code == 1:
            raise GenerationError("The prompt does not fit in the model's context.")
        if code != 0:
            raise GenerationError(f"llama.cpp could not decode the batch (code {code}).")

    def _prefill(self, segments: Sequence[Segment], cancel: CancelFlag) -> int | None:
        """Decode the prompt; returns the next position, or None if cancelled on the way."""
        import llama_cpp

        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(self._llm.ctx), True)
        pos = 0
        parts: list[Segment | list[int]] = []
        for seg in segments:
            parts.append(self.tokenize(seg.text) if isinstance(seg, TextSegment) else seg)
        bos = self._llm.token_bos()
        if bos >= 0:  # Gemma needs BOS at position 0, whatever the first segment is
            parts.insert(0, [bos])
        parts = [p for p in parts if not (isinstance(p, list) and not p)]
        for index, part in enumerate(parts):
            if _is_cancelled(cancel):
                return None
            last = index == len(parts) - 1
            if isinstance(part, list):
                pos = self._decode_tokens(part, pos, last)
            elif isinstance(part, EmbeddingSegment):
                pos = self._decode_embeddings(part, pos, last)
        return pos

    def _sampler(self, temperature: float, top_k: int, top_p: float, seed: int) -> Any:
        import llama_cpp

        chain = llama_cpp.llama_sampler_chain_init(llama_cpp.llama_sampler_chain_default_params())
        if temperature <= 0:
            llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_greedy())
            return chain
        if top_k > 0:
            llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_top_k(top_k))
        if top_p < 1:
            llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_top_p(top_p, 1))
        llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_temp(temperature))
        llama_cpp.llama_sampler_chain_add(chain, llama_cpp.llama_sampler_init_dist(seed))
        return chain

    def generate(
        self,
        segments: Sequence[Segment],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        top_p: float = 0.95,
        top_k: int = 40,
        seed: int = 0,
        stop: Sequence[str] = (),
        cancel: CancelFlag = None,
    ) -> Generator[str, None, GenerationStats]:
        """Stream text pieces; returns GenerationStats (the generator's return value).

        `cancel` is checked before every decode, so at most the token in flight is finished after
        it is set and no text is handed out after that. temperature <= 0 means greedy.
        """
        import llama_cpp

        run = _Run(started=time.perf_counter(), stops=_StopFilter(stop))
        self._need()
        pos = self._prefill(segments, cancel)
        run.prompt_positions = pos or 0
        sampler = self._sampler(temperature, top_k, top_p, seed)
        try:
            if pos is not None:
                yield from self._sample_loop(run, sampler, pos, max_tokens, cancel)
            else:
                run.reason = "cancelled"
        finally:
            llama_cpp.llama_sampler_free(sampler)
        if run.reason not in ("stop", "cancelled"):
            tail = run.stops.push(run.utf8.decode(b"", final=True))[0] + run.stops.pending
            if tail:
                yield tail
        return run.stats()

    def _sample_loop(
        self, run: _Run, sampler: Any, pos: int, max_tokens: int, cancel: CancelFlag
    ) -> Iterator[str]:
        import llama_cpp

        ctx, vocab = self._llm.ctx, llama_cpp.llama_model_get_vocab(self._llm.model)
        buffer = ctypes.create_string_buffer(64)
        while True:
            token = llama_cpp.llama_sampler_sample(sampler, ctx, -1)
            run.generated += 1
            if run.prompt_s is None:
                run.prompt_s = time.perf_counter() - run.started
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                run.reason = "eos"
                return
            text, hit_stop = run.stops.push(run.utf8.decode(self._piece(vocab, token, buffer)))
            if text:
                if run.first_piece_s is None:
                    run.first_piece_s = time.perf_counter() - run.started
                yield text
            if hit_stop:
                run.reason = "stop"
                return
            if run.generated >= max_tokens:
                return
            if pos >= self.n_ctx:
                run.reason = "context"
                return
            if _is_cancelled(cancel):  # checked after the consumer had the piece, before decode
                run.reason = "cancelled"
                return
            pos = self._decode_tokens([token], pos, True)

    def logits_after(self, segments: Sequence[Segment]) -> npt.NDArray[np.float32]:
        """Logits [n_vocab] after decoding `segments` (for tests and the projector's checks)."""
        import llama_cpp

        llm = self._need()
        if self._prefill(segments, None) is None:
            raise GenerationError("cancelled")
        n_vocab = llama_cpp.llama_vocab_n_tokens(llama_cpp.llama_model_get_vocab(llm.model))
        pointer = llama_cpp.llama_get_logits_ith(llm.ctx, -1)
        return np.ctypeslib.as_array(pointer, shape=(n_vocab,)).astype(np.float32)
