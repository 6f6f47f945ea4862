"""Tasks are reminders on someone's list. Completing a follow-up call records it on the case, with a mark per
agreement; a vervolgconferentie said to be needed becomes the regiomanager's task, who completes it with the
reason why not (or takes the step that starts one, storage/aftercare.py)."""

from typing import Any, Protocol

from workflow import events
from workflow import three_month_check as three_months
from workflow import vocabulary as vocab
from workflow.agreements import marks_from_fields, parse_marks
from workflow.case import CaseLike, record_append, record_get, record_set
from workflow.clock import local_today
from workflow.errors import InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_fields
from workflow.guards import Actor
from workflow.machine import HistoryEntry
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork
from workflow.registration.record import agreements
from workflow.reminder_rules import (
    DECISION_PENDING,
    FOLLOW_UP_CONFERENCE_NEEDED,
    FOLLOW_UP_KINDS,
    FOLLOW_UP_MAIN_PERSON,
    THREE_MONTH_CHECK,
)
from workflow.usecases import ensure_version

FOLLOW_UP_CALL = (
    FieldSpec("uitkomst", "Hoe gaat het met het plan?", "choice", required=True, choices=vocab.FOLLOW_UP_OUTCOMES),
    FieldSpec("toelichting", "Toelichting", "text", max_length=2000),
    FieldSpec("vervolg_nodig", "Is een vervolgconferentie nodig?", "bool"),
)
NO_CONFERENCE = (FieldSpec("reden", "Waarom geen vervolgconferentie", "text", required=True, max_length=2000),)
DECISION_TRIGGER = "vervolg_besluit"


# Tasks that end by doing their work where it is done, never by "Afgehandeld".
DONE_ON_THE_CASE = {
    THREE_MONTH_CHECK: "Leg het driemaandencontact vast op zijn eigen pagina (via de zaak).",
    DECISION_PENDING: "Leg het besluit van de professional vast op de zaak.",
}


class TaskLike(Protocol):
    id: int
    case_id: int
    kind: str
    sequence: int
    state: str
    result: dict[str, Any]


def complete_task(uow: UnitOfWork, task_id: int, actor: Actor, data: dict[str, Any]) -> TaskLike:
    """Mark a task done; a follow-up call's outcome goes into the case's registration."""
    with uow:
        task = uow.tasks.get_for(actor, task_id)
        if task.state in ("done", "cancelled"):
            raise InvalidInput({"taak": "Deze taak is al afgehandeld."})
        if task.kind in DONE_ON_THE_CASE:  # ticking these off would skip the work they stand for
            raise InvalidInput({"taak": DONE_ON_THE_CASE[task.kind]})
        now = uow.clock.now()
        result: dict[str, Any] = {}
        if task.kind in FOLLOW_UP_KINDS:
            result = _follow_up_call(uow, task, actor, data, now)
        elif task.kind == FOLLOW_UP_CONFERENCE_NEEDED:
            result = _no_conference(uow, task, actor, data, now)
        task.state, task.done_at, task.result = "done", now, {k: _plain(v) for k, v in result.items()}
        uow.commit()
        return task


def _follow_up_call(uow: UnitOfWork, task: TaskLike, actor: Actor, data: dict[str, Any], now: Any) -> dict:
    case = uow.cases.get_for(actor, task.case_id)
    result, marks = _parse_call(case, data, local_today(now))
    who = "coordinator" if task.kind == FOLLOW_UP_MAIN_PERSON else "regiomanager"
    record_append(case, "follow_up", {"wie": who, "datum": local_today(now), **result, "afspraken_markering": marks})
    uow.cases.touch(case, now)
    raised: list[Any] = [events.FollowUpRecorded(task.case_id, task.sequence, task.kind)]
    if result["vervolg_nodig"]:
        raised.append(events.FollowUpConferenceNeeded(task.case_id, len(record_get(case, "follow_up"))))
    uow.publish(raised)
    return {**result, "afspraken_markering": marks}


def _parse_call(case: CaseLike, data: dict[str, Any], today: Any) -> tuple[dict[str, Any], list]:
    """The call's answers and its marks, every fault named at once."""
    errors, result, marks = {}, {}, []
    try:
        result = parse_fields(FOLLOW_UP_CALL, data, today)
    except InvalidInput as problem:
        errors |= problem.errors
    raw = data.get("afspraken_markering")
    try:
        marks = parse_marks(case, raw if raw is not None else marks_from_fields(data, len(agreements(case))))
    except InvalidInput as problem:
        errors |= problem.errors
    if errors:
        raise InvalidInput(errors)
    return result, marks


def _no_conference(uow: UnitOfWork, task: TaskLike, actor: Actor, data: dict[str, Any], now: Any) -> dict:
    """The regiomanager decided against a vervolgconferentie: the reason goes with the contact that asked for
    one (the three-month check, or the follow-up entry) and into the history."""
    reason = parse_fields(NO_CONFERENCE, data, local_today(now))["reden"]
    case = uow.cases.get_for(actor, task.case_id)
    if task.sequence == 0:
        record_set(case, drie_maanden={**(record_get(case, "drie_maanden") or {}), "vervolg_besluit": reason})
    else:
        entries = list(record_get(case, "follow_up") or [])
        if 0 < task.sequence <= len(entries):
            entries[task.sequence - 1] = {**entries[task.sequence - 1], "vervolg_besluit": reason}
            record_set(case, follow_up=entries)
    uow.cases.touch(case, now)
    line = HistoryEntry(DECISION_TRIGGER, case.phase, case.phase, f"geen vervolgconferentie: {reason}")
    uow.cases.add_history(case, actor, line, now)
    return {"besluit": "geen vervolgconferentie", "reden": reason}


def record_three_month_check(
    uow: UnitOfWork, case_id: int, actor: Actor, expected_version: int | None, data: dict[str, Any]
) -> CaseLike:
    """Record the three-month check on a case in aftercare, with its history line; a vervolgconferentie said
    to be needed becomes the regiomanager's task. All or nothing."""
    if actor.role not in (Role.COORDINATOR, Role.REGIOMANAGER):
        raise NotPermitted("Alleen de coördinator of de regiomanager legt het driemaandencontact vast.")
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        if actor.role is Role.COORDINATOR and actor.coordinator_id not in (
            case.coordinator_id,
            getattr(case, "co_coordinator_id", None),
        ):
            raise NotPermitted("Alleen de coördinator van deze zaak legt het driemaandencontact vast.")
        if Phase(case.phase) is not Phase.NAZORG:
            raise TriggerNotAllowedHere("Het driemaandencontact hoort bij de nazorg; de zaak is niet in de nazorg.")
        now = uow.clock.now()
        check = three_months.parse_check(case, data if isinstance(data, dict) else {}, local_today(now))
        record_set(case, drie_maanden=check)
        uow.cases.touch(case, now)
        line = HistoryEntry(three_months.HISTORY_TRIGGER, case.phase, case.phase, three_months.summary(check))
        uow.cases.add_history(case, actor, line, now)
        raised: list[Any] = [events.ThreeMonthCheckRecorded(case.id)]
        if check["vervolg_nodig"]:
            raised.append(events.FollowUpConferenceNeeded(case.id, 0))
        uow.publish(raised)
        uow.commit()
        return case


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
