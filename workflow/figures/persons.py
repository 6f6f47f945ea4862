"""The main persons: T6 (minors) and T7 (adults), persons counted once per case they are registered in."""

from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import Record, adult_age_band, labelled, minor_age_band, pct
from workflow.figures.tables import CountSpec, Facts, Groups

MINOR, ADULT = v.MAIN_PERSON_KINDS
DUTCH = v.PARENT_ORIGINS[0]


PERSON_KEYS = (
    "soort",
    "geslacht",
    "leeftijd",
    "ongeboren",
    "verblijfplaats",
    "culturele_achtergrond",
    "herkomst_ouders",
)
_PLAIN_KEYS = PERSON_KEYS[:-1]


def person_token(person: Record) -> tuple[Any, ...]:
    """One main person as a hashable tuple of the values T6/T7 use (in PERSON_KEYS order, the parents' origins
    as a tuple): the tables derive the labels once per distinct token, not once per person."""
    origins = person.get("herkomst_ouders")
    return (*map(person.get, _PLAIN_KEYS), tuple(origins) if origins else ())


def _minor_rows(token: tuple[Any, ...]) -> list[tuple[str, int]]:
    return (
        [(label, 1) for label in minor_labels(dict(zip(PERSON_KEYS, token, strict=True)))] if token[0] == MINOR else []
    )


def _adult_rows(token: tuple[Any, ...]) -> list[tuple[str, int]]:
    return (
        [(label, 1) for label in adult_labels(dict(zip(PERSON_KEYS, token, strict=True)))] if token[0] == ADULT else []
    )


def origin_labels(person: Record) -> list[str]:
    """T6 parents' origin: "Beide ouders: Nederlands" when every known parent is Dutch, otherwise one row per
    other origin present (so the block can sum to more than the number of minors)."""
    origins = [o for o in person.get("herkomst_ouders") or () if o]
    if not origins:
        return []
    if all(o == DUTCH for o in origins):
        return [v.PARENT_ORIGIN_REPORT_LABELS[DUTCH]]
    return [
        v.PARENT_ORIGIN_REPORT_LABELS.get(o, f"Eén of beide ouders: {o}") for o in dict.fromkeys(origins) if o != DUTCH
    ]


def _label(prefix: str, value: Any) -> str:
    return labelled(prefix, value) if isinstance(value, str) else f"{prefix}: {value}"


def minor_labels(person: Record) -> list[str]:
    """The T6 rows one minor counts in."""
    labels = [_label("Geslacht", person.get("geslacht") or "onbekend"), labelled("Leeftijd", minor_age_band(person))]
    if person.get("herkomst_ouders"):
        labels += origin_labels(person)
    if person.get("verblijfplaats"):
        labels.append(_label("Verblijfplaats", person["verblijfplaats"]))
    return labels


def adult_labels(person: Record) -> list[str]:
    """The T7 rows one adult counts in."""
    labels = []
    if person.get("geslacht"):
        labels.append(_label("Geslacht", person["geslacht"]))
    labels.append(labelled("Leeftijd", adult_age_band(person)))
    if person.get("culturele_achtergrond"):
        labels.append(_label("Culturele achtergrond", person["culturele_achtergrond"]))
    if person.get("verblijfplaats"):
        labels.append(_label("Verblijfplaats", person["verblijfplaats"]))
    return labels


def _count_minors(groups: Groups) -> int:
    return groups["persons"][MINOR]


def _count_adults(groups: Groups) -> int:
    return groups["persons"][ADULT]


MINOR_ROWS = (
    *(f"Geslacht: {g}" for g in v.MINOR_GENDERS),
    *(f"Leeftijd: {a}" for a in v.MINOR_AGE_BANDS),
    *v.PARENT_ORIGIN_REPORT_LABELS.values(),
    *(f"Verblijfplaats: {p}" for p in v.MINOR_RESIDENCES),
)
ADULT_ROWS = (
    *(f"Geslacht: {g}" for g in v.ADULT_GENDERS),
    *(f"Leeftijd: {a}" for a in v.ADULT_AGE_BANDS),
    *(f"Culturele achtergrond: {c}" for c in v.CULTURAL_BACKGROUNDS),
    *(f"Verblijfplaats: {p}" for p in v.ADULT_RESIDENCES),
)
T6 = CountSpec(
    "T6",
    "Kenmerken aangemelde minderjarigen",
    "Kenmerk",
    MINOR_ROWS,
    "persons",
    _minor_rows,
    multi=True,
    base=_count_minors,
)
T7 = CountSpec(
    "T7",
    "Kenmerken aangemelde volwassenen",
    "Kenmerk",
    ADULT_ROWS,
    "persons",
    _adult_rows,
    multi=True,
    base=_count_adults,
)
SPECS = (T6, T7)


def stats(fact: Facts, member: frozenset[str]) -> Iterator[tuple[str, str, int]]:
    """What a fully registered record adds: its main persons by kind, and its number of minors."""
    if "complete" in member:
        for kind, n in Counter(map(itemgetter(0), fact.persons)).items():
            yield "persons", kind, n
        yield "minors_per_case", str(fact.n_minors), 1


def person_figures(groups: Groups) -> dict[str, Any]:
    """§2.5 text: cases with (also) minors or only adults, numbers of persons, most children in one case."""
    complete = groups["pop"]["complete"]
    minors_per_case = {int(n): cases for n, cases in groups["minors_per_case"].items() if cases}
    with_minors = sum(cases for n, cases in minors_per_case.items() if n)
    return {
        "zaken_met_minderjarigen": with_minors,
        "pct_zaken_met_minderjarigen": pct(with_minors, complete),
        "zaken_alleen_volwassenen": complete - with_minors,
        "pct_zaken_alleen_volwassenen": pct(complete - with_minors, complete),
        "aantal_minderjarigen": _count_minors(groups),
        "aantal_volwassenen": _count_adults(groups),
        "max_minderjarigen_per_zaak": max(minors_per_case, default=0),
    }
