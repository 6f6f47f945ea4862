"""The weighted criteria of matching as data: the one source of the ranking, the weights and their form.

`CRITERIA` lists the criteria in the order their reasons are shown. The ranking applies them in that order
(ranking.py); the admin's weights (`Weights`, `WEIGHT_LABELS`: names, Dutch labels, defaults) are their weights
in that order, so the weights form, the stored settings, the reasons on the match page and in the API all follow
the table. To add a criterion, write its score function in scores.py and add one entry here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, make_dataclass

from workflow.matching import scores as s


@dataclass(frozen=True)
class Weight:
    """A number the admin can set: its name (as stored), its Dutch label on the weights form, and its default."""

    name: str
    label: str
    default: float


@dataclass(frozen=True)
class Criterion:
    """One entry: its name, the weights it uses, and `prepare`, which looks at a case once and returns how to
    score a profile for it (or None when the case does not ask for this criterion)."""

    name: str
    weights: tuple[Weight, ...]
    prepare: Callable[[s.Setting], s.Score | None]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("municipality", (Weight("municipality", "Werkt in de gemeente van de zaak", 3.0),), s.municipality),
    Criterion("region", (Weight("region", "Werkt in de regio van de zaak", 2.0),), s.region),
    Criterion(
        "language",
        (
            Weight("language", "Spreekt een gewenste taal (per taal)", 3.0),
            Weight("language_cap", "Maximum voor talen samen", 6.0),
        ),
        s.languages,
    ),
    Criterion("gender", (Weight("gender", "Gewenst geslacht", 2.0),), s.gender),
    Criterion("culture", (Weight("culture", "Gewenste culturele achtergrond", 2.0),), s.culture),
    Criterion("age", (Weight("age", "Gewenste leeftijd", 1.0),), s.age),
    Criterion(
        "target_group",
        (Weight("target_group", "Ervaring met een doelgroep van de zaak (per doelgroep)", 2.0),),
        s.target_groups,
    ),
    Criterion("pool", (Weight("pool", "In de vaste pool van de aanmelder", 3.0),), s.pool),
    Criterion(
        "free_capacity",
        (
            Weight("free_capacity", "Vrije plekken (naar aandeel vrij)", 2.0),
            Weight("urgent_free_capacity", "Extra voor vrije plekken bij spoed", 2.0),
        ),
        s.free_capacity,
    ),
    Criterion("coming_absence", (), s.coming_absence),  # a warning only: no points, nothing to weigh
)

WEIGHTS: tuple[Weight, ...] = tuple(w for criterion in CRITERIA for w in criterion.weights)
# Dutch labels of the weights, in the order the admin's form shows them.
WEIGHT_LABELS: dict[str, str] = {w.name: w.label for w in WEIGHTS}


class _WeightsMethods:
    """What `Weights` adds to its fields: the checks, and conversion from and to stored settings."""

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_weight(f.name, getattr(self, f.name))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Weights:
        """Weights from stored or submitted settings; missing keys keep their default."""
        if not isinstance(data, Mapping):
            raise ValueError("gewichten moeten een tabel van naam naar getal zijn")
        unknown = sorted(str(key) for key in data if key not in WEIGHT_LABELS)
        if unknown:
            raise ValueError(f"onbekend gewicht: {', '.join(unknown)}")
        for key, value in data.items():
            _check_weight(key, value)
        return cls(**{key: float(value) for key, value in data.items()})

    def to_dict(self) -> dict[str, float]:
        """The weights by name, in the table's order, as stored."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


# Points per weight, configurable by the admin; all non-negative, 0 switches a criterion off. A frozen
# dataclass with one field per weight of the table (`weights.language`, `Weights(gender=5)`), so a new
# criterion's weight needs no second place to be declared.
Weights = make_dataclass(
    "Weights",
    [(w.name, float, field(default=w.default)) for w in WEIGHTS],
    bases=(_WeightsMethods,),
    frozen=True,
    namespace={"__module__": __name__, "__doc__": "Points per weight of the criteria table, set by the admin."},
)


def _check_weight(name: str, value: object) -> None:
    label = WEIGHT_LABELS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"gewicht '{label}' moet een getal zijn, niet {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"gewicht '{label}' moet een eindig getal zijn")
    if value < 0:
        raise ValueError(f"gewicht '{label}' mag niet negatief zijn ({value})")
