"""Patient context (age, sex, body site) as a prior over the vision model's classes.

Dermatologists weigh who the patient is and where the lesion sits: a pigmented lesion on the
back of a 70-year-old is more often a keratosis or a melanoma than on a 20-year-old's thigh.
The pack's ``context.json`` holds a multinomial logistic regression fitted on the training
split's metadata (HAM10000 age, sex, localization), with each part dropped at random while
fitting so that any subset of them can be given. At run time it adds, per class,

    weight * (log p(class | given context) - log p(class | nothing given))

to the image logits divided by its own temperature; ``weight`` and the temperatures were fitted
on val. Nothing given means a zero shift, so a case without context reads exactly as before.
The recipe encodes its training rows with :meth:`ContextPrior.encode`, so training and the app
share one encoding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from skinclinic.core.domain import MAX_AGE

F64 = npt.NDArray[np.float64]

#: The app's body-site codes (and common words) in HAM10000's localization vocabulary, which
#: is coarser: the model cannot tell an upper arm from a forearm, so both are "upper extremity".
SITE_TERMS: Mapping[str, str] = {
    "scalp": "scalp",
    "face": "face",
    "ear": "ear",
    "neck": "neck",
    "chest": "chest",
    "abdomen": "abdomen",
    "back": "back",
    "upper back": "back",
    "lower back": "back",
    "trunk": "trunk",
    "arm": "upper extremity",
    "upper arm": "upper extremity",
    "forearm": "upper extremity",
    "upper extremity": "upper extremity",
    "hand": "hand",
    "genital": "genital",
    "leg": "lower extremity",
    "thigh": "lower extremity",
    "lower leg": "lower extremity",
    "lower extremity": "lower extremity",
    "foot": "foot",
    "acral": "acral",
}


@dataclass(frozen=True)
class PatientContext:
    """What is known about the patient and the lesion's site; None = not given."""

    age: int | None = None
    sex: str | None = None  # "female" or "male"
    site: str | None = None  # a term of the pack's site vocabulary (see SITE_TERMS)

    @property
    def empty(self) -> bool:
        return self.age is None and self.sex is None and self.site is None

    def to_json(self) -> dict[str, Any]:
        """The given parts only."""
        parts = (("age", self.age), ("sex", self.sex), ("site", self.site))
        return {k: v for k, v in parts if v is not None}


def site_term(body_site: str) -> str | None:
    """The HAM10000 localization for a body site as the case log stores it (a listed code, or
    typed words such as "left forearm"), or None. The longest listed phrase in it wins, so
    "lower leg" beats "leg"."""
    words = f" {' '.join(re.findall(r'[a-z]+', body_site.lower()))} "
    # "back" names the trunk only when nothing else is named: "back of the hand" is a hand.
    for phrase in sorted(SITE_TERMS, key=lambda p: (len(p), p != "back"), reverse=True):
        if f" {phrase} " in words:
            return SITE_TERMS[phrase]
    return None


def context_for(birth_year: int | None, sex: str, body_site: str, when: date) -> PatientContext:
    """The context of a case: age in years at ``when`` (the photo's date), sex, mapped site."""
    age = None
    if birth_year is not None and 0 <= when.year - birth_year <= MAX_AGE:
        age = when.year - birth_year
    return PatientContext(
        age=age,
        sex=sex if sex in ("female", "male") else None,
        site=site_term(body_site),
    )


@dataclass(frozen=True)
class ContextPrior:
    """The fitted prior: one-hot features (age bins, sexes, sites) → class log-odds."""

    age_edges: tuple[int, ...]  # lower bounds of the age bins, ascending, the first 0
    sexes: tuple[str, ...]
    sites: tuple[str, ...]
    coef: F64  # [features, classes]
    intercept: F64  # [classes]
    weight: float
    temperature: float  # for one view's logits, in place of the pack's plain temperature
    tta_temperature: float

    @property
    def n_features(self) -> int:
        return len(self.age_edges) + len(self.sexes) + len(self.sites)

    def used(self, context: PatientContext) -> PatientContext:
        """The parts of ``context`` this prior knows (a site outside its vocabulary is not)."""
        return PatientContext(
            age=context.age if context.age is not None and context.age >= 0 else None,
            sex=context.sex if context.sex in self.sexes else None,
            site=context.site if context.site in self.sites else None,
        )

    def encode(self, context: PatientContext) -> F64:
        """One-hot features; every part not given (or unknown to the prior) is all zeros."""
        x = np.zeros(self.n_features)
        known = self.used(context)
        if known.age is not None:
            x[sum(edge <= known.age for edge in self.age_edges) - 1] = 1.0
        offset = len(self.age_edges)
        if known.sex is not None:
            x[offset + self.sexes.index(known.sex)] = 1.0
        offset += len(self.sexes)
        if known.site is not None:
            x[offset + self.sites.index(known.site)] = 1.0
        return x

    def log_ratio(self, context: PatientContext) -> F64:
        """log p(class | context) - log p(class | nothing given); zeros for an empty context."""
        return _log_softmax(self.encode(context) @ self.coef + self.intercept) - _log_softmax(
            self.intercept
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "method": "multinomial logistic regression on one-hot context; logits / temperature "
            "+ weight * (log p(class | context) - log p(class | nothing given))",
            "features": {
                "age_edges": list(self.age_edges),
                "sexes": list(self.sexes),
                "sites": list(self.sites),
            },
            "coef": np.round(self.coef, 6).tolist(),
            "intercept": np.round(self.intercept, 6).tolist(),
            "weight": round(self.weight, 6),
            "temperature": round(self.temperature, 6),
            "tta_temperature": round(self.tta_temperature, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], n_classes: int) -> ContextPrior:
        """Parse and check types, shapes and ranges strictly (a damaged file is refused, never
        coerced into something that merely looks valid); ValueError says what is wrong."""
        if not isinstance(data, Mapping) or not isinstance(data.get("features"), Mapping):
            raise ValueError("it is not a JSON object with 'features'")
        features = data["features"]
        edges = tuple(
            int(_number(e, "age_edges", whole=True)) for e in _list(features, "age_edges")
        )
        if not edges or edges[0] != 0 or list(edges) != sorted(set(edges)):
            raise ValueError("age_edges must ascend from 0")
        sexes, sites = _names(features, "sexes"), _names(features, "sites")
        n_features = len(edges) + len(sexes) + len(sites)
        coef = _matrix(data.get("coef"), "coef", (n_features, n_classes))
        intercept = _matrix(data.get("intercept"), "intercept", (n_classes,))
        weight = _number(data.get("weight"), "weight")
        temperature = _number(data.get("temperature"), "temperature")
        tta_temperature = _number(data.get("tta_temperature"), "tta_temperature")
        if not 0 <= weight <= MAX_WEIGHT:
            raise ValueError(f"weight {weight} is outside 0-{MAX_WEIGHT}")
        for name, t in (("temperature", temperature), ("tta_temperature", tta_temperature)):
            if not MIN_TEMPERATURE <= t <= MAX_TEMPERATURE:
                raise ValueError(f"{name} {t} is outside {MIN_TEMPERATURE}-{MAX_TEMPERATURE}")
        return cls(edges, sexes, sites, coef, intercept, weight, temperature, tta_temperature)


# Far outside anything a fit produces, well inside what float64 softmax handles.
MAX_WEIGHT = 10.0
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.05, 20.0
MAX_COEF = 100.0


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{key} is not a list")
    return value


def _number(value: Any, name: str, *, whole: bool = False) -> float:
    """A finite JSON number (an integer where ``whole``); bools and strings are refused."""
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise ValueError(f"{name} holds {value!r}, not a{' whole' if whole else ''} number")
    if not math.isfinite(value) or abs(value) > 1e6:
        raise ValueError(f"{name} holds {value!r}, out of range")
    return int(value) if whole else float(value)


def _matrix(value: Any, name: str, shape: tuple[int, ...]) -> F64:
    """A list (of lists) of numbers with exactly ``shape``, every entry within +-MAX_COEF."""

    def check(item: Any, dims: tuple[int, ...]) -> None:
        if not dims:
            _number(item, name)
            return
        if not isinstance(item, list) or len(item) != dims[0]:
            raise ValueError(f"{name} does not have the shape {shape}")
        for sub in item:
            check(sub, dims[1:])

    check(value, shape)
    array = np.asarray(value, dtype=np.float64)
    if np.abs(array).max(initial=0.0) > MAX_COEF:
        raise ValueError(f"{name} has entries beyond +-{MAX_COEF}")
    return array


def _names(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    names = _list(data, key)
    if not all(isinstance(n, str) and n for n in names):
        raise ValueError(f"{key} must be a list of non-empty strings")
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate names in {key}")
    return tuple(names)


def _log_softmax(z: F64) -> F64:
    z = z - z.max(axis=-1, keepdims=True)
    out: F64 = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return out
