"""Drafts and answers from the real report pack (base GGUF + the pack's adapter and projector)
on a real analysis of a bundled sample, through the CLI and the use cases."""

from __future__ import annotations

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.cli import main
from skinclinic.core.domain import CaseStatus
from skinclinic.core.progress import Cancelled, CancelToken
from skinclinic.paths import AppPaths
from skinclinic.report.draft import draft_case
from skinclinic.report.model import ReportModels
from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "assets" / "samples" / "ISIC_0027757.jpg"


def analyzed_case(capsys: pytest.CaptureFixture[str]) -> int:
    assert main(["analyze", str(SAMPLE), "--site", "back", "--no-tta"]) == 0
    capsys.readouterr()
    return 1


def test_analyze_report_streams_then_stores_an_ai_draft(
    model_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(SAMPLE), "--site", "back", "--no-tta", "--report"]) == 0
    out = capsys.readouterr().out
    assert "AI DRAFT (not signed" in out and "--- stored draft 1" in out
    with open_services() as services:
        detail = services.repository.get_case_detail(1)
    assert detail.case.status is CaseStatus.DRAFTED
    draft = detail.drafts[-1]
    assert draft.author == "ai" and draft.analysis_id == detail.analyses[-1].id
    assert draft.text.startswith("PRELIMINARY AI DRAFT")
    assert "Grounding check:" in draft.text
    narrative = draft.text.split("\nNarrative (", 1)[1].split("\n", 1)[1]
    assert narrative.strip(), "the model wrote nothing"
    assert draft.model_ids["report_pack"] == "skinclinic-report-v1"
    assert draft.sampling["temperature"] == 0.0


def test_ask_answers_about_the_case(
    model_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = analyzed_case(capsys)
    assert main(["ask", str(case_id), "Why not melanoma?"]) == 0
    assert capsys.readouterr().out.strip()


def test_ask_needs_an_analysis(model_home: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLE)]) == 0
    capsys.readouterr()
    assert main(["ask", "1", "Why?"]) != 0
    assert "no analysis yet" in capsys.readouterr().err


def test_cancel_stops_a_draft_within_one_token_and_stores_nothing(
    model_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = analyzed_case(capsys)
    cancel = CancelToken()
    with open_services() as services:
        models = ReportModels(services.paths, "ham10000-effnetlite0-v1")
        try:
            work = draft_case(case_id, services=services, models=models, cancel=cancel)
            after_cancel = 0
            with pytest.raises(Cancelled):
                for item in work:
                    if isinstance(item, str):
                        if cancel.cancelled:
                            after_cancel += 1
                        cancel.cancel()
            assert after_cancel <= 1
            assert services.repository.get_case_detail(case_id).drafts == ()
        finally:
            models.close()
