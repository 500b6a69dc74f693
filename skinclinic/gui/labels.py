"""Display names for the vision pack's label codes."""

from __future__ import annotations

# HAM10000 codes -> names; a pack with other labels shows its codes until the core hands names.
LABEL_NAMES = {
    "akiec": "Actinic keratosis / Bowen's",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic nevus",
    "vasc": "Vascular lesion",
}


def label_name(code: str) -> str:
    return LABEL_NAMES.get(code, code)
