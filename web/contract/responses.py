"""The API's answers as pydantic models. The serializers build these and dump them, so what the API sends is
what the OpenAPI document says (its component schemas are generated from these same classes)."""

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from web.contract.fields import one_of, record_model
from workflow import vocabulary as vocab
from workflow.phases import Phase
from workflow.registration.schema import (
    CASE_FIELDS,
    FOLLOW_UP,
    GRADE_FIELDS,
    MEETING,
    NOT_HELD_FIELDS,
    PERSON_FIELDS,
    PLANNED_MEETING,
)
from workflow.table import TRIGGERS

PhaseName = one_of([p.value for p in Phase])
OFFER_STATES = ("open", "accepted", "declined", "withdrawn", "expired")
REMINDER_STATES = ("open", "done", "cancelled")


class Answer(BaseModel):
    """Every answer: names as the API spells them (aliases), unknown keys refused unless a model allows them."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

    def as_json(self) -> dict[str, Any]:
        """The JSON the API sends: every field that was set, null included."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Missing(Answer):
    field: str
    message: str


class ErrorDetails(Answer):
    """What a refusal names: bad fields, what a guard misses, the current version; other keys per error."""

    model_config = ConfigDict(extra="allow")
    fields: dict[str, str] | None = None
    missing: list[Missing] | None = None
    current_version: int | None = None
    phase: str | None = None


class ErrorBody(Answer):
    code: str
    message: str = Field(description="Nederlands, voor mensen")
    details: ErrorDetails


class Error(Answer):
    """The API's error: {"error": {"code", "message", "details"}}."""

    error: ErrorBody


class CaseSummary(Answer):
    """One line of the case list (and the answer to a case created outside the caller's own scope)."""

    id: int
    ref: str
    phase: PhaseName
    phase_label: str | None = None
    version: int
    aanmelddatum: dt.date | None = None
    provincie: str | None = None
    gemeente: str | None = None
    coordinator_id: int | None = None
    co_coordinator_id: int | None = None  # a second coordinator (herstel and groep conferences)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None


class CaseList(Answer):
    cases: list[CaseSummary]


class MainPerson(Answer):
    """A main person: the registration's fields plus the personal details (name, birth date)."""

    soort: one_of(vocab.MAIN_PERSON_KINDS)
    geslacht: str | None = None
    ongeboren: bool = False
    naam: str | None = None
    geboortedatum: dt.date | None = None


class StepField(Answer):
    name: str
    label: str
    kind: str
    choices: list[str]


class Action(Answer):
    """A step the caller could take now: ready (`ok`) or with what is `missing`, and the fields its form asks."""

    trigger: one_of(list(TRIGGERS))
    label: str
    to: PhaseName
    ok: bool
    reason_required: bool = False
    missing: list[Missing]
    fields: list[StepField]


class HistoryEntry(Answer):
    at: dt.datetime | None = None
    actor: str
    actor_id: int | None = None
    trigger: str
    from_: PhaseName = Field(alias="from")
    to: PhaseName
    reason: str = ""


class Offer(Answer):
    id: int
    case_id: int
    coordinator_id: int
    state: one_of(OFFER_STATES)
    offered_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    reason: str = ""


Meeting = record_model("Meeting", MEETING, extra="allow", nummer=(int | None, Field(None, ge=1)))
PlannedMeeting = record_model("PlannedMeeting", PLANNED_MEETING, extra="allow")
PersonRegistration = record_model("PersonRegistration", PERSON_FIELDS, extra="allow")
FollowUp = record_model("FollowUp", FOLLOW_UP, extra="allow")


class Condition(Answer):
    """A condition of the professional on the plan (DOMAIN.md §10)."""

    tekst: str
    gesteld_door: str = ""


class ConditionAnswer(Answer):
    voorwaarde: int = Field(description="De voorwaarde: haar plaats in voorwaarden_lijst, vanaf 0")
    antwoord: str


class PlanDecision(Answer):
    """The professional's decision on the plan of held meeting `bijeenkomst`."""

    bijeenkomst: int
    besluit: one_of(vocab.PLAN_DECISIONS)
    reden: str = ""
    door: str
    datum: dt.date
    voorwaarden_antwoord: list[ConditionAnswer] = []


class Referrer(Answer):
    naam: str | None = None
    organisatie: str | None = None
    telefoon: str | None = None
    email: str | None = None


_RECORD = record_model("CaseRecord", (*CASE_FIELDS, *NOT_HELD_FIELDS, *GRADE_FIELDS), extra="allow")


class Case(CaseSummary, _RECORD):
    """The whole case: intake data, the registration record's fields, offers, allowed steps and history.
    Other keys of the record (the network, the plan's rows …) pass as they are."""

    model_config = ConfigDict(extra="allow")
    variant: one_of(vocab.VARIANTS) | None = None
    type_aanmelder: one_of(vocab.REFERRER_TYPES) | None = None
    type_organisatie: one_of(vocab.ORGANISATION_TYPES) | None = None
    gedwongen_kader: bool = False
    eerdere_ekc: bool | None = False
    hoofdpersonen: list[MainPerson]
    vraag: str | None = None
    zorgen: str | None = None
    voorwaarden: str | None = Field(None, description="De voorwaarden als één tekst, één per regel (oude lezers)")
    voorwaarden_lijst: list[Condition] = []
    besluiten: list[PlanDecision] | None = None
    aanmelder: Referrer
    wensen_coordinator: dict[str, str]
    bijeenkomsten: list[Meeting]
    geplande_bijeenkomst: PlannedMeeting | None = None
    hoofdpersonen_registratie: list[PersonRegistration] | None = None
    follow_up: list[FollowUp] | None = None
    informatief_gesprek_datum: dt.date | None = None
    gestart_op: dt.datetime | None = None
    plan: dict[str, Any] | None = None
    uitkomst: str | None = None
    afgesloten_vanuit: PhaseName | None = None
    persoonsgegevens_verwijderd_op: dt.datetime | None = None
    offers: list[Offer]
    allowed_triggers: list[Action]
    history: list[HistoryEntry]


class Reason(Answer):
    text: str
    ok: bool
    points: float


class Needs(Answer):
    """What the case asks of a coordinator, as the ranking read it."""

    variant: str
    region_id: int | None = None
    municipality_id: int | None = None
    target_groups: list[str]
    urgent: bool
    wished_gender: str | None = None
    wished_languages: list[str]
    wished_culture: str | None = None
    wished_age: list[int | None] | None = None


class RankedCoordinator(Answer):
    position: int = Field(ge=1)
    coordinator_id: int
    name: str
    score: float
    active_cases: int
    capacity: int
    reasons: list[Reason]


class ExcludedCoordinator(Answer):
    coordinator_id: int
    name: str
    reasons: list[Reason]


class Matches(Answer):
    """Coordinators ranked for a case (best first), and the excluded ones with why."""

    case_id: int
    version: int
    needs: Needs
    matches: list[RankedCoordinator]
    excluded: list[ExcludedCoordinator]


class Reminder(Answer):
    id: int
    kind: str
    label: str
    case_id: int
    case_ref: str
    due_at: dt.datetime
    state: str = Field(description="open, done of cancelled (of een andere afgeronde toestand)")
    result: dict[str, Any]


class Reminders(Answer):
    reminders: list[Reminder]


class LineError(Answer):
    line: int
    field: str
    message: str


class RegistrationImport(Answer):
    """What an import did: counts, and every bad line with its field."""

    created: int
    updated: int
    unchanged: int
    skipped_lines: int = 0
    errors: list[LineError]


class ReportFilters(Answer):
    year: int | None = None
    provincies: list[str] | None = None
    gemeenten: list[str] | None = None
    type_organisatie: str | None = None
    variant: str | None = None


class ReportTable(Answer):
    """One table (T1–T23): title, base, columns, rows with counts and percentages (one decimal), total."""

    model_config = ConfigDict(extra="allow")
    title: str


class YearlyReport(Answer):
    """The yearly figures, as `kring report --format json`."""

    model_config = ConfigDict(extra="allow")
    year: int | None
    filters: ReportFilters
    tables: dict[str, ReportTable | None]
    figures: dict[str, Any]


RESPONSE_MODELS: tuple[type[BaseModel], ...] = (
    Error,
    CaseSummary,
    CaseList,
    Case,
    Offer,
    Matches,
    Reminders,
    RegistrationImport,
    YearlyReport,
)
