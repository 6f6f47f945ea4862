"""GET /api/v1/reminders: the caller's own reminders (their task list), filterable by due moment and state."""

import datetime as dt

from flask import g, jsonify, request
from sqlmodel import select

from storage.models import Case
from storage.reminders import CANCELLED, DONE, OPEN, SENDING, SENT, Reminder
from web.api.blueprint import bp
from web.context import db
from web.contract import responses as answer
from web.contract.responses import Reminders
from workflow.clock import AMSTERDAM
from workflow.errors import InvalidInput
from workflow.reminder_rules import KIND_LABELS

STATES = {"open": (OPEN, SENDING, SENT), "done": (DONE,), "cancelled": (CANCELLED,)}


@bp.get("/reminders")
def reminders():
    """The caller's reminders, oldest due first."""
    query = (
        select(Reminder, Case.ref).join(Case, Case.id == Reminder.case_id).where(Reminder.user_id == g.actor.user_id)
    )
    if request.args.get("due_before"):
        query = query.where(Reminder.due_at < _moment(request.args["due_before"]))
    if request.args.get("state"):
        if request.args["state"] not in STATES:
            raise InvalidInput({"state": "state: kies open, done of cancelled"})
        query = query.where(Reminder.state.in_(STATES[request.args["state"]]))
    rows = db().exec(query.order_by(Reminder.due_at, Reminder.id).limit(1000)).all()
    return jsonify(Reminders(reminders=[_answer(reminder, ref) for reminder, ref in rows]).as_json())


def _moment(text: str) -> dt.datetime:
    """A date (midnight in the Netherlands) or an ISO moment with time zone."""
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), tzinfo=AMSTERDAM)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput({"due_before": "due_before: geef een datum (jjjj-mm-dd) of moment"}) from None
    if moment.tzinfo is None:
        raise InvalidInput({"due_before": "due_before: geef een tijdzone mee"})
    return moment


def _answer(reminder: Reminder, ref: str) -> answer.Reminder:
    state = "open" if reminder.state in STATES["open"] else reminder.state
    return answer.Reminder(
        id=reminder.id,
        kind=reminder.kind,
        label=KIND_LABELS.get(reminder.kind, reminder.kind),
        case_id=reminder.case_id,
        case_ref=ref,
        due_at=reminder.due_at,
        state=state,
        result=reminder.result or {},
    )
