"""One case: header, the photo (zoom, pan, outline) beside tabs for the analysis, the draft and
its review, and follow-up questions. Reloads the case from the case log after every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import Analysis, CaseDetail, CaseStatus, Sex
from skinclinic.errors import SkinClinicError, StorageError
from skinclinic.gui.analysis_panel import AnalysisPanel
from skinclinic.gui.chat_panel import ChatPanel
from skinclinic.gui.context import AppContext
from skinclinic.gui.draft_panel import DraftPanel
from skinclinic.gui.labels import (
    body_site_name,
    fitzpatrick_name,
    local_minute,
    sex_name,
    status_name,
)
from skinclinic.gui.patient_dialog import PatientDialog
from skinclinic.gui.photo_viewer import PhotoViewer
from skinclinic.gui.theme import icon, role_label


class CaseView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_id: int | None = None
        self.detail: CaseDetail | None = None
        self.title = role_label("", "title")
        self.subtitle = role_label("", "subtitle", word_wrap=True)
        self.photo_choice = QComboBox()
        self.photo_choice.currentIndexChanged.connect(self._show_photo)
        self.viewer = PhotoViewer()
        self.analysis = AnalysisPanel(ctx)
        self.draft = DraftPanel(ctx)
        self.chat = ChatPanel(ctx)
        self.tabs = QTabWidget()
        scroll = QScrollArea()
        scroll.setWidget(self.analysis)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.tabs.addTab(scroll, icon("analyze"), self.tr("Analysis"))
        self.tabs.addTab(self.draft, icon("draft"), self.tr("Draft && review"))
        self.tabs.addTab(self.chat, icon("chat"), self.tr("Questions"))

        photo_side = QWidget()
        photo_layout = QVBoxLayout(photo_side)
        photo_layout.setContentsMargins(0, 0, 0, 0)
        photo_layout.addLayout(self._photo_bar())
        photo_layout.addWidget(self.viewer, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(photo_side)
        splitter.addWidget(self.tabs)
        splitter.setSizes([280, 520])
        self._assemble(splitter)
        self.analysis.analyzed.connect(self._changed)
        self.draft.changed.connect(self._changed)

    def _photo_bar(self) -> QHBoxLayout:
        zoom = QHBoxLayout()
        zoom.addWidget(self.photo_choice, 1)
        for name, tip, slot in (
            ("zoom-out", self.tr("Zoom out (Ctrl+-)"), self.viewer.zoom_out),
            ("zoom-in", self.tr("Zoom in (Ctrl++)"), self.viewer.zoom_in),
            ("zoom-fit", self.tr("Fit (Ctrl+0)"), self.viewer.fit),
        ):
            button = QToolButton()
            button.setIcon(icon(name))
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            zoom.addWidget(button)
        return zoom

    def _assemble(self, splitter: QSplitter) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        self.patient_button = QToolButton()
        self.patient_button.setIcon(icon("user"))
        self.patient_button.setText(self.tr("Patient…"))
        self.patient_button.setToolTip(
            self.tr("Correct the patient's year of birth, sex or skin type")
        )
        self.patient_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.patient_button.clicked.connect(self.correct_patient)
        header.addWidget(self.patient_button)
        self.export_button = QToolButton()
        self.export_button.setIcon(icon("export"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export as PDF, FHIR or DICOM (Ctrl+E)"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.clicked.connect(self.export)
        header.addWidget(self.export_button)
        layout.addLayout(header)
        layout.addWidget(self.subtitle)
        layout.addWidget(splitter, 1)
        self.empty = role_label(
            self.tr("Select a case in the list, or start a new case."), "subtitle", word_wrap=True
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 0, 0, 0)
        outer.addWidget(self.stack)

    def show_case(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.reload()

    def reload(self) -> None:
        detail = None
        if self.case_id is not None and self.ctx.services is not None:
            try:
                detail = self.ctx.services.repository.get_case_detail(self.case_id)
            except Exception as err:
                self.ctx.error.emit(
                    self.tr("Could not open case #{0}: {1}").format(self.case_id, err)
                )
        self.detail = detail
        self.stack.setCurrentIndex(0 if detail is None else 1)
        self.photo_choice.blockSignals(True)
        self.photo_choice.clear()
        if detail is not None:
            case = detail.case
            self.title.setText(
                self.tr("Case #{0} · {1}").format(case.id, status_name(case.status.value))
            )
            opened = local_minute(case.created_at)
            patient = detail.patient
            about = [
                self.tr("born {0}").format(patient.birth_year) if patient.birth_year else "",
                sex_name(patient.sex.value) if patient.sex is not Sex.UNKNOWN else "",
                self.tr("skin type {0}").format(fitzpatrick_name(patient.fitzpatrick))
                if patient.fitzpatrick
                else "",
            ]
            self.subtitle.setText(
                self.tr("Patient {0} · {1} · opened {2}").format(
                    case.patient_reference, body_site_name(case.body_site), opened
                )
                + "".join(f" · {part}" for part in (*about, case.history) if part)
            )
            for photo in detail.photos:
                self.photo_choice.addItem(f"{photo.original_name} ({photo.width}×{photo.height})")
        self.photo_choice.blockSignals(False)
        self._show_photo()
        self.draft.show_detail(detail)
        self.chat.show_case(self.case_id if detail else None)

    def latest_analysis(self, photo_id: int | None) -> Analysis | None:
        if self.detail is None:
            return None
        matching = [a for a in self.detail.analyses if photo_id is None or a.photo_id == photo_id]
        return matching[-1] if matching else None

    def _show_photo(self) -> None:
        detail = self.detail
        index = self.photo_choice.currentIndex()
        photo = detail.photos[index] if detail and 0 <= index < len(detail.photos) else None
        data = None
        if photo is not None and self.ctx.services is not None:
            try:
                data = self.ctx.services.store.read(photo.stored_path)
            except StorageError as err:
                self.ctx.error.emit(str(err))
        self.viewer.show_photo(data)
        analysis = self.latest_analysis(photo.id if photo else None)
        outline = analysis.findings.get("outline") if analysis else None
        self.viewer.set_outline(outline if isinstance(outline, list) else [])
        locked = detail is not None and detail.case.status is CaseStatus.SIGNED
        self.analysis.show_analysis(self.case_id if detail else None, analysis, locked)

    def export(self) -> None:
        """Open the export dialog for the shown case (signed-in users only)."""
        from skinclinic.gui.export_dialog import ExportDialog

        if self.ctx.session is None or self.detail is None:
            self.ctx.info.emit(self.tr("Sign in and select a case to export it."))
            return
        ExportDialog(self.ctx, self.detail, self).open()

    def correct_patient(self) -> None:
        """Ask for the corrected patient details and the reason (signed-in users only)."""
        if self.ctx.session is None or self.detail is None:
            self.ctx.info.emit(self.tr("Sign in and select a case to correct its patient."))
            return
        dialog = PatientDialog(self.detail.patient, self)
        if dialog.exec() == PatientDialog.DialogCode.Accepted:
            self.save_patient_correction(
                dialog.chosen_birth_year,
                dialog.chosen_sex,
                dialog.chosen_fitzpatrick,
                dialog.reason_text,
            )

    def save_patient_correction(
        self, birth_year: int | None, sex: Sex, fitzpatrick: int | None, reason: str
    ) -> None:
        """Record the correction in the case log, audited with the signed-in user and reason."""
        services = self.ctx.services
        if self.detail is None or services is None or self.ctx.session is None:
            return
        if not self.ctx.session_ok():  # locked while the dialog was open
            return
        try:
            services.repository.correct_patient(
                self.detail.patient.id,
                birth_year,
                sex,
                fitzpatrick,
                reason=reason,
                actor=self.ctx.actor(),
            )
        except (ValueError, SkinClinicError) as err:
            self.ctx.error.emit(self.tr("Could not correct the patient: {0}").format(err))
            return
        self._changed(self.detail.case.id)

    def _changed(self, case_id: int) -> None:
        self.ctx.cases_changed.emit(case_id)
        if case_id == self.case_id:
            self.reload()
