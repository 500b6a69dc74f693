"""`skinclinic analyze` with the real shipped vision pack, stored in a real case log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skinclinic.cli import main
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "assets" / "samples"


def test_analyze_stores_a_calibrated_differential(capsys: pytest.CaptureFixture[str]) -> None:
    photo = SAMPLES / "ISIC_0027757.jpg"  # a histopathology-confirmed naevus from the test split
    assert main(["analyze", str(photo), "--site", "back", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (analysis,) = out["analyses"]
    probabilities = analysis["probabilities"]
    assert set(probabilities) == {"akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"}
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert max(probabilities, key=probabilities.get) == "nv"
    assert analysis["uncertainty"]["verdict"] in {"confident", "uncertain", "refer"}
    assert analysis["findings"]["lesion_found"] is True
    assert main(["cases", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["status"], row["top_label"]) == ("analyzed", "nv")


def test_patient_context_is_recorded_and_shifts_the_differential(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Year of birth, sex and site reach the new patient, the analysis and its probabilities."""
    photo = SAMPLES / "ISIC_0027757.jpg"
    assert main(["analyze", str(photo), "--json"]) == 0
    (plain,) = json.loads(capsys.readouterr().out)["analyses"]
    assert "context" not in plain["uncertainty"]
    args = ["--birth-year", "1946", "--sex", "male", "--site", "face", "--patient", "P-CTX"]
    assert main(["analyze", str(photo), *args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (adjusted,) = out["analyses"]
    context = adjusted["uncertainty"]["context"]
    assert (context["sex"], context["site"]) == ("male", "face")
    assert 75 <= context["age"] <= 120  # from the photo's date, or today's without one
    # HAM10000: naevi are rare on older faces, so the prior lowers P(naevus) there.
    assert adjusted["probabilities"]["nv"] < plain["probabilities"]["nv"]
    assert main(["case", str(out["case_id"]), "--json"]) == 0
    patient = json.loads(capsys.readouterr().out)["patient"]
    assert (patient["birth_year"], patient["sex"]) == (1946, "male")
    # --no-context (or the setting) reads the photo alone, whatever the record says
    assert main(["analyze", "--case", str(out["case_id"]), "--no-context", "--json"]) == 0
    (alone,) = json.loads(capsys.readouterr().out)["analyses"]
    assert "context" not in alone["uncertainty"]
    assert alone["probabilities"] == pytest.approx(plain["probabilities"], abs=1e-6)


def test_a_case_without_patient_details_gains_them_on_reanalysis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    photo = SAMPLES / "ISIC_0027757.jpg"
    assert main(["analyze", str(photo), "--site", "forearm", "--json"]) == 0
    case_id = json.loads(capsys.readouterr().out)["case_id"]
    assert main(["analyze", "--case", str(case_id), "--birth-year", "1990", "--json"]) == 0
    (analysis,) = json.loads(capsys.readouterr().out)["analyses"]
    assert analysis["uncertainty"]["context"]["site"] == "upper extremity"
    assert 30 <= analysis["uncertainty"]["context"]["age"] <= 40
    with pytest.raises(SystemExit):
        main(["analyze", str(photo), "--birth-year", "3000"])
    assert "a year of birth is" in capsys.readouterr().err


def test_tta_is_off_by_default_and_on_with_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """The default pack already averages two networks; the 4 flip views are opt-in."""
    photo = SAMPLES / "ISIC_0027757.jpg"
    agreements = []
    for flags in ([], ["--tta"], ["--no-tta"]):
        assert main(["analyze", str(photo), "--json", *flags]) == 0
        (analysis,) = json.loads(capsys.readouterr().out)["analyses"]
        agreements.append(analysis["uncertainty"]["tta_agreement"])
    assert agreements[0] is None and agreements[2] is None
    assert agreements[1] == pytest.approx(1.0)  # all four views agree on this clear naevus


def test_clinical_photo_is_always_referred(capsys: pytest.CaptureFixture[str]) -> None:
    photo = SAMPLES / "smartphone_skin.jpg"
    assert main(["analyze", str(photo), "--modality", "clinical", "--json"]) == 0
    (analysis,) = json.loads(capsys.readouterr().out)["analyses"]
    assert analysis["uncertainty"]["verdict"] == "refer"
    assert "dermatoscopic images only" in analysis["uncertainty"]["reason"]
    assert "clinical_photo" in analysis["quality_flags"]


def test_black_frame_is_sent_back_for_a_retake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    black = tmp_path / "black.jpg"
    Image.new("RGB", (400, 300), (3, 3, 3)).save(black)
    assert main(["analyze", str(black)]) == 0
    out = capsys.readouterr().out
    assert "retake" in out and "differential" not in out


def test_analyze_needs_a_photo_or_a_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze"]) == 2
    assert "at least one photo" in capsys.readouterr().err
