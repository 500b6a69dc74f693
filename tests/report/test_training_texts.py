"""The report model's training texts (models/skinclinic-report-v1/recipe/texts.py) in English
and Chinese pass the grounding check of their language, every one: the model is tuned only on
text that says what the analysis says."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from skinclinic.report.grounding import check

TEXTS = Path(__file__).parents[2] / "models" / "skinclinic-report-v1" / "recipe" / "texts.py"


@pytest.fixture(scope="module")
def texts() -> ModuleType:
    if not TEXTS.is_file():
        pytest.skip(f"{TEXTS} is not in this checkout")
    spec = importlib.util.spec_from_file_location("report_recipe_texts", TEXTS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def record(
    probabilities: dict[str, float],
    verdict: str,
    *,
    site: str = "back",
    age: float | None = 55.0,
    sex: str = "male",
    colours: tuple[str, ...] = ("light brown", "dark brown"),
    lesion: bool = True,
) -> dict[str, Any]:
    codes = ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")
    rest = (1.0 - sum(probabilities.values())) / max(1, len(codes) - len(probabilities))
    full = {c: probabilities.get(c, rest) for c in codes} if probabilities else {}
    return {
        "age": age,
        "sex": sex,
        "site": site,
        "probabilities": full,
        "uncertainty": {"verdict": verdict, "reason": "", "quality_messages": []},
        "quality_flags": [],
        "findings": {
            "lesion_found": lesion,
            "area_fraction": 0.2417,
            "asymmetry": 0.3312,
            "border_irregularity": 1.7021,
            "diameter_px": 188.3,
            "colours": list(colours),
            "colour_count": len(colours),
        },
    }


RECORDS = [
    record({"nv": 0.8123, "bkl": 0.0912, "mel": 0.0601}, "confident", site="face", sex="female"),
    record({"nv": 0.48, "bkl": 0.41, "mel": 0.06}, "uncertain", site="unknown", age=None),
    record({"mel": 0.6211, "nv": 0.2502, "bkl": 0.08}, "refer", site="lower extremity"),
    record({"bcc": 0.5534, "akiec": 0.2101, "bkl": 0.1399}, "refer", colours=("white",)),
    record({"bkl": 0.26, "akiec": 0.24, "nv": 0.215, "mel": 0.21}, "refer", site="trunk"),
    record({"df": 0.71, "nv": 0.19, "vasc": 0.05}, "refer", colours=(), sex="unknown"),
    record({"vasc": 0.93}, "confident", site="acral", age=8.0),
    record({}, "retake", lesion=False),
]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_training_text_is_grounded(texts: ModuleType, language: str) -> None:
    rng = random.Random(f"texts-{language}")
    produced = 0
    for i in range(300):
        rec = RECORDS[i % len(RECORDS)]
        a = texts.to_analysis(rec)
        facts = texts.facts(rec)
        allowed = [float(facts.age)] if facts.age else []
        outputs = [texts.narrative(rec, rng, language=language)]
        if rec["probabilities"]:
            question, answer = texts.qa(rec, rng, language=language)
            outputs.append(answer)
            if language == "zh_CN":
                assert re.search(r"[\u4e00-\u9fff]", question), question
        for text in outputs:
            flags = check(text, a, texts.NAMES, language=language, allowed_numbers=allowed)
            assert flags == [], (text, [(text[f.start : f.end], f.message) for f in flags])
            produced += 1
        if language == "zh_CN":
            assert not re.search(r"[A-Za-z]{3,}", outputs[0]), outputs[0]
    assert produced > 550


def test_the_chinese_prompt_keeps_english_findings(texts: ModuleType) -> None:
    rec = RECORDS[2]
    en = texts.prompt_parts(rec, None, True)
    zh = texts.prompt_parts(rec, None, True, language="zh_CN")
    assert en[0] == zh[0]
    assert en[1].split("\n\n")[0] == zh[1].split("\n\n")[0]  # the same findings block
    assert zh[1].endswith("Write the report narrative in Simplified Chinese:\n")
    question = texts.prompt_parts(rec, "为什么不是黑色素瘤？", False, language="zh_CN")[1]
    assert question.endswith("Question: 为什么不是黑色素瘤？\nAnswer in Simplified Chinese:")
    with pytest.raises(ValueError, match="No training texts"):
        texts.narrative(rec, random.Random(0), language="fr")


def test_the_same_rng_gives_the_same_text(texts: ModuleType) -> None:
    for language in ("en", "zh_CN"):
        a = [texts.narrative(r, random.Random(3), language=language) for r in RECORDS]
        b = [texts.narrative(r, random.Random(3), language=language) for r in RECORDS]
        assert a == b
