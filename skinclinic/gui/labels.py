"""Display names for codes the core stores (diagnosis labels, case statuses, roles, verdicts),
in the app's language. The tables hold the English source for lupdate; lookups translate."""

from __future__ import annotations

from datetime import datetime

from skinclinic.gui.i18n_qt import QT_TRANSLATE_NOOP, translate

# HAM10000 codes -> names; a pack with other labels shows its codes until the core hands names.
LABEL_NAMES = {
    "akiec": QT_TRANSLATE_NOOP("Labels", "Actinic keratosis / Bowen's"),
    "bcc": QT_TRANSLATE_NOOP("Labels", "Basal cell carcinoma"),
    "bkl": QT_TRANSLATE_NOOP("Labels", "Benign keratosis"),
    "df": QT_TRANSLATE_NOOP("Labels", "Dermatofibroma"),
    "mel": QT_TRANSLATE_NOOP("Labels", "Melanoma"),
    "nv": QT_TRANSLATE_NOOP("Labels", "Melanocytic nevus"),
    "vasc": QT_TRANSLATE_NOOP("Labels", "Vascular lesion"),
}
STATUS_NAMES = {
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "analyzed": QT_TRANSLATE_NOOP("Labels", "Analyzed"),
    "drafted": QT_TRANSLATE_NOOP("Labels", "Drafted"),
    "signed": QT_TRANSLATE_NOOP("Labels", "Signed"),
    "amended": QT_TRANSLATE_NOOP("Labels", "Amended"),
}
ROLE_NAMES = {
    "staff": QT_TRANSLATE_NOOP("Labels", "staff"),
    "doctor": QT_TRANSLATE_NOOP("Labels", "doctor"),
    "admin": QT_TRANSLATE_NOOP("Labels", "admin"),
}


def label_name(code: str) -> str:
    return translate("Labels", LABEL_NAMES[code]) if code in LABEL_NAMES else code


def label_names() -> dict[str, str]:
    return {code: label_name(code) for code in LABEL_NAMES}


def status_name(status: str) -> str:
    return translate("Labels", STATUS_NAMES[status]) if status in STATUS_NAMES else status.title()


def role_name(role: str) -> str:
    return translate("Labels", ROLE_NAMES[role]) if role in ROLE_NAMES else role


BODY_SITE_NAMES = {
    "scalp": QT_TRANSLATE_NOOP("Labels", "scalp"),
    "face": QT_TRANSLATE_NOOP("Labels", "face"),
    "ear": QT_TRANSLATE_NOOP("Labels", "ear"),
    "neck": QT_TRANSLATE_NOOP("Labels", "neck"),
    "chest": QT_TRANSLATE_NOOP("Labels", "chest"),
    "abdomen": QT_TRANSLATE_NOOP("Labels", "abdomen"),
    "upper back": QT_TRANSLATE_NOOP("Labels", "upper back"),
    "lower back": QT_TRANSLATE_NOOP("Labels", "lower back"),
    "upper arm": QT_TRANSLATE_NOOP("Labels", "upper arm"),
    "forearm": QT_TRANSLATE_NOOP("Labels", "forearm"),
    "hand": QT_TRANSLATE_NOOP("Labels", "hand"),
    "genital": QT_TRANSLATE_NOOP("Labels", "genital"),
    "thigh": QT_TRANSLATE_NOOP("Labels", "thigh"),
    "lower leg": QT_TRANSLATE_NOOP("Labels", "lower leg"),
    "foot": QT_TRANSLATE_NOOP("Labels", "foot"),
    "acral": QT_TRANSLATE_NOOP("Labels", "acral"),
    "other": QT_TRANSLATE_NOOP("Labels", "other"),
    "unspecified": QT_TRANSLATE_NOOP("Labels", "unspecified"),
    # the coarser terms of the vision model's patient-context prior (HAM10000 localization)
    "back": QT_TRANSLATE_NOOP("Labels", "back"),
    "trunk": QT_TRANSLATE_NOOP("Labels", "trunk"),
    "upper extremity": QT_TRANSLATE_NOOP("Labels", "upper extremity"),
    "lower extremity": QT_TRANSLATE_NOOP("Labels", "lower extremity"),
}
SEX_NAMES = {
    "unknown": QT_TRANSLATE_NOOP("Labels", "not given"),
    "female": QT_TRANSLATE_NOOP("Labels", "female"),
    "male": QT_TRANSLATE_NOOP("Labels", "male"),
    "other": QT_TRANSLATE_NOOP("Labels", "other"),
}
COLOUR_NAMES = {
    "white": QT_TRANSLATE_NOOP("Labels", "white"),
    "red": QT_TRANSLATE_NOOP("Labels", "red"),
    "light brown": QT_TRANSLATE_NOOP("Labels", "light brown"),
    "dark brown": QT_TRANSLATE_NOOP("Labels", "dark brown"),
    "blue-grey": QT_TRANSLATE_NOOP("Labels", "blue-grey"),
    "black": QT_TRANSLATE_NOOP("Labels", "black"),
}


def body_site_name(site: str) -> str:
    """Stored sites are English words (the case log is language-neutral); typed ones stay."""
    key = site.strip().lower()
    return translate("Labels", BODY_SITE_NAMES[key]) if key in BODY_SITE_NAMES else site


def fitzpatrick_name(skin_type: int) -> str:
    """Fitzpatrick skin type 1-6 as its Roman numeral, as clinicians write it."""
    return ("I", "II", "III", "IV", "V", "VI")[skin_type - 1]


def sex_name(sex: str) -> str:
    return translate("Labels", SEX_NAMES[sex]) if sex in SEX_NAMES else sex


def colour_name(colour: object) -> str:
    key = str(colour)
    return translate("Labels", COLOUR_NAMES[key]) if key in COLOUR_NAMES else key


MEANING_NAMES = {
    "approval": QT_TRANSLATE_NOOP("Labels", "approval"),
    "review": QT_TRANSLATE_NOOP("Labels", "review"),
    "responsibility": QT_TRANSLATE_NOOP("Labels", "responsibility"),
}


def meaning_name(meaning: str) -> str:
    return translate("Labels", MEANING_NAMES[meaning]) if meaning in MEANING_NAMES else meaning


def local_minute(moment: datetime) -> str:
    """A stored (UTC) time as this computer's local time, to the minute: 2026-11-23 21:15."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
