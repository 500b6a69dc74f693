"""Camera capture for a new case: choose the device, watch the live preview, take a still, then
keep or retake it. Kept stills are written as PNG to the app's tmp folder and handed back as
paths, so they go through the same import as files do (recorded with source camera).

Qt Multimedia comes from PySide6-Addons and is imported only inside functions here: the app
starts without loading it, and everything else works where it is missing."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from skinclinic.gui.i18n_qt import translate
from skinclinic.gui.theme import icon, role_label


def multimedia_problem() -> str | None:
    """None when Qt Multimedia loads, else why not (one sentence for the user)."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ModuleNotFoundError:
        return translate(
            "NewCaseDialog",
            "No camera support installed (Qt Multimedia is not part of this installation).",
        )
    except ImportError as err:  # installed, but a system library it needs is missing
        return translate(
            "CameraDialog", "Camera support could not start ({0}); ask your administrator."
        ).format(err)
    return None


def video_inputs() -> list[Any]:
    """The cameras (QCameraDevice) the system offers, its default one first."""
    from PySide6.QtMultimedia import QMediaDevices

    default = QMediaDevices.defaultVideoInput()
    return sorted(QMediaDevices.videoInputs(), key=lambda device: device != default)


class CameraDialog(QDialog):
    """Live preview of the chosen camera; Capture freezes a still that is kept or retaken.

    `kept` holds the files of the stills kept so far; on Done `photos_taken` carries them, on
    Cancel they are deleted (they are patient photos, not to be left in tmp)."""

    photos_taken = Signal(list)

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.kept: list[Path] = []
        self.still_image: QImage | None = None
        self._devices: list[tuple[str, Any]] = []
        self._camera: Any = None
        self._session: Any = None
        self._capture: Any = None
        self._preview: QWidget | None = None
        self.setWindowTitle(self.tr("Camera"))
        self.setMinimumSize(640, 540)
        self._build()
        self.refresh_devices()

    def _build(self) -> None:
        self.device = QComboBox()
        self.device.currentIndexChanged.connect(self._device_chosen)
        self.placeholder = role_label("", "hint", word_wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        # The still follows the view's size, never the other way round.
        self.still.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.view = QStackedWidget()
        self.view.addWidget(self.placeholder)
        self.view.addWidget(self.still)
        self.view.setMinimumHeight(360)
        self.message = role_label("", "hint", word_wrap=True)
        self.capture_button = QPushButton(icon("camera"), self.tr("Capture"))
        self.retake_button = QPushButton(self.tr("Retake"))
        self.keep_button = QPushButton(self.tr("Keep photo"))
        self.capture_button.clicked.connect(self.capture)
        self.retake_button.clicked.connect(self.retake)
        self.keep_button.clicked.connect(self.keep)
        actions = QHBoxLayout()
        for button in (self.capture_button, self.retake_button, self.keep_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.device)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(self.tr("Take a photo"), "title"))
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._show_live()
        self._update_done()

    # -- devices ------------------------------------------------------------------------------

    def available_devices(self) -> list[tuple[str, Any]]:
        """(label, QCameraDevice) for each camera, the system's default first."""
        return [(device.description(), device) for device in video_inputs()]

    def refresh_devices(self) -> None:
        """Fill the chooser again (also when cameras are plugged in or out), keeping the choice."""
        current = self.device.currentText()
        self._devices = self.available_devices()
        self.device.blockSignals(True)
        self.device.clear()
        for label, _device in self._devices:
            self.device.addItem(label)
        self.device.blockSignals(False)
        if not self._devices:
            self._stop_camera()
            self.device.addItem(self.tr("No camera found"))
            self.device.setEnabled(False)
            self.placeholder.setText(
                self.tr("No camera found. Connect a camera, or add photos from files instead.")
            )
            self._show_live()
            return
        self.device.setEnabled(len(self._devices) > 1)
        index = max(self.device.findText(current), 0)
        self.device.setCurrentIndex(index)
        self._device_chosen(index)

    def _device_chosen(self, index: int) -> None:
        if 0 <= index < len(self._devices):
            self.message.setText("")
            self.message.setStyleSheet("")
            self.start_camera(self._devices[index][1])

    def start_camera(self, device: Any) -> None:
        """Show `device`'s live picture; stills come back through `show_still`."""
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._stop_camera()
        if self._session is None:
            self._session = QMediaCaptureSession(self)
            self._capture = QImageCapture(self)
            self._capture.imageCaptured.connect(lambda _id, image: self.show_still(image))
            self._capture.errorOccurred.connect(self._capture_failed)
            self._capture.readyForCaptureChanged.connect(lambda _ready: self._update_capture())
            self._session.setImageCapture(self._capture)
            self._preview = QVideoWidget()
            self.view.addWidget(self._preview)
            self._session.setVideoOutput(self._preview)
        self._camera = QCamera(device, self)
        self._camera.errorOccurred.connect(self._camera_failed)
        self._session.setCamera(self._camera)
        self._camera.start()
        self._show_live()
        if self._camera.error() != QCamera.Error.NoError:  # set in the constructor: no signal
            self._camera_failed(self._camera.error(), self._camera.errorString())

    def _stop_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            if self._session is not None:
                self._session.setCamera(None)
            self._camera.deleteLater()
            self._camera = None

    def ready_for_capture(self) -> bool:
        return self._capture is not None and bool(self._capture.isReadyForCapture())

    # -- errors -------------------------------------------------------------------------------

    def _camera_failed(self, _error: Any, text: str) -> None:
        self.message.setText(
            self.tr("The camera stopped: {0}. Check its cable, or choose another camera.").format(
                text
            )
        )
        self.message.setStyleSheet("color: #c0392b;")
        self._update_capture()

    def _capture_failed(self, _id: int, _error: Any, text: str) -> None:
        self.message.setText(self.tr("The photo could not be taken: {0}. Try again.").format(text))
        self.message.setStyleSheet("color: #c0392b;")
        self._update_capture()

    # -- capture, keep, retake ----------------------------------------------------------------

    def capture(self) -> None:
        self.message.setText("")
        self.message.setStyleSheet("")
        self.capture_button.setEnabled(False)  # until the still (or an error) comes back
        self.request_still()

    def request_still(self) -> None:
        """Ask the camera for one frame; it arrives through QImageCapture.imageCaptured."""
        self._capture.capture()

    def show_still(self, image: QImage) -> None:
        self.still_image = image
        self._fit_still()
        self.view.setCurrentWidget(self.still)
        self.capture_button.setVisible(False)
        self.retake_button.setVisible(True)
        self.keep_button.setVisible(True)
        self.keep_button.setFocus()  # Enter keeps the still

    def _fit_still(self) -> None:
        """Show the still whole in the view; the file keeps the camera's full size."""
        if self.still_image is not None:
            pixmap = QPixmap.fromImage(self.still_image).scaled(
                self.view.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.still.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_still()

    def retake(self) -> None:
        self.still_image = None
        self._show_live()

    def keep(self) -> None:
        if self.still_image is None:
            return
        try:
            self.kept.append(self._save(self.still_image))
        except OSError as err:
            self.message.setText(self.tr("The photo could not be saved: {0}").format(err))
            return
        self.still_image = None
        self._update_done()
        self._show_live()

    def _save(self, image: QImage) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - Qt writes the file by name
            dir=self.folder, prefix="camera-", suffix=".png", delete=False
        )
        handle.close()
        if not image.save(handle.name):  # PNG, from the suffix
            Path(handle.name).unlink(missing_ok=True)
            raise OSError(self.tr("writing {0} failed").format(handle.name))
        return Path(handle.name)

    def _show_live(self) -> None:
        live = self._preview if self._camera is not None and self._preview else self.placeholder
        if self._camera is None and self._devices:
            self.placeholder.setText(self.tr("Starting the camera…"))
        self.view.setCurrentWidget(live)
        self.capture_button.setVisible(True)
        self.retake_button.setVisible(False)
        self.keep_button.setVisible(False)
        self._update_capture()
        if self.capture_button.isEnabled():
            self.capture_button.setFocus()  # Enter takes the next still

    def _update_capture(self) -> None:
        live = self.still_image is None and bool(self._devices)
        self.capture_button.setEnabled(live and self.ready_for_capture())

    def _update_done(self) -> None:
        count = len(self.kept)
        self.done_button.setText(
            self.tr("Add {0} photo(s)").format(count) if count else self.tr("Add photos")
        )
        self.done_button.setEnabled(bool(self.kept))

    # -- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Stop the camera either way; on Cancel delete the stills kept so far."""
        self._stop_camera()
        if result == QDialog.DialogCode.Accepted.value:
            self.photos_taken.emit(list(self.kept))
        else:
            for path in self.kept:
                path.unlink(missing_ok=True)
            self.kept.clear()
        super().done(result)
