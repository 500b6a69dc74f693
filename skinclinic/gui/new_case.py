"""New case: a patient reference (existing or a fresh pseudonymous one), an optional year of birth
and sex, a body site, photos by
file dialog, drag and drop, paste or camera; the import runs through the core use case in a
worker, with progress and cancel, and each rejected file is listed with its own reason."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import Modality, PhotoSource, Sex, birth_year_bounds
from skinclinic.core.intake import ImportRequest, new_patient_reference
from skinclinic.core.progress import CancelToken, Progress
from skinclinic.gui import operations
from skinclinic.gui.camera_dialog import CameraDialog, multimedia_problem, video_inputs
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import translate
from skinclinic.gui.labels import body_site_name
from skinclinic.gui.patient_fields import (
    sex_combo,
    year_of_birth,
    year_of_birth_field,
    year_of_birth_ok,
)
from skinclinic.gui.theme import icon, role_label
from skinclinic.gui.workers import Job, Worker

if TYPE_CHECKING:
    from skinclinic.core.intake import ImportResult

BODY_SITES = (
    "scalp", "face", "ear", "neck", "chest", "abdomen", "upper back", "lower back",
    "upper arm", "forearm", "hand", "genital", "thigh", "lower leg", "foot", "acral", "other",
)  # fmt: skip
PHOTO_PATTERNS = "*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp"


SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1  # a list item's PhotoSource


def camera_status() -> str | None:
    """None when a camera can be used, else the reason shown on the disabled button."""
    problem = multimedia_problem()
    if problem is not None:
        return problem
    if not video_inputs():
        return translate("NewCaseDialog", "No camera found.")
    return None


def import_job(
    ctx: AppContext,
    groups: Sequence[tuple[PhotoSource, Sequence[Path]]],
    template: ImportRequest,
) -> Job:
    """One import per photo source (the request records one source), all into the same case.
    ``template`` holds what the staff entered; its files, source, case and actor are set here."""
    from skinclinic.core.intake import ImportResult, import_photos

    services = ctx.need_services()
    actor = ctx.actor()
    total = sum(len(files) for _source, files in groups)

    def job(token: CancelToken) -> Generator[Progress, None, ImportResult]:
        result = ImportResult(None, (), (), 0)
        offset = 0
        for source, files in groups:
            request = dataclasses.replace(
                template,
                files=tuple(files),
                case_id=result.case.id if result.case is not None else None,
                source=source,
                actor=actor,
            )
            steps = import_photos(
                request,
                repository=services.repository,
                store=services.store,
                prepare=services.prepare_photo,
                cancel=token,
            )
            part = yield from _renumbered(steps, offset, total)
            result = ImportResult(
                result.case or part.case,
                result.photos + part.photos,
                result.failures + part.failures,
                result.duplicates + part.duplicates,
            )
            offset += len(files)
        return result

    return job


def _renumbered(
    steps: Generator[Progress, None, ImportResult], offset: int, total: int
) -> Generator[Progress, None, ImportResult]:
    """One import's progress re-counted as a part of the whole."""
    while True:
        try:
            progress = next(steps)
        except StopIteration as stop:
            result: ImportResult = stop.value
            return result
        yield Progress(offset + progress.done, total, progress.message)


class NewCaseDialog(QDialog):
    imported = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: Worker | None = None
        self.setWindowTitle(self.tr("New case"))
        self.setAcceptDrops(True)
        self.setMinimumSize(560, 520)

        self.patient = QComboBox(editable=True)
        self.patient.setPlaceholderText(self.tr("Pseudonymous reference, never a name"))
        self.patient.addItems(self._known_references())
        self.patient.setCurrentText("")
        new_ref = QPushButton(self.tr("New pseudonymous"))
        new_ref.clicked.connect(lambda: self.patient.setCurrentText(new_patient_reference()))
        self.patient_row = patient_row = QHBoxLayout()
        patient_row.addWidget(self.patient, 1)
        patient_row.addWidget(new_ref)
        # Age, sex and body site refine the vision model's differential; both stay optional.
        self.birth_year = year_of_birth_field(self.tr("Not given"))
        self.sex = sex_combo()
        hint = self.tr(
            "Recorded for a new patient, or one without them yet (what is recorded is kept); "
            "the AI weighs age, sex and body site with the photo."
        )
        for widget in (self.birth_year, self.sex):
            widget.setToolTip(hint)
        self.demographics_row = demographics = QHBoxLayout()
        demographics.addWidget(self.birth_year, 1)
        demographics.addWidget(QLabel(self.tr("Sex")))
        demographics.addWidget(self.sex, 1)
        self.body_site = QComboBox(editable=True)
        for site in BODY_SITES:
            self.body_site.addItem(body_site_name(site), site)
        self.body_site.setCurrentIndex(-1)
        self.body_site.setPlaceholderText(self.tr("Choose or type the body site"))
        # The default vision model reads dermatoscopic images; a clinical photo is always
        # referred, so staff say which kind they are adding.
        self.modality = QComboBox()
        self.modality.addItem(self.tr("Dermoscopic (through a dermatoscope)"), Modality.DERMOSCOPIC)
        self.modality.addItem(
            self.tr("Clinical (phone or camera, no dermatoscope)"), Modality.CLINICAL
        )
        self.history = QLineEdit(placeholderText=self.tr("Short history (optional)"))

        self._build_photo_area()
        self._build_layout()

    def _build_photo_area(self) -> None:
        self.files = QListWidget()
        self.files.setMinimumHeight(120)
        self.add_button = QPushButton(icon("photo-add"), self.tr("Add photos…"))
        self.paste_button = QPushButton(icon("paste"), self.tr("Paste"))
        self.camera_button = QPushButton(icon("camera"), self.tr("Camera"))
        self.camera_button.clicked.connect(self.capture_photos)
        self.refresh_camera_button()
        self._watch_cameras()
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button.clicked.connect(self.paste)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        photo_buttons = QHBoxLayout()
        for button in (self.add_button, self.paste_button, self.camera_button):
            photo_buttons.addWidget(button)
        photo_buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.failures = role_label("", "hint", word_wrap=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.cancel_or_close)
        self.photo_buttons = photo_buttons

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Patient"), self.patient_row)
        form.addRow(self.tr("Year of birth"), self.demographics_row)
        form.addRow(self.tr("Body site"), self.body_site)
        form.addRow(self.tr("Photo type"), self.modality)
        form.addRow(self.tr("History"), self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("New case"), "title"))
        layout.addLayout(form)
        layout.addWidget(role_label(self.tr("Photos — drop files here, paste, or add"), "subtitle"))
        layout.addWidget(self.files, 1)
        layout.addLayout(self.photo_buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.failures)
        layout.addWidget(self.buttons)

    def _request(self) -> ImportRequest:
        """What the form says, as an import request without files."""
        if not year_of_birth_ok(self.birth_year):
            raise ValueError(
                self.tr("The year of birth must be between {0} and {1}.").format(
                    *birth_year_bounds()
                )
            )
        return ImportRequest(
            files=(),
            patient_reference=self.patient.currentText().strip() or None,
            birth_year=year_of_birth(self.birth_year),
            sex=Sex(self.sex.currentData()),
            body_site=self._body_site() or "unspecified",
            history=self.history.text().strip(),
            modality=Modality(self.modality.currentData()),
        )

    def _body_site(self) -> str:
        """The English site code for a listed site (the case log stays language-neutral)."""
        text = self.body_site.currentText().strip()
        index = self.body_site.findText(text)
        return str(self.body_site.itemData(index)) if index >= 0 else text

    def _known_references(self) -> list[str]:
        services = self.ctx.services
        if services is None:
            return []
        seen = dict.fromkeys(c.patient_reference for c in services.repository.list_cases(limit=500))
        return sorted(seen)

    # -- camera -------------------------------------------------------------------------------

    def refresh_camera_button(self) -> None:
        """Enabled with a camera; otherwise the text and tooltip say why not."""
        reason = camera_status()
        self.camera_button.setEnabled(reason is None)
        self.camera_button.setToolTip(reason or self.tr("Take a photo with a connected camera"))
        if reason is None:
            self.camera_button.setText(self.tr("Camera"))
        elif multimedia_problem() is None:
            self.camera_button.setText(self.tr("Camera (none found)"))
        else:
            self.camera_button.setText(self.tr("Camera (unavailable)"))

    def _watch_cameras(self) -> None:
        """Follow cameras being plugged in or out while the dialog is open."""
        if multimedia_problem() is not None:
            return
        from PySide6.QtMultimedia import QMediaDevices

        self._media_devices = QMediaDevices(self)
        self._media_devices.videoInputsChanged.connect(self.refresh_camera_button)

    def capture_photos(self) -> CameraDialog:
        """Open the camera; the stills kept there join the list as camera photos."""
        dialog = CameraDialog(self.ctx.paths.tmp, self)
        dialog.photos_taken.connect(lambda paths: self.add_files(paths, PhotoSource.CAMERA))
        dialog.open()
        return dialog

    # -- adding photos ------------------------------------------------------------------------

    def add_files(self, paths: list[Path], source: PhotoSource = PhotoSource.FILE) -> None:
        present = {self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count)}
        for path in paths:
            if str(path) not in present:
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setData(SOURCE_ROLE, source.value)
        self.import_button.setEnabled(self.count > 0)

    def _groups(self) -> list[tuple[PhotoSource, list[Path]]]:
        """The listed photos by source, files first (so a case opens as before)."""
        groups: dict[PhotoSource, list[Path]] = {}
        for i in range(self.count):
            item = self.files.item(i)
            source = PhotoSource(item.data(SOURCE_ROLE) or PhotoSource.FILE)
            groups.setdefault(source, []).append(Path(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(groups.items(), key=lambda group: group[0] != PhotoSource.FILE)

    def _forget_captures(self) -> None:
        """Camera stills and pasted bitmaps live in tmp only until imported (or the dialog
        closes): they are patient photos, and tmp is never encrypted."""
        for source, paths in self._groups():
            for path in paths:
                if source == PhotoSource.CAMERA or _is_pasted(path, self.ctx.paths.tmp):
                    path.unlink(missing_ok=True)

    @property
    def count(self) -> int:
        return self.files.count()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count)]

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            "",
            self.tr("Photos ({0});;All files (*)").format(PHOTO_PATTERNS),
        )
        self.add_files([Path(n) for n in names])

    def paste(self) -> None:
        """Files on the clipboard are added as they are; a bitmap is saved to a temporary PNG."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            self.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
            return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.ctx.info.emit(self.tr("The clipboard holds no photo."))
            return
        self.add_files([self._save_pasted(image)])

    def _save_pasted(self, image: QImage) -> Path:
        folder = self.ctx.paths.tmp
        folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - Qt writes the file by name
            dir=folder, prefix=PASTED_PREFIX, suffix=".png", delete=False
        )
        handle.close()
        image.save(handle.name)  # PNG, from the suffix (PySide6 6.11 rejects b"PNG")
        return Path(handle.name)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        self.add_files([Path(u.toLocalFile()) for u in urls if u.isLocalFile()])
        event.acceptProposedAction()

    # -- import -------------------------------------------------------------------------------

    def start_import(self) -> None:
        try:
            job = import_job(self.ctx, self._groups(), self._request())
        except Exception as err:  # e.g. the session locked meanwhile
            self.failures.setText(str(err))
            return
        self.import_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, self.count)
        self.worker = operations.start(
            self.ctx,
            job,
            self.tr("Import"),
            on_progress=self._progress,
            on_success=self._finished,
            on_done=self._done,
        )

    def _progress(self, progress: Progress) -> None:
        self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def cancel_or_close(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        else:
            self.reject()

    def _done(self) -> None:
        self.worker = None
        self.progress.setVisible(False)
        self.import_button.setEnabled(self.count > 0)

    def done(self, result: int) -> None:
        if self.worker is None:  # a running import still reads the stills
            self._forget_captures()
        super().done(result)

    def _finished(self, result: ImportResult) -> None:
        self._forget_captures()  # imported into the photo store, or rejected and listed below
        lines = [f"{f.file.name}: {f.reason}" for f in result.failures]
        if result.case is not None:
            self.ctx.cases_changed.emit(result.case.id)
            self.imported.emit(result.case.id)
            message = self.tr("Case #{0}: {1} photo(s) imported").format(
                result.case.id, len(result.photos)
            )
            if lines:
                message += self.tr(", {0} rejected").format(len(lines))
            self.ctx.info.emit(message)
        if lines:
            # Keep the dialog open so the rejections can be read.
            self.failures.setText(self.tr("Not imported:") + "\n" + "\n".join(lines))
            self.failures.setStyleSheet("color: #c0392b;")
            self.files.clear()
            return
        self.accept()


PASTED_PREFIX = "pasted-"


def _is_pasted(path: Path, tmp: Path) -> bool:
    return path.parent == tmp and path.name.startswith(PASTED_PREFIX)
