"""Use cases: draft a case's report, answer a question about a case, check a text's grounding.

Shapes the GUI and CLI expect: `draft_case` yields Progress and narrative pieces and returns the
stored Draft; `ask_case` yields answer pieces and returns the answer; `grounding_for_case`
returns (start, end, message) spans. All model work runs on `ReportModels.lane`; the caller's
CancelToken is checked before every decode there, so a cancel stops within one token.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from skinclinic.core.domain import Analysis, CaseDetail, Draft
from skinclinic.core.progress import Cancelled, CancelToken, Progress
from skinclinic.errors import NotFound
from skinclinic.report import grounding, prompt
from skinclinic.report.structured import StructuredReport, build_structured, text_for

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.report.model import ReportModels

DEFAULT_SAMPLING: Mapping[str, Any] = {"temperature": 0.0, "max_tokens": 160}
ANSWER_MAX_TOKENS = 120
# The line above the model's narrative, in the report's language: (tuned, untuned).
NARRATIVE_NOTES: Mapping[str, tuple[str, str]] = {
    "en": (
        "Narrative (AI draft):",
        "Narrative (AI, UNTUNED base model — the report pack has no tuned adapter; "
        "do not rely on this text):",
    ),
    "zh_CN": (
        "叙述（AI草稿）：",
        "叙述（AI，未经调优的基础模型——报告模型包没有调优适配器；请勿依赖此文字）：",
    ),
    "ja": (
        "記述（AI草稿）：",
        "記述（AI、未調整の基本モデル——報告モデルに調整済みアダプタがありません。この文を信頼しないでください）：",
    ),
}
TUNED_NOTE, UNTUNED_NOTE = NARRATIVE_NOTES["en"]


def report_language(language: str) -> str:
    """The structured report's language: the asked one where its texts exist, else English."""
    try:
        text_for(language)
    except ValueError:
        return "en"
    return language


def grounding_language(language: str) -> str:
    return language if language in grounding.LANGUAGES else "en"


@dataclass(frozen=True)
class CaseContext:
    detail: CaseDetail
    analysis: Analysis
    names: Mapping[str, str]
    structured: StructuredReport
    facts: prompt.CaseFacts
    prompt_structured: StructuredReport  # the English form the model was tuned to read

    @property
    def language(self) -> str:
        return self.structured.language

    @property
    def findings(self) -> str:
        return prompt.findings_text(self.prompt_structured, self.facts)

    def allowed_numbers(self) -> list[float]:
        return [float(self.facts.age)] if self.facts.age else []


@functools.lru_cache(maxsize=4)
def label_names(pack_id: str) -> Mapping[str, str]:
    from skinclinic.inference.pack import default_pack_dir, load_pack

    return MappingProxyType(dict(load_pack(default_pack_dir(pack_id)).label_names))


def case_context(services: Services, case_id: int, language: str = "en") -> CaseContext:
    detail = services.repository.get_case_detail(case_id)
    if not detail.analyses:
        raise NotFound(f"Case {case_id} has no analysis yet; analyze a photo first.")
    analysis = detail.analyses[-1]
    names = label_names(analysis.model_pack_id)
    language = report_language(language)

    def structured_in(lang: str) -> StructuredReport:
        return build_structured(
            analysis, names, case=detail.case, patient=detail.patient, language=lang
        )

    structured = structured_in(language)
    english = structured if language == "en" else structured_in("en")
    site = detail.case.body_site if detail.case.body_site != "unspecified" else None
    facts = prompt.CaseFacts(
        site=site,
        sex=detail.patient.sex.value,
        age=prompt.age_from(detail.patient.birth_year, date.today().year),
    )
    return CaseContext(detail, analysis, names, structured, facts, english)


def _image_rows(services: Services, models: ReportModels, ctx: CaseContext) -> Any:
    """The case photo's projected image rows (the encoder re-run: the embedding is not stored)."""
    if models.pack.projector is None:
        return None
    from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE
    from skinclinic.imaging.decode import load_rgb

    photo = next(p for p in ctx.detail.photos if p.id == ctx.analysis.photo_id)
    vision = models.vision()
    encoder_hash = vision.pack.file_hashes.get(vision.pack.files["encoder"].name)
    image = load_rgb(
        services.store.read(photo.stored_path), ANALYSIS_MAX_SIDE, name=photo.original_name
    )
    embedding = vision.predict(image).embedding
    return models.image_rows(embedding, encoder_hash)


def _stream(
    services: Services,
    models: ReportModels,
    ctx: CaseContext,
    question: str | None,
    sampling: Mapping[str, Any],
    cancel: CancelToken,
) -> Iterator[str]:
    """Generate on the lane; pieces come back here in order."""
    language = narrative_language(models, ctx.language)

    def make(event: threading.Event) -> Generator[str, None, Any]:
        lm = models.language_model()
        rows = _image_rows(services, models, ctx)
        segs = prompt.segments(
            ctx.findings,
            image_rows=rows,
            question=question,
            bidirectional=models.pack.image_bidirectional,
            language=language,
        )
        return lm.generate(
            segs,
            max_tokens=int(sampling.get("max_tokens", 160)),
            temperature=float(sampling.get("temperature", 0.0)),
            stop=prompt.STOP,
            cancel=lambda: event.is_set() or cancel.cancelled,
        )

    handle = models.lane.stream(make)
    for piece in handle:
        if cancel.cancelled:
            handle.cancel()
            continue
        yield piece
    if cancel.cancelled:
        raise Cancelled


def narrative_language(models: ReportModels, language: str) -> str:
    """The language the model writes in: the report's, if the pack was tuned on it."""
    return language if language in models.pack.languages else "en"


def compose_draft(ctx: CaseContext, narrative: str, *, tuned: bool, language: str = "en") -> str:
    narrative = narrative.strip()
    flags = grounding.check(
        narrative,
        ctx.analysis,
        ctx.names,
        language=grounding_language(language),
        allowed_numbers=ctx.allowed_numbers(),
    )
    tuned_note, untuned_note = NARRATIVE_NOTES.get(ctx.language, NARRATIVE_NOTES["en"])
    note = tuned_note if tuned else untuned_note
    summary = grounding.summary_line(flags, ctx.language)
    return "\n".join([ctx.structured.render(), "", note, narrative, "", summary])


def _fixed_line(line: str) -> bool:
    """A line compose_draft writes itself (not model text): the note or the check's summary."""
    if any(line in notes for notes in NARRATIVE_NOTES.values()):
        return True
    return any(grounding.is_summary_line(line, lang) for lang in grounding.LANGUAGES)


def draft_case(
    case_id: int,
    *,
    services: Services,
    models: ReportModels,
    cancel: CancelToken | None = None,
    actor: str = "system",
    language: str = "en",
) -> Generator[Progress | str, None, Draft]:
    cancel = cancel or CancelToken()
    ctx = case_context(services, case_id, language)
    yield Progress(0, 2, "Loading the report model…" if not models.loaded else "Drafting…")
    sampling = {**DEFAULT_SAMPLING, **models.pack.sampling}
    pieces: list[str] = []
    started = False
    for piece in _stream(services, models, ctx, None, sampling, cancel):
        if not started:
            started = True
            yield Progress(1, 2, "Drafting…")
        pieces.append(piece)
        yield piece
    text = compose_draft(
        ctx,
        "".join(pieces),
        tuned=models.pack.tuned,
        language=narrative_language(models, ctx.language),
    )
    draft = services.repository.add_draft(
        case_id,
        text,
        "ai",
        prompt_version=f"{prompt.PROMPT_VERSION}/{models.pack.pack_id}",
        sampling=prompt.sampling_record(sampling),
        model_ids=models.model_ids(),
        analysis_id=ctx.analysis.id,
        actor=actor,
    )
    yield Progress(2, 2, "Draft stored")
    return draft


def ask_case(
    case_id: int,
    question: str,
    *,
    services: Services,
    models: ReportModels,
    cancel: CancelToken | None = None,
    language: str = "en",
) -> Generator[str, None, str]:
    cancel = cancel or CancelToken()
    if not question.strip():
        raise ValueError("empty question")
    ctx = case_context(services, case_id, language)
    sampling = {"temperature": 0.0, "max_tokens": ANSWER_MAX_TOKENS}
    pieces: list[str] = []
    for piece in _stream(services, models, ctx, question, sampling, cancel):
        pieces.append(piece)
        yield piece
    return "".join(pieces).strip()


def grounding_for_text(ctx: CaseContext, text: str) -> list[grounding.Flag]:
    """Flags in a whole draft text; the unedited structured part and summary line are skipped
    (they are built from the analysis), so an edited number there is still caught."""
    masked = text
    for verified in (ctx.structured.render(),):
        at = masked.find(verified)
        if at >= 0:
            masked = masked[:at] + " " * len(verified) + masked[at + len(verified) :]
    masked = "\n".join(
        " " * len(line) if _fixed_line(line) else line for line in masked.split("\n")
    )
    return grounding.check(
        masked,
        ctx.analysis,
        ctx.names,
        language=grounding_language(ctx.language),
        allowed_numbers=ctx.allowed_numbers(),
    )


def grounding_for_case(
    services: Services, case_id: int, text: str, language: str = "en"
) -> Sequence[tuple[int, int, str]]:
    try:
        ctx = case_context(services, case_id, language)
    except NotFound:
        return []
    return [f.as_tuple() for f in grounding_for_text(ctx, text)]
