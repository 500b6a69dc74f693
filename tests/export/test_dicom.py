"""DICOM: read back with pydicom; SOP class by modality; JPEG bytes unchanged; pixels equal."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.encaps import generate_frames

from skinclinic.core.domain import Modality
from skinclinic.export.body_sites import REGIONS, parse_body_site
from skinclinic.export.dicom import (
    DERMOSCOPIC_PHOTOGRAPHY,
    JPEG_BASELINE,
    VL_PHOTOGRAPHIC,
    dicom_files,
)
from skinclinic.export.record import load_record
from skinclinic.imaging.decode import load_rgb
from tests.export.conftest import SAMPLES, World


def _read(data: bytes) -> pydicom.Dataset:
    return pydicom.dcmread(io.BytesIO(data))


def test_dermoscopic_photos_embed_the_stored_jpeg_unchanged(world: World) -> None:
    case_id = world.case(("ISIC_0031023.jpg", "ISIC_0027757.jpg"))
    record = load_record(world.services, case_id)
    files = dicom_files(record)
    assert len(files) == 2 and all(f.passthrough for f in files)
    datasets = [_read(f.data) for f in files]
    for ds, item in zip(datasets, record.photos, strict=True):
        assert ds.SOPClassUID == DERMOSCOPIC_PHOTOGRAPHY
        assert ds.file_meta.TransferSyntaxUID == JPEG_BASELINE
        assert ds.PatientID == "P-EXPORT1" and str(ds.PatientName) == ""
        frame = next(generate_frames(ds.PixelData, number_of_frames=1))
        assert frame[: len(item.data)] == item.data and len(frame) - len(item.data) <= 1
        decoded = np.asarray(load_rgb(item.data))
        assert np.array_equal(ds.pixel_array, decoded)
        (region,) = ds.AnatomicRegionSequence
        assert (region.CodeValue, region.CodingSchemeDesignator) == ("14975008", "SCT")
        assert region.AnatomicRegionModifierSequence[0].CodeValue == "7771000"  # left
        assert ds.ImageLaterality == "L"
        assert "PRELIMINARY" in ds.ImageComments
    assert len({ds.StudyInstanceUID for ds in datasets}) == 1
    assert len({ds.SeriesInstanceUID for ds in datasets}) == 1
    assert len({ds.SOPInstanceUID for ds in datasets}) == 2
    again = [_read(f.data) for f in dicom_files(load_record(world.services, case_id))]
    assert [d.SOPInstanceUID for d in again] == [d.SOPInstanceUID for d in datasets]


def test_clinical_photo_is_vl_photographic(world: World) -> None:
    case_id = world.case(
        ("smartphone_skin.jpg",), site="behind the knee", modality=Modality.CLINICAL
    )
    (file,) = dicom_files(load_record(world.services, case_id))
    ds = _read(file.data)
    assert ds.SOPClassUID == VL_PHOTOGRAPHIC and ds.Modality == "XC"
    assert file.passthrough
    assert ds.AnatomicRegionSequence[0].CodeMeaning == "Knee"


def test_unknown_body_site_is_omitted_with_a_note(world: World) -> None:
    case_id = world.case(site="mystery spot")
    (file,) = dicom_files(load_record(world.services, case_id))
    ds = _read(file.data)
    assert "AnatomicRegionSequence" not in ds
    assert file.note and "no SNOMED CT code" in file.note
    assert "no SNOMED CT code" in ds.ImageComments


def test_non_baseline_photos_take_the_lossless_path(world: World, tmp_path: Path) -> None:
    source = Image.open(SAMPLES / "ISIC_0028155.jpg")
    progressive, png = tmp_path / "progressive.jpg", tmp_path / "lesion.png"
    source.save(progressive, progressive=True, quality=90)
    source.rotate(90, expand=True).save(png)
    case_id = world.case((), files=(progressive, png))
    record = load_record(world.services, case_id)
    files = dicom_files(record)
    assert [f.passthrough for f in files] == [False, False]
    for file, item in zip(files, record.photos, strict=True):
        ds = _read(file.data)
        assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
        assert ds.PhotometricInterpretation == "RGB"
        assert np.array_equal(ds.pixel_array, np.asarray(load_rgb(item.data)))
        assert file.note and "uncompressed" in file.note
    assert _read(files[0].data).LossyImageCompression == "01"
    assert _read(files[1].data).LossyImageCompression == "00"


def test_body_site_table_matches_pydicom_sct_codes() -> None:
    from pydicom.sr.codedict import codes

    for phrase, (code, meaning) in REGIONS.items():
        concept = getattr(codes.SCT, meaning.title().replace(" ", ""))
        assert (concept.value, concept.meaning) == (code, meaning), phrase
    site = parse_body_site("Right lower leg")
    assert (site.code, site.laterality) == ("30021000", "right")
    assert parse_body_site("upper back").meaning == "Back"
    assert parse_body_site("nowhere").code is None
