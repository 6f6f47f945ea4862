"""The inputs each step of the phase table asks for. Types only: what a phase *needs* is the guards' job."""

from workflow import vocabulary as vocab
from workflow.fields import FieldSpec
from workflow.phases import OUTCOME_LABELS
from workflow.registration.schema import MEETING, step_fields

MEETING_RECORD = step_fields(MEETING)

INFORMATIEF_GESPREK = (FieldSpec("informatief_gesprek_datum", "Datum informatief gesprek", "date", not_in_future=True),)

PLAN_WITHOUT_MEETING = (
    FieldSpec("afspraken", "Plan of afspraken (wie doet wat, wanneer)", "text"),
    FieldSpec("plan_datum", "Datum van het plan", "date", not_in_future=True),
)

MEETING_PLAN = (
    FieldSpec("datum", "Datum van de bijeenkomst", "date"),
    FieldSpec("locatie", "Locatie", "choice", choices=vocab.MEETING_LOCATIONS),
    FieldSpec("adres", "Adres of plaats", "line", max_length=200),
    FieldSpec("uitgenodigd", "Aantal uitgenodigde netwerkleden", "int", minimum=0, maximum=500),
    FieldSpec("voorwaarden", "Voorwaarden van de professional", "text"),
)

CLOSING = (
    FieldSpec("uitkomst", "Uitkomst", "choice", choices=tuple(o.value for o in OUTCOME_LABELS)),
    FieldSpec("redenen_niet_doorgaan", "Redenen van niet doorgaan", "multichoice", choices=vocab.REASONS_NOT_HELD),
    FieldSpec("toelichting_niet_doorgaan", "Toelichting", "text", max_length=2000),
    FieldSpec(
        "follow_up_uitkomst",
        "Follow-up gesprek met de hoofdpersoon",
        "choice",
        choices=(*vocab.FOLLOW_UP_OUTCOMES, "onbereikbaar"),
    ),
    FieldSpec("follow_up_datum", "Datum follow-up gesprek", "date", not_in_future=True),
    FieldSpec("follow_up_toelichting", "Toelichting follow-up", "text", max_length=2000),
)
