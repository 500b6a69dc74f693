"""The report model's prompt: text, image rows, the findings as text, then the task.

    <bos>Dermoscopy image: [k image rows]
    Findings:
    Site: back. Patient: male, age 55.
    ...
    Write the report narrative:\n          (or: Question: ...\nAnswer:)

The training recipe builds its examples with these same functions, so the prompt the model was
tuned on and the prompt it gets at run time cannot drift apart; PROMPT_VERSION names this layout
and is stored with every draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from skinclinic.inference.llm import EmbeddingSegment, Segment, TextSegment
from skinclinic.report.structured import StructuredReport

PROMPT_VERSION = "report-v1"
IMAGE_INTRO = "Dermoscopy image:"
NO_IMAGE = "Dermoscopy image: (not shown)"
# The narrative's language is named in the task line; the findings stay in one (English) form so
# the model reads the same numbers and names whatever language it writes in.
LANGUAGE_NAMES = {"en": "", "zh_CN": " in Simplified Chinese", "ja": " in Japanese"}
STOP = ("\n\n", "Question:", "Findings:", "<end_of_turn>")


@dataclass(frozen=True)
class CaseFacts:
    """What the prompt says about the case besides the analysis."""

    site: str | None = None
    sex: str | None = None
    age: int | None = None


def findings_text(report: StructuredReport, facts: CaseFacts) -> str:
    """The structured report in a compact form the model reads (every number from it)."""
    lines = []
    who = []
    if facts.site:
        who.append(f"Site: {facts.site}.")
    patient = ", ".join(
        x
        for x in (
            facts.sex if facts.sex not in (None, "unknown") else None,
            f"age {facts.age}" if facts.age else None,
        )
        if x
    )
    if patient:
        who.append(f"Patient: {patient}.")
    if who:
        lines.append(" ".join(who))
    lines.append("Quality: " + "; ".join(report.quality) + ".")
    if report.differential:
        lines.append(
            "Differential: "
            + "; ".join(f"{d.name} {d.probability:.2f}" for d in report.differential)
            + "."
        )
    lines.append(f"Verdict: {report.verdict}.")
    if report.morphology:
        lines.append("Lesion: " + "; ".join(report.morphology) + ".")
    lines.append(f"Next step: {report.next_step}")
    return "\n".join(lines)


def task_text(question: str | None, language: str = "en") -> str:
    suffix = LANGUAGE_NAMES.get(language, "")
    if question is None:
        return f"Write the report narrative{suffix}:\n"
    return f"Question: {' '.join(question.split())}\nAnswer{suffix}:"


def prompt_texts(
    findings: str, question: str | None, image: bool, language: str = "en"
) -> tuple[str, str]:
    """(text before the image rows, text after them)."""
    after = f"\nFindings:\n{findings}\n\n{task_text(question, language)}"
    return (IMAGE_INTRO if image else NO_IMAGE), after


def segments(
    findings: str,
    *,
    image_rows: npt.NDArray[np.float32] | None,
    question: str | None = None,
    bidirectional: bool = False,
    language: str = "en",
) -> list[Segment]:
    before, after = prompt_texts(findings, question, image_rows is not None, language)
    out: list[Segment] = [TextSegment(before)]
    if image_rows is not None:
        out.append(EmbeddingSegment(np.asarray(image_rows, np.float32), bidirectional))
    out.append(TextSegment(after))
    return out


def age_from(birth_year: int | None, year: int) -> int | None:
    return year - birth_year if birth_year else None


def sampling_record(sampling: Mapping[str, Any]) -> dict[str, Any]:
    return {"stop": list(STOP), **dict(sampling)}
