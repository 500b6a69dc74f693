"""The Chinese build: walk every widget of the main window and its dialogs and fail on any text
that is still English. Data the user typed or the analysis produced (names, references, file
names, the core's English reason sentences) is stripped first; what remains must not contain
an English word."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from skinclinic.gui.audit_view import AuditDialog
from skinclinic.gui.i18n_qt import install_translators
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.review_dialogs import ReasonDialog, SignDialog
from skinclinic.gui.settings_dialog import SettingsDialog
from skinclinic.gui.signin import SignInDialog, UnlockDialog
from skinclinic.gui.users_dialog import UsersDialog
from skinclinic.gui.workers import live_workers
from tests.gui.fakes import fake_pipeline
from tests.gui.helpers import PASSWORD, SAMPLE, import_case

# Product and data-set names, units and abbreviations that stay as they are in every language.
# "English" is the language menu naming itself, as language menus do.
ALLOWED_WORDS = {"SkinClinic", "AI", "HAM10000", "ONNX", "GGUF", "Qt", "Multimedia", "Ctrl", "px",
                 "English", "PDF", "FHIR", "R4B", "DICOM", "JSON",
                 "SQLCipher", "AES", "GCM"}  # fmt: skip
# What this test types or the fakes produce: user data, not interface text.
DATA = ("P-TEST1", "Ada Admin", "admin", "Dr. Kim Lee", "dr.lee", "ISIC_0031023.jpg", "blur",
        "TEST: top two are close", "fake-pack", "TEST flag: not in the analysis")  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
# Literal data and commands are not interface text: sha256 digests, folder paths (the data
# home), and command lines to type.
DIGEST = re.compile(r"\b[0-9a-f]{64}\b")
PATH = re.compile(r"(?<![\w.])/[^\s]+")
COMMANDS = ("skinclinic audit verify --anchor", "skinclinic encrypt", "skinclinic restore")


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-visible string under `root`."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}:{w.objectName()}"
        yield name + ".windowTitle", w.windowTitle() if w.isWindow() else ""
        yield name + ".toolTip", w.toolTip()
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText:
            yield name, w.text()
        if isinstance(w, QAbstractButton):
            yield name, w.text()
        if isinstance(w, QGroupBox):
            yield name, w.title()
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            yield name + ".placeholder", w.placeholderText()
        if isinstance(w, QComboBox):
            yield name + ".placeholder", w.placeholderText()
            if not w.isEditable():
                for i in range(w.count()):
                    yield f"{name}.item{i}", w.itemText(i)
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{name}.tab{i}", w.tabText(i)
                yield f"{name}.tabTip{i}", w.tabToolTip(i)
        if isinstance(w, QTableView) and w.model() is not None:
            header = w.horizontalHeader()
            for c in range(header.count()):
                text = w.model().headerData(c, Qt.Orientation.Horizontal)
                yield f"{name}.header{c}", str(text or "")
        for action in w.actions():
            if isinstance(action, QAction) and action.isVisible():
                yield f"{name}.action", action.text()


def english_left(root: QWidget) -> list[str]:
    problems = []
    for where, text in visible_texts(root):
        stripped = text.replace("&", "")
        for value in (*DATA, *COMMANDS):
            stripped = stripped.replace(value, "")
        stripped = PATH.sub("", DIGEST.sub("", stripped))
        words = [w for w in WORD.findall(stripped) if w not in ALLOWED_WORDS]
        if words:
            problems.append(f"{where}: {text!r}")
    return problems


@pytest.fixture
def chinese() -> Iterator[None]:
    from skinclinic.gui.app import create_app

    create_app([])
    assert install_translators("zh_CN") == "zh_CN"
    yield
    install_translators("en")


@pytest.fixture
def zh_window(qtbot: QtBot, chinese: None, window: MainWindow) -> MainWindow:
    fakes = fake_pipeline(window.ctx)
    for name in ("analyze", "draft", "chat", "grounding"):
        setattr(window.ctx.pipeline, name, getattr(fakes, name))
    return window


def settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not live_workers(), timeout=20_000)


def test_no_english_left_in_the_chinese_build(qtbot: QtBot, zh_window: MainWindow) -> None:
    window = zh_window
    problems: list[str] = []
    signin: SignInDialog = window.sign_in()
    problems += english_left(signin)
    signin.username.setText("admin")
    signin.printed_name.setText("Ada Admin")
    signin.password.setText(PASSWORD)
    signin.confirm.setText(PASSWORD)
    signin.submit()
    assert window.ctx.session is not None
    problems += english_left(window)  # empty case view, cases list

    dialog = import_case(qtbot, window, [SAMPLE])
    problems += english_left(dialog)
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(0)
    view = window.case_view
    view.analysis.analyze()
    settle(qtbot)
    qtbot.waitUntil(lambda: view.detail is not None and bool(view.detail.analyses))
    view.draft.generate()
    settle(qtbot)
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.case.status.value == "drafted")
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        problems += english_left(window)
    assert view.analysis.chart.rows[0][0] == "色素痣"
    assert "初步AI草稿" in view.draft.state.text()

    for extra in (
        SettingsDialog(window.ctx, window),
        AuditDialog(window.ctx, view.case_id, window),
        UsersDialog(window.ctx, window),
        SignDialog("Ada Admin", window),
        ReasonDialog("x", "y", window),
        UnlockDialog(window.ctx, window),
    ):
        extra.show()
        problems += [p for p in english_left(extra) if "'x'" not in p and "'y'" not in p]
        extra.close()
    for top in QApplication.topLevelWidgets():
        if isinstance(top, SignInDialog | UnlockDialog):
            top.close()
    assert not problems, "English text left in the Chinese build:\n" + "\n".join(problems)


def test_the_walk_catches_english(qtbot: QtBot) -> None:
    label = QLabel("Analyze")
    qtbot.addWidget(label)
    assert english_left(label) == ["QLabel:: 'Analyze'"]
    label.setText("分析 (HAM10000, 12 px)")
    assert english_left(label) == []
