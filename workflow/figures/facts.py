"""What the report reads of one record, read once into a flat `Facts` tuple (workflow.figures.tally turns it
into the record's tally).

A `Facts` holds the record's plain values (RECORD_KEYS, read with one C-level map), the values of its first
meeting (MEETING_KEYS, prefixed "meeting_"; None for a case closed in the activeringsfase), and, derived
once, what needs a little logic: completeness, the T1 result, the T2 dates, the main persons as hashable
tokens, the T23 follow-up cells.
"""

from collections import namedtuple
from operator import itemgetter

from workflow.figures.after_plan import cells as after_plan_cells
from workflow.figures.cases import case_result_of, follow_up_labels, is_complete
from workflow.figures.common import ACTIVERING, CONFERENTIE, Record
from workflow.figures.persons import MINOR, person_token
from workflow.registration import schema

RECORD_KEYS = ("ref", "fase", *(f.name for f in schema.report_fields()), "plan")
MEETING_KEYS = tuple(f.name for f in schema.MEETING if f.report)
NO_MEETING = (None,) * len(MEETING_KEYS)
_KIND = itemgetter(0)
# What a record's facts hold beyond its own values and its first meeting's, derived once by facts_of.
DERIVED = (
    "complete",  # fully registered (cases.record_missing(record) == [])
    "result",  # T1
    "lead",  # T2: (aanmelddatum, date of the first meeting); () when closed without one
    "persons",  # T6/T7: persons.person_token of each main person
    "n_minors",
    "follow_up",  # T23 cells "<caller row>|<outcome>"
    "after_plan",  # T24–T28 cells (group, label, weight): workflow.figures.after_plan
)
Facts = namedtuple("Facts", (*RECORD_KEYS, *DERIVED, *(f"meeting_{key}" for key in MEETING_KEYS)))
_new = tuple.__new__


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
        after_plan_cells(record),
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
