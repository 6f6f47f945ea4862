"""The three-month check (DOMAIN.md §10; research/overijssel-2009.md §1.9, §5.2): about three months after the
meeting the coordinator asks one or more people the follow-up form's questions (plan carried out, agreements
carried out, the situation now), marks each agreement and asks whether a vervolgconferentie is needed; or
records that nobody could be reached, with the attempts. Kept as `record["drie_maanden"]`."""

import datetime as dt
from typing import Any

from workflow import vocabulary as vocab
from workflow.agreements import parse_marks
from workflow.case import CaseLike, record_get
from workflow.dates import aftercare_date_problems
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields, parse_value
from workflow.registration.record import agreements

REACHED = ("ja", "nee")
CHECK_FIELDS = (
    FieldSpec("bereikt", "Iemand gesproken", "choice", required=True, choices=REACHED),
    FieldSpec("datum", "Datum van het contact", "date", not_in_future=True),
    FieldSpec("vervolg_nodig", "Is een vervolgconferentie nodig?", "bool"),
)
CONVERSATION_ROW = (
    FieldSpec("respondent", "Gesproken met", "choice", required=True, choices=vocab.FOLLOW_UP_RESPONDENTS),
    FieldSpec("plan_uitgevoerd", "Is het plan uitgevoerd?", "choice", required=True, choices=vocab.PLAN_CARRIED_OUT),
    FieldSpec(
        "afspraken_uitgevoerd",
        "Hoeveel afspraken zijn uitgevoerd?",
        "choice",
        required=True,
        choices=vocab.AGREEMENTS_CARRIED_OUT,
    ),
    FieldSpec("situatie", "De situatie van de hoofdpersoon is", "choice", required=True, choices=vocab.SITUATION_AFTER),
)
ATTEMPT = FieldSpec("poging", "Poging", "date", not_in_future=True)
MAX_CONVERSATIONS = 10
MAX_ATTEMPTS = 10
HISTORY_TRIGGER = "driemaandencontact"


def parse_check(case: CaseLike, data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The three-month check as `record["drie_maanden"]` keeps it; InvalidInput naming every fault in Dutch."""
    conversations, errors = _conversations(data.get("gesprekken"), today)
    attempts, attempt_errors = _attempts(case, data.get("pogingen"), today)
    errors |= attempt_errors
    try:
        values = parse_fields(CHECK_FIELDS, data, today)
    except InvalidInput as problem:
        raise InvalidInput(errors | problem.errors) from None
    errors |= aftercare_date_problems(case, values["datum"], "datum", "Datum van het contact")
    reached = values["bereikt"] == "ja"
    try:
        marks = parse_marks(case, data.get("afspraken_markering"))
    except InvalidInput as problem:
        errors |= problem.errors
        marks = []
    found = _reached_problems(values, conversations) if reached else _unreached_problems(attempts)
    found |= _not_unreached_with_answers(reached, conversations, marks, values["vervolg_nodig"])
    errors = found | errors  # a fault in the list itself says more than "give at least one"
    if errors:
        raise InvalidInput(errors)
    return {
        "datum": values["datum"] or max(attempts),
        "bereikt": reached,
        "pogingen": attempts,
        "gesprekken": conversations,
        "afspraken_markering": marks,
        "vervolg_nodig": bool(values["vervolg_nodig"]),
        "vervolg_besluit": None,
    }


def unreachable(case: CaseLike, attempt: dt.date) -> dict[str, Any]:
    """The check as the closing form records it: nobody reached, after `attempt`."""
    return {
        "datum": attempt,
        "bereikt": False,
        "pogingen": [attempt],
        "gesprekken": [],
        "afspraken_markering": [None] * len(agreements(case)),
        "vervolg_nodig": False,
        "vervolg_besluit": None,
    }


def check_done(case: CaseLike) -> bool:
    """Whether the three-month check is recorded: someone spoken to, or not reachable after an attempt."""
    check = record_get(case, "drie_maanden")
    if not isinstance(check, dict):
        return False
    return bool(check.get("bereikt") or check.get("pogingen"))


def summary(check: dict[str, Any]) -> str:
    """The history line of a recorded check."""
    if not check["bereikt"]:
        return f"driemaandencontact: niet bereikbaar ({len(check['pogingen'])} poging(en))"
    spoken = ", ".join(c["respondent"] for c in check["gesprekken"])
    need = "; vervolgconferentie nodig" if check["vervolg_nodig"] else ""
    return f"driemaandencontact vastgelegd: gesproken met {spoken}{need}"


def _conversations(raw: Any, today: dt.date) -> tuple[list[dict[str, Any]], dict[str, str]]:
    if raw in (None, ""):
        return [], {}
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        return [], {"gesprekken": "Gesprekken: geef een lijst van gesprekken"}
    if len(raw) > MAX_CONVERSATIONS:
        return [], {"gesprekken": f"Gesprekken: maximaal {MAX_CONVERSATIONS}"}
    rows, errors = [], {}
    for index, row in enumerate(raw):
        try:
            rows.append(parse_fields(CONVERSATION_ROW, row, today))
        except InvalidInput as problem:
            errors |= {f"gesprekken.{index}.{name}": message for name, message in problem.errors.items()}
    return rows, errors


def _attempts(case: CaseLike, raw: Any, today: dt.date) -> tuple[list[dt.date], dict[str, str]]:
    if raw in (None, ""):
        return [], {}
    if not isinstance(raw, list) or len(raw) > MAX_ATTEMPTS:
        return [], {"pogingen": f"Pogingen: geef een lijst van hoogstens {MAX_ATTEMPTS} datums"}
    days, errors = [], {}
    for index, value in enumerate(raw):
        name = f"pogingen.{index}"
        try:
            day = parse_value(ATTEMPT, value, today)
        except ValueError as problem:
            errors[name] = f"Poging {index + 1}: {problem}"
            continue
        if day is None:
            continue
        found = aftercare_date_problems(case, day, name, f"Poging {index + 1}")
        errors |= found
        days.append(day)
    return sorted(set(days)), errors


def _reached_problems(values: dict[str, Any], conversations: list) -> dict[str, str]:
    errors = {}
    if values["datum"] is None:
        errors["datum"] = "Datum van het contact: vul dit in"
    if not conversations:
        errors["gesprekken"] = "Gesprekken: leg minstens één gesprek vast (met wie, en de antwoorden)"
    return errors


def _unreached_problems(attempts: list[dt.date]) -> dict[str, str]:
    if attempts:
        return {}
    return {"pogingen": "Pogingen: vul minstens één datum in waarop u het probeerde"}


def _not_unreached_with_answers(reached: bool, conversations: list, marks: list, need: Any) -> dict[str, str]:
    """Nobody reached yet answers given: the form contradicts itself; say so instead of dropping them."""
    if reached:
        return {}
    errors = {}
    if conversations:
        errors["gesprekken"] = "Gesprekken: niet bereikt, dus geen gesprekken; kies 'ja' bij 'Iemand gesproken'"
    if any(marks):
        errors["afspraken_markering"] = "Afspraken: alleen te markeren na een gesprek"
    if need:
        errors["vervolg_nodig"] = "Vervolgconferentie: alleen te beantwoorden na een gesprek"
    return errors
