"""Codes the exports share: diagnosis names, local code systems and SNOMED CT where known.

Only SNOMED CT concepts checked against two independent sources are listed; a class without a
safe one-to-one concept (benign keratosis-like lesions, dermatofibroma, vascular lesions) goes
out with the local code only, never with a guessed SNOMED code.
"""

from __future__ import annotations

SNOMED = "http://snomed.info/sct"
# Local code systems: the reserved .invalid domain says plainly that nothing resolves there.
LOCAL_BASE = "http://skinclinic.invalid/fhir"
HAM10000_SYSTEM = f"{LOCAL_BASE}/CodeSystem/ham10000"
FINDINGS_SYSTEM = f"{LOCAL_BASE}/CodeSystem/lesion-findings"
PATIENT_REFERENCE_SYSTEM = f"{LOCAL_BASE}/NamingSystem/patient-reference"
PHOTO_SHA256_SYSTEM = f"{LOCAL_BASE}/NamingSystem/photo-sha256"
CASE_SYSTEM = f"{LOCAL_BASE}/NamingSystem/case"
MODEL_PACK_SYSTEM = f"{LOCAL_BASE}/NamingSystem/model-pack"
USER_SYSTEM = f"{LOCAL_BASE}/NamingSystem/user"
AUDIT_HEAD_SYSTEM = f"{LOCAL_BASE}/NamingSystem/audit-head"  # "ID:HASH" of the newest event

DIAGNOSIS_NAMES: dict[str, str] = {
    "akiec": "Actinic keratosis / Bowen's disease",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis-like lesion",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic nevus",
    "vasc": "Vascular lesion",
}

# label -> (SNOMED CT concept id, display)
DIAGNOSIS_SNOMED: dict[str, tuple[str, str]] = {
    "mel": ("93655004", "Malignant melanoma of skin"),
    "bcc": ("254701007", "Basal cell carcinoma of skin"),
    "akiec": ("201101007", "Actinic keratosis"),
    "nv": ("400010006", "Melanocytic naevus of skin"),
}

VERDICT_NAMES: dict[str, str] = {
    "confident": "Confident",
    "uncertain": "Uncertain",
    "refer": "Refer to a specialist",
}

MEANING_TEXT: dict[str, str] = {
    "review": "I have reviewed this report",
    "approval": "I approve this report",
    "responsibility": "I take responsibility for this report",
}


def diagnosis_name(label: str) -> str:
    return DIAGNOSIS_NAMES.get(label, label)
