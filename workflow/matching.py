"""Matching: rank the coordinators for one case, with the reason behind every point (DOMAIN.md §4).

Pure functions over plain values: no Flask, no database. The storage layer turns its rows into
`CoordinatorProfile`s and the intake into `CaseNeeds`; `rank` does the rest.

1. Hard filters exclude a coordinator, each with its reason: not active, absent on the start date, no
   free place, not qualified for the variant, a marked conflict of interest, not serving the case's region
   nor its municipality. Every failing filter is listed, not only the first.
2. Everyone left is scored. Each criterion gives one `Reason` (met ✓ or not ✗) carrying the points it
   adds; the score is exactly the sum of those points, so what the regiomanager reads is what was counted.
3. The order is deterministic: score (high first), then fewer active cases, then name, then id.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

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
# Which qualification each variant needs (any one of the listed ones), and how to name it in a reason.
REQUIRED_QUALIFICATIONS: dict[str, frozenset[str]] = {
    "familie": frozenset({"basis", "EK-2"}),
    "herstel": frozenset({"EK-2"}),
    "groep": frozenset({"EK-2"}),
}
_VARIANT_WORDS: dict[str, str] = {
    "familie": "EK-c",
    "herstel": "herstelconferentie",
    "groep": "groeps- of buurtconferentie",
}
_QUALIFICATION_WORDS: dict[str, str] = {
    "familie": "basistraining nodig",
    "herstel": "EK-2 nodig",
    "groep": "EK-2 nodig",
}

GENDERS: tuple[str, ...] = ("man", "vrouw")

# An absence that starts within this many days after the start date is shown (0 points) as a warning.
ABSENCE_NOTICE_DAYS = 28

OK = "✓"
NOT_OK = "✗"


# --- Values ---------------------------------------------------------------------------------------


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


# Dutch labels of the weights, in the order an admin form shows them.
WEIGHT_LABELS: dict[str, str] = {
    "municipality": "Werkt in de gemeente van de zaak",
    "region": "Werkt in de regio van de zaak",
    "language": "Spreekt een gewenste taal (per taal)",
    "language_cap": "Maximum voor talen samen",
    "gender": "Gewenst geslacht",
    "culture": "Gewenste culturele achtergrond",
    "age": "Gewenste leeftijd",
    "target_group": "Ervaring met een doelgroep van de zaak (per doelgroep)",
    "pool": "In de vaste pool van de aanmelder",
    "free_capacity": "Vrije plekken (naar aandeel vrij)",
    "urgent_free_capacity": "Extra voor vrije plekken bij spoed",
}


@dataclass(frozen=True)
class Weights:
    """Points per criterion; configurable by the admin. All non-negative; 0 switches a criterion off."""

    municipality: float = 3.0
    region: float = 2.0
    language: float = 3.0
    language_cap: float = 6.0
    gender: float = 2.0
    culture: float = 2.0
    age: float = 1.0
    target_group: float = 2.0
    pool: float = 3.0
    free_capacity: float = 2.0
    urgent_free_capacity: float = 2.0

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
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


def _check_weight(name: str, value: object) -> None:
    label = WEIGHT_LABELS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"gewicht '{label}' moet een getal zijn, niet {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"gewicht '{label}' moet een eindig getal zijn")
    if value < 0:
        raise ValueError(f"gewicht '{label}' mag niet negatief zijn ({value})")


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


# --- Ranking --------------------------------------------------------------------------------------


def rank(
    needs: CaseNeeds,
    profiles: Iterable[CoordinatorProfile],
    weights: Weights | None = None,
    *,
    today: dt.date,
) -> tuple[list[Ranked], list[Excluded]]:
    """Rank the coordinators for a case: (ranked best first, excluded by name) with reasons in Dutch.

    `today` gives the coordinators' ages; the start date (default: today) decides who is absent.
    """
    weights = weights or Weights()
    start = needs.start_date or today
    if not isinstance(profiles, list | tuple):
        profiles = list(profiles)  # read twice below
    org = needs.referrer_organisation
    pool_exists = org is not None and any(org in p.pools for p in profiles)
    criteria = _Criteria(needs, weights, today, pool_exists)
    ranked: list[Ranked] = []
    excluded: list[Excluded] = []
    for profile in profiles:
        blocking = _hard_filters(profile, needs, start)
        if blocking:
            excluded.append(Excluded(profile, tuple(blocking)))
            continue
        reasons = criteria.score(profile, start)
        ranked.append(Ranked(profile, round(sum(r.points for r in reasons), 2), reasons))
    ranked.sort(key=_ranked_key)
    excluded.sort(key=lambda e: (e.profile.name.casefold(), e.profile.name, e.profile.id))
    return ranked, excluded


def _ranked_key(r: Ranked) -> tuple:
    p = r.profile
    return (-r.score, p.active_cases, p.name.casefold(), p.name, p.id)


def _day(date: dt.date, reference: dt.date) -> str:
    return f"{date:%d-%m}" if date.year == reference.year else f"{date:%d-%m-%Y}"


def _hard_filters(p: CoordinatorProfile, needs: CaseNeeds, start: dt.date) -> list[Reason]:
    out: list[Reason] = []
    if not p.active:
        out.append(Reason("niet actief", 0.0, False))
    if p.absences:
        until = max((end for begin, end in p.absences if begin <= start <= end), default=None)
        if until is not None:
            out.append(Reason(f"afwezig tot {_day(until, start)}", 0.0, False))
    if p.active_cases >= p.capacity:
        out.append(Reason(f"geen plek vrij ({p.active_cases} van {p.capacity} bezet)", 0.0, False))
    if p.qualifications.isdisjoint(REQUIRED_QUALIFICATIONS[needs.variant]):
        out.append(
            Reason(
                f"niet gekwalificeerd voor {_VARIANT_WORDS[needs.variant]} ({_QUALIFICATION_WORDS[needs.variant]})",
                0.0,
                False,
            )
        )
    if needs.case_id in p.conflicts:
        out.append(Reason("belangenverstrengeling gemeld", 0.0, False))
    if (
        needs.region_id is not None
        and needs.region_id not in p.region_ids
        and (needs.municipality_id is None or needs.municipality_id not in p.municipality_ids)
    ):
        out.append(Reason("werkt niet in deze regio", 0.0, False))
    return out


def _pts(value: float) -> float:
    return float(round(value, 2))


def _age_range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} tot en met {high}" if low != high else f"{low}"
    if low is not None:
        return f"{low} of ouder"
    if high is not None:
        return f"{high} of jonger"
    return "elke leeftijd"


class _Criteria:
    """The weighted criteria for one case, prepared once and applied to every profile.

    Reasons are immutable, so the ones that do not depend on the profile are made once and shared, and
    the ones that do (age, load, background) are kept per distinct value: ranking 2,000 people then makes
    only a few hundred `Reason`s.
    """

    def __init__(self, needs: CaseNeeds, weights: Weights, today: dt.date, pool_exists: bool):
        self.needs = needs
        self.w = w = weights
        self.today = today
        # Where they work.
        place = needs.municipality_name or "de gemeente van de zaak"
        region = f"regio {needs.region_name}" if needs.region_name else "de regio"
        self.municipality = (
            (
                Reason(f"werkt in {place} {OK}", _pts(w.municipality), True),
                Reason(f"werkt niet specifiek in {place} {NOT_OK}", 0.0, False),
            )
            if needs.municipality_id is not None
            else None
        )
        self.region = (
            (
                Reason(f"werkt in {region} {OK}", _pts(w.region), True),
                Reason(f"niet ingedeeld in {region} {NOT_OK}", 0.0, False),
            )
            if needs.region_id is not None
            else None
        )
        # Wished languages in a stable order: (folded form, reason when spoken, reason when not).
        self.languages = [
            (
                key,
                label,
                Reason(f"spreekt {label} {OK}", _pts(w.language), True),
                Reason(f"spreekt geen {label} {NOT_OK}", 0.0, False),
            )
            for key, label in sorted((lang.casefold(), lang) for lang in needs.wished_languages)
        ]
        self.spoken: dict[frozenset[str], frozenset[str]] = {}
        # Gender.
        self.gender = needs.wished_gender
        if self.gender is not None:
            self.gender_yes = Reason(f"{self.gender}, zoals gewenst {OK}", _pts(w.gender), True)
            self.gender_no = {
                g: Reason(f"{g or 'geslacht onbekend'}, gewenst: {self.gender} {NOT_OK}", 0.0, False)
                for g in (*GENDERS, None)
                if g != self.gender
            }
        # Cultural background.
        wished = (needs.wished_culture or "").strip()
        self.culture = wished or None
        self.culture_key = wished.casefold()
        self.culture_reasons: dict[str | None, Reason] = {}
        # Age.
        if needs.wished_age is not None:
            self.age_low, self.age_high = needs.wished_age
            self.age_text = _age_range_text(self.age_low, self.age_high)
        self.age_reasons: dict[int | None, Reason] = {}
        # Target groups, in the order of TARGET_GROUPS.
        self.target_groups = [
            (
                group,
                Reason(f"ervaring met {group} {OK}", _pts(w.target_group), True),
                Reason(f"geen ervaring met {group} {NOT_OK}", 0.0, False),
            )
            for group in sorted(needs.target_groups, key=_target_group_order)
        ]
        # Fixed pool of the referring organisation (only when that organisation has a pool at all).
        org = needs.referrer_organisation
        self.pool = (
            (
                org,
                Reason(f"in de vaste pool van {org} {OK}", _pts(w.pool), True),
                Reason(f"niet in de vaste pool van {org} {NOT_OK}", 0.0, False),
            )
            if pool_exists
            else None
        )
        self.load_reasons: dict[tuple[int, int], tuple[Reason, ...]] = {}

    def score(self, p: CoordinatorProfile, start: dt.date) -> tuple[Reason, ...]:
        needs, w = self.needs, self.w
        out: list[Reason] = []
        if self.municipality is not None:
            out.append(self.municipality[0] if needs.municipality_id in p.municipality_ids else self.municipality[1])
        if self.region is not None:
            out.append(self.region[0] if needs.region_id in p.region_ids else self.region[1])
        # Languages: points per wished language spoken, up to the cap.
        if self.languages:
            spoken = self.spoken.get(p.languages)
            if spoken is None:
                spoken = self.spoken[p.languages] = frozenset(lang.casefold() for lang in p.languages)
            room = w.language_cap
            for key, label, yes, no in self.languages:
                if key not in spoken:
                    out.append(no)
                elif room >= w.language:
                    room -= w.language
                    out.append(yes)
                else:
                    out.append(Reason(f"spreekt {label} {OK} (maximum voor talen bereikt)", _pts(room), True))
                    room = 0.0
        # Gender.
        if self.gender is not None:
            out.append(
                self.gender_yes
                if p.gender == self.gender
                else self.gender_no.get(p.gender) or Reason(f"{p.gender}, gewenst: {self.gender} {NOT_OK}", 0.0, False)
            )
        # Cultural background.
        if self.culture is not None:
            reason = self.culture_reasons.get(p.cultural_background)
            if reason is None:
                reason = self.culture_reasons[p.cultural_background] = self._culture_reason(p.cultural_background)
            out.append(reason)
        # Age.
        if needs.wished_age is not None:
            reason = self.age_reasons.get(p.birth_year)
            if reason is None:
                reason = self.age_reasons[p.birth_year] = self._age_reason(p.birth_year)
            out.append(reason)
        # Target groups: points per group of the case they have experience with.
        for group, yes, no in self.target_groups:
            out.append(yes if group in p.target_groups else no)
        if self.pool is not None:
            out.append(self.pool[1] if self.pool[0] in p.pools else self.pool[2])
        # Free places, scaled by the share that is free; more so when the case is urgent.
        load = self.load_reasons.get((p.active_cases, p.capacity))
        if load is None:
            load = self.load_reasons[(p.active_cases, p.capacity)] = self._load_reasons(p.active_cases, p.capacity)
        out.extend(load)
        # A coming absence: no points, but the regiomanager should see it.
        if p.absences:
            horizon = start + dt.timedelta(days=ABSENCE_NOTICE_DAYS)
            for begin, end in sorted(p.absences):
                if start < begin <= horizon:
                    out.append(Reason(f"let op: afwezig van {_day(begin, start)} tot {_day(end, start)}", 0.0, False))
        return tuple(out)

    def _culture_reason(self, background: str | None) -> Reason:
        shown = (background or "").strip()
        if shown and shown.casefold() == self.culture_key:
            return Reason(f"achtergrond {shown}, zoals gewenst {OK}", _pts(self.w.culture), True)
        return Reason(f"achtergrond {shown or 'onbekend'}, gewenst: {self.culture} {NOT_OK}", 0.0, False)

    def _age_reason(self, birth_year: int | None) -> Reason:
        if birth_year is None:
            return Reason(f"leeftijd onbekend, gewenst: {self.age_text} {NOT_OK}", 0.0, False)
        age = self.today.year - birth_year
        if (self.age_low is None or age >= self.age_low) and (self.age_high is None or age <= self.age_high):
            return Reason(f"leeftijd {age}, gewenst: {self.age_text} {OK}", _pts(self.w.age), True)
        return Reason(f"leeftijd {age}, gewenst: {self.age_text} {NOT_OK}", 0.0, False)

    def _load_reasons(self, active_cases: int, capacity: int) -> tuple[Reason, ...]:
        free = capacity - active_cases
        share = free / capacity
        places = "plek" if capacity == 1 else "plekken"
        out = (Reason(f"{active_cases} van {capacity} {places} bezet", _pts(self.w.free_capacity * share), True),)
        if self.needs.urgent:
            out += (
                Reason(f"spoed: {free} van {capacity} {places} vrij", _pts(self.w.urgent_free_capacity * share), True),
            )
        return out


def _target_group_order(group: str) -> tuple[int, str]:
    return (TARGET_GROUPS.index(group) if group in TARGET_GROUPS else len(TARGET_GROUPS), group)
