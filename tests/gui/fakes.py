"""TEST-ONLY stand-ins for the model use cases (analyze, draft, chat). They write through the
real repository exactly as the core use cases will, but their numbers and text are made up:
they exist only so the GUI's full triage can be tested before (and without) the real models."""

from __future__ import annotations

from collections.abc import Generator, Sequence

from skinclinic.core.domain import Analysis, Draft
from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.context import AppContext, Pipeline

FAKE_PROBABILITIES = {"nv": 0.62, "mel": 0.21, "bkl": 0.09, "bcc": 0.04, "akiec": 0.02,
                      "df": 0.01, "vasc": 0.01}  # fmt: skip
FAKE_REPORT = ["Clinical photo of the upper back. ", "Most likely a melanocytic nevus; ",
               "melanoma cannot be excluded. ", "Recommend dermoscopy."]  # fmt: skip


def fake_pipeline(ctx: AppContext) -> Pipeline:
    def analyze(case_id: int, cancel: CancelToken) -> Generator[Progress, None, Analysis]:
        repo = ctx.need_services().repository
        photo = repo.get_case_detail(case_id).photos[0]
        yield Progress(0, 2, "FAKE analysis (test)")
        cancel.raise_if_cancelled()
        yield Progress(1, 2, "FAKE analysis (test)")
        return repo.add_analysis(
            case_id, photo.id, "fake-pack", {}, FAKE_PROBABILITIES,
            {"verdict": "uncertain", "reason": "TEST: top two are close"}, ["blur"],
            {"area_fraction": 0.2, "asymmetry": 0.31, "border_irregularity": 1.4,
             "outline": [[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.3, 0.7]]},
            {"total": 1.0}, actor="ai",
        )  # fmt: skip

    def draft(case_id: int, cancel: CancelToken) -> Generator[Progress | str, None, Draft]:
        repo = ctx.need_services().repository
        for i, piece in enumerate(FAKE_REPORT):
            cancel.raise_if_cancelled()
            yield Progress(i, len(FAKE_REPORT), "FAKE drafting (test)")
            yield piece
        analysis = repo.get_case_detail(case_id).analyses[-1]
        return repo.add_draft(
            case_id, "".join(FAKE_REPORT), "ai", analysis_id=analysis.id, actor="ai"
        )

    def chat(case_id: int, question: str, cancel: CancelToken) -> Generator[str, None, str]:
        yield "FAKE answer (test)."
        return "FAKE answer (test)."

    def grounding(case_id: int, text: str) -> Sequence[tuple[int, int, str]]:
        start = text.find("Recommend")
        return [] if start < 0 else [(start, start + 9, "TEST flag: not in the analysis")]

    return Pipeline(analyze=analyze, draft=draft, chat=chat, grounding=grounding)
