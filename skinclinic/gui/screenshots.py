"""`python -m skinclinic.gui.screenshots OUTDIR`: render every screen to PNG, offscreen.

A temporary data home is filled through the real core (users, imported sample photos; an
analysis only where the real vision model is available), so the pictures show what a person
would see. Nothing is faked: panels whose model is missing show their "not available" state.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from skinclinic.gui.app import build_pipeline, build_window, create_app
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import install_translators, translate
from skinclinic.gui.main_window import MainWindow
from skinclinic.paths import app_paths

PASSWORD = "screenshot password"
SAMPLES = (
    ("ISIC_0031023.jpg", "P-7F3A21", "upper back"),
    ("ISIC_0027757.jpg", "P-7F3A21", "forearm"),
    ("ISIC_0028155.jpg", "P-19C0DE", "face"),
    ("smartphone_skin.jpg", "P-5B22E9", "lower leg"),
)


def samples_dir() -> Path:
    from skinclinic.gui.resources import asset

    return asset("samples")


def wait(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        time.sleep(0.01)


def settle(window: QWidget, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    window.repaint()


def save(widget: QWidget, out: Path, name: str) -> Path:
    settle(widget)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)
    return path


def populate(window: MainWindow) -> None:
    """Users and cases through the real core, as staff and doctors would create them."""
    from skinclinic.core.domain import Modality, Sex
    from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion
    from skinclinic.review.roles import Role

    ctx = window.ctx
    review = ctx.need_review()
    services = ctx.need_services()
    admin = review.create_first_admin("admin", "Ada Admin", PASSWORD)
    review.add_user(admin, "dr.lee", "Dr. Kim Lee", Role.DOCTOR, PASSWORD)
    ctx.session = review.login("dr.lee", PASSWORD)
    for name, reference, site in SAMPLES:
        file = samples_dir() / name
        if file.is_file():
            request = ImportRequest(
                (file,),
                reference,
                site,
                actor=ctx.session.user.id,
                history="Changing for 3 months",
                birth_year=1961,
                sex=Sex.FEMALE,
                modality=Modality.DERMOSCOPIC if name.startswith("ISIC") else Modality.CLINICAL,
            )
            run_to_completion(
                import_photos(
                    request,
                    repository=services.repository,
                    store=services.store,
                    prepare=services.prepare_photo,
                )
            )
    # One report written by hand (no model involved) and signed, to show the review screens.
    user = ctx.session.user
    services.repository.add_draft(
        2,
        "Pigmented lesion on the left forearm, 6 mm, symmetric, regular border, one colour. "
        "Dermoscopy: regular network. Impression: benign melanocytic nevus. "
        "Plan: no excision; photo follow-up in 12 months.",
        author=user.id,
        actor=user.id,
    )
    review.review(2, user)
    review.sign(2, user, PASSWORD, "approval")
    ctx.session_changed.emit()


def render(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = create_app([])
    ctx = AppContext(app_paths())
    install_translators(ctx.settings.language)  # SKINCLINIC_LANG=zh_CN renders the Chinese app
    ctx.pipeline = build_pipeline(ctx)
    window = build_window(ctx, ask_sign_in=False)
    window.resize(1360, 860)
    window.show()
    window.start()
    wait(lambda: ctx.ready)
    shots = [save(_dialog(window.sign_in()), out, "01-sign-in-first-run")]
    _close_dialogs(window)
    populate(window)
    window.cases.status.setCurrentIndex(0)
    window.cases.refresh()
    window.cases.table.selectRow(window.cases.model.rowCount() - 1)
    if ctx.pipeline.analyze is not None:
        window.case_view.analysis.analyze()
        wait(lambda: not ctx.lane.busy, 300)
    shots.append(save(window, out, "02-cases-and-analysis"))
    view = window.case_view
    if ctx.pipeline.draft is not None and view.detail is not None and view.detail.analyses:
        view.tabs.setCurrentIndex(1)
        view.draft.generate()  # the real report model, streaming into the editor
        wait(lambda: not ctx.lane.busy and view.draft.worker is None, 300)
        shots.append(save(window, out, "08-ai-draft"))
        view.tabs.setCurrentIndex(2)
        view.chat.question.setText(translate("Screenshots", "Why not melanoma?"))
        view.chat.ask()
        wait(lambda: not ctx.lane.busy and view.chat.worker is None, 300)
        shots.append(save(window, out, "09-questions"))
        view.tabs.setCurrentIndex(0)
    window.new_case()
    shots.append(save(_last_dialog(window), out, "03-new-case"))
    _close_dialogs(window)
    window.cases.select_case(2)
    window.case_view.tabs.setCurrentIndex(1)
    shots.append(save(window, out, "04-draft-and-review"))
    window.case_view.export()
    shots.append(save(_last_dialog(window), out, "07-export"))
    _close_dialogs(window)
    window.show_settings()
    shots.append(save(_last_dialog(window), out, "05-settings"))
    _close_dialogs(window)
    window.show_audit()
    shots.append(save(_last_dialog(window), out, "06-audit-history"))
    _close_dialogs(window)
    window.close()
    app.processEvents()
    return shots


def _dialog(dialog: QDialog) -> QDialog:
    dialog.adjustSize()
    return dialog


def _last_dialog(window: MainWindow) -> QDialog:
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    return dialogs[-1]


def _close_dialogs(window: MainWindow) -> None:
    for dialog in window.findChildren(QDialog):
        dialog.done(0)
        dialog.deleteLater()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m skinclinic.gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="skinclinic-shots-") as home:
        os.environ["SKINCLINIC_HOME"] = home
        render(Path(args[0]).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
