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
from collections.abc import Mapping, Sequence
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
        return {k: v for k, v in (("age", self.age), ("sex", self.sex), ("site", self.site)) if v}


def site_term(body_site: str) -> str | None:
    """The HAM10000 localization for a body site as the case log stores it (a listed code, or
    typed words such as "left forearm"), or None. The longest listed phrase in it wins, so
    "lower leg" beats "leg"."""
    words = f" {' '.join(re.findall(r'[a-z]+', body_site.lower()))} "
    for phrase in sorted(SITE_TERMS, key=len, reverse=True):
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
        """Parse and check shapes and ranges; ValueError says what is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError("it is not a JSON object")
        features = data["features"]
        edges = tuple(int(e) for e in features["age_edges"])
        if not edges or edges[0] != 0 or list(edges) != sorted(set(edges)):
            raise ValueError("age_edges must ascend from 0")
        prior = cls(
            age_edges=edges,
            sexes=_names(features["sexes"]),
            sites=_names(features["sites"]),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            weight=float(data["weight"]),
            temperature=float(data["temperature"]),
            tta_temperature=float(data["tta_temperature"]),
        )
        if prior.coef.shape != (prior.n_features, n_classes):
            raise ValueError(f"coef is {prior.coef.shape}, not ({prior.n_features}, {n_classes})")
        if prior.intercept.shape != (n_classes,):
            raise ValueError(f"intercept is {prior.intercept.shape}, not ({n_classes},)")
        numbers = (prior.weight, prior.temperature, prior.tta_temperature)
        if not all(math.isfinite(v) for v in numbers) or not np.isfinite(prior.coef).all():
            raise ValueError("a number is not finite")
        if prior.weight < 0 or prior.temperature <= 0 or prior.tta_temperature <= 0:
            raise ValueError("weight must be >= 0 and temperatures > 0")
        return prior


def _names(value: Sequence[Any]) -> tuple[str, ...]:
    names = tuple(str(v) for v in value)
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate names in {list(names)}")
    return names


def _log_softmax(z: F64) -> F64:
    z = z - z.max(axis=-1, keepdims=True)
    out: F64 = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return out
