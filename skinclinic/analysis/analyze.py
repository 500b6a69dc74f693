"""One photo → one AnalysisResult: quality gate, diagnosis, uncertainty, findings, timings.

The result's fields map one-to-one onto ``repository.add_analysis(case_id, photo_id,
model_pack_id, model_hashes, probabilities, uncertainty, quality_flags, findings, timings_ms,
actor=...)``. A photo that fails the size/focus/exposure gate gets no diagnosis at all
(empty ``probabilities``, verdict "retake"): a confident-looking label on a photo nobody could
read is worse than none. A photo that passes but whose embedding is out of distribution keeps
its probabilities for the record, with verdict "refer".
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from PIL import Image

from skinclinic.analysis.findings import describe_lesion
from skinclinic.analysis.quality import QualityThresholds, check_ood, check_photo
from skinclinic.analysis.uncertainty import AbstainThresholds, retake, summarize
from skinclinic.inference.context_prior import PatientContext
from skinclinic.inference.vision import VisionModel

#: Decode photos at most this large for analysis (``imaging.load_rgb(path, ANALYSIS_MAX_SIDE)``):
#: above every working size here (encoder input, 256 px quality check, 160 px findings), and
#: small enough that a 12 MP JPEG decodes in draft mode at 1/4 scale.
ANALYSIS_MAX_SIDE = 512


@dataclass(frozen=True)
class AnalysisResult:
    model_pack_id: str
    model_hashes: Mapping[str, str]  # file name -> sha256
    probabilities: Mapping[str, float]  # label code -> calibrated p; empty when not diagnosed
    top_label: str | None
    uncertainty: Mapping[str, Any]  # UncertaintySummary.to_json(): verdict, reason, ...
    quality_flags: tuple[str, ...]
    quality_messages: tuple[str, ...]
    findings: Mapping[str, Any]  # Findings.to_json() (+ "ood_score", "quality" measures)
    timings_ms: Mapping[str, float]

    @property
    def verdict(self) -> str:
        return str(self.uncertainty["verdict"])

    def to_json(self) -> dict[str, Any]:
        return {
            "model_pack_id": self.model_pack_id,
            "model_hashes": dict(self.model_hashes),
            "probabilities": dict(self.probabilities),
            "top_label": self.top_label,
            "uncertainty": dict(self.uncertainty),
            "quality_flags": list(self.quality_flags),
            "quality_messages": list(self.quality_messages),
            "findings": dict(self.findings),
            "timings_ms": dict(self.timings_ms),
        }


def analyze_image(
    image: Image.Image,
    model: VisionModel,
    *,
    tta: bool,
    quality: QualityThresholds | None = None,
    abstain: AbstainThresholds | None = None,
    context: PatientContext | None = None,
) -> AnalysisResult:
    """Analyse an oriented 8-bit RGB photo (as ``imaging.load_rgb`` returns it). With a patient
    ``context`` and a pack that has a context prior, the probabilities take it into account and
    ``uncertainty["context"]`` records the parts used."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round((now - clock) * 1000, 2)
        clock = now

    start = clock
    pack = model.pack
    if image.mode != "RGB":  # load_rgb already gives RGB; a caller's own image may not be
        image = image.convert("RGB")
    gate = check_photo(image, quality)
    lap("quality")
    if not gate.passed:
        timings["total"] = round((time.perf_counter() - start) * 1000, 2)
        return AnalysisResult(
            model_pack_id=pack.pack_id,
            model_hashes=pack.file_hashes,
            probabilities=MappingProxyType({}),
            top_label=None,
            uncertainty=MappingProxyType(retake(gate.messages).to_json()),
            quality_flags=gate.flags,
            quality_messages=gate.messages,
            findings=MappingProxyType({"quality": gate.to_json()["measures"]}),
            timings_ms=MappingProxyType(timings),
        )
    prediction = model.predict(image, tta=tta, context=context)
    lap("model")
    ood_score = model.ood_score(prediction.embedding)
    ood_issue = check_ood(ood_score, pack.ood_threshold)
    lap("ood")
    probabilities = {
        code: round(float(p), 6)
        for code, p in zip(pack.label_codes, prediction.probabilities, strict=True)
    }
    summary = summarize(
        probabilities,
        pack.label_names,
        view_probabilities=prediction.view_probabilities.tolist() if tta else None,
        out_of_distribution=ood_issue is not None,
        thresholds=abstain,
    )
    uncertainty = summary.to_json()
    if prediction.context is not None:
        uncertainty["context"] = prediction.context.to_json()
    lap("uncertainty")
    spec = pack.input
    findings = describe_lesion(image, prediction.mask_logits, (spec.width, spec.height)).to_json()
    findings["ood_score"] = round(ood_score, 3)
    findings["quality"] = gate.to_json()["measures"]
    lap("findings")
    timings["total"] = round((time.perf_counter() - start) * 1000, 2)
    issues = (ood_issue,) if ood_issue else ()
    return AnalysisResult(
        model_pack_id=pack.pack_id,
        model_hashes=pack.file_hashes,
        probabilities=MappingProxyType(probabilities),
        top_label=summary.top_label,
        uncertainty=MappingProxyType(uncertainty),
        quality_flags=tuple(i.code for i in issues),
        quality_messages=tuple(i.message for i in issues),
        findings=MappingProxyType(findings),
        timings_ms=MappingProxyType(timings),
    )
