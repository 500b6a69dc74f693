"""The shipped report pack with the real GGUF: its projector's image rows steer the tuned model,
and a tampered adapter or projector is refused before llama.cpp or numpy reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE
from skinclinic.errors import ModelPackError
from skinclinic.imaging.decode import load_rgb
from skinclinic.inference.llm import EmbeddingSegment, TextSegment
from skinclinic.inference.pack import default_pack_dir, load_pack
from skinclinic.inference.vision import VisionModel
from skinclinic.paths import AppPaths
from skinclinic.report import prompt
from skinclinic.report.model import ReportModels
from skinclinic.report.pack import default_report_pack_dir, load_report_pack
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "assets" / "samples"
PACK = load_report_pack()
pytestmark = pytest.mark.skipif(not PACK.tuned, reason="the report pack has no adapter")


def test_the_pack_is_tuned_and_names_its_encoder() -> None:
    vision = load_pack(default_pack_dir(PACK.vision_pack_id))
    assert PACK.projector is not None and PACK.adapter is not None
    assert PACK.encoder_sha256 == vision.file_hashes["encoder.onnx"]
    assert "en" in PACK.languages


def test_image_rows_from_different_photos_change_what_the_model_writes(
    model_home: AppPaths,
) -> None:
    models = ReportModels(model_home, PACK.vision_pack_id)
    vision = VisionModel(load_pack(default_pack_dir(PACK.vision_pack_id)))
    encoder = vision.pack.file_hashes["encoder.onnx"]
    try:
        lm = models.language_model()
        logits = []
        for name in ("ISIC_0027757.jpg", "ISIC_0031023.jpg"):
            embedding = vision.predict(load_rgb(SAMPLES / name, ANALYSIS_MAX_SIDE)).embedding
            rows = models.image_rows(embedding, encoder)
            assert rows.shape == (PACK.image_rows, 640) and np.isfinite(rows).all()
            segments = [
                TextSegment(prompt.IMAGE_INTRO),
                EmbeddingSegment(rows),
                TextSegment("\nFindings:\n"),
            ]
            logits.append(lm.logits_after(segments))
        assert np.abs(logits[0] - logits[1]).max() > 0.5
        with pytest.raises(ModelPackError, match="trained against vision encoder"):
            models.image_rows(embedding, "0" * 64)
    finally:
        models.close()


@pytest.mark.parametrize("role", ["adapter", "projector"])
def test_a_tampered_pack_file_is_refused(role: str, model_home: AppPaths, tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(default_report_pack_dir(), copy)
    spec = getattr(PACK, role)
    target = copy / spec.path
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    models = ReportModels(model_home, PACK.vision_pack_id, pack_dir=copy)
    try:
        with pytest.raises(ModelPackError):
            if role == "adapter":
                models.language_model()
            else:
                models.projector()
    finally:
        models.close()
