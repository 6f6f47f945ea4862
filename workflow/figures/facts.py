"""One pass over the records: what each record contributes is read once into a flat `Facts` tuple, and every
table and figure is then counted from those compact tuples (not by re-reading the nested records).

    facts = [facts_of(r) for r in records]
    Counter(column(facts, "provincie"))        # tables.column: a C-level map over one field

A `Facts` holds the record's plain values (RECORD_KEYS, read with one C-level map), the values of its first
meeting (MEETING_KEYS, prefixed "meeting_"; None for a case closed in the activeringsfase), and, derived
once, what needs a little logic: completeness, the T1 result, the T2 dates, the main persons as hashable
tokens, the T23 follow-up cells. Buckets and labels are derived by the tables once per distinct value.
"""
from collections.abc import Iterable
from operator import itemgetter
from typing import Any, NamedTuple

from workflow.figures.cases import case_result_of, follow_up_labels, is_complete
from workflow.figures.common import ACTIVERING, CONFERENTIE, Record
from workflow.figures.persons import MINOR, person_token

RECORD_KEYS = ("ref", "fase", "provincie", "type_aanmelder", "type_organisatie", "professionele_hulp",
               "achtergrondproblemen", "onderwerpen", "redenen_niet_doorgaan", "eerdere_ekc", "gedwongen_kader",
               "plan", "cijfer_samenwerking_aanmelder", "cijfer_samenwerking_regiomanager")
MEETING_KEYS = ("datum", "locatie", "dagdeel", "duur_totaal_uur", "duur_besloten_uur", "aanwezigen",
                "uitgenodigd_niet_aanwezig", "resultaat")
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
    complete: bool                 # fully registered (cases.record_missing(record) == [])
    result: str | None             # T1
    lead: tuple[Any, ...]          # T2: (aanmelddatum, date of the first meeting); () when closed without one
    persons: tuple[tuple[Any, ...], ...]  # T6/T7: persons.person_token of each main person
    n_minors: int
    follow_up: tuple[str, ...]     # T23 cells "<caller row>|<outcome>"
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
assert Facts._fields == (*RECORD_KEYS, "complete", "result", "lead", "persons", "n_minors", "follow_up",
                         *(f"meeting_{key}" for key in MEETING_KEYS))


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
    derived = (is_complete(record, meeting), case_result_of(phase, record, meeting),
               (get("aanmelddatum"), meeting.get("datum")) if held else (), persons,
               list(map(_KIND, persons)).count(MINOR), follow_up_labels(follow_up) if follow_up else ())
    return _new(Facts, (*map(get, RECORD_KEYS), *derived, *(map(meeting.get, MEETING_KEYS) if held else NO_MEETING)))


def fact_populations(facts: Iterable[Facts]) -> dict[str, list[Facts]]:
    """The report's bases: every closed case (T1), the fully registered ones, and their subsets."""
    closed = list(facts)
    complete = [f for f in closed if f.complete]
    by_phase: dict[Any, list[Facts]] = {ACTIVERING: [], CONFERENTIE: []}
    for f in complete:
        by_phase[f.fase].append(f)
    return {
        "all": closed,
        "complete": complete,
        "activering": by_phase[ACTIVERING],
        "conferentie": by_phase[CONFERENTIE],
        "organisatie": [f for f in complete if f.type_aanmelder == "Organisatie"],
    }
