"""Parsing of the matching forms: every field checked in one pass, Dutch messages, nothing half-saved."""

import datetime as dt
import math
import re
from typing import Any

from web.admin.forms import split_languages
from workflow.errors import InvalidInput
from workflow.matching import TARGET_GROUPS, WEIGHT_LABELS, Weights

MAX_RAW = 5000
MAX_NOTE = 200
MAX_CAPACITY = 20
MAX_ABSENCE_DAYS = 366
MARKUP = re.compile(r"[<>]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def raw(form: Any, *names: str) -> dict[str, str]:
    """The submitted single values, bounded in length, to parse and to show back."""
    return {name: str(form.get(name, ""))[:MAX_RAW] for name in names}


def parse_profile(values: dict[str, Any]) -> dict[str, Any]:
    """Languages, capacity and target groups of the coordinator's own profile."""
    errors: dict[str, str] = {}
    languages: list[str] = []
    text = values.get("languages", "")
    if len(text) > 600:
        errors["languages"] = f"Talen: maximaal 600 tekens (nu {len(text)})"
    elif MARKUP.search(text):
        errors["languages"] = "Talen: de tekens < en > zijn niet toegestaan"
    else:
        try:
            languages = split_languages(text)
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
    note = values.get("note", "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = f"Toelichting: maximaal {MAX_NOTE} tekens (nu {len(note)})"
    elif MARKUP.search(note) or CONTROL.search(note):
        errors["note"] = "Toelichting: de tekens < en > en stuurtekens zijn niet toegestaan"
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
