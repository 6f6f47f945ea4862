"""Parsing of the matching forms: every field checked in one pass, Dutch messages, nothing half-saved."""

import datetime as dt
import math
import re
from typing import Any

from web.admin.forms import split_languages
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_one
from workflow.matching import TARGET_GROUPS, WEIGHT_LABELS, Weights

MAX_NOTE = 200
MAX_CAPACITY = 20
MAX_ABSENCE_DAYS = 366
MARKUP = re.compile(r"[<>]")
LANGUAGES = FieldSpec("languages", "Talen", "line", max_length=600)
ABSENCE_NOTE = FieldSpec("note", "Toelichting", "line", max_length=MAX_NOTE)
CONFLICT_NOTE = FieldSpec("toelichting", "Toelichting", "line", max_length=500)


def raw(form: Any, *names: str) -> dict[str, str]:
    """The submitted single values, to parse and to show back."""
    return {name: str(form.get(name, "")) for name in names}


def chosen(form: Any, name: str) -> list[str]:
    """The ticked boxes of a list, each once (unknown ones are refused by the parser)."""
    return list(dict.fromkeys(form.getlist(name)))


def plain_line(spec: FieldSpec, raw_value: Any) -> str:
    """A one-line text by its spec, without markup characters; InvalidInput naming the field."""
    text = parse_one(spec, raw_value) or ""
    if MARKUP.search(text):
        raise InvalidInput({spec.name: f"{spec.label}: de tekens < en > zijn niet toegestaan"})
    return text


def parse_profile(values: dict[str, Any]) -> dict[str, Any]:
    """Languages, capacity and target groups of the coordinator's own profile."""
    errors: dict[str, str] = {}
    languages: list[str] = []
    try:
        languages = split_languages(plain_line(LANGUAGES, values.get("languages", "")))
    except InvalidInput as problem:
        errors.update(problem.errors)
    except ValueError as problem:
        errors["languages"] = f"Talen: {problem}"
    capacity = None
    try:
        capacity = int(values.get("capacity", "").strip())
        if not 0 <= capacity <= MAX_CAPACITY:
            errors["capacity"] = f"Capaciteit: geef een heel getal van 0 tot en met {MAX_CAPACITY}"
    except ValueError:
        errors["capacity"] = (
            "Capaciteit: vul het aantal zaken in dat u tegelijk kunt hebben"
            if not values.get("capacity", "").strip()
            else f"Capaciteit: geef een heel getal van 0 tot en met {MAX_CAPACITY}"
        )
    groups = values.get("target_groups", [])
    unknown = [g for g in groups if g not in TARGET_GROUPS]
    if unknown:
        errors["target_groups"] = "Doelgroepen: kies uit de lijst"
    if errors:
        raise InvalidInput(errors)
    return {"languages": languages, "capacity": capacity, "target_groups": list(groups)}


def parse_absence(values: dict[str, str], today: dt.date) -> dict[str, Any]:
    """An absence: from and to (both included, to not before from, not over in the past), and a short note."""
    errors: dict[str, str] = {}
    dates: dict[str, dt.date] = {}
    for name, label in (("start", "Van"), ("end", "Tot en met")):
        text = values.get(name, "").strip()
        if not text:
            errors[name] = f"{label}: vul een datum in"
            continue
        try:
            dates[name] = _date(text)
        except ValueError:
            errors[name] = f"{label}: geef een datum als dd-mm-jjjj"
    if len(dates) == 2:
        if dates["end"] < dates["start"]:
            errors["end"] = "Tot en met: deze datum ligt vóór de begindatum"
        elif dates["end"] < today:
            errors["end"] = "Tot en met: deze afwezigheid is al voorbij"
        elif (dates["end"] - dates["start"]).days > MAX_ABSENCE_DAYS:
            errors["end"] = "Tot en met: een afwezigheid duurt hooguit een jaar; voer een langere in delen in"
    note = ""
    try:
        note = plain_line(ABSENCE_NOTE, values.get("note", ""))
    except InvalidInput as problem:
        errors.update(problem.errors)
    if errors:
        raise InvalidInput(errors)
    return {"start": dates["start"], "end": dates["end"], "note": note}


def parse_needs(values: dict[str, Any]) -> dict[str, Any]:
    groups = values.get("target_groups", [])
    if any(g not in TARGET_GROUPS for g in groups):
        raise InvalidInput({"target_groups": "Doelgroepen: kies uit de lijst"})
    return {"target_groups": list(groups), "urgent": bool(values.get("urgent"))}


def parse_weights(values: dict[str, str]) -> Weights:
    """The weights form: each a number from 0 to 100 (a comma as decimal sign is fine)."""
    errors: dict[str, str] = {}
    numbers: dict[str, float] = {}
    for name, label in WEIGHT_LABELS.items():
        text = values.get(name, "").strip().replace(",", ".")
        if not text:
            errors[name] = f"{label}: vul een getal in (0 zet dit onderdeel uit)"
            continue
        try:
            number = float(text)
        except ValueError:
            errors[name] = f"{label}: geef een getal, zoals 2 of 1,5"
            continue
        if not math.isfinite(number) or not 0 <= number <= 100:
            errors[name] = f"{label}: geef een getal van 0 tot en met 100"
            continue
        numbers[name] = number
    if errors:
        raise InvalidInput(errors)
    try:
        return Weights.from_dict(numbers)
    except ValueError as problem:  # the domain's own check, in case the bounds above ever drift
        raise InvalidInput({"weights": str(problem)}) from None


def _date(text: str) -> dt.date:
    """dd-mm-jjjj (as typed) or jjjj-mm-dd (as a date input sends it)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", text)
    if not match:
        raise ValueError(text)
    day, month, year = map(int, match.groups())
    return dt.date(year, month, day)
