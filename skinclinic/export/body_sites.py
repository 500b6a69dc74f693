"""Free-text body sites ("left forearm") to a SNOMED CT region and a laterality.

Codes are those of DICOM CID 4031 (Common Anatomic Regions), as pydicom's `codes.SCT` spells
them (tests/export checks the table against it). A site that matches nothing is exported as
text only, with no code: a wrong anatomic code is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# phrase -> (SNOMED CT code, meaning); longest phrase wins, so "lower leg" beats "leg".
REGIONS: dict[str, tuple[str, str]] = {
    "abdomen": ("818981001", "Abdomen"),
    "arm": ("53120007", "Upper limb"),
    "axilla": ("91470000", "Axilla"),
    "back": ("77568009", "Back"),
    "breast": ("76752008", "Breast"),
    "buttock": ("46862004", "Buttock"),
    "cheek": ("60819002", "Cheek"),
    "chest": ("816094009", "Chest"),
    "ear": ("117590005", "Ear"),
    "eyelid": ("80243003", "Eyelid"),
    "face": ("89545001", "Face"),
    "finger": ("7569003", "Finger"),
    "foot": ("56459004", "Foot"),
    "forearm": ("14975008", "Forearm"),
    "hand": ("85562004", "Hand"),
    "head": ("69536005", "Head"),
    "hip": ("29836001", "Hip"),
    "knee": ("72696002", "Knee"),
    "leg": ("61685007", "Lower limb"),
    "lip": ("48477009", "Lip"),
    "lower leg": ("30021000", "Lower leg"),
    "lower limb": ("61685007", "Lower limb"),
    "neck": ("45048000", "Neck"),
    "nose": ("45206002", "Nose"),
    "scalp": ("41695006", "Scalp"),
    "shin": ("30021000", "Lower leg"),
    "shoulder": ("16982005", "Shoulder"),
    "thigh": ("68367000", "Thigh"),
    "thorax": ("816094009", "Chest"),
    "toe": ("29707007", "Toe"),
    "trunk": ("22943007", "Trunk"),
    "upper arm": ("40983000", "Upper arm"),
    "upper back": ("77568009", "Back"),
    "lower back": ("77568009", "Back"),
    "upper limb": ("53120007", "Upper limb"),
}
_PLURALS = {"arms": "arm", "legs": "leg", "hands": "hand", "feet": "foot", "ears": "ear"}

# laterality -> (SNOMED CT code, meaning, DICOM Image Laterality)
LATERALITIES: dict[str, tuple[str, str, str]] = {
    "left": ("7771000", "Left", "L"),
    "right": ("24028007", "Right", "R"),
    "bilateral": ("51440002", "Bilateral", "B"),
}
# Midline regions: DICOM's Image Laterality says "U" (unpaired) for them rather than nothing.
UNPAIRED = frozenset({"818981001", "77568009", "816094009", "89545001", "69536005", "45048000",
                      "45206002", "41695006", "22943007", "48477009"})  # fmt: skip
LATERALITY_ATTRIBUTE = "272741003"  # SNOMED CT |Laterality (attribute)|
_LATERALITY_WORDS = {"left": "left", "l": "left", "right": "right", "r": "right"}
_LATERALITY_WORDS |= {"bilateral": "bilateral", "both": "bilateral"}


@dataclass(frozen=True)
class BodySite:
    text: str  # what staff typed, always kept
    code: str | None  # SNOMED CT region, None when unknown
    meaning: str | None
    laterality: str | None  # "left" | "right" | "bilateral" | None

    @property
    def image_laterality(self) -> str | None:
        """DICOM (0020,0062): L/R/B from the text, U for a midline region, else unknown."""
        if self.laterality is not None:
            return LATERALITIES[self.laterality][2]
        return "U" if self.code in UNPAIRED else None

    @property
    def snomed_expression(self) -> str | None:
        """The region refined by its side as a SNOMED CT post-coordinated expression."""
        if self.code is None or self.laterality is None:
            return None
        return f"{self.code}:{LATERALITY_ATTRIBUTE}={LATERALITIES[self.laterality][0]}"

    @property
    def note(self) -> str | None:
        if self.code is None:
            return f"body site {self.text!r} has no SNOMED CT code in SkinClinic's table"
        return None


def parse_body_site(text: str) -> BodySite:
    words = [_PLURALS.get(w, w) for w in re.findall(r"[a-z]+", text.lower())]
    laterality = next((_LATERALITY_WORDS[w] for w in words if w in _LATERALITY_WORDS), None)
    words = [w for w in words if w not in _LATERALITY_WORDS]
    best: tuple[str, str] | None = None
    best_len = 0
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in REGIONS and size > best_len:
                best, best_len = REGIONS[phrase], size
    if best is None:
        return BodySite(text, None, None, laterality)
    return BodySite(text, best[0], best[1], laterality)
