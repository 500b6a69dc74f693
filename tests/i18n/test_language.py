"""Language choice and the Qt-free catalogue (what the CLI and reports use)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from skinclinic import i18n


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("ja_JP.UTF-8", "ja"),
        ("en_GB", "en"),
        ("C", "en"),
        ("de_DE", None),
        ("", None),
    ],
)
def test_locale_names_map_to_shipped_languages(name: str, expected: str | None) -> None:
    assert i18n.normalise(name) == expected


def test_app_variable_then_setting_then_posix_locale() -> None:
    env = {"LANG": "ja_JP.UTF-8"}
    assert i18n.resolve_language("zh_CN", env) == "zh_CN"
    assert i18n.resolve_language("zh_CN", {i18n.LANG_ENV: "ja"}) == "ja"
    assert i18n.resolve_language("system", env) == "ja"
    assert i18n.resolve_language("system", {**env, i18n.LANG_ENV: "zh_CN"}) == "zh_CN"
    assert i18n.resolve_language("system", {"LANG": "de_DE.UTF-8"}) == "en"
    assert i18n.resolve_language("system", {}) == "en"


def test_translate_reads_the_shipped_catalogue() -> None:
    assert i18n.translate("Labels", "Melanoma", "zh_CN") == "黑色素瘤"
    assert i18n.translate("Labels", "Basal cell carcinoma", "ja") == "基底細胞癌"
    assert i18n.translate("Labels", "Melanoma", "en") == "Melanoma"
    assert i18n.translate("Labels", "no such text", "zh_CN") == "no such text"


@pytest.mark.parametrize("language", ["zh_CN", "ja"])
def test_every_message_is_translated_and_keeps_its_placeholders(language: str) -> None:
    path = i18n.translations_dir() / f"skinclinic_{language}.ts"
    root = ET.parse(path).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 200
    for message in messages:
        source = message.findtext("source") or ""
        node = message.find("translation")
        assert node is not None and node.text, f"untranslated: {source!r}"
        assert node.get("type") is None, f"unfinished: {source!r}"
        for placeholder in ("{0}", "{1}", "{2}", "{name}", "{when}", "{meaning}", "{role}"):
            assert source.count(placeholder) == node.text.count(placeholder), source


def test_compiled_catalogues_ship_beside_the_sources() -> None:
    for language in ("zh_CN", "ja"):
        qm = i18n.translations_dir() / f"skinclinic_{language}.qm"
        assert qm.stat().st_size > 10_000
