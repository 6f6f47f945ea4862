"""What a case's registration record holds, read for closing, the export and the pages."""

from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, held_meetings, record_get
from workflow.phases import Outcome
from workflow.registration.rules import conditions_apply
from workflow.registration.schema import ACCEPTANCE, RESULT


def person_extras(case: CaseLike) -> list[dict[str, Any]]:
    """Per main person (in order) the registration values the person table does not hold."""
    extras = list(record_get(case, "hoofdpersonen_registratie") or [])
    return extras + [{} for _ in range(len(case.main_persons) - len(extras))]


def agreements(case: CaseLike) -> list[dict[str, str]]:
    """The plan's agreements as rows; a plan written as one text (made without a meeting) is one row."""
    found = (record_get(case, "plan") or {}).get("afspraken")
    if isinstance(found, str):
        return [{"wie": "", "wat": found, "wanneer": ""}] if found.strip() else []
    return list(found or [])


def acceptance(case: CaseLike) -> str | None:
    """How the professional accepted the plan: as recorded with the plan, else at the last meeting."""
    recorded = (record_get(case, "plan") or {}).get(ACCEPTANCE.name)
    if recorded:
        return recorded
    meetings = [m for m in held_meetings(case) if m.get(ACCEPTANCE.name)]
    if meetings:
        return meetings[-1][ACCEPTANCE.name]
    return None if conditions_apply(case) else "niet nodig"


def present_names(case: CaseLike) -> list[str]:
    """Who was present according to the network list (the people the plan is sent to)."""
    return [p["naam"] for p in record_get(case, "netwerk") or [] if p.get("status") == "aanwezig"]


def attendance_from_network(case: CaseLike) -> tuple[dict[str, int], int]:
    """Attendance per category and the number invited but absent, counted from the network list."""
    counts: dict[str, int] = {}
    absent = 0
    for person in record_get(case, "netwerk") or []:
        if person.get("status") == "aanwezig" and person.get("relatie"):
            counts[person["relatie"]] = counts.get(person["relatie"], 0) + 1
        elif person.get("status") in ("afwezig", "afgezegd"):
            absent += 1
    return counts, absent


def expected_outcome(case: CaseLike) -> Outcome:
    """The outcome a case would most likely close with now (to show what closing will ask)."""
    if case.outcome:
        return Outcome(case.outcome)
    meetings = held_meetings(case)
    if meetings:
        return Outcome.GEEN_PLAN if meetings[-1].get(RESULT.name) == vocab.MEETING_RESULTS[2] else Outcome.PLAN
    return Outcome.PLAN_ZONDER_BIJEENKOMST if agreements(case) else Outcome.GESTOPT
