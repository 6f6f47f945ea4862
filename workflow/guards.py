"""Guards of the phase table: each returns what is still missing (empty when the step may be taken)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workflow.case import CaseLike, open_offer, record_get
from workflow.clock import local_today
from workflow.conditions import conditions_of
from workflow.dates import DateRules
from workflow.errors import Missing
from workflow.phases import Role
from workflow.registration.rules import conditions_apply, duration_problems, filled
from workflow.registration.schema import ACCEPTANCE, MEETING, PLANNED_MEETING


@dataclass(frozen=True)
class Actor:
    """Who acts: the user, their role, the regions they serve and, for a coordinator, their profile id."""

    user_id: int
    role: Role
    name: str = ""
    region_ids: frozenset[int] = frozenset()
    coordinator_id: int | None = None


@dataclass
class StepContext:
    """Everything a guard may look at besides the case: who, when, the form's data and the reason."""

    actor: Actor
    now: dt.datetime
    data: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    date_rules: DateRules = field(default_factory=DateRules)  # the bureau's setting, for plausible dates

    @property
    def today(self) -> dt.date:
        return local_today(self.now)


Guard = Callable[[CaseLike, StepContext], list[Missing]]


def offer_open_for_actor(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """An offer is open, and a coordinator can only accept an offer made to them."""
    offer = open_offer(case)
    if offer is None:
        return [Missing("aanbod", "er staat geen aanbod open; bied de zaak eerst aan een coördinator aan")]
    if ctx.actor.role is Role.COORDINATOR and offer.coordinator_id != ctx.actor.coordinator_id:
        return [Missing("aanbod", "het openstaande aanbod is niet aan u gedaan")]
    return []


def informatief_gesprek_recorded(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The date of the informatief gesprek is on record."""
    if record_get(case, "informatief_gesprek_datum"):
        return []
    return [Missing("informatief_gesprek_datum", "vul de datum van het informatief gesprek in")]


def plan_recorded(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The plan or agreements made without a meeting are on record."""
    if (record_get(case, "plan") or {}).get("afspraken"):
        return []
    return [Missing("afspraken", "leg het plan of de afspraken vast")]


def meeting_planned(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """Date, place and invited network; the professional's conditions when the framework is compulsory."""
    planned = record_get(case, "geplande_bijeenkomst") or {}
    missing = [Missing(f.name, f.step_message) for f in PLANNED_MEETING if f.step_message and not planned.get(f.name)]
    if case.compulsory_framework and not conditions_of(case):
        missing.append(Missing("voorwaarden", "leg de voorwaarden van de professional vast (gedwongen kader)"))
    return missing


def meeting_record_complete(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """The meeting in this step's form is fully described (the schema's step messages, then the rules)."""
    data = ctx.data
    missing = [Missing(f.name, f.step_message) for f in MEETING if f.step_message and not filled(data.get(f.name))]
    missing += [Missing(name, message) for name, message in duration_problems(data).items()]
    if conditions_apply(case) and not data.get(ACCEPTANCE.name):
        missing.append(Missing(ACCEPTANCE.name, ACCEPTANCE.step_message))
    return missing


def reason_given(_case: CaseLike, ctx: StepContext) -> list[Missing]:
    """A reason is written down."""
    return [] if ctx.reason.strip() else [Missing("reden", "geef een reden op")]


def personal_data_present(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The personal data has not been removed yet (a removed case cannot come back)."""
    if case.personal_data_removed_at is None:
        return []
    return [Missing("persoonsgegevens", "de persoonsgegevens zijn al verwijderd; heropenen kan niet meer")]


# --- Change of coordinator and the co-coordinator (DOMAIN.md §10) -------------------------------------

CO_COORDINATED_VARIANTS = ("herstel", "groep")  # the conferences that may have a second coordinator


def coordinator_assigned(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The case has a coordinator (the match was accepted)."""
    if case.coordinator_id is not None:
        return []
    return [Missing("coordinator", "deze zaak heeft (nog) geen coördinator")]


def coordinator_vacant(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The case's coordinator was withdrawn: a new one may take it over."""
    if case.coordinator_id is None:
        return []
    return [Missing("coordinator", "deze zaak heeft al een coördinator; trek die eerst terug")]


def co_coordination_allowed(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """Only herstel and groep conferences have a second coordinator."""
    if case.variant in CO_COORDINATED_VARIANTS:
        return []
    return [Missing("co_coordinator_id", "alleen een herstel- of groepsconferentie kan een co-coördinator hebben")]


def co_coordinator_chosen(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """A co-coordinator is chosen, none is there yet, and it is not the coordinator."""
    chosen = ctx.data.get("co_coordinator_id")
    if case.co_coordinator_id is not None:
        return [Missing("co_coordinator_id", "deze zaak heeft al een co-coördinator; verwijder die eerst")]
    if not chosen:
        return [Missing("co_coordinator_id", "kies een co-coördinator")]
    if chosen == case.coordinator_id:
        return [Missing("co_coordinator_id", "de co-coördinator is een ander dan de coördinator")]
    return []


def co_coordinator_present(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The case has a co-coordinator to remove."""
    if case.co_coordinator_id is not None:
        return []
    return [Missing("co_coordinator_id", "deze zaak heeft geen co-coördinator")]
