"""The registration record, described once: every field with its section, label, kind, limits and value list,
when closing needs it, whether it survives retention, its place in the exchange format registration-v1 and the
report figure that counts it. The step forms, the guards' and closing's "what is missing", the format's
validation and order, the retention keep-list, the API schemas and the figures' facts derive from here.

Adding a field to the meeting record is one `RecordField` in `MEETING` (and, if a table counts it, a
`CountSpec` in workflow.figures): the form asks it, the step and closing require it, the export writes it,
imports check it, and the examples used by the demo and the tests carry it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from workflow import vocabulary as vocab
from workflow.fields import FieldSpec
from workflow.phases import OUTCOMES_AFTER_MEETING, OUTCOMES_WITHOUT_CONFERENCE, Outcome

ALWAYS = frozenset(Outcome)
AFTER_MEETING = frozenset(OUTCOMES_AFTER_MEETING)
WITHOUT_CONFERENCE = frozenset(OUTCOMES_WITHOUT_CONFERENCE)
WITH_PLAN = frozenset({Outcome.PLAN, Outcome.PLAN_ZONDER_BIJEENKOMST})
YES_NO = ("ja", "nee")


@dataclass(frozen=True)
class RecordField(FieldSpec):
    """A `FieldSpec` (name, label, kind, limits, value list) plus what the record does with the field.

    - `needed_for`: the outcomes whose closing needs the field filled in (`missing` says so in Dutch);
    - `at_step`: asked on the form of the step that records the section (False: the step itself sets it);
    - `step_message`: the step refuses a form without it, saying this ("" = optional at the step);
    - `exported`: written to registration-v1 (in this order); `nullable`: null allowed there, and an absent
      optional field reads as null (or 0, [] and {} for counts, lists and count objects);
    - `exchange_range`: the range the format accepts when it is wider than the form's (historic data);
    - `report`: the report tables or figures that count it; `report_required`: a registration without it is
      not "fully registered" and leaves the report's complete base;
    - `retention`: "keep" (stays after the personal data goes), "mark" (a free text replaced by a marker, so
      "filled in" stays true) or "drop";
    - `organisation_only`: only asked (and exported) when an organisation referred the case;
    - `example`: a plausible value (the demo, the tests and the benchmarks build records from these).
    """

    needed_for: frozenset[Outcome] = frozenset()
    missing: str = ""
    at_step: bool = True
    step_message: str = ""
    exported: bool = True
    nullable: bool = False
    exchange_range: tuple[float, float] | None = None
    report: str = ""
    report_required: bool = False
    organisation_only: bool = False
    retention: str = "keep"
    example: Any = None

    @property
    def limits(self) -> tuple[float | None, float | None]:
        """The numeric range the exchange format accepts."""
        return self.exchange_range or (self.minimum, self.maximum)


# The professional's acceptance of the plan: recorded with the plan, or at the meeting when conditions apply.
ACCEPTANCE = RecordField(
    "acceptatie_professional",
    "Acceptatie van het plan door de professional",
    "choice",
    choices=vocab.PLAN_ACCEPTANCE,
    missing="plan: geef aan of de professional het plan accepteert",
    step_message="geef aan of de professional het plan accepteert",
    example="direct geaccepteerd",
)
RESULT = RecordField(
    "resultaat",
    "Resultaat van de bijeenkomst",
    "choice",
    choices=vocab.MEETING_RESULTS,
    at_step=False,
    needed_for=AFTER_MEETING,
    report="T18",
    report_required=True,
    example=vocab.MEETING_RESULTS[0],
)


# --- the meeting (one per held meeting, in the record's "bijeenkomsten") ----------------------------------

MEETING = (
    RecordField(
        "datum",
        "Datum van de bijeenkomst",
        "date",
        not_in_future=True,
        needed_for=AFTER_MEETING,
        step_message="vul de datum van de bijeenkomst in",
        report="T2 T13",
        report_required=True,
        example="2026-03-01",
    ),
    RecordField(
        "locatie",
        "Locatie",
        "choice",
        choices=vocab.MEETING_LOCATIONS,
        needed_for=AFTER_MEETING,
        step_message="kies de locatie",
        report="T12",
        report_required=True,
        example="Buurthuis of wijkcentrum",
    ),
    RecordField(
        "dagdeel",
        "Tijdstip",
        "choice",
        choices=vocab.DAYPARTS,
        needed_for=AFTER_MEETING,
        step_message="kies het tijdstip (dagdeel)",
        report="T14",
        report_required=True,
        example="Overdag",
    ),
    RecordField(
        "duur_totaal_uur",
        "Duur in totaal (uren)",
        "float",
        minimum=0.25,
        maximum=24,
        exchange_range=(0, 24),
        needed_for=AFTER_MEETING,
        step_message="vul de totale duur in",
        report="T15",
        report_required=True,
        example=4,
    ),
    RecordField(
        "duur_besloten_uur",
        "Duur besloten deel (uren)",
        "float",
        minimum=0,
        maximum=24,
        needed_for=AFTER_MEETING,
        step_message="vul de duur van het besloten deel in",
        report="T16",
        report_required=True,
        example=1.5,
    ),
    RecordField(
        "vorm",
        "Vorm",
        "choice",
        choices=vocab.MEETING_FORMS,
        needed_for=AFTER_MEETING,
        step_message="kies de vorm (fysiek, digitaal of hybride)",
        example="fysiek",
    ),
    RecordField(
        "aanwezigen",
        "Aanwezigen per categorie",
        "counts",
        choices=vocab.ATTENDEE_CATEGORIES,
        needed_for=AFTER_MEETING,
        step_message="vul de aanwezigen per categorie in",
        report="T17",
        report_required=True,
        example={"Ouders": 2, "Grootouders": 2, "Ooms/tantes": 3, "Vrienden/kennissen": 2},
    ),
    RecordField(
        "uitgenodigd_niet_aanwezig",
        "Uitgenodigd maar niet aanwezig",
        "int",
        minimum=0,
        maximum=500,
        needed_for=AFTER_MEETING,
        step_message="vul in hoeveel genodigden niet aanwezig waren",
        report="uitgenodigd_niet_aanwezig",
        example=2,
    ),
    RESULT,
    # Asked at the meeting when a professional set conditions (rules.conditions_apply); the record's plan
    # carries it in the export (registration.record.acceptance).
    replace(ACCEPTANCE, exported=False, example=None, step_message="", missing=""),
)


# --- the planned meeting (the record's "geplande_bijeenkomst", asked by the step that plans it) -----------

PLANNED_MEETING = (
    RecordField("datum", "Datum van de bijeenkomst", "date", step_message="vul de datum van de bijeenkomst in"),
    RecordField(
        "locatie",
        "Locatie",
        "choice",
        choices=vocab.MEETING_LOCATIONS,
        step_message="kies de locatie van de bijeenkomst",
        example="Buurthuis of wijkcentrum",
    ),
    RecordField("adres", "Adres of plaats", "line", max_length=200, example="Wijkcentrum De Kring"),
    RecordField(
        "uitgenodigd",
        "Aantal uitgenodigde netwerkleden",
        "int",
        minimum=0,
        maximum=500,
        step_message="nodig minstens één netwerklid uit",
        example=12,
    ),
)
# What a held meeting's form starts with: the planned meeting's values under the same names.
CARRIED_TO_MEETING = tuple(f.name for f in PLANNED_MEETING if f.name in {m.name for m in MEETING})


# --- the registration page's sections ---------------------------------------------------------------------

CASE_FIELDS = (
    RecordField(
        "achtergrondproblemen",
        "Genoemde achtergrondproblemen",
        "multichoice",
        choices=vocab.BACKGROUND_PROBLEMS,
        needed_for=ALWAYS,
        missing="kies de genoemde achtergrondproblemen",
        report="T8",
        example=["(Echt)scheiding ouders", "Overbelasting ouders"],
    ),
    RecordField(
        "achtergrondproblemen_anders",
        "Anders, namelijk",
        "line",
        max_length=200,
        exported=False,
        retention="mark",
    ),
    RecordField(
        "onderwerpen",
        "Genoemde onderwerpen voor de conferentie",
        "multichoice",
        choices=vocab.TOPICS,
        needed_for=ALWAYS,
        missing="kies de genoemde onderwerpen",
        report="T9",
        example=["Opvoeding", "Omgangsregeling"],
    ),
    RecordField(
        "onderwerpen_overige",
        "Overige onderwerpen, namelijk",
        "line",
        max_length=200,
        exported=False,
        retention="mark",
    ),
    RecordField(
        "professionele_hulp",
        "Hoe lang is er professionele hulp in het gezin?",
        "choice",
        choices=vocab.PROFESSIONAL_HELP,
        needed_for=ALWAYS,
        missing="kies hoe lang er professionele hulp is",
        report="T10",
        report_required=True,
        example="2-5 jaar",
    ),
    RecordField(
        "eerdere_ekc",
        "Er is al eerder een Eigen Kracht-conferentie aangevraagd rond deze zaak",
        "bool",
        retention="drop",  # kept as the case's column, not in the record
        report="eerdere_ekc",
    ),
)

# "Anders" chosen needs its text: (list field, the choice, the text field, the form's message).
OTHER_TEXTS = (
    (
        "achtergrondproblemen",
        "Anders",
        "achtergrondproblemen_anders",
        "Anders, namelijk: beschrijf het andere achtergrondprobleem",
    ),
    (
        "onderwerpen",
        "Overige onderwerpen",
        "onderwerpen_overige",
        "Overige onderwerpen: beschrijf het andere onderwerp",
    ),
)

PERSON_FIELDS = (
    RecordField("soort", "Minderjarig of volwassen", "choice", required=True, choices=vocab.MAIN_PERSON_KINDS),
    RecordField("geslacht", "Geslacht", "choice", choices=vocab.MINOR_GENDERS + vocab.ADULT_GENDERS, nullable=True),
    RecordField(
        "leeftijd", "Leeftijd (jaren)", "int", minimum=0, maximum=120, help="Of vul de geboortedatum in.", nullable=True
    ),
    RecordField("geboortedatum", "Geboortedatum", "date", not_in_future=True, exported=False, retention="drop"),
    RecordField("ongeboren", "Nog niet geboren", "bool"),
    RecordField("herkomst_ouders", "Herkomst ouders (minderjarige)", "multichoice", choices=vocab.PARENT_ORIGINS),
    RecordField(
        "culturele_achtergrond",
        "Culturele achtergrond (volwassene)",
        "choice",
        choices=vocab.CULTURAL_BACKGROUNDS,
        nullable=True,
    ),
    RecordField(
        "verblijfplaats",
        "Verblijfplaats",
        "choice",
        choices=tuple(dict.fromkeys(vocab.MINOR_RESIDENCES + vocab.ADULT_RESIDENCES)),
        nullable=True,
    ),
)

NETWORK_STATUSES = ("uitgenodigd", "toegezegd", "afgezegd", "aanwezig", "afwezig")
NETWORK_ROW = (
    FieldSpec("naam", "Naam", "line", max_length=120),
    FieldSpec("relatie", "Relatie", "choice", choices=vocab.ATTENDEE_CATEGORIES),
    FieldSpec("status", "Status", "choice", choices=NETWORK_STATUSES),
)
NETWORK_FIELDS = (
    FieldSpec("niet_samen", "Wie mag wie niet ontmoeten (alleen voor de coördinator)", "text", max_length=2000),
)

AGREEMENT_WHO_KINDS = ("netwerk", "professional")
# One agreement of the plan (DOMAIN.md §10): who (a network member or a professional), what, by when, and the
# evaluation moment the family set (a reminder for the coordinator, storage/reminders.py).
AGREEMENT_ROW = (
    FieldSpec("wie", "Wie", "line", max_length=120),
    FieldSpec("wie_soort", "Wie is het", "choice", choices=AGREEMENT_WHO_KINDS),
    FieldSpec("wat", "Doet wat", "line", max_length=300),
    FieldSpec("wanneer", "Uiterlijk wanneer", "date"),
    FieldSpec("evaluatie", "Evaluatiemoment", "date"),
)
# The plan's questions (yes/no on the form, booleans in the exchange format), then its two other fields.
PLAN_QUESTIONS = (
    RecordField(
        "evaluatieafspraken",
        "Er zijn afspraken om het plan te evalueren",
        "choice",
        choices=YES_NO,
        needed_for=WITH_PLAN,
        report="plan",
        example="ja",
    ),
    RecordField(
        "noodplan",
        "Er staat in wat te doen als het anders loopt (noodplan)",
        "choice",
        choices=YES_NO,
        needed_for=WITH_PLAN,
        report="plan",
        example="ja",
    ),
    RecordField(
        "vraag_professionele_hulp",
        "Het plan vraagt om professionele hulp",
        "choice",
        choices=YES_NO,
        needed_for=WITH_PLAN,
        report="plan",
        example="ja",
    ),
)
PLAN_FIELDS = (
    *PLAN_QUESTIONS,
    ACCEPTANCE,
    RecordField(
        "verblijfplaatswijzigingen",
        "Verblijfplaatswijzigingen in het plan (aantal personen per richting)",
        "counts",
        choices=vocab.RESIDENCE_CHANGE_DIRECTIONS,
    ),
)
# The plan's keys in registration-v1, in order.
PLAN_EXPORT = (ACCEPTANCE.name, *(f.name for f in PLAN_QUESTIONS), PLAN_FIELDS[-1].name)

PLAN_SENT_FIELDS = (
    FieldSpec("datum", "Datum verstuurd", "date", not_in_future=True),
    FieldSpec("aan", "Verstuurd aan (één naam per regel)", "text", max_length=4000),
)

GRADE_FIELDS = (
    RecordField(
        "cijfer_samenwerking_aanmelder",
        "Cijfer samenwerking met de aanmelder (professional)",
        "int",
        minimum=1,
        maximum=10,
        nullable=True,
        organisation_only=True,
        missing="geef een cijfer voor de samenwerking met de aanmelder",
        report="grade_aanmelder",
        example=8,
    ),
    RecordField("toelichting_samenwerking_aanmelder", "Toelichting", "text", max_length=2000, retention="mark"),
    RecordField(
        "cijfer_samenwerking_regiomanager",
        "Cijfer samenwerking met de regiomanager",
        "int",
        minimum=1,
        maximum=10,
        nullable=True,
        missing="geef een cijfer voor de samenwerking met de regiomanager",
        report="grade_regiomanager",
        example=9,
    ),
    RecordField("toelichting_samenwerking_regiomanager", "Toelichting", "text", max_length=2000, retention="mark"),
)

NOT_HELD_FIELDS = (
    RecordField(
        "redenen_niet_doorgaan",
        "Redenen van niet doorgaan",
        "multichoice",
        choices=vocab.REASONS_NOT_HELD,
        needed_for=WITHOUT_CONFERENCE,
        missing="kies de redenen van niet doorgaan",
        report="T11",
        example=["Te klein of onevenwichtig netwerk"],
    ),
    RecordField(
        "toelichting_niet_doorgaan",
        "Toelichting",
        "text",
        max_length=2000,
        retention="mark",
        example="Het netwerk bleef te klein.",
    ),
)

FOLLOW_UP = (
    RecordField("wie", "Wie belde", "choice", choices=vocab.FOLLOW_UP_CALLERS, example="coordinator"),
    RecordField("datum", "Datum follow-up gesprek", "date", not_in_future=True, example="2026-04-01"),
    RecordField("uitkomst", "Uitkomst", "choice", choices=vocab.FOLLOW_UP_OUTCOMES, example="positief"),
    RecordField("toelichting", "Toelichting", "text", max_length=4000, example=""),
)

SECTIONS: dict[str, str] = {
    "zaak": "Achtergrond en onderwerpen",
    "hoofdpersonen": "Hoofdpersonen",
    "netwerk": "Netwerk",
    "plan": "Plan",
    "plan_verstuurd": "Plan verstuurd",
    "cijfers": "Samenwerking",
    "niet_doorgaan": "Niet doorgegaan",
}

# The page's sections with their fields (the plan's agreements and the persons are rows of their own).
SECTION_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "zaak": CASE_FIELDS,
    "hoofdpersonen": PERSON_FIELDS,
    "netwerk": NETWORK_FIELDS,
    "plan": PLAN_FIELDS,
    "plan_verstuurd": PLAN_SENT_FIELDS,
    "cijfers": GRADE_FIELDS,
    "niet_doorgaan": NOT_HELD_FIELDS,
}
ROWS_OF_SECTION = {"afspraken": "plan", "netwerk": "netwerk", "hoofdpersonen": "hoofdpersonen"}


def section_of(name: str) -> str | None:
    """The registration page's section where a (missing) item is filled in; None: elsewhere (steps, intake)."""
    if name in SECTION_FIELDS:
        return name
    if name in ROWS_OF_SECTION:
        return ROWS_OF_SECTION[name]
    skipped = ("hoofdpersonen", "netwerk")  # their fields' names are a row's, not the page's
    return next(
        (s for s, fields in SECTION_FIELDS.items() if s not in skipped and name in {f.name for f in fields}), None
    )


# What of a closed case's record stays after removal besides its fields with retention "keep": the sections
# the registration reads, and the process dates the lead times read.
KEPT_SECTIONS = ("hoofdpersonen_registratie", "bijeenkomsten", "informatief_gesprek_datum", "gestart_op")
RECORD_SECTIONS = (CASE_FIELDS, NOT_HELD_FIELDS, GRADE_FIELDS)


def report_fields() -> tuple[RecordField, ...]:
    """The top-level fields of registration-v1 that a report figure counts."""
    return tuple(spec for _, spec in EXCHANGE if isinstance(spec, RecordField) and spec.report)


def report_required(fields: Sequence[RecordField]) -> tuple[RecordField, ...]:
    """The fields without which a registration is not fully registered for the report."""
    return tuple(f for f in fields if f.report_required)


def kept_record_keys() -> tuple[str, ...]:
    """The keys of a case's record that survive the removal of its personal data."""
    return tuple(dict.fromkeys(f.name for fields in RECORD_SECTIONS for f in fields if f.retention == "keep")) + (
        KEPT_SECTIONS
    )


def marked_record_texts() -> tuple[str, ...]:
    """The free texts replaced by a marker at removal (closing checks that they were filled in)."""
    return tuple(f.name for fields in RECORD_SECTIONS for f in fields if f.retention == "mark")


def step_fields(fields: Sequence[RecordField]) -> tuple[RecordField, ...]:
    """The fields a step's form asks (those the step does not set itself)."""
    return tuple(f for f in fields if f.at_step)


def exported(fields: Sequence[RecordField]) -> tuple[str, ...]:
    """The names the exchange format writes, in order."""
    return tuple(f.name for f in fields if f.exported)


def example(fields: Sequence[RecordField], **overrides: Any) -> dict[str, Any]:
    """A complete, plausible row of `fields` (the demo, the tests and the benchmarks start from these)."""
    return {f.name: f.example for f in fields if f.example is not None} | overrides


def example_meeting(**overrides: Any) -> dict[str, Any]:
    """A meeting as its step's form sends it (without the result the step sets)."""
    return example(step_fields(MEETING), **overrides)


# --- the exchange format registration-v1: the application's fields, then the record's, in the format's order

APPLICATION = (
    RecordField("ref", "Referentie", "line", required=True, max_length=40),
    RecordField("variant", "Variant", "choice", required=True, choices=vocab.VARIANTS),
    RecordField("aanmelddatum", "Aanmelddatum", "date", required=True, report_required=True),
    RecordField("afsluitdatum", "Afsluitdatum", "date", required=True, report_required=True),
    RecordField(
        "provincie",
        "Provincie",
        "choice",
        required=True,
        choices=vocab.PROVINCES,
        report="T3",
        report_required=True,
    ),
    RecordField("gemeente", "Gemeente", "line", max_length=80, nullable=True),
    RecordField(
        "type_aanmelder",
        "Type aanmelder",
        "choice",
        required=True,
        choices=vocab.REFERRER_TYPES,
        report="T4",
        report_required=True,
    ),
    RecordField(
        "type_organisatie", "Type organisatie", "choice", choices=vocab.ORGANISATION_TYPES, nullable=True, report="T5"
    ),
    RecordField("gedwongen_kader", "Gedwongen kader", "bool", report="gedwongen_kader"),
)
PHASE = RecordField("fase", "Fase", "choice", required=True, choices=vocab.PHASES_OF_REGISTRATION)
PLAN_OR_AGREEMENTS = RecordField("plan_of_afspraken", "Plan of afspraken", "bool", required=True)

# registration-v1's top level: (name, the field, or the rows/object it holds).
EXCHANGE: tuple[tuple[str, Any], ...] = (
    *((f.name, f) for f in APPLICATION),
    ("eerdere_ekc", CASE_FIELDS[-1]),
    ("hoofdpersonen", PERSON_FIELDS),
    *((f.name, f) for f in CASE_FIELDS if f.exported and f.kind != "bool"),
    ("fase", PHASE),
    ("plan_of_afspraken", PLAN_OR_AGREEMENTS),
    ("redenen_niet_doorgaan", NOT_HELD_FIELDS[0]),
    ("bijeenkomsten", MEETING),
    ("plan", PLAN_EXPORT),
    *((f.name, f) for f in GRADE_FIELDS if f.kind == "int"),
    ("follow_up", FOLLOW_UP),
)
