"""One `transitions` Machine built from the phase table, driven through a plain adapter over a case."""

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from transitions import EventData, Machine, MachineError

from workflow.case import CaseLike
from workflow.dates import step_date_problems
from workflow.decisions import form_problems as decision_form_problems
from workflow.effects import apply_effect, record_before_guards
from workflow.errors import GuardRefused, InvalidInput, Missing, NotPermitted, TriggerNotAllowedHere, UnknownTrigger
from workflow.fields import parse_fields
from workflow.guards import StepContext
from workflow.phases import Phase
from workflow.table import STEPS, TRIGGERS, Step, steps_for


@dataclass
class HistoryEntry:
    """One line of the case history, before storage writes it."""

    trigger: str
    from_phase: Phase
    to_phase: Phase
    reason: str


@dataclass
class CaseWorkflow:
    """The model the machine moves. A SQLModel row cannot carry the machine (pydantic refuses its
    attributes), so this adapter mirrors `state` onto `case.phase` and collects what the step caused."""

    case: CaseLike
    ctx: StepContext
    missing: list[Missing] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def state(self) -> str:
        return Phase(self.case.phase).value

    @state.setter
    def state(self, value: str) -> None:
        self.case.phase = Phase(value)

    def fire(self, trigger: str, raw_data: dict[str, Any] | None = None) -> None:
        """Take the step `trigger` with the form's data, or raise the domain error that says why not."""
        step = self._permitted_step(trigger)
        raw = raw_data or {}
        try:
            self.ctx.data = parse_fields(step.fields, raw, self.ctx.today)
        except InvalidInput as problem:
            raise self._with_gaps(step, _parsable(step, raw, self.ctx.today), problem.errors) from None
        implausible = step_date_problems(trigger, self.case, self.ctx.data, self.ctx.date_rules)
        implausible = implausible or decision_form_problems(trigger, self.case, self.ctx.data)
        if implausible:
            raise self._with_gaps(step, self.ctx.data, implausible)
        record_before_guards(trigger, self.case, self.ctx)
        try:
            taken = MACHINE.events[trigger].trigger(self)
        except MachineError:
            raise _not_here(trigger, self.case.phase) from None
        if not taken:
            raise GuardRefused(self.missing or [Missing("", "niet aan de voorwaarden voldaan")])

    def _with_gaps(self, step: Step, data: dict[str, Any], errors: dict[str, str]) -> InvalidInput:
        """A refusal of the form's values that also names what the step's guards would still miss among the
        form's own fields (and its reason), so that one round shows every fault. The form's data is written
        first, as for the guards; that changes only the unsaved case, which the refusal rolls back."""
        self.ctx.data = data
        record_before_guards(step.trigger, self.case, self.ctx)
        asked = {spec.name for spec in step.fields} | {"reden"}
        gaps = {
            m.field: m.message[:1].upper() + m.message[1:]
            for m in missing_for(step, self.case, self.ctx)
            if m.field in asked and m.field not in errors
        }
        return InvalidInput({**errors, **gaps})

    def _permitted_step(self, trigger: str) -> Step:
        if trigger not in TRIGGERS:
            raise UnknownTrigger(f"Onbekende stap '{trigger}'.")
        candidates = [s for s in steps_for(trigger) if self.case.phase in s.sources]
        if not candidates:
            raise _not_here(trigger, self.case.phase)
        step = candidates[0]
        if self.ctx.actor.role not in step.roles:
            raise NotPermitted(f"U mag de stap '{step.label}' niet zetten als {self.ctx.actor.role.label}.")
        return step


def _parsable(step: Step, raw: dict[str, Any], today: Any) -> dict[str, Any]:
    """The form's values that parse, each on its own; one that does not is None (its error is reported)."""
    data: dict[str, Any] = {}
    for spec in step.fields:
        try:
            data.update(parse_fields((spec,), raw, today))
        except InvalidInput:
            data[spec.name] = None
    return data


def missing_for(step: Step, case: CaseLike, ctx: StepContext) -> list[Missing]:
    """Everything the step's guards still miss."""
    missing = [Missing("reden", "geef een reden op")] if step.reason_required and not ctx.reason.strip() else []
    for guard in step.guards:
        missing += [m for m in guard(case, ctx) if m not in missing]
    return missing


def _route_ok(step: Step, event: EventData) -> bool:
    return step.route is None or step.route(event.model.case)


def _guards_ok(step: Step, event: EventData) -> bool:
    wf: CaseWorkflow = event.model
    wf.missing = missing_for(step, wf.case, wf.ctx)
    return not wf.missing


def _after(step: Step, event: EventData) -> None:
    wf: CaseWorkflow = event.model
    source = Phase(event.transition.source)
    note = step.note(wf.ctx) if step.note else wf.ctx.reason.strip()
    wf.history.append(HistoryEntry(step.trigger, source, step.dest, note))
    wf.events += apply_effect(step.effect, wf.case, wf.ctx, source)


def _not_here(trigger: str, phase: Phase) -> TriggerNotAllowedHere:
    label = steps_for(trigger)[0].label
    return TriggerNotAllowedHere(f"De stap '{label}' kan niet in de fase {Phase(phase).label}.")


def _transition(step: Step) -> dict[str, Any]:
    return {
        "trigger": step.trigger,
        "source": [s.value for s in step.sources],
        "dest": step.dest.value,
        "conditions": [partial(_route_ok, step), partial(_guards_ok, step)],
        "after": [partial(_after, step)],
    }


def machine_config() -> dict[str, Any]:
    """The keyword arguments of every Machine built from the table (the live one and the diagram's)."""
    return {
        "states": [p.value for p in Phase],
        "transitions": [_transition(step) for step in STEPS],
        "initial": None,
        "auto_transitions": False,  # to_<state>() would skip every guard
        "send_event": True,
    }


# One machine for all cases: models are not registered, events are fired with Event.trigger(model),
# so nothing machine-wide changes during a step and concurrent requests share it safely.
MACHINE = Machine(model=None, **machine_config())
