"""The case's photos as DICOM files (pydicom), one file per photo.

SOP class: VL Photographic Image Storage for a clinical photo, Dermoscopic Photography Image
Storage for a dermoscopic one. A stored baseline 8-bit JPEG goes in byte for byte (encapsulated
JPEG Baseline, no re-compression). Any other photo (PNG, TIFF, HEIF, WebP, progressive JPEG, a
JPEG that relies on EXIF orientation) takes the lossless path: its decoded, oriented 8-bit RGB
pixels uncompressed (Explicit VR Little Endian), marked lossy when the original was.

Identifiers: Patient ID is the pseudonymous reference (no name is ever stored). Study, series
and instance UIDs are derived from the case (id, creation time, patient reference) with
pydicom's `generate_uid(entropy_srcs=...)`, so re-exporting a case gives the same UIDs and all of
a case's photos share one study; photos of one modality share one series. The body site maps
to an SCT anatomic region with laterality (`body_sites`); an unknown site is left out and said
so in ImageComments. The IODs' mandatory attributes are filled as far as SkinClinic knows them;
the files have not been run through a DICOM validator such as dciodvfy. Unlike the PDF and the
FHIR bundle, the files do not carry the audit trail's head: their UIDs are fixed per photo, and
a per-export text would give one SOP Instance UID different contents.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from skinclinic import __version__
from skinclinic.core.domain import Modality
from skinclinic.export.body_sites import LATERALITIES, parse_body_site
from skinclinic.export.dicom_import import import_pydicom
from skinclinic.export.jpeg import baseline_problem, read_frame
from skinclinic.export.record import ExportRecord, PhotoFile

if TYPE_CHECKING:
    from pydicom.dataset import Dataset

VL_PHOTOGRAPHIC = "1.2.840.10008.5.1.4.1.1.77.1.4"
DERMOSCOPIC_PHOTOGRAPHY = "1.2.840.10008.5.1.4.1.1.77.1.7"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
SOP_CLASSES = {Modality.CLINICAL: VL_PHOTOGRAPHIC, Modality.DERMOSCOPIC: DERMOSCOPIC_PHOTOGRAPHY}
MODALITY_CODES = {Modality.CLINICAL: "XC", Modality.DERMOSCOPIC: "DMS"}
UID_PREFIX = "1.2.826.0.1.3680043.8.498."  # pydicom's root, under which it derives UIDs
LOSSY_FORMATS = {"JPEG", "HEIF", "WEBP"}


@dataclass(frozen=True)
class DicomFile:
    name: str
    data: bytes
    sop_instance_uid: str
    passthrough: bool  # True when the original JPEG bytes were embedded unchanged
    note: str | None  # what the user should know (lossless path, unknown body site)


def study_uid(record: ExportRecord) -> str:
    return _uid(record, "study")


def series_uid(record: ExportRecord, modality: Modality) -> str:
    return _uid(record, "series", modality.value)


def sop_instance_uid(record: ExportRecord, item: PhotoFile) -> str:
    return _uid(record, "photo", item.photo.id, item.photo.sha256)


def _uid(record: ExportRecord, *parts: object) -> str:
    import_pydicom()
    from pydicom.uid import generate_uid

    case = record.case
    sources = ["skinclinic", case.created_at.isoformat(), case.patient_reference, str(case.id)]
    return str(generate_uid(UID_PREFIX, entropy_srcs=[*sources, *(str(p) for p in parts)]))


def dicom_files(record: ExportRecord) -> list[DicomFile]:
    from skinclinic.export.errors import ExportError

    if not record.photos:
        raise ExportError(f"Case {record.case.id} has no photo to export as DICOM.")
    return [_file(record, item, n) for n, item in enumerate(record.photos, start=1)]


def _file(record: ExportRecord, item: PhotoFile, number: int) -> DicomFile:
    import_pydicom()
    from pydicom.filewriter import dcmwrite

    ds = _dataset(record, item, number)
    notes = []
    problem = baseline_problem(item.data) if item.photo.format == "JPEG" else "not a JPEG"
    if problem is None:
        _jpeg_pixels(ds, item.data)
    else:
        _native_pixels(ds, item)
        notes.append(f"photo {item.photo.id}: {problem}, so stored as uncompressed pixels")
    site = parse_body_site(record.case.body_site)
    if site.note:
        notes.append(site.note + ", so the anatomic region is left out")
    comments = [] if record.signed else ["PRELIMINARY AI DRAFT: the case is not signed."]
    ds.ImageComments = " ".join([*comments, *(n[0].upper() + n[1:] + "." for n in notes)])
    out = io.BytesIO()
    dcmwrite(out, ds, enforce_file_format=True)
    name = f"case{record.case.id}-photo{item.photo.id}.dcm"
    return DicomFile(name, out.getvalue(), ds.SOPInstanceUID, problem is None, "; ".join(notes))


def _dataset(record: ExportRecord, item: PhotoFile, number: int) -> Dataset:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import UID

    photo, case, patient = item.photo, record.case, record.patient
    sop_class = SOP_CLASSES[photo.modality]
    sop_uid = sop_instance_uid(record, item)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(sop_class)
    meta.MediaStorageSOPInstanceUID = UID(sop_uid)
    meta.ImplementationClassUID = UID(UID_PREFIX + "1.0")
    meta.ImplementationVersionName = f"SKINCLINIC_{__version__}"[:16]
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    # Patient: pseudonymous only.
    ds.PatientName = ""
    ds.PatientID = patient.reference
    ds.PatientBirthDate = ""
    ds.PatientSex = {"female": "F", "male": "M", "other": "O"}.get(patient.sex.value, "")
    if patient.birth_year is not None:
        ds.PatientAge = ""  # only the year is known; an age would need the exam date's math
    ds.PatientIdentityRemoved = "YES"
    # Study / series / equipment.
    created = _utc(case.created_at)
    ds.StudyInstanceUID = study_uid(record)
    ds.StudyDate, ds.StudyTime = created.strftime("%Y%m%d"), created.strftime("%H%M%S")
    ds.StudyID = str(case.id)[:16]
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "Skin lesion photo" + ("" if record.signed else " (preliminary)")
    ds.SeriesInstanceUID = series_uid(record, photo.modality)
    ds.SeriesNumber = 1 if photo.modality is Modality.CLINICAL else 2
    ds.Modality = MODALITY_CODES[photo.modality]
    ds.Manufacturer = "SkinClinic"
    ds.SoftwareVersions = __version__
    ds.TimezoneOffsetFromUTC = "+0000"
    # Image.
    taken = _utc(photo.captured_at or photo.imported_at)
    ds.InstanceNumber = number
    ds.ContentDate, ds.ContentTime = taken.strftime("%Y%m%d"), taken.strftime("%H%M%S")
    ds.AcquisitionDateTime = taken.strftime("%Y%m%d%H%M%S")
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.PatientOrientation = ""
    ds.BurnedInAnnotation = "NO"
    ds.RecognizableVisualFeatures = "NO" if photo.modality is Modality.DERMOSCOPIC else "YES"
    ds.AcquisitionContextSequence = []
    _anatomy(ds, record.case.body_site)
    return ds


def _anatomy(ds: Dataset, body_site: str) -> None:
    from pydicom.dataset import Dataset

    site = parse_body_site(body_site)
    if site.image_laterality is not None:
        ds.ImageLaterality = site.image_laterality
    if site.code is None:
        return
    region = Dataset()
    region.CodeValue = site.code
    region.CodingSchemeDesignator = "SCT"
    region.CodeMeaning = site.meaning
    if site.laterality is not None:
        code, meaning, _ = LATERALITIES[site.laterality]
        modifier = Dataset()
        modifier.CodeValue, modifier.CodingSchemeDesignator = code, "SCT"
        modifier.CodeMeaning = meaning
        region.AnatomicRegionModifierSequence = [modifier]
    ds.AnatomicRegionSequence = [region]


def _jpeg_pixels(ds: Dataset, data: bytes) -> None:
    from pydicom.encaps import encapsulate
    from pydicom.uid import UID

    frame = read_frame(data)
    assert frame is not None
    ds.file_meta.TransferSyntaxUID = UID(JPEG_BASELINE)
    ds.Rows, ds.Columns = frame.height, frame.width
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    if frame.components == 1:
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    else:
        subsampled = frame.sampling[0] != (1, 1)
        ds.SamplesPerPixel = 3
        ds.PhotometricInterpretation = "YBR_FULL_422" if subsampled else "YBR_FULL"
        ds.PlanarConfiguration = 0
    ds.LossyImageCompression = "01"
    ds.LossyImageCompressionMethod = "ISO_10918_1"
    ds.PixelData = encapsulate([data])
    ds["PixelData"].VR = "OB"


def _native_pixels(ds: Dataset, item: PhotoFile) -> None:
    import numpy as np
    from pydicom.uid import UID

    from skinclinic.imaging.decode import load_rgb

    pixels = np.asarray(load_rgb(item.data, name=item.photo.original_name), dtype=np.uint8)
    ds.file_meta.TransferSyntaxUID = UID(EXPLICIT_VR_LITTLE_ENDIAN)
    ds.Rows, ds.Columns = int(pixels.shape[0]), int(pixels.shape[1])
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    lossy = item.photo.format in LOSSY_FORMATS
    ds.LossyImageCompression = "01" if lossy else "00"
    if lossy:
        ds.LossyImageCompressionMethod = _LOSSY_METHODS.get(item.photo.format, "")
    ds.PixelData = pixels.tobytes()


_LOSSY_METHODS = {"JPEG": "ISO_10918_1"}


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # a camera's local time, zone unknown: kept as written
        return moment
    return moment.astimezone(UTC)
