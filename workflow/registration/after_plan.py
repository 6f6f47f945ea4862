"""registration-v1 after the plan (DOMAIN.md §10): the conditions, the professional's decisions, the agreements
with their marks and the three-month check, added to the format without changing anything it had.

The additions are optional keys, so a reader of the first version that ignores unknown keys still reads a
new file, and an old file (without them) still imports:
- top level: `aantal_voorwaarden` (int), `besluiten` (list), `drie_maanden` (object or null);
- in `plan`: `afspraken` (list); in each `follow_up` call: `afspraken_markering` (list, one per agreement).
Only coded values go out: no texts (an agreement's "what", a condition, a reason may hold anything personal,
and the registration outlives the personal data: storage.retention freezes it). So the figures read from it
(workflow.figures.after_plan) stay the same after removal. The keys are not in schema.EXCHANGE: the SPSS
layout (workflow.registration.spss), built from that, leaves them out and keeps working.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, record_get
from workflow.registration.record import agreements
from workflow.registration.schema import RecordField

CONDITIONS, DECISIONS, CHECK = "aantal_voorwaarden", "besluiten", "drie_maanden"
TOP_LEVEL = (CONDITIONS, DECISIONS, CHECK)
AGREEMENTS, MARKS = "afspraken", "afspraken_markering"
WHO_KINDS = ("netwerk", "professional")
MAX_ITEMS = 500

DECISION = (
    RecordField("bijeenkomst", "Bijeenkomst van het plan (nummer)", "int", minimum=0, maximum=MAX_ITEMS),
    RecordField("besluit", "Besluit van de professional", "choice", choices=vocab.PLAN_DECISIONS),
    RecordField("datum", "Datum van het besluit", "date", nullable=True),
    RecordField("met_reden", "Met een reden", "bool"),
    RecordField("voorwaarden_beantwoord", "Beantwoorde voorwaarden", "int", minimum=0, maximum=MAX_ITEMS),
)
AGREEMENT = (
    RecordField("wie_soort", "Wie (soort)", "choice", choices=WHO_KINDS, nullable=True),
    RecordField("wanneer", "Wanneer", "date", nullable=True),
    RecordField("evaluatie", "Evaluatiemoment", "date", nullable=True),
)
TALK = (
    RecordField("respondent", "Gesproken met", "choice", choices=vocab.FOLLOW_UP_RESPONDENTS),
    RecordField("plan_uitgevoerd", "Plan uitgevoerd", "choice", choices=vocab.PLAN_CARRIED_OUT, nullable=True),
    RecordField(
        "afspraken_uitgevoerd", "Afspraken uitgevoerd", "choice", choices=vocab.AGREEMENTS_CARRIED_OUT, nullable=True
    ),
    RecordField("situatie", "Situatie hoofdpersoon", "choice", choices=vocab.SITUATION_AFTER, nullable=True),
)
CHECK_KEYS = ("datum", "bereikt", "pogingen", "gesprekken", MARKS, "vervolg_nodig")
MARK = RecordField("markering", "Markering", "choice", choices=vocab.AGREEMENT_MARKS, nullable=True)


# --- out: a case's additions --------------------------------------------------------------------------------


def top_level(case: CaseLike) -> dict[str, Any]:
    """The top-level additions of a case's registration."""
    conditions = min(len(_dicts(record_get(case, "voorwaarden"))), MAX_ITEMS)
    decisions = (_decision(d, conditions) for d in _dicts(record_get(case, DECISIONS)))
    return {
        CONDITIONS: conditions,
        DECISIONS: [d for d in decisions if d][:MAX_ITEMS],
        CHECK: _check(record_get(case, CHECK)),
    }


def plan_agreements(case: CaseLike) -> list[dict[str, Any]]:
    """The plan's agreements, coded (one row for a plan written as one text)."""
    return [
        {
            "wie_soort": row.get("wie_soort") if row.get("wie_soort") in WHO_KINDS else None,
            "wanneer": _day(row.get("wanneer")),
            "evaluatie": _day(row.get("evaluatie")),
        }
        for row in agreements(case)[:MAX_ITEMS]
        if isinstance(row, Mapping)
    ]


def marks(values: Any) -> list[str | None]:
    """A list of marks as the format writes it: a mark of the vocabulary or null."""
    return [m if m in vocab.AGREEMENT_MARKS else None for m in _list_of(values)]


def _decision(decision: Mapping[str, Any], conditions: int) -> dict[str, Any] | None:
    meeting, label = decision.get("bijeenkomst"), decision.get("besluit")
    if label not in vocab.PLAN_DECISIONS or not _whole(meeting):
        return None
    answers = [a for a in _dicts(decision.get("voorwaarden_antwoord")) if str(a.get("antwoord") or "").strip()]
    return {
        "bijeenkomst": meeting,
        "besluit": label,
        "datum": _day(decision.get("datum")),
        "met_reden": bool(str(decision.get("reden") or "").strip()),
        "voorwaarden_beantwoord": min(len(answers), conditions),
    }


def _check(check: Any) -> dict[str, Any] | None:
    if not isinstance(check, Mapping):
        return None
    talks = [t for t in _dicts(check.get("gesprekken")) if t.get("respondent") in vocab.FOLLOW_UP_RESPONDENTS]
    return {
        "datum": _day(check.get("datum")),
        "bereikt": bool(check.get("bereikt")),
        "pogingen": [d for d in map(_day, _list_of(check.get("pogingen"))) if d],
        "gesprekken": [{f.name: _choice(f, t.get(f.name)) for f in TALK} for t in talks[:MAX_ITEMS]],
        MARKS: marks(check.get(MARKS)),
        "vervolg_nodig": bool(check.get("vervolg_nodig")),
    }


def _choice(spec: RecordField, value: Any) -> Any:
    return value if value in spec.choices else None


def _day(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ITEMS


def _list_of(items: Any) -> list[Any]:
    """A list as the format may hold it (at most MAX_ITEMS); anything else reads as empty."""
    return items[:MAX_ITEMS] if isinstance(items, list) else []


def _dicts(items: Any) -> list[Mapping[str, Any]]:
    return [item for item in items if isinstance(item, Mapping)] if isinstance(items, list) else []


# --- in: completing and checking --------------------------------------------------------------------------------


def completed(record: dict[str, Any]) -> dict[str, Any]:
    """The additions of a read record with their absent nullable values filled in and their keys in order
    (absent additions stay absent: an old record stays as it was)."""
    out = dict(record)
    if isinstance(out.get(DECISIONS), list):
        out[DECISIONS] = [_row(d, DECISION) for d in out[DECISIONS]]
    check = out.get(CHECK)
    if isinstance(check, dict):
        check = _ordered({"datum": None, **check}, CHECK_KEYS)
        if isinstance(check.get("gesprekken"), list):
            check["gesprekken"] = [_row(t, TALK) for t in check["gesprekken"]]
        out[CHECK] = check
    plan = out.get("plan")
    if isinstance(plan, dict) and isinstance(plan.get(AGREEMENTS), list):
        out["plan"] = {**plan, AGREEMENTS: [_row(a, AGREEMENT) for a in plan[AGREEMENTS]]}
    return out


def _row(row: Any, fields: Sequence[RecordField]) -> Any:
    if not isinstance(row, dict):
        return row
    filled = {f.name: None for f in fields if f.nullable and f.name not in row} | row
    return _ordered(filled, [f.name for f in fields])


def _ordered(value: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {**{k: value[k] for k in keys if k in value}, **{k: v for k, v in value.items() if k not in keys}}


Errors = list[tuple[str, str]]
Check = Callable[[RecordField], Callable[[str, Any], Errors]]


def problems(record: Mapping[str, Any], check_for: Check, object_check: Callable[..., Errors]) -> Errors:
    """Every problem of the additions of a completed record (`check_for` and `object_check` are the format's
    checks of one field and of an object's keys, workflow.registration.format)."""
    errors: Errors = []
    if CONDITIONS in record:
        errors += check_for(RecordField(CONDITIONS, "", "int", minimum=0, maximum=MAX_ITEMS))(
            CONDITIONS, record[CONDITIONS]
        )
    if DECISIONS in record:
        errors += _list(DECISIONS, record[DECISIONS], _rows(DECISION, check_for, object_check))
    if CHECK in record and record[CHECK] is not None:
        errors += _check_problems(record[CHECK], check_for, object_check)
    plan = record.get("plan")
    if isinstance(plan, dict) and AGREEMENTS in plan:
        errors += _list(f"plan.{AGREEMENTS}", plan[AGREEMENTS], _rows(AGREEMENT, check_for, object_check))
    calls = record.get("follow_up")
    for i, call in enumerate(calls if isinstance(calls, list) else []):
        if isinstance(call, dict) and MARKS in call:
            errors += _list(f"follow_up[{i}].{MARKS}", call[MARKS], _nullable(MARK, check_for))
    return errors


def _check_problems(check: Any, check_for: Check, object_check: Callable[..., Errors]) -> Errors:
    errors = object_check(CHECK, check, CHECK_KEYS, CHECK_KEYS)
    if errors:
        return errors
    date = RecordField("datum", "", "date")
    errors += _nullable(RecordField("datum", "", "date", nullable=True), check_for)(f"{CHECK}.datum", check["datum"])
    errors += _list(f"{CHECK}.pogingen", check["pogingen"], check_for(date))
    errors += _list(f"{CHECK}.gesprekken", check["gesprekken"], _rows(TALK, check_for, object_check))
    errors += _list(f"{CHECK}.{MARKS}", check[MARKS], _nullable(MARK, check_for))
    for flag in ("bereikt", "vervolg_nodig"):
        errors += check_for(RecordField(flag, "", "bool"))(f"{CHECK}.{flag}", check[flag])
    return errors


def _nullable(spec: RecordField, check_for: Check) -> Callable[[str, Any], Errors]:
    """The format's check of `spec`, with null allowed when the field is nullable (whatever its kind)."""
    check = check_for(spec)
    return lambda field, value: [] if value is None and spec.nullable else check(field, value)


def _list(field: str, value: Any, check: Callable[[str, Any], Errors]) -> Errors:
    if not isinstance(value, list):
        return [(field, "moet een lijst zijn")]
    if len(value) > MAX_ITEMS:
        return [(field, f"hoogstens {MAX_ITEMS} regels")]
    return [e for i, item in enumerate(value) for e in check(f"{field}[{i}]", item)]


def _rows(fields: Sequence[RecordField], check_for: Check, object_check: Callable[..., Errors]):
    names = [f.name for f in fields]
    required = [f.name for f in fields if not f.nullable]

    def check(field: str, value: Any) -> Errors:
        errors = object_check(field, value, names, required)
        if errors:
            return errors
        return [e for f in fields for e in _nullable(f, check_for)(f"{field}.{f.name}", value.get(f.name))]

    return check


def across(record: Mapping[str, Any]) -> Errors:
    """Rules between the additions, once every field has the right type: a decision answers at most the
    conditions there are."""
    conditions = record.get(CONDITIONS)
    return [
        (f"{DECISIONS}[{i}].voorwaarden_beantwoord", f"er zijn maar {conditions} voorwaarden")
        for i, decision in enumerate(record.get(DECISIONS) or [])
        if conditions is not None and decision["voorwaarden_beantwoord"] > conditions
    ]
