"""Export a case: choose the formats (PDF report, FHIR R4B bundle, DICOM files) and where they
go, then the core's `export_case` runs in a worker with progress and cancel. Every file it
writes is audited with the signed-in user as actor; an unsigned case exports as preliminary."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import CaseDetail, CaseStatus
from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui.context import AppContext
from skinclinic.gui.theme import icon, role_label
from skinclinic.gui.workers import Worker
from skinclinic.i18n import current_language

if TYPE_CHECKING:
    from skinclinic.export.service import ExportedFile, ExportRequest


def file_stem(detail: CaseDetail) -> str:
    """`case-<id>-<patient reference>`, with anything a file system may refuse replaced."""
    reference = re.sub(r"[^A-Za-z0-9._-]+", "_", detail.case.patient_reference).strip("._")
    return f"case-{detail.case.id}-{reference}" if reference else f"case-{detail.case.id}"


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


class ExportDialog(QDialog):
    exported = Signal(list)  # the ExportedFile list, once every chosen file is written

    # The folder of the last export in this run: the next case's files go beside it.
    last_folder: Path | None = None

    def __init__(self, ctx: AppContext, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.worker: Worker | None = None
        self.written: list[ExportedFile] = []
        self.setWindowTitle(self.tr("Export case #{0}").format(detail.case.id))
        self.setMinimumWidth(620)
        folder = ExportDialog.last_folder or default_folder()
        stem = file_stem(detail)

        self.pdf, self.pdf_path = self._row(self.tr("PDF report"), folder / f"{stem}.pdf")
        self.fhir, self.fhir_path = self._row(
            self.tr("FHIR R4B bundle (JSON)"), folder / f"{stem}.fhir.json"
        )
        self.dicom, self.dicom_path = self._row(
            self.tr("DICOM files, one per photo, in the folder"), folder / f"{stem}-dicom"
        )
        self.photo_data = QCheckBox(self.tr("Include the photo bytes in the FHIR bundle"))
        self.photo_data.setChecked(True)
        self.photo_data.setStyleSheet("margin-left: 22px;")
        self.photo_data.setToolTip(
            self.tr("Without them the bundle names each photo by its checksum only.")
        )
        self.fhir.toggled.connect(self.photo_data.setEnabled)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = role_label("", "hint", word_wrap=True)
        self.state = self._state_label()
        self._build_layout()

    def _row(self, label: str, default: Path) -> tuple[QCheckBox, QLineEdit]:
        check = QCheckBox(label)
        check.setChecked(True)
        path = QLineEdit(str(default))
        path.setAccessibleName(label)
        check.toggled.connect(path.setEnabled)
        return check, path

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        rows = (
            (self.pdf, self.pdf_path, self.choose_pdf),
            (self.fhir, self.fhir_path, self.choose_fhir),
            (self.dicom, self.dicom_path, self.choose_dicom),
        )
        row = 0
        for check, path, choose in rows:
            button = QPushButton(self.tr("Choose…"))
            button.clicked.connect(choose)
            check.toggled.connect(button.setEnabled)
            grid.addWidget(check, row, 0, 1, 3)
            grid.addWidget(path, row + 1, 0, 1, 2)
            grid.addWidget(button, row + 1, 2)
            row += 2
            if check is self.fhir:  # the FHIR option sits under its own row
                grid.addWidget(self.photo_data, row, 0, 1, 3)
                row += 1
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setIcon(icon("export"))
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.windowTitle(), "title"))
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _state_label(self) -> QLabel:
        signature = self.detail.signatures[-1] if self.detail.signatures else None
        if self.detail.case.status is CaseStatus.SIGNED and signature is not None:
            text = self.tr("Signed by {0}: the files are the final report.").format(
                signature.printed_name
            )
            return role_label(text, "signed", word_wrap=True)
        text = self.tr(
            "Not signed yet: every file is marked PRELIMINARY AI DRAFT until a doctor signs."
        )
        return role_label(text, "preliminary", word_wrap=True)

    # -- choosing where --------------------------------------------------------------------

    def choose_pdf(self) -> None:
        self._choose_file(self.pdf_path, self.tr("Save the PDF report"), self.tr("PDF (*.pdf)"))

    def choose_fhir(self) -> None:
        self._choose_file(
            self.fhir_path, self.tr("Save the FHIR bundle"), self.tr("FHIR JSON (*.json)")
        )

    def choose_dicom(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the DICOM files"), str(self._path(self.dicom_path).parent)
        )
        if folder:
            self.dicom_path.setText(folder)

    def _choose_file(self, field: QLineEdit, title: str, pattern: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, title, str(self._path(field)), pattern)
        if name:
            field.setText(name)

    def _path(self, field: QLineEdit) -> Path:
        """A typed relative path lands in the default folder, not the app's working folder."""
        path = Path(field.text().strip()).expanduser()
        return path if path.is_absolute() else (ExportDialog.last_folder or default_folder()) / path

    def request(self) -> ExportRequest | None:
        from skinclinic.export.service import ExportRequest

        chosen = {
            name: self._path(field) if check.isChecked() and field.text().strip() else None
            for name, check, field in (
                ("pdf", self.pdf, self.pdf_path),
                ("fhir", self.fhir, self.fhir_path),
                ("dicom", self.dicom, self.dicom_path),
            )
        }
        if not any(chosen.values()):
            self._say(self.tr("Choose at least one format and where to save it."), error=True)
            return None
        return ExportRequest(
            case_id=self.detail.case.id,
            pdf=chosen["pdf"],
            fhir=chosen["fhir"],
            dicom_dir=chosen["dicom"],
            clinic_name=getattr(self.ctx.settings, "clinic_name", None),
            include_photo_data=self.photo_data.isChecked(),
            language=current_language(),
        )

    # -- exporting -------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.worker is not None:
            return
        if self.ctx.session is None:
            self._say(self.tr("Sign in to export a case."), error=True)
            return
        if not self.ctx.session_ok():  # locked meanwhile: the window says why
            self._say(self.tr("Unlock the session to export."), error=True)
            return
        request = self.request()
        if request is None:
            return
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, request.count + 1)
        self._say("")
        # Not operations.start: its cancel message says nothing was kept, but files written
        # before a cancel stay (each one whole and audited).
        worker = Worker(export_job(self.ctx, request), "export")
        worker.progress.connect(self._progress)
        worker.succeeded.connect(self._finished)
        worker.failed.connect(self._failed)
        worker.cancelled.connect(self._cancelled)
        worker.done.connect(self._done)
        self.worker = worker.start_work()

    def _progress(self, progress: Progress) -> None:
        self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def reject(self) -> None:
        """Cancel, Esc and the window's close button stop a running export first."""
        if self.worker is not None:
            self.worker.cancel()
            return
        super().reject()

    def _done(self) -> None:
        self.worker = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)

    def _failed(self, err: BaseException) -> None:
        text = self.tr("Export failed: {0}").format(err)
        self._say(text, error=True)
        self.ctx.error.emit(text)

    def _cancelled(self) -> None:
        text = self.tr(
            "Export cancelled; files written before the cancel stay, each in the audit history."
        )
        self._say(text)
        self.ctx.info.emit(text)

    def _finished(self, written: list[ExportedFile]) -> None:
        self.written = written
        if written:
            ExportDialog.last_folder = written[0].path.parent
        self.ctx.info.emit(self.summary(written))
        self.exported.emit(written)
        self.accept()

    def summary(self, written: list[ExportedFile]) -> str:
        names = {"pdf": "PDF", "fhir": "FHIR", "dicom": "DICOM"}
        files = "\n".join(f"{names.get(f.format, f.format)}: {f.path}" for f in written)
        if any(f.preliminary for f in written):
            head = self.tr("Case #{0} exported as a PRELIMINARY draft (not signed):")
        else:
            head = self.tr("Case #{0} exported (signed):")
        return head.format(self.detail.case.id) + "\n" + files

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")


def export_job(
    ctx: AppContext, request: ExportRequest
) -> Callable[[CancelToken], Generator[Progress, None, list[ExportedFile]]]:
    """The core use case as a worker job, audited with the signed-in user as actor."""
    from skinclinic.export.service import export_case

    services = ctx.need_services()
    actor = ctx.actor()  # taken now, on the GUI thread, while the session is known to be open

    def job(token: CancelToken) -> Generator[Progress, None, list[ExportedFile]]:
        return (yield from export_case(request, services=services, actor=actor, cancel=token))

    return job
