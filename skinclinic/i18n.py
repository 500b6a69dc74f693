"""Language choice and a Qt-free `translate(context, text)` for the CLI, the core and reports.

The GUI installs Qt's QTranslator with the compiled `.qm` files; everything outside the GUI
reads the same catalogue from the `.ts` XML sources (stdlib only), so one `pyside6-lupdate`
run over the code extracts both: lupdate recognises calls named `translate("Context", "...")`.

The language comes from the setting (`en`, `zh_CN`, `ja`), or for `system` from
`$SKINCLINIC_LANG`, then the POSIX locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from skinclinic.resources import find_data

SUPPORTED = ("en", "zh_CN", "ja")
LANG_ENV = "SKINCLINIC_LANG"
TS_PREFIX = "skinclinic_"

_state: dict[str, str] = {}  # "language" once chosen; the environment decides until then


def normalise(locale_name: str | None) -> str | None:
    """A locale name (`zh_CN.UTF-8`, `zh-Hans-CN`, `ja_JP`, `en_GB`) -> a supported language."""
    if not locale_name:
        return None
    name = locale_name.split(".")[0].split("@")[0].replace("-", "_").lower()
    if name in ("c", "posix"):
        return "en"
    if name.startswith("zh"):
        # Traditional Chinese readers get Simplified rather than English: closer, still useful.
        return "zh_CN"
    if name.startswith("ja"):
        return "ja"
    if name.startswith("en"):
        return "en"
    return None


def system_language(env: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, English when it names none we ship."""
    env = os.environ if env is None else env
    for var in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            # LANGUAGE-style lists ("zh_CN:en") name preferences in order.
            for part in value.split(":"):
                lang = normalise(part)
                if lang:
                    return lang
            if var != LANG_ENV:
                return "en"
    return "en"


def resolve_language(setting: str, env: Mapping[str, str] | None = None) -> str:
    """The setting's language, or the system's when the setting is `system` or unknown."""
    env = os.environ if env is None else env
    forced = normalise(env.get(LANG_ENV))  # an explicit per-run override beats the setting
    if forced:
        return forced
    return setting if setting in SUPPORTED else system_language(env)


def set_language(language: str) -> None:
    """Choose the language `translate` uses from now on (the app and CLI call this at start)."""
    _state["language"] = language if language in SUPPORTED else resolve_language(language)


def current_language() -> str:
    """The chosen language; on first use, `$SKINCLINIC_LANG`, else the saved setting, else the
    system's (so the CLI follows the same setting as the app without being told)."""
    if "language" not in _state:
        forced = normalise(os.environ.get(LANG_ENV))
        set_language(forced or _saved_setting())
    return _state["language"]


def _saved_setting() -> str:
    from skinclinic.paths import app_paths
    from skinclinic.settings import load_settings

    try:
        return load_settings(app_paths().settings).language
    except Exception:  # a broken data home must not stop a message from printing
        return "system"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802
    """Mark table text for lupdate (it matches this name); `translate` it where it is shown."""
    return text


# Short clinical names by label code, shared with the GUI's "Labels" context.
DIAGNOSIS_NAMES = {
    "akiec": QT_TRANSLATE_NOOP("Labels", "Actinic keratosis / Bowen's"),
    "bcc": QT_TRANSLATE_NOOP("Labels", "Basal cell carcinoma"),
    "bkl": QT_TRANSLATE_NOOP("Labels", "Benign keratosis"),
    "df": QT_TRANSLATE_NOOP("Labels", "Dermatofibroma"),
    "mel": QT_TRANSLATE_NOOP("Labels", "Melanoma"),
    "nv": QT_TRANSLATE_NOOP("Labels", "Melanocytic nevus"),
    "vasc": QT_TRANSLATE_NOOP("Labels", "Vascular lesion"),
}


def diagnosis_names(pack_names: Mapping[str, str], language: str | None = None) -> dict[str, str]:
    """The pack's own (English) names, or the translated short names in another language."""
    lang = language or current_language()
    if lang == "en":
        return dict(pack_names)
    out = dict(pack_names)
    for code, source in DIAGNOSIS_NAMES.items():
        out[code] = translate("Labels", source, lang)
    return out


def translations_dir() -> Path:
    return find_data("assets", "translations")


@cache
def catalogue(language: str) -> dict[tuple[str, str], str]:
    """(context, source) -> translation from `skinclinic_<language>.ts`; empty if none ships.

    Unfinished and obsolete entries are skipped, as lrelease skips them, so the CLI and the GUI
    show the same text.
    """
    path = translations_dir() / f"{TS_PREFIX}{language}.ts"
    if language == "en" or not path.is_file():
        return {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return {}
    table: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None or not node.text:
                continue
            if node.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            table[(name, source)] = node.text
    return table


def translate(context: str, text: str, language: str | None = None) -> str:
    """`text` in the current (or given) language; the English source when no translation exists.

    Named `translate` with a literal context so that pyside6-lupdate extracts every call.
    """
    lang = language or current_language()
    return catalogue(lang).get((context, text), text)
