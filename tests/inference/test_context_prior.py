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
    assert site_term("back of the left hand") == "hand"  # "back" only when nothing else is named
    assert site_term("elbow") is None


def test_json_round_trip() -> None:
    prior = _prior()
    again = ContextPrior.from_json(json.loads(json.dumps(prior.to_json())), len(LABELS))
    context = PatientContext(age=40, sex="female", site="face")
    assert np.allclose(again.log_ratio(context), prior.log_ratio(context), atol=1e-5)


def test_an_infant_age_is_recorded_as_used() -> None:
    assert PatientContext(age=0).to_json() == {"age": 0}


def _damaged(key: str, value: object) -> str:
    data = _prior().to_json()
    if key in data["features"]:
        data["features"][key] = value
    else:
        data[key] = value
    return json.dumps(data)


DAMAGED = [
    ("coef ragged", _damaged("coef", [[0.0] * 7] * 6 + [[0.0] * 6])),
    ("coef too short", _damaged("coef", [[0.0] * 7] * 3)),
    ("coef of strings", _damaged("coef", [["1"] * 7] * 7)),
    ("coef huge", _damaged("coef", [[1e300] * 7] * 7)),
    ("intercept NaN", _damaged("intercept", [float("nan")] + [0.0] * 6)),
    ("intercept infinite", _damaged("intercept", [float("inf")] + [0.0] * 6)),
    ("weight negative", _damaged("weight", -1.0)),
    ("weight a string", _damaged("weight", "0.5")),
    ("weight a bool", _damaged("weight", True)),
    ("weight enormous", _damaged("weight", 1e308)),
    ("weight a 400-digit integer", _damaged("weight", 10**400)),
    ("temperature tiny", _damaged("temperature", 1e-300)),
    ("age edges descending", _damaged("age_edges", [10, 5])),
    ("age edge infinite", _damaged("age_edges", [0, float("inf")])),
    ("age edge fractional", _damaged("age_edges", [0, 20.7, 60])),
    ("sexes a string", _damaged("sexes", "fm")),
    ("sites with a number", _damaged("sites", ["back", 3])),
    ("features a list", _damaged("features", [1, 2])),
    ("not an object", "[1, 2, 3]"),
    ("deeply nested", "[" * 100_000 + "]" * 100_000),
    ("not UTF-8", "\udcff"),
]


@pytest.mark.parametrize("text", [t for _, t in DAMAGED], ids=[n for n, _ in DAMAGED])
def test_a_damaged_context_file_with_a_matching_hash_is_refused_with_the_pack(
    tmp_path: Path, text: str
) -> None:
    """As if the manifest had been rewritten to match: the parse itself must refuse it, with a
    ModelPackError at load (never an unhandled error, never a silently coerced prior)."""
    folder = tmp_path / "pack"
    _pack_with_context(folder, None)
    raw = text.encode("utf-8", "surrogateescape")
    (folder / "context.json").write_bytes(raw)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["context"].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    write_manifest(folder, files=manifest["files"])
    with pytest.raises(ModelPackError, match=r"context\.json is not a valid context prior"):
        load_pack(folder)


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
    prior = model.pack.context
    assert prior is not None
    expected = logits / prior.temperature + prior.weight * prior.log_ratio(used)
    expected = np.exp(expected - expected.max()) / np.exp(expected - expected.max()).sum()
    assert np.allclose(shifted, expected)


def test_a_prior_pinned_to_another_encoder_is_refused_with_the_pack(tmp_path: Path) -> None:
    with pytest.raises(ModelPackError, match="fitted for another encoder"):
        _pack_with_context(tmp_path / "pack", "0" * 64)


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
    prior = load_pack(SHIPPED).context
    assert prior is not None
    assert set(SITE_TERMS.values()) <= set(prior.sites)
    assert 0 < prior.weight < 1.5


def test_the_shipped_prior_follows_the_training_data() -> None:
    """HAM10000's metadata, as the fitted regression must reflect it: actinic keratoses sit on
    older faces, naevi on younger trunks and limbs; a broken or mis-encoded fit fails this."""
    if not (SHIPPED / "context.json").is_file():
        pytest.skip(f"the shipped pack has no context prior ({SHIPPED})")
    prior = load_pack(SHIPPED).context
    assert prior is not None
    akiec, nv = LABELS.index("akiec"), LABELS.index("nv")
    old_face = prior.log_ratio(PatientContext(age=80, sex="male", site="face"))
    young_leg = prior.log_ratio(PatientContext(age=25, sex="female", site="lower extremity"))
    assert old_face[akiec] > 1.0 > young_leg[akiec]
    assert young_leg[nv] > 0 > old_face[nv]


def test_the_age_comes_from_a_plausible_camera_date_else_the_import() -> None:
    from datetime import UTC, datetime

    from skinclinic.services.analyze import photo_date

    imported = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert photo_date(datetime(2026, 3, 1, 12, 0), imported) == date(2026, 3, 1)
    assert photo_date(datetime(2026, 11, 23, 20, 0), imported) == date(2026, 11, 23)  # UTC+11
    assert photo_date(datetime(2000, 1, 1), imported) == date(2026, 11, 23)  # reset clock
    assert photo_date(datetime(2031, 5, 5), imported) == date(2026, 11, 23)  # in the future
    assert photo_date(None, imported) == date(2026, 11, 23)
