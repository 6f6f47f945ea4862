"""Tasks are reminders on someone's list. Completing a follow-up call records it on the case."""

from typing import Any, Protocol

from workflow import events
from workflow import vocabulary as vocab
from workflow.case import record_append
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.guards import Actor
from workflow.ports import UnitOfWork
from workflow.reminder_rules import FOLLOW_UP_KINDS, FOLLOW_UP_MAIN_PERSON

FOLLOW_UP_CALL = (
    FieldSpec("uitkomst", "Hoe gaat het met het plan?", "choice", required=True, choices=vocab.FOLLOW_UP_OUTCOMES),
    FieldSpec("toelichting", "Toelichting", "text", max_length=2000),
    FieldSpec("vervolg_nodig", "Is een vervolgconferentie nodig?", "bool"),
)


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
        now = uow.clock.now()
        result = parse_fields(FOLLOW_UP_CALL, data, local_today(now)) if task.kind in FOLLOW_UP_KINDS else {}
        if result:
            case = uow.cases.get_for(actor, task.case_id)
            who = "coordinator" if task.kind == FOLLOW_UP_MAIN_PERSON else "regiomanager"
            record_append(case, "follow_up", {"wie": who, "datum": local_today(now), **result})
            uow.cases.touch(case, now)
            uow.publish([events.FollowUpRecorded(task.case_id, task.sequence, task.kind)])
        task.state, task.done_at, task.result = "done", now, {k: _plain(v) for k, v in result.items()}
        uow.commit()
        return task


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
