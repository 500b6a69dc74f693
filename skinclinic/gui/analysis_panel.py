"""The analysis of a case's photo: quality verdict and reason, the differential chart, the
uncertainty badge with its explanation, the measured findings; and the Analyze action, which
runs the injected analyze use case in the model lane (progress, cancel)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skinclinic.core.domain import Analysis
from skinclinic.core.progress import Progress
from skinclinic.gui import operations
from skinclinic.gui.badges import UncertaintyBadge, verdict_explanation
from skinclinic.gui.charts import DifferentialChart
from skinclinic.gui.context import AppContext
from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, translate
from skinclinic.gui.labels import body_site_name, colour_name, label_names, sex_name
from skinclinic.gui.theme import icon, role_label
from skinclinic.gui.workers import Worker

FINDING_NAMES = {
    "area_fraction": (
        QT_TRANSLATE_NOOP("Findings", "Lesion area"),
        QT_TRANSLATE_NOOP("Findings", "{:.0%} of the photo"),
    ),
    "asymmetry": (QT_TRANSLATE_NOOP("Findings", "Asymmetry"), "{:.2f}"),
    "border_irregularity": (QT_TRANSLATE_NOOP("Findings", "Border irregularity"), "{:.2f}"),
    "diameter_px": (QT_TRANSLATE_NOOP("Findings", "Largest diameter"), "{:.0f} px"),
    "colour_count": (QT_TRANSLATE_NOOP("Findings", "Colours"), "{}"),
    "ood_score": (QT_TRANSLATE_NOOP("Findings", "Unfamiliarity score"), "{:.2f}"),
}


class AnalysisPanel(QWidget):
    analyzed = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_id: int | None = None
        self.worker: Worker | None = None
        self.note = role_label("", "unavailable", word_wrap=True)
        self.analyze_button = QPushButton(icon("analyze"), self.tr("Analyze"))
        self.analyze_button.setProperty("primary", True)
        self.cancel_button = QPushButton(icon("cancel"), self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.analyze_button.clicked.connect(self.analyze)
        self.cancel_button.clicked.connect(self.cancel)

        self.quality = role_label("", "", word_wrap=True)
        self.badge = UncertaintyBadge()
        self.explanation = role_label("", "hint", word_wrap=True)
        self.context = role_label("", "hint", word_wrap=True)
        self.chart = DifferentialChart()
        self.findings = QTableWidget(0, 2)
        self.findings.setHorizontalHeaderLabels((self.tr("Finding"), self.tr("Measured")))
        self.findings.verticalHeader().hide()
        self.findings.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.findings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.findings.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        actions = QHBoxLayout()
        actions.addWidget(self.analyze_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        verdict = QHBoxLayout()
        verdict.addWidget(self.badge)
        verdict.addWidget(self.explanation, 1)
        differential = QGroupBox(self.tr("Differential (calibrated probabilities)"))
        QVBoxLayout(differential).addWidget(self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(actions)
        layout.addWidget(self.note)
        layout.addWidget(self.quality)
        layout.addLayout(verdict)
        layout.addWidget(differential)
        layout.addWidget(self.context)
        layout.addWidget(self.findings)
        layout.addStretch(1)

    # -- showing ------------------------------------------------------------------------------

    def show_analysis(self, case_id: int | None, analysis: Analysis | None, locked: bool) -> None:
        self.case_id = case_id
        note = self._unavailable_reason()
        self.note.setText(note or "")
        self.note.setVisible(bool(note))
        self.analyze_button.setEnabled(case_id is not None and not note and not locked)
        has = analysis is not None
        for widget in (self.quality, self.badge, self.explanation, self.findings):
            widget.setVisible(has)
        self.context.setVisible(analysis is not None and bool(analysis.probabilities))
        if analysis is None:
            self.chart.set_probabilities({})
            return
        self.quality.setText(quality_text(analysis))
        verdict = analysis.uncertainty.get("verdict")
        reason = str(analysis.uncertainty.get("reason", ""))
        self.badge.set_verdict(verdict if isinstance(verdict, str) else None, reason)
        explanation = verdict_explanation(str(verdict))
        self.explanation.setText(" ".join(t for t in (reason, explanation) if t))
        self.chart.set_probabilities(analysis.probabilities, label_names())
        self.context.setText(context_text(analysis))
        self._fill_findings(analysis.findings)

    def _fill_findings(self, findings: Mapping[str, Any]) -> None:
        rows = [
            (translate("Findings", name), translate("Findings", fmt).format(findings[key]))
            for key, (name, fmt) in FINDING_NAMES.items()
            if isinstance(findings.get(key), int | float)
        ]
        colours = findings.get("colours")
        if isinstance(colours, list | tuple) and colours:
            rows.append((self.tr("Colours seen"), ", ".join(map(colour_name, colours))))
        self.findings.setRowCount(len(rows))
        for row, (name, value) in enumerate(rows):
            self.findings.setItem(row, 0, QTableWidgetItem(name))
            self.findings.setItem(row, 1, QTableWidgetItem(value))
        # Show every row; the surrounding scroll area scrolls, not the table.
        height = self.findings.horizontalHeader().sizeHint().height() + 4
        height += sum(self.findings.rowHeight(r) for r in range(len(rows)))
        self.findings.setFixedHeight(height)

    def _unavailable_reason(self) -> str | None:
        if not self.ctx.settings.ai_enabled:
            return self.tr("The AI is switched off in Settings; document the case by hand.")
        if self.ctx.pipeline.analyze is None:
            return self.ctx.pipeline.vision_note
        return None

    # -- analyzing ----------------------------------------------------------------------------

    def analyze(self) -> None:
        use_case = self.ctx.pipeline.analyze
        case_id = self.case_id
        if use_case is None or case_id is None or self.worker is not None:
            return
        if not self.ctx.session_ok():  # the idle lock applies before model work starts
            return
        self.analyze_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.worker = operations.start(
            self.ctx,
            lambda token: use_case(case_id, token),
            self.tr("Analysis"),
            on_progress=self._progress,
            on_success=lambda _analysis: self.analyzed.emit(case_id),
            on_done=self._done,
            model=True,
        )

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _progress(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def _done(self) -> None:
        self.worker = None
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)
        self.analyze_button.setEnabled(self.case_id is not None)


def context_text(analysis: Analysis) -> str:
    """Which patient context (age, sex, body site) shifted the differential, if any."""
    context = analysis.uncertainty.get("context")
    if not isinstance(context, dict) or not context:
        return translate(
            "AnalysisPanel",
            "Read from the photo alone: no patient age, sex or body site was used.",
        )
    parts = []
    if "age" in context:
        parts.append(translate("AnalysisPanel", "age {}").format(context["age"]))
    if "sex" in context:
        parts.append(sex_name(str(context["sex"])))
    if "site" in context:
        parts.append(body_site_name(str(context["site"])))
    return translate("AnalysisPanel", "Adjusted for the patient: {}.").format(", ".join(parts))


def quality_text(analysis: Analysis) -> str:
    flags = analysis.quality_flags
    messages = analysis.uncertainty.get("quality_messages") or analysis.findings.get(
        "quality_messages"
    )
    if not flags:
        return translate(
            "Quality", "Photo quality: good — nothing in the photo limits the analysis."
        )
    detail = "; ".join(map(str, messages)) if isinstance(messages, list) and messages else None
    detail = detail or ", ".join(f.replace("_", " ") for f in flags)
    return translate("Quality", "Photo quality: limited — {0}").format(detail)
