"""What a step writes on the case: data recorded before its guards, effects after the phase change."""

from typing import Any

from workflow import events
from workflow import vocabulary as vocab
from workflow.action_forms import MEETING_RECORD
from workflow.case import CaseLike, held_meetings, open_offer, record_append, record_date, record_get, record_set
from workflow.conditions import SET_BY, set_conditions
from workflow.decisions import decision_entry, decision_pending
from workflow.guards import StepContext
from workflow.phases import Outcome, Phase
from workflow.registration.schema import NOT_HELD_FIELDS, PLANNED_MEETING, RESULT
from workflow.three_month_check import check_done, unreachable

AGREED, IN_PARTS, NO_AGREEMENT = vocab.MEETING_RESULTS


def record_before_guards(trigger: str, case: CaseLike, ctx: StepContext) -> None:
    """Write the form's data that the guards of `trigger` look at."""
    data = ctx.data
    if trigger == "start_activation" and data.get("informatief_gesprek_datum"):
        record_set(case, informatief_gesprek_datum=data["informatief_gesprek_datum"])
    elif trigger == "plan_without_meeting" and data.get("afspraken"):
        plan = {**(record_get(case, "plan") or {}), "afspraken": data["afspraken"]}
        record_set(case, plan={**plan, "datum": data.get("plan_datum") or ctx.today})
    elif trigger == "plan_meeting":
        planned = {field.name: data.get(field.name) for field in PLANNED_MEETING}
        record_set(case, geplande_bijeenkomst=planned)
        if data.get("voorwaarden"):
            set_conditions(case, data["voorwaarden"], data.get(SET_BY.name))


def apply_effect(name: str, case: CaseLike, ctx: StepContext, from_phase: Phase) -> list[Any]:
    """Run the named effect of a step; return the domain events it raises."""
    return _EFFECTS[name](case, ctx, from_phase) if name else []


def accept_offer(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    offer = open_offer(case)
    offer.state = "accepted"
    offer.answered_at = ctx.now
    case.coordinator_id = offer.coordinator_id
    record_set(case, gestart_op=ctx.now.isoformat())  # stops the lead-time clock aanmelding→start
    return [events.OfferAccepted(case.id, offer.coordinator_id)]


def follow_up_without_meeting(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    plan_date = (record_get(case, "plan") or {}).get("datum") or ctx.today.isoformat()
    return [events.FollowUpDue(case.id, record_date(plan_date), 0)]


def meeting_held_with_plan(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    meeting = _record_meeting(case, ctx, AGREED)
    number, day = meeting["nummer"], record_date(meeting["datum"])
    awaits = [events.PlanAwaitsDecision(case.id, number, day)] if decision_pending(case) else []
    return [events.MeetingHeld(case.id, number), events.FollowUpDue(case.id, day, number), *awaits]


def meeting_held_in_parts(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    meeting = _record_meeting(case, ctx, IN_PARTS)
    return [events.MeetingHeld(case.id, meeting["nummer"])]


def meeting_held_without_plan(case: CaseLike, ctx: StepContext, from_phase: Phase) -> list[Any]:
    meeting = _record_meeting(case, ctx, NO_AGREEMENT)
    return [events.MeetingHeld(case.id, meeting["nummer"]), *_mark_closed(case, ctx, from_phase, Outcome.GEEN_PLAN)]


def follow_up_conference_held(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    return meeting_held_with_plan(case, ctx, _from)


def close(case: CaseLike, ctx: StepContext, from_phase: Phase) -> list[Any]:
    data = ctx.data
    reasons, note = NOT_HELD_FIELDS
    if data.get(reasons.name):
        record_set(case, **{reasons.name: data[reasons.name], note.name: data.get(note.name) or ""})
    if data.get("follow_up_uitkomst"):
        record_append(
            case,
            "follow_up",
            {
                "wie": "coordinator",
                "datum": data.get("follow_up_datum") or ctx.today,
                "uitkomst": data["follow_up_uitkomst"],
                "toelichting": data.get("follow_up_toelichting") or "",
            },
        )
    if data.get("drie_maanden_onbereikbaar") and not check_done(case):
        record_set(case, drie_maanden=unreachable(case, data.get("drie_maanden_poging") or ctx.today))
    return _mark_closed(case, ctx, from_phase, Outcome(data["uitkomst"]))


def record_plan_decision(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    entry = decision_entry(case, ctx)
    record_append(case, "besluiten", entry)
    return [events.PlanDecisionRecorded(case.id, entry["bijeenkomst"], entry["besluit"])]


def plan_not_accepted_to_referrer(case: CaseLike, ctx: StepContext, from_phase: Phase) -> list[Any]:
    return _mark_closed(case, ctx, from_phase, Outcome.GEEN_PLAN)


def follow_up_conference_started(case: CaseLike, _ctx: StepContext, _from: Phase) -> list[Any]:
    """The question whether a vervolgconferentie is needed is answered (storage/aftercare.py)."""
    return [events.FollowUpConferenceStarted(case.id)]


def reopen(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    case.outcome = None
    case.closed_at = None
    case.closed_from = None
    return [events.CaseReopened(case.id)]


def _mark_closed(case: CaseLike, ctx: StepContext, from_phase: Phase, outcome: Outcome) -> list[Any]:
    case.outcome = outcome.value
    case.closed_at = ctx.now
    case.closed_from = from_phase
    return [events.CaseClosed(case.id)]


def _record_meeting(case: CaseLike, ctx: StepContext, result: str) -> dict[str, Any]:
    meeting = {field.name: ctx.data.get(field.name) for field in MEETING_RECORD}
    meeting.update({RESULT.name: result, "nummer": len(held_meetings(case)) + 1})
    record_append(case, "bijeenkomsten", meeting)
    record_set(case, geplande_bijeenkomst=None)
    return meeting


def withdraw_coordinator(case: CaseLike, _ctx: StepContext, _from: Phase) -> list[Any]:
    # The accepted offer stays accepted: the lead-time clock reads the first acceptance (workflow.lead_times).
    withdrawn, case.coordinator_id = case.coordinator_id, None
    return [events.CoordinatorWithdrawn(case.id, withdrawn)]


def take_over(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    # Unlike accept_offer: the case keeps its phase and `gestart_op`, so the lead times do not restart.
    offer = open_offer(case)
    offer.state = "accepted"
    offer.answered_at = ctx.now
    case.coordinator_id = offer.coordinator_id
    if case.co_coordinator_id == offer.coordinator_id:  # the co-coordinator becomes the coordinator
        case.co_coordinator_id = None
    return [
        events.OfferAccepted(case.id, offer.coordinator_id),
        events.CoordinatorTookOver(case.id, offer.coordinator_id),
    ]


def add_co_coordinator(case: CaseLike, ctx: StepContext, _from: Phase) -> list[Any]:
    case.co_coordinator_id = ctx.data["co_coordinator_id"]
    return [events.CoCoordinatorChanged(case.id, case.co_coordinator_id)]


def remove_co_coordinator(case: CaseLike, _ctx: StepContext, _from: Phase) -> list[Any]:
    removed, case.co_coordinator_id = case.co_coordinator_id, None
    return [events.CoCoordinatorChanged(case.id, None, removed)]


_EFFECTS = {
    "withdraw_coordinator": withdraw_coordinator,
    "take_over": take_over,
    "add_co_coordinator": add_co_coordinator,
    "remove_co_coordinator": remove_co_coordinator,
    "accept_offer": accept_offer,
    "follow_up_without_meeting": follow_up_without_meeting,
    "meeting_held_with_plan": meeting_held_with_plan,
    "meeting_held_in_parts": meeting_held_in_parts,
    "meeting_held_without_plan": meeting_held_without_plan,
    "follow_up_conference_held": follow_up_conference_held,
    "close": close,
    "follow_up_conference_started": follow_up_conference_started,
    "reopen": reopen,
    "record_plan_decision": record_plan_decision,
    "plan_not_accepted_to_referrer": plan_not_accepted_to_referrer,
}
