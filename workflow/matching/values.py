"""The values matching works with: the lists a profile and a case choose from, a coordinator's profile, a
case's needs, and the reasons and results the ranking hands back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from workflow.vocabulary import VARIANTS

# Experience with target groups (doelgroepen) a coordinator can have and a case can need.
TARGET_GROUPS: tuple[str, ...] = (
    "Jeugdbescherming",
    "Psychiatrie",
    "Detentie",
    "Schulden",
    "Licht verstandelijke beperking",
    "Huiselijk geweld",
    "Verslaving",
)

# Qualifications: the basic training, and EK-2 for herstel-, groeps- and buurtconferenties.
QUALIFICATIONS: tuple[str, ...] = ("basis", "EK-2")
# Which qualification each variant needs (any one of the listed ones).
REQUIRED_QUALIFICATIONS: dict[str, frozenset[str]] = {
    "familie": frozenset({"basis", "EK-2"}),
    "herstel": frozenset({"EK-2"}),
    "groep": frozenset({"EK-2"}),
}

GENDERS: tuple[str, ...] = ("man", "vrouw")

OK = "✓"
NOT_OK = "✗"


def _frozen(value: Iterable | None) -> frozenset:
    if isinstance(value, frozenset):
        return value
    return frozenset(value or ())


@dataclass(frozen=True)
class CoordinatorProfile:
    """What matching knows about one coordinator. Collections may be passed as lists; they are frozen."""

    id: int
    name: str
    gender: str | None = None  # 'man', 'vrouw' or None (unknown)
    birth_year: int | None = None
    languages: frozenset[str] = frozenset()
    cultural_background: str | None = None
    region_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()  # served specifically; may be empty
    qualifications: frozenset[str] = frozenset()  # 'basis', 'EK-2'
    target_groups: frozenset[str] = frozenset()  # from TARGET_GROUPS
    capacity: int = 3  # active cases allowed
    active_cases: int = 0
    absences: tuple[tuple[dt.date, dt.date], ...] = ()  # (from, to), both days included
    pools: frozenset[str] = frozenset()  # referring organisations whose fixed pool they are in
    conflicts: frozenset[int] = frozenset()  # case ids with a marked conflict of interest
    withdrawn_from: frozenset[int] = frozenset()  # case ids this coordinator was withdrawn from
    active: bool = True

    def __post_init__(self) -> None:
        for name in (
            "languages",
            "region_ids",
            "municipality_ids",
            "qualifications",
            "target_groups",
            "pools",
            "conflicts",
            "withdrawn_from",
        ):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, _frozen(value))
        if not isinstance(self.absences, tuple) or not all(isinstance(a, tuple) for a in self.absences):
            object.__setattr__(self, "absences", tuple(tuple(a) for a in self.absences))


@dataclass(frozen=True)
class CaseNeeds:
    """What the case needs and what the family wished at intake."""

    case_id: int
    variant: str = "familie"  # one of VARIANTS
    region_id: int | None = None
    municipality_id: int | None = None
    municipality_name: str | None = None
    target_groups: frozenset[str] = frozenset()
    urgent: bool = False
    wished_gender: str | None = None
    wished_languages: frozenset[str] = frozenset()
    wished_culture: str | None = None
    wished_age: tuple[int | None, int | None] | None = None  # (min, max), both included; either may be None
    referrer_organisation: str | None = None
    start_date: dt.date | None = None  # the coordinator must be available on this day
    region_name: str | None = None

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"onbekende variant: {self.variant!r}")
        if self.wished_gender is not None and self.wished_gender not in GENDERS:
            raise ValueError(f"onbekend gewenst geslacht: {self.wished_gender!r}")
        if self.wished_age is not None:
            low, high = self.wished_age
            if low is not None and high is not None and low > high:
                raise ValueError(f"gewenste leeftijd: {low} is hoger dan {high}")
        for name in ("target_groups", "wished_languages"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, _frozen(value))


@dataclass(frozen=True)
class Reason:
    """One line of the explanation: what was checked, the points it gave, and whether it was met."""

    text: str
    points: float = 0.0
    ok: bool = True


@dataclass(frozen=True)
class Ranked:
    profile: CoordinatorProfile
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Excluded:
    profile: CoordinatorProfile
    reasons: tuple[Reason, ...]


def points(value: float) -> float:
    """Points as a reason shows them: two decimals, so the score is exactly the sum of what is shown."""
    return float(round(value, 2))


def short_date(date: dt.date, reference: dt.date) -> str:
    """'dd-mm', with the year only when it differs from the reference date's."""
    return f"{date:%d-%m}" if date.year == reference.year else f"{date:%d-%m-%Y}"
