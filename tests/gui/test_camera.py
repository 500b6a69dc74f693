"""Camera capture in the new-case dialog: the button says why it is off, the dialog's no-camera
and failed-camera states, and a captured still imported through the real import into the real
case log with source camera."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from skinclinic.core.domain import PhotoSource
from skinclinic.gui import new_case
from skinclinic.gui.camera_dialog import CameraDialog, video_inputs
from skinclinic.gui.main_window import MainWindow
from skinclinic.gui.new_case import NewCaseDialog
from tests.gui.helpers import SAMPLE, sign_in_admin

pytest.importorskip("PySide6.QtMultimedia", exc_type=ImportError)

needs_no_camera = pytest.mark.skipif(
    bool(video_inputs()), reason="a camera is connected to this machine"
)


class FrameCamera(CameraDialog):
    """TEST DOUBLE: a camera dialog whose device list and frames are made up.

    Only the hardware is replaced: one pretend device, no QCamera started, and each capture
    hands over the sample photo as the frame. Showing the still, keep and retake, writing the
    PNG to tmp, and everything after (the import, the case log) are the real code."""

    frame = QImage(str(SAMPLE))

    def available_devices(self) -> list[tuple[str, Any]]:
        return [("Test double camera", None)]

    def start_camera(self, device: Any) -> None:
        self._show_live()

    def ready_for_capture(self) -> bool:
        return True

    def request_still(self) -> None:
        self.show_still(self.frame)


def open_new_case(window: MainWindow) -> NewCaseDialog:
    window.new_case()
    return window.findChildren(NewCaseDialog)[-1]


@needs_no_camera
def test_camera_button_without_a_camera_says_so(window: MainWindow) -> None:
    dialog = open_new_case(window)
    assert not dialog.camera_button.isEnabled()
    assert dialog.camera_button.text() == "Camera (none found)"
    assert dialog.camera_button.toolTip() == "No camera found."
    dialog.reject()


def test_camera_button_without_qt_multimedia_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # as if Addons were absent
    dialog = open_new_case(window)
    assert not dialog.camera_button.isEnabled()
    assert dialog.camera_button.text() == "Camera (unavailable)"
    assert "Qt Multimedia is not part of this installation" in dialog.camera_button.toolTip()
    dialog.reject()


@needs_no_camera
def test_camera_dialog_without_a_camera(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CameraDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert not dialog.device.isEnabled()
    assert dialog.device.currentText() == "No camera found"
    assert "No camera found" in dialog.placeholder.text()
    assert not dialog.capture_button.isEnabled()
    assert not dialog.done_button.isEnabled()


def test_camera_that_fails_to_start_says_why(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtMultimedia import QCameraDevice

    dialog = CameraDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.start_camera(QCameraDevice())  # a device that is not there
    assert dialog.message.text().startswith("The camera stopped: ")
    assert not dialog.capture_button.isEnabled()
    dialog.reject()


def test_retake_keep_and_cancel_deletes_the_stills(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = FrameCamera(tmp_path)
    qtbot.addWidget(dialog)
    dialog.capture_button.click()
    assert dialog.still_image is not None and dialog.view.currentWidget() is dialog.still
    assert dialog.capture_button.isHidden() and not dialog.keep_button.isHidden()
    dialog.retake_button.click()
    assert dialog.still_image is None and dialog.capture_button.isEnabled()
    dialog.capture_button.click()
    dialog.keep_button.click()
    (kept,) = dialog.kept
    assert kept.parent == tmp_path and QImage(str(kept)).size() == FrameCamera.frame.size()
    assert dialog.done_button.text() == "Add 1 photo(s)"
    with qtbot.assertNotEmitted(dialog.photos_taken):
        dialog.reject()
    assert not kept.exists()


def test_captured_still_is_imported_with_source_camera(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_admin(window)
    monkeypatch.setattr(new_case, "CameraDialog", FrameCamera)
    dialog = open_new_case(window)
    dialog.patient.setCurrentText("P-CAM1")
    dialog.body_site.setCurrentText("forearm")
    dialog.add_files([SAMPLE])

    camera = dialog.capture_photos()
    camera.capture_button.click()
    camera.keep_button.click()
    (still,) = camera.kept
    assert still.parent == window.ctx.paths.tmp
    camera.done_button.click()
    assert dialog.count == 2

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as imported:
        dialog.start_import()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)
    (case_id,) = imported.args
    detail = window.ctx.need_services().repository.get_case_detail(case_id)
    assert detail.patient.reference == "P-CAM1"
    sources = {photo.original_name: photo.source for photo in detail.photos}
    assert sources == {SAMPLE.name: PhotoSource.FILE, still.name: PhotoSource.CAMERA}
    assert not still.exists()  # the still now lives in the photo store only


def test_pasted_bitmap_is_saved_as_png_and_listed(window: MainWindow) -> None:
    """The paste path shares the still's way to tmp (PySide6 6.11 rejects a bytes format)."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setImage(FrameCamera.frame)
    dialog = open_new_case(window)
    dialog.paste()
    (pasted,) = dialog.paths()
    QGuiApplication.clipboard().clear()
    assert pasted.suffix == ".png" and QImage(str(pasted)).size() == FrameCamera.frame.size()
    dialog.reject()
