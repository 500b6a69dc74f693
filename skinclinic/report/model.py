"""The report model: the verified base GGUF plus the pack's verified LoRA adapter and projector,
loaded once, lazily, and used only from one ModelLane."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from skinclinic.errors import ModelPackError
from skinclinic.inference.gguf_pack import FileSpec, ensure_base_gguf, load_manifest, verify_file
from skinclinic.inference.llm import LanguageModel
from skinclinic.inference.llm_lane import ModelLane
from skinclinic.paths import AppPaths
from skinclinic.report.pack import ReportPack, load_report_pack
from skinclinic.report.projector import Projector


class AdaptedLanguageModel(LanguageModel):
    """A LanguageModel whose llama.cpp context also applies a LoRA adapter GGUF.

    The adapter is hashed before llama.cpp opens it, exactly like the base file."""

    def __init__(
        self,
        gguf_path: Path,
        spec: FileSpec,
        *,
        adapter_path: Path | None = None,
        adapter_spec: FileSpec | None = None,
        adapter_scale: float = 1.0,
        **kw: Any,
    ) -> None:
        super().__init__(gguf_path, spec, **kw)
        self.adapter_path = adapter_path
        self.adapter_spec = adapter_spec
        self.adapter_scale = adapter_scale

    def load(self) -> None:
        if self._llm is not None:
            return
        if self.adapter_path is None or self.adapter_spec is None:
            super().load()
            return
        verify_file(self.gguf_path, self.spec)
        verify_file(self.adapter_path, self.adapter_spec)
        import llama_cpp

        from skinclinic.inference.llama_logs import quiet_llama_logs

        quiet_llama_logs()
        started = time.perf_counter()
        try:
            llm = llama_cpp.Llama(
                model_path=str(self.gguf_path),
                lora_path=str(self.adapter_path),
                lora_scale=self.adapter_scale,
                n_ctx=self.n_ctx,
                n_batch=self.n_batch,
                n_threads=self.n_threads,
                n_threads_batch=self.n_threads,
                verbose=False,
            )
        except (ValueError, RuntimeError) as err:
            raise ModelPackError(
                f"llama.cpp could not load {self.gguf_path} with {self.adapter_path} ({err})."
            ) from err
        self._llm = llm
        self._token_batch = llama_cpp.llama_batch_init(self.n_batch, 0, 1)
        self.load_s = time.perf_counter() - started


@dataclass
class ReportModels:
    """The report pack's model, projector and the vision encoder it reads, behind one lane."""

    paths: AppPaths
    vision_pack_id: str
    threads: int = 2
    n_ctx: int = 1024
    pack_dir: Path | None = None
    lane: ModelLane = field(default_factory=ModelLane)
    _pack: ReportPack | None = field(default=None, init=False, repr=False)
    _lm: LanguageModel | None = field(default=None, init=False, repr=False)
    _projector: Projector | None = field(default=None, init=False, repr=False)
    _vision: Any = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def pack(self) -> ReportPack:
        if self._pack is None:
            self._pack = load_report_pack(self.pack_dir)
        return self._pack

    @property
    def loaded(self) -> bool:
        return self._lm is not None and self._lm.loaded

    def language_model(self) -> LanguageModel:
        """Call on the lane only."""
        with self._lock:
            if self._lm is None:
                pack = self.pack
                base = load_manifest(pack.base_manifest)
                gguf = ensure_base_gguf(self.paths, pack.base_manifest)
                self._lm = AdaptedLanguageModel(
                    gguf,
                    base.gguf,
                    adapter_path=pack.path(pack.adapter) if pack.adapter else None,
                    adapter_spec=pack.adapter,
                    adapter_scale=pack.adapter_scale,
                    n_threads=self.threads,
                    n_ctx=self.n_ctx,
                    n_embd=base.n_embd,
                    embedding_scale=base.embedding_scale,
                )
            self._lm.load()
            return self._lm

    def vision(self) -> Any:
        """The vision model of the pack the analysis used (opened once)."""
        with self._lock:
            if self._vision is None:
                from skinclinic.inference.pack import default_pack_dir, load_pack
                from skinclinic.inference.vision import VisionModel

                self._vision = VisionModel(
                    load_pack(default_pack_dir(self.vision_pack_id)), threads=self.threads
                )
            return self._vision

    def projector(self) -> Projector | None:
        pack = self.pack
        if pack.projector is None:
            return None
        with self._lock:
            if self._projector is None:
                n_embd = load_manifest(pack.base_manifest).n_embd
                self._projector = Projector.load(pack.verified(pack.projector), n_embd=n_embd)
            return self._projector

    def image_rows(self, embedding: npt.ArrayLike, encoder_sha256: str | None) -> Any:
        """Projected rows for an embedding, refusing an encoder the projector never saw."""
        projector = self.projector()
        if projector is None:
            return None
        self.pack.check_encoder(encoder_sha256)
        rows: npt.NDArray[np.float32] = projector(embedding)
        return rows

    def model_ids(self) -> dict[str, Any]:
        pack = self.pack
        base = load_manifest(pack.base_manifest)
        return {
            "report_pack": pack.pack_id,
            "base_pack": base.pack_id,
            "tuned": pack.tuned,
            "files": {base.gguf.path: base.gguf.sha256, **pack.file_hashes()},
            "vision_encoder_sha256": pack.encoder_sha256 if pack.projector else None,
        }

    def close(self) -> None:
        self.lane.shutdown()
        if self._lm is not None:
            self._lm.close()
