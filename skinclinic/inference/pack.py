"""Model packs (models/PACK-FORMAT.md, format 1): read the manifest, verify every file, describe.

Order matters: the manifest is parsed first (it is small, JSON, and holds no code), then every
file it names is checked for existence, byte size and sha256 by streaming it, and only then is
any model file parsed (the ONNX scan for external data, ``numpy.load`` of the OOD stats).
A pack that fails any check raises :class:`ModelPackError` naming the file and what to do.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from skinclinic.errors import ModelPackError
from skinclinic.inference.context_prior import ContextPrior
from skinclinic.inference.onnx_scan import references_external_data

PACK_FORMAT = 1
DEFAULT_PACK_ID = "ham10000-effnetlite0-v1"
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_REINSTALL = "reinstall SkinClinic"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Label:
    code: str
    name: str


@dataclass(frozen=True)
class InputSpec:
    height: int
    width: int
    scale: float
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    layout: str = "NCHW"
    color: str = "RGB"


@dataclass(frozen=True)
class OutputNames:
    logits: str
    embedding: str
    mask: str | None


@dataclass(frozen=True)
class ModelPack:
    """A verified vision pack. ``file_hashes`` maps each file's name to its checked sha256."""

    pack_id: str
    name: str
    version: str
    root: Path
    labels: tuple[Label, ...]
    input: InputSpec
    outputs: OutputNames
    temperature: float
    tta_temperature: float  # for the mean of the TTA views' probabilities; = temperature if absent
    calibration: Mapping[str, Any]
    ood_threshold: float
    ood: Mapping[str, Any]
    metrics: Mapping[str, Any]
    files: Mapping[str, Path]  # role ("encoder", "ood", ...) -> absolute path
    file_hashes: Mapping[str, str]  # file name (relative to the pack) -> sha256
    context: ContextPrior | None = None  # the patient-context prior, parsed at load

    @property
    def label_codes(self) -> tuple[str, ...]:
        return tuple(label.code for label in self.labels)

    @property
    def label_names(self) -> Mapping[str, str]:
        return MappingProxyType({label.code: label.name for label in self.labels})

    def read_verified(self, role: str) -> bytes:
        """The bytes of one pack file, re-checked against the manifest (no swap since load)."""
        path = self.files[role]
        data = path.read_bytes()
        expected = self.file_hashes[_relative_name(self.root, path)]
        if hashlib.sha256(data).hexdigest() != expected:
            raise _mismatch(path.name, "sha256 differs")
        return data

    def ood_stats(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(mean [D], precision [D, D]) of the training embeddings, from the verified file."""
        import io

        with np.load(io.BytesIO(self.read_verified("ood")), allow_pickle=False) as npz:
            mean = np.asarray(npz["mean"], dtype=np.float64)
            precision = np.asarray(npz["precision"], dtype=np.float64)
        if mean.ndim != 1 or precision.shape != (mean.size, mean.size):
            raise ModelPackError(
                f"{self.files['ood'].name} has the wrong shapes (mean {mean.shape}, precision "
                f"{precision.shape}): the model pack is damaged; {_REINSTALL}."
            )
        return mean, precision


def load_pack(root: Path) -> ModelPack:
    """Read and verify the pack in ``root``; raises ModelPackError with an actionable message."""
    manifest = _read_manifest(root)
    files, hashes = _verify_files(root, manifest)
    for path in files.values():
        if path.suffix == ".onnx":
            _check_onnx(path)
    pack = _describe(root, manifest, files, hashes)
    # parsed now, once: a damaged prior is refused with the pack, not at an analysis
    return dataclasses.replace(pack, context=_context_prior(pack)) if "context" in files else pack


def _context_prior(pack: ModelPack) -> ContextPrior:
    """The patient-context prior from the verified ``context.json``."""
    name = pack.files["context"].name
    try:
        data = json.loads(pack.read_verified("context").decode("utf-8"))
        prior = ContextPrior.from_json(data, len(pack.labels))
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as err:
        raise ModelPackError(
            f"{name} is not a valid context prior ({err}): the model pack is damaged; {_REINSTALL}."
        ) from err
    encoder = pack.file_hashes[_relative_name(pack.root, pack.files["encoder"])]
    if data.get("encoder_sha256") != encoder:
        raise ModelPackError(
            f"{name} was fitted for another encoder than this pack's: the pack is mixed "
            f"from two versions; {_REINSTALL}."
        )
    return prior


def default_pack_dir(pack_id: str = DEFAULT_PACK_ID) -> Path:
    """Where the shipped pack lives: frozen app, installed data, data home, or source checkout.

    The first folder holding a ``manifest.json`` wins; when none does, the error lists them all.
    """
    candidates = _pack_candidates(pack_id)
    for folder in candidates:
        if (folder / MANIFEST).is_file():
            return folder
    searched = ", ".join(str(c) for c in candidates)
    raise ModelPackError(
        f"The model pack {pack_id} is not installed (looked in: {searched}); {_REINSTALL}."
    )


def _pack_candidates(pack_id: str) -> list[Path]:
    from skinclinic.paths import app_paths

    found: list[Path] = []
    override = os.environ.get("SKINCLINIC_MODELS")
    if override:
        found.append(Path(override).expanduser() / pack_id)
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller's unpack folder
    if bundle:
        found.append(Path(bundle) / "models" / pack_id)
    package_dir = Path(__file__).resolve().parents[1]
    found.append(package_dir / "models" / pack_id)  # package data, if packaged inside
    found.append(Path(sys.prefix) / "share" / "skinclinic" / "models" / pack_id)
    found.append(app_paths().models / pack_id)
    found.append(package_dir.parent / "models" / pack_id)  # source checkout
    return found


def _read_manifest(root: Path) -> Mapping[str, Any]:
    path = root / MANIFEST
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise _bad_manifest(f"it is {size} bytes, larger than any real manifest")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelPackError(
            f"The model pack in {root} has no {MANIFEST}: it is incomplete; {_REINSTALL}."
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise _bad_manifest(f"it cannot be read ({err})") from err
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as err:
        raise _bad_manifest(f"it is not valid JSON ({err.msg}, line {err.lineno})") from err
    if not isinstance(manifest, dict):
        raise _bad_manifest("it is not a JSON object")
    if manifest.get("format") != PACK_FORMAT:
        raise _bad_manifest(
            f"format {manifest.get('format')!r} is not {PACK_FORMAT}; this SkinClinic cannot use it"
        )
    if manifest.get("kind") != "vision":
        raise _bad_manifest(f"kind {manifest.get('kind')!r} is not 'vision'")
    return manifest


def _verify_files(
    root: Path, manifest: Mapping[str, Any]
) -> tuple[dict[str, Path], dict[str, str]]:
    entries = manifest.get("files")
    if not isinstance(entries, dict) or "encoder" not in entries or "ood" not in entries:
        raise _bad_manifest("its 'files' must name at least 'encoder' and 'ood'")
    files: dict[str, Path] = {}
    hashes: dict[str, str] = {}
    base = root.resolve()
    for role, entry in entries.items():
        if not isinstance(entry, dict):
            raise _bad_manifest(f"file entry {role!r} is not an object")
        rel, sha, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
        if (
            not isinstance(rel, str)
            or not rel
            or Path(rel).is_absolute()
            or ".." in Path(rel).parts
        ):
            raise _bad_manifest(f"file {role!r} has an unsafe or empty path {rel!r}")
        if not isinstance(sha, str) or not _SHA256.match(sha):
            raise _bad_manifest(f"file {rel} has no valid sha256")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _bad_manifest(f"file {rel} has no valid byte size")
        if rel in hashes:
            raise _bad_manifest(f"file {rel} is listed twice")
        path = base / rel
        _verify_one(path, rel, sha, size)
        files[role] = path
        hashes[rel] = sha
    return files, hashes


def _verify_one(path: Path, rel: str, sha: str, size: int) -> None:
    if not path.is_file():
        raise ModelPackError(
            f"{rel} is missing from the model pack: it is incomplete; {_REINSTALL}."
        )
    actual_size = path.stat().st_size
    if actual_size != size:
        raise _mismatch(rel, f"{actual_size} bytes instead of {size}")
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != sha:
        raise _mismatch(rel, "sha256 differs")


def _check_onnx(path: Path) -> None:
    try:
        external = references_external_data(path.read_bytes())
    except ValueError as err:
        raise ModelPackError(
            f"{path.name} is not a readable ONNX model ({err}); {_REINSTALL}."
        ) from err
    if external:
        raise ModelPackError(
            f"{path.name} references external data files; SkinClinic only loads self-contained "
            f"models, so this pack is refused; {_REINSTALL}."
        )


def _describe(
    root: Path, manifest: Mapping[str, Any], files: dict[str, Path], hashes: dict[str, str]
) -> ModelPack:
    try:
        spec = manifest["input"]
        inp = InputSpec(
            height=_positive_int(spec["height"]),
            width=_positive_int(spec["width"]),
            scale=_positive_float(spec["scale"]),
            mean=_triple(spec["mean"]),
            std=_triple(spec["std"], positive=True),
            layout=str(spec.get("layout", "NCHW")),
            color=str(spec.get("color", "RGB")),
        )
        if (inp.layout, inp.color) != ("NCHW", "RGB"):
            raise ValueError(f"input must be NCHW RGB, not {inp.layout} {inp.color}")
        outs = manifest["outputs"]
        outputs = OutputNames(str(outs["logits"]), str(outs["embedding"]), outs.get("mask"))
        labels = tuple(Label(str(item["code"]), str(item["name"])) for item in manifest["labels"])
        if not labels or len({label.code for label in labels}) != len(labels):
            raise ValueError("labels must be a non-empty list of distinct codes")
        calibration = dict(manifest["calibration"])
        if calibration.get("method") != "temperature":
            raise ValueError(f"unknown calibration method {calibration.get('method')!r}")
        ood = dict(manifest["ood"])
        if ood.get("method") != "mahalanobis":
            raise ValueError(f"unknown OOD method {ood.get('method')!r}")
        return ModelPack(
            pack_id=str(manifest["id"]),
            name=str(manifest.get("name", manifest["id"])),
            version=str(manifest.get("version", "")),
            root=root.resolve(),
            labels=labels,
            input=inp,
            outputs=outputs,
            temperature=_positive_float(calibration["temperature"]),
            tta_temperature=_positive_float(
                calibration.get("tta_temperature", calibration["temperature"])
            ),
            calibration=MappingProxyType(calibration),
            ood_threshold=_positive_float(ood["threshold"]),
            ood=MappingProxyType(ood),
            metrics=MappingProxyType(dict(manifest.get("metrics", {}))),
            files=MappingProxyType(files),
            file_hashes=MappingProxyType(hashes),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise _bad_manifest(f"a field is missing or invalid ({err})") from err


def _positive_int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"expected a positive integer, got {value!r}")
    return value


def _positive_float(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return number


def _triple(value: object, *, positive: bool = False) -> tuple[float, float, float]:
    if not isinstance(value, list) or len(value) != 3:
        raise ValueError(f"expected three numbers, got {value!r}")
    a, b, c = (_positive_float(v) if positive else float(v) for v in value)
    return (a, b, c)


def _relative_name(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _bad_manifest(why: str) -> ModelPackError:
    return ModelPackError(f"{MANIFEST} of the model pack is invalid: {why}; {_REINSTALL}.")


def _mismatch(name: str, why: str) -> ModelPackError:
    return ModelPackError(
        f"{name} does not match its manifest ({why}): the model pack is damaged or was "
        f"modified; {_REINSTALL}."
    )
