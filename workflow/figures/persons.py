"""The main persons: T6 (minors) and T7 (adults), persons counted once per case they are registered in."""
from collections.abc import Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import CountSpec, Record, adult_age_band, minor_age_band, pct

MINOR, ADULT = v.MAIN_PERSON_KINDS
DUTCH = v.PARENT_ORIGINS[0]


def _minors(record: Record) -> list[Record]:
    return [p for p in record.get("hoofdpersonen") or () if p.get("soort") == MINOR]


def _adults(record: Record) -> list[Record]:
    return [p for p in record.get("hoofdpersonen") or () if p.get("soort") == ADULT]


def origin_labels(person: Record) -> list[str]:
    """T6 parents' origin: "Beide ouders: Nederlands" when every known parent is Dutch, otherwise one row per
    other origin present (so the block can sum to more than the number of minors)."""
    origins = [o for o in person.get("herkomst_ouders") or () if o]
    if not origins:
        return []
    if all(o == DUTCH for o in origins):
        return [v.PARENT_ORIGIN_REPORT_LABELS[DUTCH]]
    return [v.PARENT_ORIGIN_REPORT_LABELS.get(o, f"Eén of beide ouders: {o}")
            for o in dict.fromkeys(origins) if o != DUTCH]


def minor_labels(record: Record) -> list[str]:
    labels: list[str] = []
    for person in _minors(record):
        labels.append(f"Geslacht: {person.get('geslacht') or 'onbekend'}")
        labels.append(f"Leeftijd: {minor_age_band(person)}")
        labels += origin_labels(person)
        if person.get("verblijfplaats"):
            labels.append(f"Verblijfplaats: {person['verblijfplaats']}")
    return labels


def adult_labels(record: Record) -> list[str]:
    labels: list[str] = []
    for person in _adults(record):
        if person.get("geslacht"):
            labels.append(f"Geslacht: {person['geslacht']}")
        labels.append(f"Leeftijd: {adult_age_band(person)}")
        if person.get("culturele_achtergrond"):
            labels.append(f"Culturele achtergrond: {person['culturele_achtergrond']}")
        if person.get("verblijfplaats"):
            labels.append(f"Verblijfplaats: {person['verblijfplaats']}")
    return labels


def _count_minors(records: Sequence[Record]) -> int:
    return sum(len(_minors(r)) for r in records)


def _count_adults(records: Sequence[Record]) -> int:
    return sum(len(_adults(r)) for r in records)


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
T6 = CountSpec("T6", "Kenmerken aangemelde minderjarigen", "Kenmerk", MINOR_ROWS, minor_labels, multi=True,
               base=_count_minors)
T7 = CountSpec("T7", "Kenmerken aangemelde volwassenen", "Kenmerk", ADULT_ROWS, adult_labels, multi=True,
               base=_count_adults)
SPECS = (T6, T7)


def person_figures(complete: Sequence[Record]) -> dict[str, Any]:
    """§2.5 text: cases with (also) minors or only adults, numbers of persons, most children in one case."""
    minors_per_case = [len(_minors(r)) for r in complete]
    with_minors = sum(1 for n in minors_per_case if n)
    return {
        "zaken_met_minderjarigen": with_minors,
        "pct_zaken_met_minderjarigen": pct(with_minors, len(complete)),
        "zaken_alleen_volwassenen": len(complete) - with_minors,
        "pct_zaken_alleen_volwassenen": pct(len(complete) - with_minors, len(complete)),
        "aantal_minderjarigen": sum(minors_per_case),
        "aantal_volwassenen": _count_adults(complete),
        "max_minderjarigen_per_zaak": max(minors_per_case, default=0),
    }
