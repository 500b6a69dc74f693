"""The patient-context prior: encoding, the app's site and age mapping, the pinned and verified
``context.json``, and what the shipped prior (fitted on HAM10000 train metadata) does."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from skinclinic.errors import ModelPackError
from skinclinic.inference.context_prior import (
    SITE_TERMS,
    ContextPrior,
    PatientContext,
    context_for,
    site_term,
)
from skinclinic.inference.pack import DEFAULT_PACK_ID, load_pack
from skinclinic.inference.vision import VisionModel
from tests.analysis.tiny_pack import LABELS, build_pack, write_manifest
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "models" / DEFAULT_PACK_ID


def _prior(weight: float = 0.5) -> ContextPrior:
    rng = np.random.default_rng(1)
    return ContextPrior(
        age_edges=(0, 30, 60),
        sexes=("female", "male"),
        sites=("back", "face"),
        coef=rng.normal(size=(7, len(LABELS))),
        intercept=rng.normal(size=len(LABELS)),
        weight=weight,
        temperature=1.3,
        tta_temperature=1.2,
    )


def test_encoding_is_one_hot_per_given_part() -> None:
    prior = _prior()
    assert prior.encode(PatientContext()).tolist() == [0] * 7
    full = prior.encode(PatientContext(age=65, sex="male", site="face"))
    assert full.tolist() == [0, 0, 1, 0, 1, 0, 1]
    assert prior.encode(PatientContext(age=30)).tolist() == [0, 1, 0, 0, 0, 0, 0]
    assert prior.encode(PatientContext(age=29)).tolist() == [1, 0, 0, 0, 0, 0, 0]


def test_a_part_the_prior_does_not_know_counts_as_not_given() -> None:
    prior = _prior()
    context = PatientContext(sex="other", site="elbow")
    assert prior.used(context).empty
    assert prior.log_ratio(context).tolist() == [0.0] * len(LABELS)


def test_empty_context_shifts_nothing_and_a_given_one_does() -> None:
    prior = _prior()
    assert np.array_equal(prior.log_ratio(PatientContext()), np.zeros(len(LABELS)))
    assert np.abs(prior.log_ratio(PatientContext(age=70, site="back"))).max() > 0.01


def test_case_fields_map_to_the_prior_vocabulary() -> None:
    when = date(2026, 11, 23)
    context = context_for(1950, "male", "Upper  Back", when)
    assert context == PatientContext(age=76, sex="male", site="back")
    assert context_for(None, "other", "elbow", when).empty
    assert context_for(1850, "female", "forearm", when) == PatientContext(
        sex="female", site="upper extremity"
    )
    assert context_for(2030, "unknown", "", when).empty  # born after the photo: a typo
    assert site_term("lower_leg") == "lower extremity"
    assert site_term("Left forearm, dorsal") == "upper extremity"
    assert site_term("right lower leg") == "lower extremity"
    assert site_term("elbow") is None


def test_json_round_trip_and_bad_files_are_refused() -> None:
    prior = _prior()
    again = ContextPrior.from_json(json.loads(json.dumps(prior.to_json())), len(LABELS))
    context = PatientContext(age=40, sex="female", site="face")
    assert np.allclose(again.log_ratio(context), prior.log_ratio(context), atol=1e-5)
    good = prior.to_json()
    for key, value, why in (
        ("coef", [[0.0] * 7] * 3, "coef is"),
        ("intercept", [0.0] * 6, "intercept is"),
        ("weight", -1.0, "weight must"),
        ("temperature", float("nan"), "not finite"),
    ):
        with pytest.raises(ValueError, match=why):
            ContextPrior.from_json({**good, key: value}, len(LABELS))
    bad_edges = {**good, "features": {**good["features"], "age_edges": [10, 5]}}
    with pytest.raises(ValueError, match="age_edges"):
        ContextPrior.from_json(bad_edges, len(LABELS))


def _pack_with_context(folder: Path, pin: str | None) -> VisionModel:
    build_pack(folder)
    encoder_sha = hashlib.sha256((folder / "encoder.onnx").read_bytes()).hexdigest()
    data = {**_prior().to_json(), "encoder_sha256": pin or encoder_sha}
    (folder / "context.json").write_text(json.dumps(data))
    manifest = json.loads((folder / "manifest.json").read_text())
    raw = (folder / "context.json").read_bytes()
    manifest["files"]["context"] = {
        "path": "context.json",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
    }
    write_manifest(folder, files=manifest["files"])
    return VisionModel(load_pack(folder), threads=1)


def test_context_shifts_the_calibrated_probabilities(tmp_path: Path) -> None:
    model = _pack_with_context(tmp_path / "pack", None)
    logits = np.array([[0.5, -1.0, 0.2, 0.0, 1.0, 2.0, -0.5]])
    plain, none_used = model.with_context(logits, PatientContext())
    assert none_used is None
    assert np.array_equal(plain, model.calibrated(logits))
    shifted, used = model.with_context(logits, PatientContext(age=70, sex="x", site="face"))
    assert used == PatientContext(age=70, site="face")  # "x" is no sex the prior knows
    prior = model.context_prior()
    assert prior is not None
    expected = logits / prior.temperature + prior.weight * prior.log_ratio(used)
    expected = np.exp(expected - expected.max()) / np.exp(expected - expected.max()).sum()
    assert np.allclose(shifted, expected)


def test_a_prior_pinned_to_another_encoder_is_refused(tmp_path: Path) -> None:
    model = _pack_with_context(tmp_path / "pack", "0" * 64)
    with pytest.raises(ModelPackError, match="fitted for another encoder"):
        model.with_context(np.zeros((1, 7)), PatientContext(age=50))


def test_an_edited_context_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    _pack_with_context(folder, None)
    data = json.loads((folder / "context.json").read_text())
    data["weight"] = 5.0
    (folder / "context.json").write_text(json.dumps(data))
    with pytest.raises(ModelPackError, match=r"context\.json"):
        load_pack(folder)


def test_the_shipped_prior_knows_every_site_the_app_maps_to() -> None:
    if not (SHIPPED / "context.json").is_file():
        pytest.skip(f"the shipped pack has no context prior ({SHIPPED})")
    prior = VisionModel(load_pack(SHIPPED)).context_prior()
    assert prior is not None
    assert set(SITE_TERMS.values()) <= set(prior.sites)
    assert 0 < prior.weight < 1.5


def test_the_shipped_prior_follows_the_training_data() -> None:
    """HAM10000's metadata, as the fitted regression must reflect it: actinic keratoses sit on
    older faces, naevi on younger trunks and limbs; a broken or mis-encoded fit fails this."""
    if not (SHIPPED / "context.json").is_file():
        pytest.skip(f"the shipped pack has no context prior ({SHIPPED})")
    prior = VisionModel(load_pack(SHIPPED)).context_prior()
    assert prior is not None
    akiec, nv = LABELS.index("akiec"), LABELS.index("nv")
    old_face = prior.log_ratio(PatientContext(age=80, sex="male", site="face"))
    young_leg = prior.log_ratio(PatientContext(age=25, sex="female", site="lower extremity"))
    assert old_face[akiec] > 1.0 > young_leg[akiec]
    assert young_leg[nv] > 0 > old_face[nv]
