"""Hand-built analyses for the report tests (numbers chosen to be easy to check)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from skinclinic.core.domain import Analysis

NAMES = {
    "akiec": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis-like lesion",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic naevus",
    "vasc": "Vascular lesion",
}


def analysis(
    probabilities: dict[str, float], verdict: str = "confident", **findings: Any
) -> Analysis:
    base_findings: dict[str, Any] = {
        "lesion_found": True,
        "area_fraction": 0.1234,
        "asymmetry": 0.3125,
        "border_irregularity": 1.4167,
        "diameter_px": 211.4,
        "colours": ["light brown", "dark brown"],
        "colour_count": 2,
        "outline": [[0.1, 0.2]],
    }
    base_findings.update(findings)
    top = max(probabilities, key=probabilities.__getitem__) if probabilities else None
    return Analysis(
        id=1,
        case_id=1,
        photo_id=1,
        model_pack_id="ham10000-effnetlite0-v1",
        model_hashes={"encoder.onnx": "0" * 64},
        probabilities=probabilities,
        uncertainty={"verdict": verdict, "reason": f"{verdict} — test", "top_label": top},
        quality_flags=(),
        findings=base_findings,
        timings_ms={},
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


NAEVUS = {
    "nv": 0.8123,
    "bkl": 0.0912,
    "mel": 0.0601,
    "bcc": 0.02,
    "df": 0.01,
    "akiec": 0.004,
    "vasc": 0.0024,
}
MELANOMA = {
    "mel": 0.4511,
    "nv": 0.3802,
    "bkl": 0.1,
    "bcc": 0.03,
    "df": 0.02,
    "akiec": 0.01,
    "vasc": 0.0087,
}
