"""Vision model plumbing (on the unit-test-only tiny pack), the shipped pack's accuracy floor,
and proof that a run writes nothing outside SKINCLINIC_HOME and the temp folder."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from skinclinic.analysis.analyze import analyze_image
from skinclinic.inference.context_prior import PatientContext
from skinclinic.inference.pack import DEFAULT_PACK_ID, ModelPack, load_pack
from skinclinic.inference.vision import VisionModel, softmax
from tests.analysis.tiny_pack import build_pack
from tests.conftest import REPO_ROOT, SHARED_DATA

SHIPPED = REPO_ROOT / "models" / DEFAULT_PACK_ID
# Measured on this sample (200 test-split images, seed 0): v1 weights 0.76, v2 (128x160) 0.81,
# v3 (192x240) 0.84 (168/200), v4 (two 224x288 members, shipped 2026-11-23) 0.835 (167/200).
# The floor sits 3 images under v4 to catch a broken or swapped model (v2 fails it) without
# tripping on a borderline image elsewhere.
ACCURACY_FLOOR = 0.82
# The same sample with the patient-context prior (fitted 2026-11-23): 0.86 (172/200); the
# floor again sits 3 images under.
CONTEXT_ACCURACY_FLOOR = 0.845


@pytest.fixture
def tiny_model(tmp_path: Path) -> VisionModel:
    return VisionModel(load_pack(build_pack(tmp_path / "pack")), threads=1)


def _lesion_photo() -> Image.Image:
    image = Image.new("RGB", (400, 300), (220, 170, 150))
    draw = ImageDraw.Draw(image)
    for i in range(0, 400, 8):
        draw.line((i, 0, i + 40, 300), fill=(200, 150, 130), width=1)
    draw.ellipse((140, 90, 260, 210), fill=(110, 60, 40))
    return image


def test_softmax_with_temperature() -> None:
    p = softmax(np.array([[2.0, 0.0]]), temperature=2.0)
    assert np.allclose(p, [[1 / (1 + np.exp(-1)), 1 - 1 / (1 + np.exp(-1))]])


def test_run_returns_the_contract_shapes(tiny_model: VisionModel) -> None:
    out = tiny_model.run(np.zeros((2, 3, 48, 64), dtype=np.float32))
    assert out.logits.shape == (2, 7) and out.embedding.shape == (2, 8)
    assert out.mask_logits is not None and out.mask_logits.shape == (2, 1, 12, 16)


def test_tta_averages_four_views(tiny_model: VisionModel) -> None:
    prediction = tiny_model.predict(_lesion_photo(), tta=True)
    assert prediction.view_probabilities.shape == (4, 7)
    assert np.allclose(prediction.probabilities, prediction.view_probabilities.mean(axis=0))
    assert np.isclose(prediction.probabilities.sum(), 1.0)
    assert prediction.mask_logits is not None and prediction.mask_logits.shape == (12, 16)


def test_tta_views_use_the_tta_temperature(tmp_path: Path) -> None:
    """Averaged views are softer than one view, so the pack carries a T fitted on their mean."""
    folder = build_pack(tmp_path / "pack")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["calibration"]["tta_temperature"] = 0.5
    (folder / "manifest.json").write_text(json.dumps(manifest))
    model = VisionModel(load_pack(folder), threads=1)
    assert (model.pack.temperature, model.pack.tta_temperature) == (1.5, 0.5)
    photo = _lesion_photo()
    logits = model.run(model.preprocess(photo)[None]).logits
    plain = model.predict(photo, tta=False)
    assert np.allclose(plain.view_probabilities, softmax(logits, 1.5))
    assert np.allclose(
        model.predict(photo, tta=True).view_probabilities[0], softmax(logits, 0.5)[0]
    )


def test_analyze_gives_the_case_log_fields(tiny_model: VisionModel) -> None:
    result = analyze_image(_lesion_photo(), tiny_model, tta=True)
    assert result.model_pack_id == "tiny-test-pack"
    assert set(result.model_hashes) == {"encoder.onnx", "ood.npz"}
    assert set(result.probabilities) == {"akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"}
    assert abs(sum(result.probabilities.values()) - 1.0) < 1e-4
    assert result.verdict in {"confident", "uncertain", "refer"}
    assert result.findings["mask_source"] == "model"
    assert {"quality", "model", "findings", "total"} <= set(result.timings_ms)
    json.dumps(result.to_json())


def test_bad_photo_gets_no_diagnosis(tiny_model: VisionModel) -> None:
    result = analyze_image(Image.new("RGB", (640, 480)), tiny_model, tta=False)
    assert result.probabilities == {} and result.top_label is None
    assert result.quality_flags == ("too_dark",) and result.verdict == "retake"


def test_unlike_photo_is_referred(tmp_path: Path) -> None:
    folder = build_pack(tmp_path / "strict")
    from tests.analysis.tiny_pack import write_manifest

    write_manifest(folder, ood={"method": "mahalanobis", "threshold": 1e-6, "fitted_on": "x"})
    result = analyze_image(_lesion_photo(), VisionModel(load_pack(folder)), tta=False)
    assert result.quality_flags == ("not_a_lesion",)
    assert result.uncertainty["reason"] == "refer — photo looks unlike the training images"
    assert result.probabilities  # kept for the record


NO_WRITES_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PIL import Image, ImageDraw
    from skinclinic.analysis.analyze import analyze_image
    from skinclinic.inference.pack import load_pack
    from skinclinic.inference.vision import VisionModel
    image = Image.new("RGB", (400, 300), (220, 170, 150))
    ImageDraw.Draw(image).ellipse((140, 90, 260, 210), fill=(110, 60, 40))
    model = VisionModel(load_pack(Path(sys.argv[1])))
    analyze_image(image, model, tta=True)
    """
)


def test_a_run_writes_nothing_outside_home_and_tmp(tmp_path: Path) -> None:
    pack = build_pack(tmp_path / "pack")
    if (SHIPPED / "manifest.json").is_file():
        pack = SHIPPED
    home, fake_home, scratch = tmp_path / "sc-home", tmp_path / "user", tmp_path / "tmp"
    for folder in (home, fake_home, scratch):
        folder.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME", "XDG_DATA_HOME"}
    }
    env.update(
        HOME=str(fake_home),
        SKINCLINIC_HOME=str(home),
        TMPDIR=str(scratch),
        PYTHONPATH=str(REPO_ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", NO_WRITES_SCRIPT, str(pack)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (fake_home / ".cache" / "Microsoft").exists()
    assert list(fake_home.rglob("*")) == [], "files written under HOME"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack", "sc-home", "tmp", "user"]


def _shipped_pack() -> ModelPack:
    if not (SHIPPED / "manifest.json").is_file():
        pytest.skip(f"the shipped model pack is absent ({SHIPPED}); it is committed by the trainer")
    return load_pack(SHIPPED)


@pytest.fixture(scope="module")
def shipped_sample() -> tuple[VisionModel, list[str], np.ndarray, list[str]]:
    """The shipped model's plain-view logits on 200 test-split images (seed 0): model, image
    ids, logits [200, 7], true codes."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data is absent ({SHARED_DATA}); this test needs HAM10000")
    model = VisionModel(_shipped_pack())
    root = SHARED_DATA / "ham10000"
    with (root / "split.csv").open() as handle:
        test_ids = {row["image_id"] for row in csv.DictReader(handle) if row["split"] == "test"}
    with (root / "HAM10000_metadata.csv").open() as handle:
        truth = {row["image_id"]: row["dx"] for row in csv.DictReader(handle)}
    sample = sorted(test_ids)
    random.Random(0).shuffle(sample)
    sample = sample[:200]
    logits = []
    for start in range(0, len(sample), 25):
        chunk = sample[start : start + 25]
        batch = np.stack(
            [
                model.preprocess(Image.open(root / "images" / f"{i}.jpg").convert("RGB"))
                for i in chunk
            ]
        )
        logits.append(model.run(batch).logits)
    return model, sample, np.concatenate(logits), [truth[i] for i in sample]


def test_shipped_pack_accuracy_floor(
    shipped_sample: tuple[VisionModel, list[str], np.ndarray, list[str]],
) -> None:
    """Accuracy of the shipped encoder on the sample, plain view, no TTA, no context."""
    model, _ids, logits, truth = shipped_sample
    predicted = [model.pack.label_codes[int(k)] for k in logits.argmax(axis=1)]
    accuracy = np.mean([p == t for p, t in zip(predicted, truth, strict=True)])
    assert accuracy >= ACCURACY_FLOOR


def test_shipped_pack_accuracy_floor_with_patient_context(
    shipped_sample: tuple[VisionModel, list[str], np.ndarray, list[str]], shared_data: Path
) -> None:
    """The same sample with each image's age, sex and site from HAM10000's metadata, through
    ``VisionModel.with_context`` as ``analyze`` uses it."""
    model, ids, logits, truth = shipped_sample
    if model.pack.context is None:
        pytest.skip("the shipped pack has no context prior")
    with (shared_data / "ham10000" / "HAM10000_metadata.csv").open() as handle:
        meta = {row["image_id"]: row for row in csv.DictReader(handle)}
    correct = 0
    for image_id, row, code in zip(ids, logits, truth, strict=True):
        m = meta[image_id]
        context = PatientContext(
            age=int(float(m["age"])) if m["age"] else None,
            sex=m["sex"] if m["sex"] in ("female", "male") else None,
            site=m["localization"] if m["localization"] != "unknown" else None,
        )
        probabilities, _used = model.with_context(row[None], context)
        correct += model.pack.label_codes[int(probabilities[0].argmax())] == code
    assert correct / len(ids) >= CONTEXT_ACCURACY_FLOOR


def test_importing_analysis_does_not_load_onnxruntime() -> None:
    code = "import sys, skinclinic.analysis.analyze; print('onnxruntime' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


def test_shipped_pack_follows_the_contract() -> None:
    pack = _shipped_pack()
    assert pack.label_codes == ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")
    model = VisionModel(pack)
    out = model.run(np.zeros((2, 3, pack.input.height, pack.input.width), dtype=np.float32))
    assert out.logits.shape == (2, 7) and out.embedding.shape[0] == 2


def test_shipped_pack_flags_frames_noise_and_text_as_unlike_training() -> None:
    """OOD check on the embedding alone (a flat frame would fail the focus check first).

    Measured on the v4 weights (threshold 43.1): a flat blue frame scores 83, uniform noise 67
    and this page of text 52 (v3 missed the text, v2 the noise too), but a clinical smartphone
    photo (37.9) is NOT caught; the quality gate, the modality rule and the doctor remain the
    backstop.
    """
    model = VisionModel(_shipped_pack())
    frame = Image.new("RGB", (400, 300), (30, 60, 200))
    noise = np.random.default_rng(0).integers(0, 256, (300, 400, 3), dtype=np.uint8)
    text = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(text)
    for y in range(10, 290, 14):
        draw.text((10, y), "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 2, "black")
    for image in (frame, Image.fromarray(noise), text):
        score = model.ood_score(model.predict(image).embedding)
        assert score > model.pack.ood_threshold
