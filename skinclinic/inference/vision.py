"""The vision encoder at run time: preprocessing, a lazy ONNX session, calibration, TTA, OOD.

The session is created on first use (loading the encoder takes ~0.1 s and is not needed to
list cases). The bytes handed to onnxruntime are the ones whose sha256 was just re-checked,
so a file swapped after the pack was verified is still refused.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from skinclinic.errors import ModelPackError
from skinclinic.inference.context_prior import PatientContext
from skinclinic.inference.pack import ModelPack
from skinclinic.inference.preprocess import preprocess

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

#: Test-time views: (horizontal flip, vertical flip). Flips keep height x width, unlike rot90
#: on a non-square input; dermoscopic images have no canonical orientation, so all four are
#: equally plausible photos of the same lesion.
TTA_VIEWS: tuple[tuple[bool, bool], ...] = (
    (False, False),
    (True, False),
    (False, True),
    (True, True),
)


@dataclass(frozen=True)
class VisionOutput:
    logits: F32  # [N, classes]
    embedding: F32  # [N, D]
    mask_logits: F32 | None  # [N, 1, h, w] or None when the pack has no mask head


@dataclass(frozen=True)
class Prediction:
    """One photo's reading. ``view_probabilities`` is [views, classes]; row 0 is the plain view."""

    probabilities: F64  # calibrated, averaged over the views
    view_probabilities: F64
    embedding: F32  # of the plain view (the OOD statistics were fitted on plain views)
    mask_logits: F32 | None  # [h, w], averaged over the views after undoing each flip
    context: PatientContext | None = None  # the patient context the probabilities used


def softmax(logits: npt.NDArray[Any], temperature: float = 1.0) -> F64:
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: F64 = e / e.sum(axis=-1, keepdims=True)
    return out


def flip_view(array: npt.NDArray[Any], horizontal: bool, vertical: bool) -> npt.NDArray[Any]:
    """One TTA view of [..., H, W] (a view of the array, not a copy); its own inverse."""
    if horizontal:
        array = array[..., ::-1]
    if vertical:
        array = array[..., ::-1, :]
    return array


class VisionModel:
    """A verified pack plus its lazily opened onnxruntime session (CPU, ``threads`` threads)."""

    def __init__(self, pack: ModelPack, *, threads: int = 2) -> None:
        self.pack = pack
        self.threads = threads
        self._session: Any = None
        self._ood: tuple[F32, F32] | None = None
        self._lock = threading.Lock()

    def _get_session(self) -> Any:
        with self._lock:
            if self._session is None:
                from skinclinic.inference.onnx_session import cpu_session

                model_bytes = self.pack.read_verified("encoder")
                try:
                    self._session = cpu_session(model_bytes, threads=self.threads)
                except Exception as err:  # onnxruntime raises its own (untyped) errors
                    raise ModelPackError(
                        f"{self.pack.files['encoder'].name} could not be loaded by onnxruntime "
                        f"({err}); reinstall SkinClinic."
                    ) from err
            return self._session

    def warm_up(self) -> None:
        """Open the session and read the OOD statistics now (e.g. at start-up, off the GUI
        thread) so the first analysis does not pay ~0.1-0.3 s for it."""
        self._get_session()
        self._load_ood()

    def _load_ood(self) -> tuple[F32, F32]:
        # float32 halves the 1280x1280 matrix read per call (the product is memory-bound);
        # the distance changes by far less than the threshold's own val-sampling noise.
        if self._ood is None:
            mean, precision = self.pack.ood_stats()
            self._ood = (mean.astype(np.float32), precision.astype(np.float32))
        return self._ood

    def preprocess(self, image: Image.Image) -> F32:
        spec = self.pack.input
        return preprocess(image, spec.height, spec.width, spec.mean, spec.std, spec.scale)

    def run(self, batch: F32) -> VisionOutput:
        """Raw outputs for a preprocessed batch [N, 3, H, W]."""
        session = self._get_session()
        names = self.pack.outputs
        wanted = [names.logits, names.embedding] + ([names.mask] if names.mask else [])
        results = session.run(wanted, {"image": np.ascontiguousarray(batch, dtype=np.float32)})
        mask = np.asarray(results[2], dtype=np.float32) if names.mask else None
        return VisionOutput(
            logits=np.asarray(results[0], dtype=np.float32),
            embedding=np.asarray(results[1], dtype=np.float32),
            mask_logits=mask,
        )

    def calibrated(self, logits: npt.NDArray[Any], *, tta: bool = False) -> F64:
        """softmax(logits / T) with the temperature fitted on val: for one view, or for views
        whose probabilities will be averaged (a T fitted on that mean; averaging softens)."""
        return softmax(logits, self.pack.tta_temperature if tta else self.pack.temperature)

    def with_context(
        self, logits: npt.NDArray[Any], context: PatientContext | None, *, tta: bool = False
    ) -> tuple[F64, PatientContext | None]:
        """Calibrated probabilities of [views, classes] logits, shifted by the patient context
        where the pack has a prior and the context gives any part it knows; else image only.
        Returns the probabilities and the context actually used (None: image only)."""
        prior = self.pack.context
        used = prior.used(context) if prior is not None and context is not None else None
        if prior is None or used is None or used.empty:
            return self.calibrated(logits, tta=tta), None
        temperature = prior.tta_temperature if tta else prior.temperature
        shifted = np.asarray(logits, dtype=np.float64) / temperature
        return softmax(shifted + prior.weight * prior.log_ratio(used)), used

    def predict(
        self, image: Image.Image, *, tta: bool = False, context: PatientContext | None = None
    ) -> Prediction:
        plain = self.preprocess(image)
        views = TTA_VIEWS if tta else TTA_VIEWS[:1]
        batch = np.stack([flip_view(plain, h, v) for h, v in views])
        out = self.run(batch)
        view_probs, used = self.with_context(out.logits, context, tta=tta)
        mask = None
        if out.mask_logits is not None:
            unflipped = [flip_view(out.mask_logits[i, 0], h, v) for i, (h, v) in enumerate(views)]
            mask = np.mean(unflipped, axis=0).astype(np.float32)
        return Prediction(
            probabilities=view_probs.mean(axis=0),
            view_probabilities=view_probs,
            embedding=out.embedding[0],
            mask_logits=mask,
            context=used,
        )

    def ood_score(self, embedding: npt.NDArray[Any]) -> float:
        """Mahalanobis distance of an embedding from the training embeddings."""
        mean, precision = self._load_ood()
        delta = np.asarray(embedding, dtype=np.float32).reshape(-1) - mean
        return float(np.sqrt(max(0.0, float(delta @ (precision @ delta)))))
