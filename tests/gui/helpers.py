"""Shared steps for driving the real main window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.new_case import NewCaseDialog
from skinclinic.gui.signin import SignInDialog
from skinclinic.review.roles import Role
from tests.conftest import REPO_ROOT

PASSWORD = "correct horse battery"
SAMPLE = REPO_ROOT / "assets" / "samples" / "ISIC_0031023.jpg"


def sign_in_admin(window: MainWindow) -> None:
    dialog = window.sign_in()
    assert dialog.first_run
    dialog.username.setText("admin")
    dialog.printed_name.setText("Ada Admin")
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD)
    dialog.submit()
    assert window.ctx.session is not None


def sign_in_doctor(window: MainWindow) -> None:
    """Create the admin, let the admin add a doctor, then sign in as the doctor via the dialog."""
    sign_in_admin(window)
    ctx = window.ctx
    assert ctx.session is not None
    ctx.need_review().add_user(ctx.session.user, "dr.lee", "Dr. Kim Lee", Role.DOCTOR, PASSWORD)
    window.sign_out()
    dialog: SignInDialog = window.sign_in()
    assert not dialog.first_run
    dialog.username.setText("dr.lee")
    dialog.password.setText(PASSWORD)
    dialog.submit()


def import_case(
    qtbot: QtBot,
    window: MainWindow,
    files: list[Path],
    reference: str = "P-TEST1",
    *,
    birth_year: int | None = None,
    sex: str | None = None,
) -> NewCaseDialog:
    window.new_case()
    dialog = window.findChildren(NewCaseDialog)[-1]
    dialog.patient.setCurrentText(reference)
    if birth_year is not None:
        dialog.birth_year.setText(str(birth_year))
    if sex is not None:
        dialog.sex.setCurrentIndex(dialog.sex.findData(sex))
    dialog.body_site.setCurrentText("upper back")
    dialog.add_files(files)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)
    return dialog
