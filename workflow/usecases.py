"""Use cases: each action is one unit of work, committed whole or not at all."""

from dataclasses import dataclass
from typing import Any

from workflow import events, offer_rules
from workflow.action_forms import CO_COORDINATOR, STEP_REASON
from workflow.case import CaseLike, open_offer
from workflow.conditions import SET_BY, set_conditions
from workflow.errors import InvalidInput, Missing, NotPermitted, StaleCase, TriggerNotAllowedHere
from workflow.fields import parse_fields, parse_one
from workflow.guards import Actor, StepContext
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS, check_intake, flatten_intake
from workflow.machine import CaseWorkflow, HistoryEntry, missing_for
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork
from workflow.table import Step, steps_from


def advance(
    uow: UnitOfWork,
    case_id: int,
    trigger: str,
    actor: Actor,
    expected_version: int | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> CaseLike:
    """Take one step of the phase table on a case, with its history line, in one transaction."""
    reason = parse_one(STEP_REASON, reason) or ""
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        _check_named_coordinator(uow, case, trigger, data or {})
        ctx = StepContext(actor, uow.clock.now(), reason=reason or "", date_rules=uow.date_rules())
        workflow = CaseWorkflow(case, ctx)
        workflow.fire(trigger, data)
        for entry in workflow.history:
            uow.cases.add_history(case, actor, entry, uow.clock.now())
        uow.publish(workflow.events)
        uow.commit()
        return case


def _check_named_coordinator(uow: UnitOfWork, case: CaseLike, trigger: str, data: dict[str, Any]) -> None:
    """A step whose form names a coordinator (the co-coordinator): one that exists, is active, serves the
    case's region and was not withdrawn from it. What only the database knows, checked before the guards."""
    if trigger != "add_co_coordinator":
        return
    chosen = parse_one(CO_COORDINATOR[0], data.get("co_coordinator_id"))
    if chosen is None:
        return  # the guard names what is missing
    fine = uow.cases.coordinator_exists(chosen) and uow.cases.coordinator_serves(chosen, case.region_id)
    if not fine or chosen in uow.cases.withdrawn_coordinators(case.id):
        raise InvalidInput({"co_coordinator_id": "Co-coördinator: kies een coördinator uit de regio van de zaak."})


def ensure_version(case: CaseLike, expected_version: int | None) -> None:
    """Refuse an action prepared on an older version of the case."""
    if expected_version is not None and case.version != expected_version:
        raise StaleCase(
            "Deze zaak is intussen door iemand anders gewijzigd. Bekijk de nieuwe stand en probeer het opnieuw.",
            {"current_version": case.version, "phase": Phase(case.phase).value},
        )


@dataclass(frozen=True)
class ActionOption:
    """A step the actor could take now: ready, or what is still missing, and whether its form can supply it."""

    step: Step
    missing: list[Missing]

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def form_can_complete(self) -> bool:
        """Everything missing is asked by the step's own form (so the button opens the form)."""
        asked = {f.name for f in self.step.fields} | ({"reden"} if self.step.reason_required else set())
        return all(m.field in asked for m in self.missing)


def available_actions(case: CaseLike, actor: Actor, ctx_now) -> list[ActionOption]:
    """The steps of the table `actor` may take on `case` now, guards evaluated on what is recorded."""
    ctx = StepContext(actor, ctx_now)
    options = []
    for step in steps_from(Phase(case.phase)):
        if actor.role in step.roles and all(pick is None or pick(case) for pick in (step.route, step.applies)):
            options.append(ActionOption(step, missing_for(step, case, ctx)))
    return options


def create_application(uow: UnitOfWork, data: dict[str, Any], actor: Actor | None = None) -> CaseLike:
    """A new application (aanmelding) from the intake form, or the public page when `actor` is None."""
    ensure_may_create(actor)
    with uow:
        now = uow.clock.now()
        ctx = StepContext(actor or Actor(0, Role.REGIOMANAGER), now)
        data = flatten_intake(data)
        fields = parse_fields(INTAKE_FIELDS, data, ctx.today)
        persons = [parse_fields(MAIN_PERSON_FIELDS, p, ctx.today) for p in _person_list(data)]
        check_intake(fields, persons)
        case = uow.cases.create(fields, persons, now)
        if fields.get("voorwaarden"):
            set_conditions(case, fields["voorwaarden"], fields.get(SET_BY.name))
        uow.cases.add_history(
            case, actor, HistoryEntry("aanmelding", Phase.AANMELDING, Phase.AANMELDING, "Aanmelding ontvangen"), now
        )
        uow.publish([events.ApplicationReceived(case.id, now)])
        uow.commit()
        return case


def ensure_may_create(actor: Actor | None) -> None:
    """Who enters an application: the public (no actor) or a regiomanager; pages and API alike."""
    if actor is not None and actor.role is not Role.REGIOMANAGER:
        raise NotPermitted("Alleen een regiomanager kan een aanmelding invoeren.")


def offer_case(
    uow: UnitOfWork,
    case_id: int,
    coordinator_id: int,
    actor: Actor,
    expected_version: int | None = None,
    override_reason: Any = None,
) -> Any:
    """The regiomanager offers a new application, or a running case whose coordinator was withdrawn, to one
    coordinator: only while no other offer is open, to a coordinator matching excludes only with a reason
    (offer_rules), which the history keeps, and never to a coordinator withdrawn from this case."""
    if actor.role is not Role.REGIOMANAGER:
        raise NotPermitted("Alleen een regiomanager kan een zaak aanbieden.")
    reason = offer_rules.override_reason(override_reason)
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        phase = Phase(case.phase)
        if not may_be_offered(case):  # a phase (or a coordinator in place): 409
            raise TriggerNotAllowedHere(
                "Alleen een nieuwe aanmelding of een zaak zonder coördinator kan worden aangeboden."
            )
        if not uow.cases.coordinator_exists(coordinator_id):
            raise InvalidInput({"coordinator_id": "Kies een bestaande coördinator."})
        if coordinator_id in uow.cases.withdrawn_coordinators(case.id):
            raise InvalidInput({"coordinator_id": "Deze coördinator is uit deze zaak teruggetrokken; kies een ander."})
        previous = open_offer(case)
        if previous is not None:
            offer_rules.refuse_while_open(previous, uow.cases.coordinator_name(previous.coordinator_id))
        name = uow.cases.coordinator_name(coordinator_id)
        exclusions = uow.matching.exclusions(case, coordinator_id, uow.clock.now())
        offer_rules.check_override(name, exclusions, reason)
        offer = uow.cases.add_offer(case, coordinator_id, actor, uow.clock.now())
        uow.cases.touch(case, uow.clock.now())  # an offer changes the case: its version moves on
        uow.cases.add_history(
            case,
            actor,
            HistoryEntry("offer", phase, phase, offer_rules.offer_history_text(name, exclusions, reason)),
            uow.clock.now(),
        )
        uow.publish([events.OfferMade(case.id, coordinator_id, offer.deadline)])
        uow.commit()
        return offer


def may_be_offered(case: CaseLike) -> bool:
    """A new application, or a running case whose coordinator was withdrawn (a re-match)."""
    phase = Phase(case.phase)
    return phase is Phase.AANMELDING or (phase is not Phase.AFGESLOTEN and case.coordinator_id is None)


def save_case_needs(uow: UnitOfWork, case_id: int, actor: Actor, target_groups: list[str], urgent: bool) -> None:
    """The regiomanager records the case's target groups and urgency; its ranking uses them."""
    _only_regiomanager(actor)
    with uow:
        uow.cases.get_for(actor, case_id)  # only a case the actor may see
        uow.matching.save_case_needs(case_id, target_groups, urgent)
        uow.commit()


def mark_conflict_of_interest(uow: UnitOfWork, case_id: int, actor: Actor, coordinator_id: int, note: str) -> None:
    """The regiomanager marks a conflict of interest: the coordinator drops out of the case's ranking."""
    _only_regiomanager(actor)
    with uow:
        uow.cases.get_for(actor, case_id)
        uow.matching.mark_conflict(coordinator_id, case_id, note, uow.clock.now())
        uow.commit()


def _only_regiomanager(actor: Actor) -> None:
    if actor.role is not Role.REGIOMANAGER:
        raise NotPermitted("Alleen een regiomanager legt vast wat een zaak bij het matchen nodig heeft.")


def _person_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    persons = data.get("hoofdpersonen") or []
    if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
        raise InvalidInput({"hoofdpersonen": "Hoofdpersonen: geef een lijst van personen."})
    return persons
