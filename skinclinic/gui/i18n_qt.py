"""Install the app's QTranslator (our `.qm`) and Qt's own (standard buttons, file dialogs).

`skinclinic.i18n` decides the language without Qt; here the `system` choice asks QLocale, so
the app follows the desktop's language even where the POSIX variables say nothing.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from skinclinic import i18n
from skinclinic.gui.resources import asset

_installed: list[QTranslator] = []


def choose_language(setting: str) -> str:
    forced = i18n.normalise(os.environ.get(i18n.LANG_ENV))  # a per-run override, as in the CLI
    if forced:
        return forced
    if setting in i18n.SUPPORTED:
        return setting
    for name in QLocale.system().uiLanguages():
        lang = i18n.normalise(name)
        if lang:
            return lang
    return "en"


def install_translators(setting: str) -> str:
    """Replace the installed translators with the chosen language's; returns that language.

    Widgets built afterwards show it; windows already open keep their text until rebuilt.
    """
    app = QCoreApplication.instance()
    language = choose_language(setting)
    i18n.set_language(language)
    if app is None:
        return language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(str(asset("translations", f"{i18n.TS_PREFIX}{language}.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    QLocale.setDefault(QLocale(language))
    return language


def translate(context: str, text: str) -> str:
    """QCoreApplication.translate under the name lupdate extracts, for module-level strings."""
    return QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802
    """Mark table text for lupdate (it matches this name); typed, unlike PySide6's own."""
    return text
