"""The image projector: the vision encoder's embedding -> k rows in the language model's input.

A two-layer MLP in numpy (standardise, Linear, GELU(tanh), Linear), trained in PyTorch by the
report pack's recipe with the language model frozen. Its output rows are already in Gemma's
scaled input space (what `EmbeddingSegment` expects), because training fed them to the model as
`inputs_embeds`, which skip the sqrt(n_embd) scaling just as llama.cpp's injected rows do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from skinclinic.errors import ModelPackError

F32 = npt.NDArray[np.float32]
KEYS = ("mean", "std", "w1", "b1", "w2", "b2")


def gelu_tanh(x: F32) -> F32:
    inner = np.float32(0.7978845608) * (x + np.float32(0.044715) * x**3)
    out: F32 = (np.float32(0.5) * x * (np.float32(1.0) + np.tanh(inner))).astype(np.float32)
    return out


@dataclass(frozen=True)
class Projector:
    mean: F32  # [d_in]
    std: F32  # [d_in]
    w1: F32  # [d_in, hidden]
    b1: F32  # [hidden]
    w2: F32  # [hidden, rows * n_embd]
    b2: F32  # [rows * n_embd]
    rows: int
    n_embd: int

    @classmethod
    def load(cls, path: Path, *, n_embd: int) -> Projector:
        """Load a verified .npz (no pickles)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: np.asarray(data[k], dtype=np.float32) for k in KEYS}
        except (OSError, ValueError, KeyError) as err:
            raise ModelPackError(f"The image projector {path} cannot be read ({err}).") from err
        width = arrays["w2"].shape[1]
        if width % n_embd or arrays["w1"].shape[1] != arrays["w2"].shape[0]:
            raise ModelPackError(f"The image projector {path} has inconsistent shapes.")
        return cls(**arrays, rows=width // n_embd, n_embd=n_embd)

    @property
    def d_in(self) -> int:
        return int(self.w1.shape[0])

    def __call__(self, embedding: npt.ArrayLike) -> F32:
        x = np.asarray(embedding, dtype=np.float32).reshape(-1)
        if x.shape[0] != self.d_in:
            raise ModelPackError(
                f"The image projector expects a {self.d_in}-d embedding, got {x.shape[0]}."
            )
        z: F32 = (((x - self.mean) / self.std) @ self.w1 + self.b1).astype(np.float32)
        h = gelu_tanh(z)
        out: F32 = (h @ self.w2 + self.b2).astype(np.float32).reshape(self.rows, self.n_embd)
        return out

    def save(self, path: Path) -> None:
        np.savez(path, **{k: getattr(self, k) for k in KEYS})
