"""The registration forms: request form → the section data `record_registration` takes, and back."""

from typing import Any

from werkzeug.datastructures import MultiDict

from web.forms import form_data, is_blank
from workflow import registration as reg
from workflow.agreements import form_rows
from workflow.case import record_get
from workflow.recording import MAX_ROWS
from workflow.registration.schema import ACCEPTANCE, PLAN_QUESTIONS

BLANK_ROWS = 3
ROW_SECTIONS = {"netwerk": reg.NETWORK_ROW, "afspraken": reg.AGREEMENT_ROW}
FLAT = {
    "zaak": reg.CASE_FIELDS,
    "plan_verstuurd": reg.PLAN_SENT_FIELDS,
    "cijfers": reg.GRADE_FIELDS,
    "niet_doorgaan": reg.NOT_HELD_FIELDS,
}


def row_prefix(group: str, index: int) -> str:
    return f"{group}-{index}-"


def section_from_form(section: str, form: MultiDict, persons: int) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The section's data, and per row group which form rows were filled (to put errors back on them)."""
    if section in FLAT:
        return form_data(FLAT[section], form), {}
    if section == "hoofdpersonen":
        rows = [form_data(reg.PERSON_FIELDS, form, row_prefix("hoofdpersonen", i)) for i in range(persons)]
        return {"hoofdpersonen": rows}, {"hoofdpersonen": list(range(persons))}
    group = "netwerk" if section == "netwerk" else "afspraken"
    extra = reg.NETWORK_FIELDS if section == "netwerk" else reg.PLAN_FIELDS
    rows = [form_data(ROW_SECTIONS[group], form, row_prefix(group, i)) for i in range(MAX_ROWS)]
    filled = [i for i, row in enumerate(rows) if not is_blank(row)]
    return {**form_data(extra, form), group: [rows[i] for i in filled]}, {group: filled}


def form_errors(errors: dict[str, str], filled: dict[str, list[int]]) -> dict[str, str]:
    """Map `<group>.<n>.<field>` (n among the filled rows) onto the form's input names."""
    mapped = {}
    for key, message in errors.items():
        parts = key.split(".")
        rows = filled.get(parts[0], [])
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            mapped[row_prefix(parts[0], rows[int(parts[1])]) + parts[2]] = message
        else:
            mapped[key] = message
    return mapped


def current_values(case) -> dict[str, Any]:
    """What the forms start with: the registration as recorded."""
    record = case.record or {}
    plan = record.get("plan") or {}
    yes_no = {True: "ja", False: "nee"}
    changes: dict[str, int] = {}
    for direction in plan.get("verblijfplaatswijzigingen") or []:
        changes[direction] = changes.get(direction, 0) + 1
    sent = record.get("plan_verstuurd") or {}
    present = reg.present_names(case)
    return {
        "zaak": {**{s.name: record.get(s.name) for s in reg.CASE_FIELDS}, "eerdere_ekc": case.repeat_request},
        "hoofdpersonen": [
            _person_values(p, e) for p, e in zip(case.main_persons, reg.person_extras(case), strict=True)
        ],
        "netwerk": {"niet_samen": record.get("niet_samen")},
        "netwerk_rows": _with_blanks(record.get("netwerk") or []),
        "plan": {
            **{f.name: yes_no.get(plan.get(f.name)) for f in PLAN_QUESTIONS},
            ACCEPTANCE.name: plan.get(ACCEPTANCE.name)
            or (reg.acceptance(case) if record.get("bijeenkomsten") else None),
            "verblijfplaatswijzigingen": changes,
        },
        "afspraken_rows": _with_blanks(form_rows(case)),
        "afspraak_namen": agreement_names(case),
        "plan_verstuurd": {"datum": sent.get("datum"), "aan": "\n".join(sent.get("aan") or present)},
        "cijfers": {s.name: record_get(case, s.name) for s in reg.GRADE_FIELDS},
        "niet_doorgaan": {s.name: record_get(case, s.name) for s in reg.NOT_HELD_FIELDS},
    }


def agreement_names(case) -> list[str]:
    """Who an agreement may name, offered as suggestions: the network's people and the referring professional."""
    names = [row.get("naam") for row in record_get(case, "netwerk") or [] if row.get("naam")]
    return list(dict.fromkeys([*names, *([case.referrer_name] if case.referrer_name else [])]))


def _person_values(person, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "soort": person.kind,
        "geslacht": person.gender,
        "leeftijd": extra.get("leeftijd"),
        "geboortedatum": person.birth_date.isoformat() if person.birth_date else None,
        "ongeboren": person.unborn,
        "herkomst_ouders": extra.get("herkomst_ouders") or [],
        "culturele_achtergrond": extra.get("culturele_achtergrond"),
        "verblijfplaats": extra.get("verblijfplaats"),
    }


def _with_blanks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [*rows, *({} for _ in range(BLANK_ROWS))][:MAX_ROWS]


def raw_rows(group: str, form: MultiDict, count: int) -> list[dict[str, Any]]:
    """The rows as the user sent them, for showing the form again after a refusal."""
    return [form_data(ROW_SECTIONS[group], form, row_prefix(group, i)) for i in range(count)]
