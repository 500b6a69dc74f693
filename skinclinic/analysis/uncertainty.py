"""Uncertainty summary and the abstain rule: when the model must say "refer" instead of a label.

Verdicts, in order of precedence:
- ``retake``: the photo failed the quality gate; no diagnosis is given.
- ``refer``: the photo looks unlike the training images (OOD), or a malignant class (melanoma,
  basal cell carcinoma, actinic keratosis / intraepithelial carcinoma) has a probability at or
  above its safety threshold. A missed malignancy costs far more than an extra referral.
- ``uncertain``: the model abstains ("uncertain: refer"): top-two margin too small, probability
  spread over many classes (normalised entropy high), or flipped copies disagree (TTA).
- ``confident``: none of the above.

Default thresholds (``AbstainThresholds``) are round numbers set by reasoning and checked on the
HAM10000 val split with ``python -m skinclinic.bench vision`` (which prints coverage and accuracy
of the "confident" set on val); test was never used to choose them. On the v4 pack (val
balanced accuracy 0.706), no TTA, no patient context, val: confident 64.3% of images at top-1
accuracy 0.933; refer 33.0%; uncertain 2.7%; 95 of 110 val melanomas not "confident".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

MALIGNANT = ("mel", "bcc", "akiec")


class Verdict(StrEnum):
    CONFIDENT = "confident"
    UNCERTAIN = "uncertain"
    REFER = "refer"
    RETAKE = "retake"


@dataclass(frozen=True)
class AbstainThresholds:
    min_margin: float = 0.20  # top-1 minus top-2 probability
    max_entropy: float = 0.60  # entropy / log(classes), 0 = certain, 1 = uniform
    min_agreement: float = 0.75  # share of TTA views whose argmax equals the final top-1
    # Malignant classes at or above this probability are referred even when not top-1.
    safety: Mapping[str, float] = field(
        default_factory=lambda: {"mel": 0.20, "bcc": 0.20, "akiec": 0.20}
    )


@dataclass(frozen=True)
class UncertaintySummary:
    verdict: Verdict
    reason: str  # the first (most important) reason, one sentence for staff
    reasons: tuple[str, ...]
    entropy: float | None
    margin: float | None
    tta_agreement: float | None  # None without TTA
    top_label: str | None
    top_probability: float | None
    malignant_flags: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "reason": self.reason,
            "reasons": list(self.reasons),
            "entropy": _round(self.entropy),
            "margin": _round(self.margin),
            "tta_agreement": _round(self.tta_agreement),
            "top_label": self.top_label,
            "top_probability": _round(self.top_probability),
            "malignant_flags": list(self.malignant_flags),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def normalised_entropy(probabilities: Sequence[float]) -> float:
    if len(probabilities) < 2:
        return 0.0
    h = -sum(p * math.log(p) for p in probabilities if p > 0)
    return max(0.0, min(1.0, h / math.log(len(probabilities))))


def tta_agreement(views: Sequence[Sequence[float]], top_index: int) -> float:
    """Share of augmented views whose own argmax is the final top-1."""
    if not views:
        return 1.0
    hits = sum(1 for row in views if max(range(len(row)), key=row.__getitem__) == top_index)
    return hits / len(views)


def retake(messages: Sequence[str]) -> UncertaintySummary:
    reasons = tuple(messages) or ("retake: the photo failed the quality check",)
    return UncertaintySummary(Verdict.RETAKE, reasons[0], reasons, None, None, None, None, None, ())


def summarize(
    probabilities: Mapping[str, float],
    names: Mapping[str, str],
    *,
    view_probabilities: Sequence[Sequence[float]] | None = None,
    out_of_distribution: bool = False,
    thresholds: AbstainThresholds | None = None,
) -> UncertaintySummary:
    """Verdict and reasons for calibrated ``probabilities`` (label code -> p, in logit order)."""
    limits = thresholds or AbstainThresholds()
    codes = list(probabilities)
    values = [float(probabilities[c]) for c in codes]
    order = sorted(range(len(codes)), key=lambda i: -values[i])
    top, second = order[0], order[1] if len(order) > 1 else order[0]
    margin = values[top] - values[second] if len(order) > 1 else 1.0
    entropy = normalised_entropy(values)
    agreement = tta_agreement(view_probabilities, top) if view_probabilities is not None else None

    def label(i: int) -> str:
        name = names.get(codes[i], codes[i])
        return f"{name[:1].lower()}{name[1:]} {values[i]:.2f}"  # mid-sentence: "possible melanoma"

    refer: list[str] = []
    if out_of_distribution:
        refer.append("refer — photo looks unlike the training images")
    flags = tuple(
        c for c in MALIGNANT if c in probabilities and probabilities[c] >= limits.safety.get(c, 1.0)
    )
    for code in flags:
        i = codes.index(code)
        threshold = limits.safety[code]
        refer.append(f"refer — possible {label(i)} (safety threshold {threshold:.2f})")
    uncertain: list[str] = []
    if margin < limits.min_margin:
        uncertain.append(
            f"uncertain: refer — top two diagnoses ({label(top)}, {label(second)}) are too close"
        )
    if entropy > limits.max_entropy:
        uncertain.append(
            f"uncertain: refer — probability is spread over many diagnoses "
            f"(normalised entropy {entropy:.2f})"
        )
    if agreement is not None and agreement < limits.min_agreement:
        uncertain.append(
            f"uncertain: refer — the diagnosis changes when the photo is flipped "
            f"(agreement {agreement:.2f})"
        )
    if refer:
        verdict = Verdict.REFER
    elif uncertain:
        verdict = Verdict.UNCERTAIN
    else:
        verdict = Verdict.CONFIDENT
    reasons = tuple(refer + uncertain) or (f"confident — {label(top)}",)
    return UncertaintySummary(
        verdict=verdict,
        reason=reasons[0],
        reasons=reasons,
        entropy=entropy,
        margin=margin,
        tta_agreement=agreement,
        top_label=codes[top],
        top_probability=values[top],
        malignant_flags=flags,
    )
