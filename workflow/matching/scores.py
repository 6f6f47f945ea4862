"""How each criterion of the table in criteria.py scores a coordinator for a case.

Each function here is a criterion's `prepare`: it looks at the case once and returns the `Score` that gives the
reasons for one profile, each carrying its points (or None when the case does not ask for this criterion).
Reasons are immutable, so the ones that do not depend on the profile are made once and shared, and the ones
that do (age, load, background) are kept per distinct value: ranking 2,000 people then makes only a few hundred
`Reason`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from workflow.matching.values import (
    NOT_OK,
    OK,
    TARGET_GROUPS,
    CaseNeeds,
    CoordinatorProfile,
    Reason,
    points,
    short_date,
)

if TYPE_CHECKING:
    from workflow.matching.criteria import Weights

# An absence that starts within this many days after the start date is shown (0 points) as a warning.
ABSENCE_NOTICE_DAYS = 28

Score = Callable[[CoordinatorProfile], tuple[Reason, ...]]


@dataclass(frozen=True)
class Setting:
    """What a criterion may look at besides the profile: the case, the weights, the dates and the pool."""

    needs: CaseNeeds
    weights: Weights
    today: dt.date  # gives the coordinators' ages
    start: dt.date  # the day the case needs its coordinator
    pool_exists: bool  # whether the referring organisation has a fixed pool at all


def per_value(key: Callable[[CoordinatorProfile], Hashable], reasons: Callable[[Any], tuple[Reason, ...]]) -> Score:
    """A score that depends on one value of the profile, worked out once per distinct value."""
    known: dict[Hashable, tuple[Reason, ...]] = {}

    def score(profile: CoordinatorProfile) -> tuple[Reason, ...]:
        value = key(profile)
        found = known.get(value)
        if found is None:
            found = known[value] = reasons(value)
        return found

    return score


def municipality(s: Setting) -> Score | None:
    """Works in the case's municipality (when the case has one)."""
    wanted = s.needs.municipality_id
    if wanted is None:
        return None
    place = s.needs.municipality_name or "de gemeente van de zaak"
    met = (Reason(f"werkt in {place} {OK}", points(s.weights.municipality), True),)
    missed = (Reason(f"werkt niet specifiek in {place} {NOT_OK}", 0.0, False),)
    return lambda p: met if wanted in p.municipality_ids else missed


def region(s: Setting) -> Score | None:
    """Is assigned to the case's region (when the case has one)."""
    wanted = s.needs.region_id
    if wanted is None:
        return None
    name = f"regio {s.needs.region_name}" if s.needs.region_name else "de regio"
    met = (Reason(f"werkt in {name} {OK}", points(s.weights.region), True),)
    missed = (Reason(f"niet ingedeeld in {name} {NOT_OK}", 0.0, False),)
    return lambda p: met if wanted in p.region_ids else missed


def languages(s: Setting) -> Score | None:
    """Speaks a wished language: points per language spoken, up to the cap for all languages together."""
    wished = sorted((language.casefold(), language) for language in s.needs.wished_languages)  # a stable order
    if not wished:
        return None
    each, cap = s.weights.language, s.weights.language_cap

    def reasons(spoken_languages: frozenset[str]) -> tuple[Reason, ...]:
        spoken = {language.casefold() for language in spoken_languages}
        room, out = cap, []
        for key, label in wished:
            if key not in spoken:
                out.append(Reason(f"spreekt geen {label} {NOT_OK}", 0.0, False))
            elif room >= each:
                room -= each
                out.append(Reason(f"spreekt {label} {OK}", points(each), True))
            else:
                out.append(Reason(f"spreekt {label} {OK} (maximum voor talen bereikt)", points(room), True))
                room = 0.0
        return tuple(out)

    return per_value(attrgetter("languages"), reasons)


def gender(s: Setting) -> Score | None:
    """Has the wished gender."""
    wished = s.needs.wished_gender
    if wished is None:
        return None
    met = (Reason(f"{wished}, zoals gewenst {OK}", points(s.weights.gender), True),)

    def reasons(actual: str | None) -> tuple[Reason, ...]:
        if actual == wished:
            return met
        shown = "geslacht onbekend" if actual is None else actual
        return (Reason(f"{shown}, gewenst: {wished} {NOT_OK}", 0.0, False),)

    return per_value(attrgetter("gender"), reasons)


def culture(s: Setting) -> Score | None:
    """Has the wished cultural background (compared without case)."""
    wished = (s.needs.wished_culture or "").strip()
    if not wished:
        return None
    wished_key, weight = wished.casefold(), s.weights.culture

    def reasons(background: str | None) -> tuple[Reason, ...]:
        shown = (background or "").strip()
        if shown and shown.casefold() == wished_key:
            return (Reason(f"achtergrond {shown}, zoals gewenst {OK}", points(weight), True),)
        return (Reason(f"achtergrond {shown or 'onbekend'}, gewenst: {wished} {NOT_OK}", 0.0, False),)

    return per_value(attrgetter("cultural_background"), reasons)


def age(s: Setting) -> Score | None:
    """Has an age within the wished range (both ends included)."""
    if s.needs.wished_age is None:
        return None
    low, high = s.needs.wished_age
    wished, year, weight = _age_range_text(low, high), s.today.year, s.weights.age

    def reasons(birth_year: int | None) -> tuple[Reason, ...]:
        if birth_year is None:
            return (Reason(f"leeftijd onbekend, gewenst: {wished} {NOT_OK}", 0.0, False),)
        years = year - birth_year
        if (low is None or years >= low) and (high is None or years <= high):
            return (Reason(f"leeftijd {years}, gewenst: {wished} {OK}", points(weight), True),)
        return (Reason(f"leeftijd {years}, gewenst: {wished} {NOT_OK}", 0.0, False),)

    return per_value(attrgetter("birth_year"), reasons)


def target_groups(s: Setting) -> Score | None:
    """Has experience with a target group of the case: points per group, in the order of TARGET_GROUPS."""
    groups = sorted(s.needs.target_groups, key=_target_group_order)
    if not groups:
        return None
    each = points(s.weights.target_group)
    pairs = [
        (
            group,
            Reason(f"ervaring met {group} {OK}", each, True),
            Reason(f"geen ervaring met {group} {NOT_OK}", 0.0, False),
        )
        for group in groups
    ]

    def reasons(experienced: frozenset[str]) -> tuple[Reason, ...]:
        return tuple(yes if group in experienced else no for group, yes, no in pairs)

    return per_value(attrgetter("target_groups"), reasons)


def pool(s: Setting) -> Score | None:
    """Is in the fixed pool of the referring organisation (only when that organisation has a pool at all)."""
    if not s.pool_exists:
        return None
    organisation = s.needs.referrer_organisation
    met = (Reason(f"in de vaste pool van {organisation} {OK}", points(s.weights.pool), True),)
    missed = (Reason(f"niet in de vaste pool van {organisation} {NOT_OK}", 0.0, False),)
    return lambda p: met if organisation in p.pools else missed


def free_capacity(s: Setting) -> Score:
    """Free places, scaled by the share that is free; more so when the case is urgent."""
    w, urgent = s.weights, s.needs.urgent

    def reasons(load: tuple[int, int]) -> tuple[Reason, ...]:
        active_cases, capacity = load
        free = capacity - active_cases
        share = free / capacity
        places = "plek" if capacity == 1 else "plekken"
        out = (Reason(f"{active_cases} van {capacity} {places} bezet", points(w.free_capacity * share), True),)
        if urgent:
            out += (
                Reason(f"spoed: {free} van {capacity} {places} vrij", points(w.urgent_free_capacity * share), True),
            )
        return out

    return per_value(attrgetter("active_cases", "capacity"), reasons)


def coming_absence(s: Setting) -> Score:
    """An absence starting soon after the start date: no points, but the regiomanager should see it."""
    start = s.start
    horizon = start + dt.timedelta(days=ABSENCE_NOTICE_DAYS)

    def reasons(absences: tuple[tuple[dt.date, dt.date], ...]) -> tuple[Reason, ...]:
        return tuple(
            Reason(f"let op: afwezig van {short_date(begin, start)} tot {short_date(end, start)}", 0.0, False)
            for begin, end in sorted(absences)
            if start < begin <= horizon
        )

    return per_value(attrgetter("absences"), reasons)


def _age_range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} tot en met {high}" if low != high else f"{low}"
    if low is not None:
        return f"{low} of ouder"
    if high is not None:
        return f"{high} of jonger"
    return "elke leeftijd"


def _target_group_order(group: str) -> tuple[int, str]:
    return (TARGET_GROUPS.index(group) if group in TARGET_GROUPS else len(TARGET_GROUPS), group)
