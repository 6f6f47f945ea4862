"""Recording registration data on a case, one section at a time, outside the steps of the phase table."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from workflow import events
from workflow import registration as reg
from workflow import vocabulary as vocab
from workflow.agreements import agreement_date_problems, evaluation_moments
from workflow.case import CaseLike, record_get, record_set
from workflow.clock import local_today
from workflow.errors import InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_fields
from workflow.guards import Actor
from workflow.machine import HistoryEntry
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork
from workflow.registration.rules import other_text_problems
from workflow.registration.schema import ACCEPTANCE
from workflow.usecases import ensure_version

MAX_ROWS = 60
HISTORY_TRIGGER = "registratie"


def record_registration(
    uow: UnitOfWork, case_id: int, actor: Actor, expected_version: int | None, section: str, data: dict[str, Any]
) -> CaseLike:
    """Record one section of the registration on a case, with its history line, in one transaction."""
    if section not in reg.SECTIONS:
        raise InvalidInput({"sectie": f"Onbekend onderdeel '{str(section)[:40]}'."})
    return record_sections(uow, case_id, actor, expected_version, {section: data})


def record_sections(
    uow: UnitOfWork, case_id: int, actor: Actor, expected_version: int | None, sections: dict[str, dict[str, Any]]
) -> CaseLike:
    """Record several sections at once (the registration page's one form): every section is checked, and
    either all are saved or none; the refusal names the faults of every section, so none is lost."""
    unknown = [name for name in sections if name not in reg.SECTIONS]
    if unknown:
        raise InvalidInput({"sectie": f"Onbekend onderdeel '{str(unknown[0])[:40]}'."})
    if actor.role not in (Role.COORDINATOR, Role.REGIOMANAGER):
        raise NotPermitted("Alleen de coördinator of de regiomanager legt de registratie vast.")
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        if actor.role is Role.COORDINATOR and case.coordinator_id != actor.coordinator_id:
            raise NotPermitted("Alleen de coördinator van deze zaak legt de registratie vast.")
        if Phase(case.phase) is Phase.AFGESLOTEN:
            raise TriggerNotAllowedHere("Een afgesloten zaak kan niet meer worden gewijzigd; heropen haar eerst.")
        now = uow.clock.now()
        changed, errors = [], {}
        for section, data in sections.items():
            before, record = _fingerprint(case), case.record
            try:
                SECTION_WRITERS[section](case, data if isinstance(data, dict) else {}, local_today(now))
            except InvalidInput as problem:
                errors.update(problem.errors)
                continue
            if _fingerprint(case) != before:
                changed.append(reg.SECTIONS[section])
            else:
                case.record = record  # an empty field written as empty: keep the record exactly as it was
        if errors:
            raise InvalidInput(errors)  # leaving the unit of work unsaved rolls back what the others wrote
        if "plan" in sections:  # the evaluation moments become (or stop being) reminders
            uow.publish([events.AgreementsChanged(case.id, evaluation_moments(case))])
        if changed or len(sections) == 1:  # one section on its own always leaves its line, as it always did
            uow.cases.touch(case, now)
            what = ", ".join(changed or [reg.SECTIONS[s] for s in sections])
            uow.cases.add_history(
                case,
                actor,
                HistoryEntry(HISTORY_TRIGGER, case.phase, case.phase, f"registratie bijgewerkt: {what}"),
                now,
            )
            uow.commit()
        return case


def _fingerprint(case: CaseLike) -> Any:
    """What the writers change, with empty values left out (absent, None, "" and [] mean the same here): the
    record, the repeat request and the main persons' registration fields."""
    persons = [(p.kind, p.gender, p.birth_date, p.unborn) for p in getattr(case, "main_persons", None) or []]
    return (_without_empties(case.record or {}), getattr(case, "repeat_request", None), persons)


def _without_empties(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {k: _without_empties(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_empties(v) for v in value]
    return value


def parse_rows(specs: Sequence[FieldSpec], rows: Any, name: str, today: dt.date) -> list[dict[str, Any]]:
    """A list of rows parsed by `specs`; errors are named `<name>.<index>.<field>`."""
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InvalidInput({name: f"{name}: geef een lijst van regels"})
    if len(rows) > MAX_ROWS:
        raise InvalidInput({name: f"{name}: maximaal {MAX_ROWS} regels"})
    parsed, errors = [], {}
    for index, row in enumerate(rows):
        try:
            parsed.append(parse_fields(specs, row, today))
        except InvalidInput as problem:
            errors.update({f"{name}.{index}.{k}": v for k, v in problem.errors.items()})
    if errors:
        raise InvalidInput(errors)
    return parsed


def _case(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    values = parse_fields(reg.CASE_FIELDS, data, today)
    errors = other_text_problems(values)
    if errors:
        raise InvalidInput(errors)
    case.repeat_request = values.pop("eerdere_ekc")
    record_set(case, **{k: v if v != "" else None for k, v in values.items()})


def _persons(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    rows = parse_rows(reg.PERSON_FIELDS, data.get("hoofdpersonen"), "hoofdpersonen", today)
    if len(rows) != len(case.main_persons):
        raise InvalidInput(
            {"hoofdpersonen": f"Hoofdpersonen: geef voor elk van de {len(case.main_persons)} hoofdpersonen één regel"}
        )
    errors = {k: v for i, row in enumerate(rows) for k, v in _person_problems(i, row).items()}
    if errors:
        raise InvalidInput(errors)
    extras = []
    for person, row in zip(case.main_persons, rows, strict=True):
        minor = row["soort"] == "minderjarig"
        person.kind, person.gender = row["soort"], row["geslacht"]
        person.birth_date, person.unborn = row["geboortedatum"], bool(minor and row["ongeboren"])
        extras.append(
            {
                "leeftijd": row["leeftijd"],
                "herkomst_ouders": row["herkomst_ouders"] if minor else [],
                "culturele_achtergrond": None if minor else row["culturele_achtergrond"],
                "verblijfplaats": row["verblijfplaats"],
            }
        )
    record_set(case, hoofdpersonen_registratie=extras)


def _person_problems(index: int, row: dict[str, Any]) -> dict[str, str]:
    key = lambda name: f"hoofdpersonen.{index}.{name}"  # noqa: E731
    minor = row["soort"] == "minderjarig"
    genders = vocab.MINOR_GENDERS if minor else vocab.ADULT_GENDERS
    residences = vocab.MINOR_RESIDENCES if minor else vocab.ADULT_RESIDENCES
    low, high = (0, 17) if minor else (18, 120)
    problems = {}
    if row["geslacht"] and row["geslacht"] not in genders:
        problems[key("geslacht")] = "Geslacht: kies " + " of ".join(genders)
    if row["verblijfplaats"] and row["verblijfplaats"] not in residences:
        problems[key("verblijfplaats")] = "Verblijfplaats: kies " + ", ".join(residences)
    if row["leeftijd"] is not None and not low <= row["leeftijd"] <= high:
        problems[key("leeftijd")] = f"Leeftijd: tussen {low} en {high} jaar bij {row['soort']}"
    if row["ongeboren"] and (not minor or row["leeftijd"] is not None or row["geboortedatum"]):
        problems[key("ongeboren")] = "Nog niet geboren: alleen bij een minderjarige zonder leeftijd of geboortedatum"
    if not minor and row["herkomst_ouders"]:
        problems[key("herkomst_ouders")] = "Herkomst ouders: alleen bij minderjarigen"
    if minor and row["culturele_achtergrond"]:
        problems[key("culturele_achtergrond")] = "Culturele achtergrond: alleen bij volwassenen"
    return problems


def _network(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    rows = parse_rows(reg.NETWORK_ROW, data.get("netwerk"), "netwerk", today)
    errors = {f"netwerk.{i}.naam": "Naam: vul de naam in" for i, r in enumerate(rows) if not r["naam"]}
    errors |= {f"netwerk.{i}.status": "Status: kies de status" for i, r in enumerate(rows) if not r["status"]}
    if errors:
        raise InvalidInput(errors)
    note = parse_fields(reg.NETWORK_FIELDS, data, today)["niet_samen"]
    record_set(case, netwerk=rows, niet_samen=note or None)


def _plan(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    rows = parse_rows(reg.AGREEMENT_ROW, data.get("afspraken"), "afspraken", today)
    errors = {f"afspraken.{i}.wat": "Doet wat: beschrijf de afspraak" for i, r in enumerate(rows) if not r["wat"]}
    errors |= agreement_date_problems(case, rows)
    if errors:
        raise InvalidInput(errors)
    values = parse_fields(reg.PLAN_FIELDS, data, today)
    plan = {**(record_get(case, "plan") or {}), "afspraken": rows}
    shown = reg.acceptance(case)  # the form shows the meeting's acceptance until the plan has its own
    for field in reg.PLAN_FIELDS:
        plan[field.name] = _plan_value(field, values[field.name])
    if not (record_get(case, "plan") or {}).get(ACCEPTANCE.name) and plan.get(ACCEPTANCE.name) == shown:
        plan[ACCEPTANCE.name] = None  # unchanged: a later meeting's acceptance still counts
    record_set(case, plan=plan)


def _plan_value(field: FieldSpec, value: Any) -> Any:
    """How the plan keeps a form value: yes/no as a bool, counts per direction as one entry per person."""
    if field.kind == "counts":
        return [label for label, n in value.items() for _ in range(n)]
    if field.choices == reg.YES_NO:
        return value == "ja" if value else None
    return value or None


def _plan_sent(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    values = parse_fields(reg.PLAN_SENT_FIELDS, data, today)
    names = [line.strip() for line in (values["aan"] or "").splitlines() if line.strip()]
    if not record_get(case, "plan_verstuurd") and values["datum"] is None and names == reg.present_names(case):
        return  # only the names the form suggests: nothing was sent yet
    record_set(case, plan_verstuurd={"datum": values["datum"], "aan": names})


def _grades(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    values = parse_fields(reg.GRADE_FIELDS, data, today)
    record_set(case, **{k: v if v != "" else None for k, v in values.items()})


def _not_held(case: CaseLike, data: dict[str, Any], today: dt.date) -> None:
    values = parse_fields(reg.NOT_HELD_FIELDS, data, today)
    record_set(case, **{name: value if value is not None else "" for name, value in values.items()})


SECTION_WRITERS: dict[str, Callable[[CaseLike, dict[str, Any], dt.date], None]] = {
    "zaak": _case,
    "hoofdpersonen": _persons,
    "netwerk": _network,
    "plan": _plan,
    "plan_verstuurd": _plan_sent,
    "cijfers": _grades,
    "niet_doorgaan": _not_held,
}
