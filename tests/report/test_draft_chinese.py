"""A Chinese draft from the real report pack: Chinese structured part, a narrative the model
writes in Chinese, and the Chinese grounding check over it."""

from __future__ import annotations

import re

import pytest

from skinclinic.bootstrap import open_services
from skinclinic.cli import main
from skinclinic.paths import AppPaths
from skinclinic.report import grounding
from skinclinic.report.draft import NARRATIVE_NOTES, draft_case
from skinclinic.report.model import ReportModels
from skinclinic.report.pack import load_report_pack
from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "assets" / "samples" / "ISIC_0027757.jpg"
CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.skipif(
    "zh_CN" not in load_report_pack().languages, reason="the report pack is not tuned on Chinese"
)


def test_a_chinese_draft_is_written_in_chinese_and_passes_the_grounding_check(
    model_home: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(SAMPLE), "--site", "back", "--no-tta"]) == 0
    capsys.readouterr()
    with open_services() as services:
        models = ReportModels(services.paths, "ham10000-effnetlite0-v1")
        try:
            work = draft_case(1, services=services, models=models, language="zh_CN")
            pieces = [item for item in work if isinstance(item, str)]
        finally:
            models.close()
        draft = services.repository.get_case_detail(1).drafts[-1]
    narrative = "".join(pieces).strip()
    assert len(CJK.findall(narrative)) >= 20, narrative
    assert NARRATIVE_NOTES["zh_CN"][0] in draft.text
    assert draft.text.rstrip().endswith(grounding.summary_line([], "zh_CN")), draft.text
