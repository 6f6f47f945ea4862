"""The professional's decision on a plan (DOMAIN.md §10, research/overijssel-2009.md §1.6): when one is needed,
which plan waits for it, the guards of the steps that record it and follow a refusal, and when it is chased.

A decision is kept per plan in `record["besluiten"]` (helpers/common.md): the plan is the one made at a held
meeting, named by that meeting's number."""

import datetime as dt
from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, held_meetings, record_date, record_get
from workflow.closing import closing_checklist
from workflow.conditions import conditions_of
from workflow.dates import nl
from workflow.errors import Missing
from workflow.guards import StepContext
from workflow.phases import Outcome
from workflow.reminder_rules import ReminderTimings, at_local_hour

ACCEPTED, ADJUSTED, NOT_ACCEPTED = vocab.PLAN_DECISIONS
REASON_NEEDED = (ADJUSTED, NOT_ACCEPTED)
PLAN_MADE = vocab.MEETING_RESULTS[0]  # "Betrokkenen zijn het eens geworden over plan"
DIRECTLY_ACCEPTED = "direct geaccepteerd"  # the meeting's acceptatie_professional (registration-v1)
PROFESSIONAL_REFERRER = "Organisatie"  # vocab.REFERRER_TYPES: a professional or an organisation refers


def decision_needed(case: CaseLike) -> bool:
    """Whether a plan of this case needs the professional's decision: in a compulsory framework, when a
    professional set conditions, or when a professional (an organisation) referred. Plans of cases referred by
    the family or the main person need no approval (research/overijssel-2009.md §1.6, §9.3.3)."""
    return bool(
        case.compulsory_framework
        or conditions_of(case)
        or getattr(case, "referrer_type", None) == PROFESSIONAL_REFERRER
    )


def plan_meeting(case: CaseLike) -> dict[str, Any] | None:
    """The latest held meeting, when it made a plan (a meeting in parts or without agreement made none)."""
    meetings = held_meetings(case)
    if meetings and meetings[-1].get("resultaat") == PLAN_MADE:
        return meetings[-1]
    return None


def decision_on(case: CaseLike, meeting_number: int) -> dict[str, Any] | None:
    """The decision recorded on the plan of meeting `meeting_number`, if any."""
    found = [d for d in record_get(case, "besluiten") or [] if d.get("bijeenkomst") == meeting_number]
    return found[-1] if found else None


def latest_decision(case: CaseLike) -> dict[str, Any] | None:
    """The decision on the latest plan (None: none recorded, or the latest meeting made no plan)."""
    meeting = plan_meeting(case)
    return decision_on(case, meeting["nummer"]) if meeting else None


def decision_open(case: CaseLike) -> bool:
    """The latest plan needs a decision and none is recorded (the step to record it is offered)."""
    return plan_meeting(case) is not None and decision_needed(case) and latest_decision(case) is None


def decision_pending(case: CaseLike) -> bool:
    """The decision is open, so it is chased and its step offered: not when the meeting recorded the plan as
    accepted on the spot ("direct geaccepteerd" counts as "geaccepteerd"; the API may still record the decision
    with the answers to the conditions)."""
    return decision_open(case) and plan_meeting(case).get("acceptatie_professional") != DIRECTLY_ACCEPTED


def not_accepted(case: CaseLike) -> bool:
    """The professional did not accept the latest plan: the case goes back to the referrer or to a vervolg."""
    decision = latest_decision(case)
    return decision is not None and decision.get("besluit") == NOT_ACCEPTED


def chase_due(meeting_date: dt.date, timings: ReminderTimings) -> dt.datetime:
    """When a pending decision is chased: `decision_pending_days` after the meeting, at the reminder hour."""
    return at_local_hour(meeting_date + dt.timedelta(days=timings.decision_pending_days), timings)


# --- guards -----------------------------------------------------------------------------------------------


def plan_awaits_decision(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The latest meeting made a plan and no decision on it is recorded yet."""
    if plan_meeting(case) is None:
        return [Missing("besluit", "er is geen plan van een gehouden bijeenkomst om over te besluiten")]
    if latest_decision(case) is not None:
        return [Missing("besluit", "over dit plan is al besloten")]
    return []


def decision_complete(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """The decision, who made it and when; a reason unless accepted as it is; an answer for every condition."""
    data = ctx.data
    missing = [
        Missing(name, message)
        for name, message in (
            ("besluit", "kies het besluit van de professional"),
            ("besluit_door", "vul de naam van de professional in"),
            ("besluit_datum", "vul de datum van het besluit in"),
        )
        if not data.get(name)
    ]
    if data.get("besluit") in REASON_NEEDED and not ctx.reason.strip():
        missing.append(Missing("reden", f"geef de reden van het besluit '{data['besluit']}'"))
    answered = {a["voorwaarde"] for a in _answers(data)}
    for index in range(len(conditions_of(case))):
        if index not in answered:
            missing.append(Missing("voorwaarden_antwoord", f"geef aan hoe het plan voorwaarde {index + 1} beantwoordt"))
    return missing


def form_problems(trigger: str, case: CaseLike, data: dict[str, Any]) -> dict[str, str]:
    """What is wrong with the decision form's parsed data beyond each field's own rules (before the guards):
    the answers name existing conditions, each once; the date is not before the meeting."""
    if trigger != "record_plan_decision":
        return {}
    count = len(conditions_of(case))
    numbers = [a["voorwaarde"] for a in _answers(data)]
    if any(n is None or not 0 <= n < count for n in numbers) or len(set(numbers)) != len(numbers):
        return {"voorwaarden_antwoord": "Antwoorden op de voorwaarden: elk antwoord hoort bij één bestaande voorwaarde"}
    return _date_problems(case, data.get("besluit_datum"))


def _date_problems(case: CaseLike, value: Any) -> dict[str, str]:
    """A decision is not made before the meeting whose plan it decides (not in the future: the field says)."""
    day, meeting = record_date(value), plan_meeting(case)
    held = record_date(meeting.get("datum")) if meeting else None
    if day and held and day < held:
        what = f"bijeenkomst {meeting['nummer']} ({nl(held)})"
        return {"besluit_datum": f"Datum van het besluit ({nl(day)}) ligt vóór {what}."}
    return {}


def latest_not_accepted(case: CaseLike, _ctx: StepContext) -> list[Missing]:
    """The guard of the routes after a refusal: the professional did not accept the latest plan."""
    if not_accepted(case):
        return []
    return [Missing("besluit", "de professional heeft het laatste plan niet afgewezen")]


def may_close_without_plan(case: CaseLike, ctx: StepContext) -> list[Missing]:
    """Back to the referrer: the registration is complete for the outcome "geen plan"."""
    return closing_checklist(case, Outcome.GEEN_PLAN, ctx)


# --- the record -------------------------------------------------------------------------------------------


def decision_entry(case: CaseLike, ctx: StepContext) -> dict[str, Any]:
    """The `record["besluiten"]` item the form describes, for the latest plan."""
    data = ctx.data
    return {
        "bijeenkomst": plan_meeting(case)["nummer"],
        "besluit": data["besluit"],
        "reden": ctx.reason.strip(),
        "door": data["besluit_door"],
        "datum": data["besluit_datum"],
        "voorwaarden_antwoord": sorted(
            ({"voorwaarde": a["voorwaarde"], "antwoord": a["antwoord"]} for a in _answers(data)),
            key=lambda a: a["voorwaarde"],
        ),
    }


def _answers(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers given (a form's row left blank is no answer)."""
    return [a for a in data.get("voorwaarden_antwoord") or [] if (a.get("antwoord") or "").strip()]


def history_note(ctx: StepContext) -> str:
    """The history line of the step names the decision, then the reason."""
    decision = ctx.data.get("besluit") or ""
    reason = ctx.reason.strip()
    return f"Besluit: {decision}" + (f" — {reason}" if reason else "")


# --- what the case page shows ---------------------------------------------------------------------------------


def plan_decisions(case: CaseLike) -> list[dict[str, Any]]:
    """Per plan of a held meeting: its number and date, the decision on it (or None), whether it was accepted
    at the meeting, and the conditions with their answers (the latest plan's open decision: answers empty)."""
    if not decision_needed(case) and not record_get(case, "besluiten"):
        return []
    conditions = conditions_of(case)
    shown = []
    for meeting in held_meetings(case):
        if meeting.get("resultaat") != PLAN_MADE:
            continue
        decision = decision_on(case, meeting["nummer"])
        answers = {a["voorwaarde"]: a["antwoord"] for a in (decision or {}).get("voorwaarden_antwoord") or []}
        shown.append(
            {
                "nummer": meeting["nummer"],
                "datum": meeting.get("datum"),
                "besluit": decision,
                "direct": meeting.get("acceptatie_professional") == DIRECTLY_ACCEPTED,
                "voorwaarden": [(c, answers.get(i, "")) for i, c in enumerate(conditions)],
            }
        )
    return shown
