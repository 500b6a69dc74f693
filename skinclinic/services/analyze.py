"""Use case: analyze a case's photo with the vision model and store the Analysis.

A generator in the core's style (yields Progress, returns the stored Analysis, checks the cancel
token between steps). The model is loaded once, lazily, by a `VisionModels` holder, so the first
analysis pays for verifying and opening the pack and later ones do not. Written by the GUI
helper so the desktop app can run the real model; the lead may fold it into the core.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from skinclinic.core.domain import Analysis, Modality
from skinclinic.core.progress import CancelToken, Progress

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.inference.vision import VisionModel


CLINICAL_PHOTO_REASON = (
    "refer — clinical (non-dermatoscopic) photo: the model was trained on dermatoscopic "
    "images only, so its differential is not reliable here"
)


@dataclass
class VisionModels:
    """The vision model for one pack id, opened on first use and then kept."""

    pack_id: str
    threads: int = 2
    _model: VisionModel | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def get(self) -> VisionModel:
        with self._lock:
            if self._model is None:
                from skinclinic.inference.pack import default_pack_dir, load_pack
                from skinclinic.inference.vision import VisionModel

                pack = load_pack(default_pack_dir(self.pack_id))
                self._model = VisionModel(pack, threads=self.threads)
                self._model.warm_up()
            return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None


#: A camera date further before the import than this is taken for an unset clock.
CAMERA_DATE_TRUSTED = timedelta(days=2 * 365)


def photo_date(captured_at: datetime | None, imported_at: datetime) -> date:
    """When the photo was taken, for the patient's age: the camera's date when plausible (not
    after the import, not years before it, as a camera reset to 2000-01-01 would say), else
    the import's."""
    if captured_at is not None:
        # EXIF time is the camera's local time, naive; a day of slack covers any time zone
        naive_import = imported_at.replace(tzinfo=None)
        earliest, latest = naive_import - CAMERA_DATE_TRUSTED, naive_import + timedelta(days=1)
        if earliest <= captured_at.replace(tzinfo=None) <= latest:
            return captured_at.date()
    return imported_at.date()


def pack_installed(pack_id: str) -> bool:
    from skinclinic.errors import SkinClinicError
    from skinclinic.inference.pack import default_pack_dir

    try:
        default_pack_dir(pack_id)
    except SkinClinicError:
        return False
    return True


def analyze_case(
    case_id: int,
    *,
    services: Services,
    models: VisionModels,
    tta: bool,
    actor: str,
    photo_id: int | None = None,
    cancel: CancelToken | None = None,
    patient_context: bool = True,
) -> Generator[Progress, None, Analysis]:
    """Analyze one photo of the case (the latest one unless `photo_id` says which); with
    `patient_context`, the patient's age and sex and the case's body site weigh in."""
    from skinclinic.analysis.analyze import ANALYSIS_MAX_SIDE, analyze_image
    from skinclinic.imaging.decode import load_rgb
    from skinclinic.inference.context_prior import context_for

    cancel = cancel or CancelToken()
    repository = services.repository
    detail = repository.get_case_detail(case_id)
    photos = [p for p in detail.photos if photo_id is None or p.id == photo_id]
    if not photos:
        from skinclinic.errors import NotFound

        raise NotFound(f"Case {case_id} has no photo to analyze.")
    photo = photos[-1]
    yield Progress(0, 3, "Loading the vision model…" if not models.loaded else "Reading photo…")
    model = models.get()
    cancel.raise_if_cancelled()
    yield Progress(1, 3, "Reading the photo…")
    image = load_rgb(
        services.store.read(photo.stored_path), ANALYSIS_MAX_SIDE, name=photo.original_name
    )
    cancel.raise_if_cancelled()
    yield Progress(2, 3, "Analyzing…")
    context = (
        context_for(
            detail.patient.birth_year,
            detail.patient.sex.value,
            detail.case.body_site,
            photo_date(photo.captured_at, photo.imported_at),
        )
        if patient_context
        else None
    )
    result = analyze_image(image, model, tta=tta, context=context)
    cancel.raise_if_cancelled()
    # The quality messages explain the verdict to a person; keep them with the uncertainty.
    uncertainty = dict(result.uncertainty)
    uncertainty.setdefault("quality_messages", list(result.quality_messages))
    quality_flags = tuple(result.quality_flags)
    if photo.modality is Modality.CLINICAL and result.probabilities:
        # The default pack saw only dermatoscopic images and its OOD score misses many phone
        # photos, so a clinical photo never gets a "confident" verdict from it.
        uncertainty["verdict"] = "refer"
        uncertainty["reason"] = CLINICAL_PHOTO_REASON
        uncertainty["reasons"] = [CLINICAL_PHOTO_REASON, *uncertainty.get("reasons", [])]
        quality_flags = (*quality_flags, "clinical_photo")
    analysis = repository.add_analysis(
        case_id,
        photo.id,
        result.model_pack_id,
        result.model_hashes,
        result.probabilities,
        uncertainty,
        quality_flags,
        result.findings,
        result.timings_ms,
        actor=actor,
    )
    yield Progress(3, 3, "Analysis stored")
    return analysis
