"""Read token-embedding rows straight from a GGUF file (no `gguf` package in the app's venv).

llama.cpp has no API for a model's *input* embeddings, but the projector and the parity test need
them: injected image rows must live in the same (scaled) space as the text's own rows. Only what
that needs is implemented: the header walk and Q8_0 / F32 / F16 `token_embd.weight`.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from skinclinic.errors import ModelPackError

_SCALARS = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}
_STRING, _ARRAY = 8, 9
_F32, _F16, _Q8_0 = 0, 1, 8
_Q8_0_BLOCK, _Q8_0_BYTES = 32, 34  # 32 int8 weights + one float16 scale


def _read(handle: BinaryIO, fmt: str) -> tuple[Any, ...]:
    size = struct.calcsize("<" + fmt)
    return struct.unpack("<" + fmt, handle.read(size))


def _skip_value(handle: BinaryIO, kind: int) -> None:
    if kind == _STRING:
        (length,) = _read(handle, "Q")
        handle.seek(int(length), 1)
    elif kind == _ARRAY:
        item_kind, count = _read(handle, "IQ")
        if item_kind in _SCALARS:
            handle.seek(struct.calcsize(_SCALARS[int(item_kind)]) * int(count), 1)
        else:
            for _ in range(int(count)):
                _skip_value(handle, int(item_kind))
    else:
        handle.seek(struct.calcsize(_SCALARS[kind]), 1)


def _read_string(handle: BinaryIO) -> str:
    (length,) = _read(handle, "Q")
    return handle.read(int(length)).decode("utf-8")


class TokenEmbeddings:
    """Memory-mapped `token_embd.weight`; `rows(ids)` dequantizes only the rows asked for."""

    def __init__(self, gguf_path: Path) -> None:
        alignment = 32
        found: tuple[tuple[int, ...], int, int] | None = None
        with gguf_path.open("rb") as handle:
            if handle.read(4) != b"GGUF":
                raise ModelPackError(f"{gguf_path} is not a GGUF file; reinstall.")
            _read(handle, "I")  # version
            n_tensors, n_kv = (int(v) for v in _read(handle, "QQ"))
            for _ in range(n_kv):
                key = _read_string(handle)
                (kind,) = _read(handle, "I")
                if key == "general.alignment":
                    alignment = int(_read(handle, "I")[0])
                else:
                    _skip_value(handle, int(kind))
            for _ in range(n_tensors):
                name = _read_string(handle)
                (n_dims,) = _read(handle, "I")
                dims = tuple(int(d) for d in _read(handle, "Q" * int(n_dims)))
                kind, offset = (int(v) for v in _read(handle, "IQ"))
                if name == "token_embd.weight":
                    found = (dims, kind, offset)
            data_start = -(-handle.tell() // alignment) * alignment
        if found is None:
            raise ModelPackError(f"{gguf_path} has no token_embd.weight tensor.")
        (self.n_embd, self.n_vocab), self._kind, offset = found[0][:2], found[1], found[2]
        row_bytes = {
            _F32: self.n_embd * 4,
            _F16: self.n_embd * 2,
            _Q8_0: self.n_embd // _Q8_0_BLOCK * _Q8_0_BYTES,
        }.get(self._kind)
        if row_bytes is None:
            raise ModelPackError(f"token_embd.weight has unsupported type {self._kind}.")
        self._data: npt.NDArray[np.uint8] = np.memmap(
            gguf_path,
            dtype=np.uint8,
            mode="r",
            offset=data_start + offset,
            shape=(self.n_vocab, row_bytes),
        )

    def rows(self, token_ids: npt.ArrayLike) -> npt.NDArray[np.float32]:
        """Unscaled float32 embedding rows [n, n_embd] for the given token ids."""
        raw = np.asarray(self._data[np.asarray(token_ids, dtype=np.int64)])
        if self._kind == _F32:
            return raw.view(np.float32).copy()
        if self._kind == _F16:
            return raw.view(np.float16).astype(np.float32)
        blocks = raw.reshape(len(raw), -1, _Q8_0_BYTES)
        scale = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)
        weights = blocks[:, :, 2:].view(np.int8).astype(np.float32)
        return (weights * scale).reshape(len(raw), self.n_embd)
