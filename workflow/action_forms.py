"""The inputs each step of the phase table asks for. Types only: what a phase *needs* is the guards' job."""

from workflow import vocabulary as vocab
from workflow.conditions import SET_BY, conditions_field
from workflow.fields import MAX_TEXT, FieldSpec
from workflow.phases import OUTCOME_LABELS
from workflow.registration.schema import MEETING, NOT_HELD_FIELDS, PLANNED_MEETING, step_fields

MEETING_RECORD = step_fields(MEETING)

# The reason written with a step (required by the steps that say so, see table.py): page and API alike.
STEP_REASON = FieldSpec("reden", "Reden", "text", max_length=MAX_TEXT)

INFORMATIEF_GESPREK = (FieldSpec("informatief_gesprek_datum", "Datum informatief gesprek", "date", not_in_future=True),)

PLAN_WITHOUT_MEETING = (
    FieldSpec("afspraken", "Plan of afspraken (wie doet wat, wanneer)", "text"),
    FieldSpec("plan_datum", "Datum van het plan", "date", not_in_future=True),
)

MEETING_PLAN = (
    *PLANNED_MEETING,
    conditions_field(MAX_TEXT),
    SET_BY,
)

CLOSING = (
    FieldSpec("uitkomst", "Uitkomst", "choice", choices=tuple(o.value for o in OUTCOME_LABELS)),
    *NOT_HELD_FIELDS,  # closing without a conference may give the reasons on its own form
    FieldSpec(
        "follow_up_uitkomst",
        "Follow-up gesprek met de hoofdpersoon",
        "choice",
        choices=(*vocab.FOLLOW_UP_OUTCOMES, "onbereikbaar"),
    ),
    FieldSpec("follow_up_datum", "Datum follow-up gesprek", "date", not_in_future=True),
    FieldSpec("follow_up_toelichting", "Toelichting follow-up", "text", max_length=2000),
    # The three-month check may be closed as "nobody reachable" here, with the (last) attempt.
    FieldSpec("drie_maanden_onbereikbaar", "Driemaandencontact: niemand bereikbaar", "bool"),
    FieldSpec(
        "drie_maanden_poging",
        "Datum van de laatste poging",
        "date",
        not_in_future=True,
        help="Leeg: vandaag.",
    ),
)

# The second coordinator of a herstel or groep conference (the page offers the region's coordinators).
CO_COORDINATOR = (FieldSpec("co_coordinator_id", "Co-coördinator", "int", minimum=1, maximum=2**31 - 1),)

# The professional's decision on the latest plan (DOMAIN.md §10); the step's reason is the decision's reason.
ANSWER_ITEM = (
    FieldSpec("voorwaarde", "Voorwaarde (nummer, vanaf 0)", "int", required=True, minimum=0, maximum=29),
    FieldSpec("antwoord", "Antwoord van het plan", "text", max_length=2000),
)
PLAN_DECISION = (
    FieldSpec("besluit", "Besluit van de professional", "choice", choices=vocab.PLAN_DECISIONS),
    FieldSpec("besluit_door", "Naam van de professional", "line", max_length=120),
    FieldSpec("besluit_datum", "Datum van het besluit", "date", not_in_future=True),
    FieldSpec(
        "voorwaarden_antwoord", "Hoe het plan de voorwaarden beantwoordt", "items", max_length=2000, items=ANSWER_ITEM
    ),
)
