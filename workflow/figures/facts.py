"""What the report reads of one record, read once into a flat `Facts` tuple (workflow.figures.tally turns it
into the record's tally).

A `Facts` holds the record's plain values (RECORD_KEYS, read with one C-level map), the values of its first
meeting (MEETING_KEYS, prefixed "meeting_"; None for a case closed in the activeringsfase), and, derived
once, what needs a little logic: completeness, the T1 result, the T2 dates, the main persons as hashable
tokens, the T23 follow-up cells.
"""

from operator import itemgetter
from typing import Any, NamedTuple

from workflow.figures.cases import case_result_of, follow_up_labels, is_complete
from workflow.figures.common import ACTIVERING, CONFERENTIE, Record
from workflow.figures.persons import MINOR, person_token

RECORD_KEYS = (
    "ref",
    "fase",
    "provincie",
    "type_aanmelder",
    "type_organisatie",
    "professionele_hulp",
    "achtergrondproblemen",
    "onderwerpen",
    "redenen_niet_doorgaan",
    "eerdere_ekc",
    "gedwongen_kader",
    "plan",
    "cijfer_samenwerking_aanmelder",
    "cijfer_samenwerking_regiomanager",
)
MEETING_KEYS = (
    "datum",
    "locatie",
    "dagdeel",
    "duur_totaal_uur",
    "duur_besloten_uur",
    "aanwezigen",
    "uitgenodigd_niet_aanwezig",
    "resultaat",
)
NO_MEETING = (None,) * len(MEETING_KEYS)
_KIND = itemgetter(0)


class Facts(NamedTuple):
    # the record's own values (RECORD_KEYS)
    ref: str | None
    fase: Any
    provincie: Any
    type_aanmelder: Any
    type_organisatie: Any
    professionele_hulp: Any
    achtergrondproblemen: Any
    onderwerpen: Any
    redenen_niet_doorgaan: Any
    eerdere_ekc: Any
    gedwongen_kader: Any
    plan: Any
    cijfer_samenwerking_aanmelder: Any
    cijfer_samenwerking_regiomanager: Any
    # derived once
    complete: bool  # fully registered (cases.record_missing(record) == [])
    result: str | None  # T1
    lead: tuple[Any, ...]  # T2: (aanmelddatum, date of the first meeting); () when closed without one
    persons: tuple[tuple[Any, ...], ...]  # T6/T7: persons.person_token of each main person
    n_minors: int
    follow_up: tuple[str, ...]  # T23 cells "<caller row>|<outcome>"
    # the first meeting (MEETING_KEYS)
    meeting_datum: Any
    meeting_locatie: Any
    meeting_dagdeel: Any
    meeting_duur_totaal_uur: Any
    meeting_duur_besloten_uur: Any
    meeting_aanwezigen: Any
    meeting_uitgenodigd_niet_aanwezig: Any
    meeting_resultaat: Any


_new = tuple.__new__
assert Facts._fields == (
    *RECORD_KEYS,
    "complete",
    "result",
    "lead",
    "persons",
    "n_minors",
    "follow_up",
    *(f"meeting_{key}" for key in MEETING_KEYS),
)


def facts_of(record: Record) -> Facts:
    """Everything the report counts about one record, read once."""
    get = record.get
    phase = get("fase")
    meetings = get("bijeenkomsten")
    meeting = meetings[0] if meetings else None
    held = meeting is not None and phase != ACTIVERING
    people = get("hoofdpersonen")
    persons = tuple(map(person_token, people)) if people else ()
    follow_up = get("follow_up")
    derived = (
        is_complete(record, meeting),
        case_result_of(phase, record, meeting),
        (get("aanmelddatum"), meeting.get("datum")) if held else (),
        persons,
        list(map(_KIND, persons)).count(MINOR),
        follow_up_labels(follow_up) if follow_up else (),
    )
    return _new(Facts, (*map(get, RECORD_KEYS), *derived, *(map(meeting.get, MEETING_KEYS) if held else NO_MEETING)))


def memberships(fact: Facts) -> frozenset[str]:
    """The report's bases the record belongs to: "all" (every closed case, T1), "complete" (fully registered)
    and its subsets "activering"/"conferentie" (by the phase it closed in) and "organisatie" (referred by an
    organisation)."""
    if not fact.complete:
        return _ALL
    return _COMPLETE[fact.fase, fact.type_aanmelder == "Organisatie"]


_ALL = frozenset({"all"})
_COMPLETE = {
    (phase, by_organisation): frozenset({"all", "complete", name, *(["organisatie"] * by_organisation)})
    for phase, name in ((ACTIVERING, "activering"), (CONFERENTIE, "conferentie"))
    for by_organisation in (False, True)
}
