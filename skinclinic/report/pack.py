"""The report model pack (`models/skinclinic-report-v1/`): what it adds to the base GGUF.

The manifest names the base language-model pack, an optional LoRA adapter GGUF, an optional
image projector (.npz), each with sha256 and size, and the sha256 of the vision encoder the
projector was trained against. A pack without an adapter is the untuned base model; a pack
without a projector drafts without image tokens. Both facts travel into every Draft.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skinclinic.errors import ModelPackError
from skinclinic.inference.gguf_pack import FileSpec, verify_file
from skinclinic.resources import find_data

REPORT_PACK_ID = "skinclinic-report-v1"


def default_report_pack_dir(pack_id: str = REPORT_PACK_ID) -> Path:
    return find_data("models", pack_id)


@dataclass(frozen=True)
class ReportPack:
    root: Path
    pack_id: str
    base_pack_id: str
    adapter: FileSpec | None
    adapter_scale: float
    projector: FileSpec | None
    vision_pack_id: str
    encoder_sha256: str
    image_rows: int
    image_bidirectional: bool
    prompt_version: str
    languages: tuple[str, ...] = ("en",)  # the narrative languages it was tuned on
    sampling: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def tuned(self) -> bool:
        return self.adapter is not None

    @property
    def base_manifest(self) -> Path:
        return find_data("models", self.base_pack_id, "manifest.json")

    def path(self, spec: FileSpec) -> Path:
        return self.root / spec.path

    def verified(self, spec: FileSpec) -> Path:
        """The file, checked against its manifest entry before anything parses it."""
        return verify_file(self.path(spec), spec)

    def file_hashes(self) -> dict[str, str]:
        return {s.path: s.sha256 for s in (self.adapter, self.projector) if s is not None}

    def check_encoder(self, encoder_sha256: str | None) -> None:
        """Refuse image tokens from an encoder the projector was not trained against."""
        if self.projector is None:
            return
        if encoder_sha256 != self.encoder_sha256:
            raise ModelPackError(
                f"The report pack {self.pack_id} was trained against vision encoder "
                f"{self.encoder_sha256[:12]}…, but the installed encoder is "
                f"{(encoder_sha256 or 'unknown')[:12]}…; install the matching vision pack."
            )


def _spec(entry: Any) -> FileSpec | None:
    if entry is None:
        return None
    return FileSpec(str(entry["path"]), str(entry["sha256"]).lower(), int(entry["bytes"]))


def report_pack_installed(pack_id: str = REPORT_PACK_ID) -> bool:
    """Whether the pack's manifest is installed (its files are verified when first used)."""
    try:
        return (default_report_pack_dir(pack_id) / "manifest.json").is_file()
    except (OSError, LookupError):
        return False


def load_report_pack(root: Path | None = None) -> ReportPack:
    root = root or default_report_pack_dir()
    manifest = root / "manifest.json"
    try:
        raw = json.loads(manifest.read_text(encoding="utf-8"))
        files = raw.get("files", {})
        image = raw["image_tokens"]
        return ReportPack(
            root=root,
            pack_id=str(raw["id"]),
            base_pack_id=str(raw["base"]["pack_id"]),
            adapter=_spec(files.get("adapter")),
            adapter_scale=float(raw.get("adapter_scale", 1.0)),
            projector=_spec(files.get("projector")),
            vision_pack_id=str(image["vision_pack_id"]),
            encoder_sha256=str(image["encoder_sha256"]).lower(),
            image_rows=int(image["rows"]),
            image_bidirectional=bool(image.get("bidirectional", False)),
            prompt_version=str(raw["prompt_version"]),
            languages=tuple(str(x) for x in raw.get("languages", ["en"])),
            sampling=dict(raw.get("sampling", {})),
            raw=raw,
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelPackError(
            f"The report model manifest {manifest} cannot be read ({err}); reinstall."
        ) from err
