"""The admin forms' parsing and checks: every field in one pass, Dutch messages, raw input kept to show back."""

import contextlib
import datetime as dt
import re
from collections.abc import Sequence

from werkzeug.datastructures import MultiDict

from storage.accounts import password_problem
from workflow.errors import InvalidInput
from workflow.fields import REFUSED_CHARACTERS, FieldSpec, has_refused_characters, parse_fields
from workflow.phases import Role

ROLE_LABELS = {
    Role.ADMIN.value: "Bureau (beheer)",
    Role.REGIOMANAGER.value: "Regiomanager",
    Role.COORDINATOR.value: "Coördinator",
}
COORDINATOR_GENDERS = ("man", "vrouw", "anders")
MAX_LANGUAGES, MAX_LANGUAGE = 15, 40
USER_EMAIL = FieldSpec("email", "E-mailadres", "email", required=True, max_length=254)
USER_NAME = FieldSpec("name", "Naam", "line", required=True, max_length=120)
# Direction overrides and isolates: a name with them shows reversed text in every list it appears in.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def raw_values(form: MultiDict, single: Sequence[str], multiple: Sequence[str] = ()) -> dict:
    """The submitted values, to parse and to show back on an error."""
    values = {name: str(form.get(name, "")) for name in single}
    values.update({name: form.getlist(name) for name in multiple})
    return values


def parse_user(values: dict, regions: Sequence[str], today: dt.date) -> dict:
    """A new user's data, or InvalidInput for every wrong field. Uniqueness is checked by the caller."""
    specs = (
        USER_EMAIL,
        USER_NAME,
        FieldSpec("role", "Rol", "choice", required=True, choices=tuple(ROLE_LABELS)),
        FieldSpec("regions", "Regio's", "multichoice", choices=tuple(regions)),
    )
    errors = _errors(specs, values, today)
    parsed = _parse_or_empty(specs, values, today)
    password = values["password"]
    problem = password_problem(password, values["email"])
    if problem:
        errors["password"] = problem
    if (
        parsed.get("role") in (Role.REGIOMANAGER.value, Role.COORDINATOR.value)
        and not parsed.get("regions")
        and "regions" not in errors
    ):
        errors["regions"] = "Regio's: kies minstens één regio voor een regiomanager of coördinator"
    if errors:
        raise InvalidInput(errors)
    return parsed | {"password": password}


def parse_user_edit(values: dict, regions: dict[int, str], today: dt.date, *, editing_self: bool) -> dict:
    """An existing user's name, role, regions (by id: `regions` maps each known id to its name) and whether
    they are active; InvalidInput for every wrong field. An admin cannot demote or deactivate themselves: the
    bureau would lose its last way in, and a slip of the hand must not lock the admin out."""
    specs = (
        USER_NAME,
        FieldSpec("role", "Rol", "choice", required=True, choices=tuple(ROLE_LABELS)),
        FieldSpec("regions", "Regio's", "multichoice", choices=tuple(str(i) for i in regions)),
        FieldSpec("active", "Actief", "bool"),
    )
    errors = _errors(specs, values, today)
    if "name" not in errors and BIDI_CONTROLS.search(values["name"]):
        errors["name"] = f"Naam: {REFUSED_CHARACTERS}"
    if "regions" in errors:
        errors["regions"] = "Regio's: onbekende regio; kies uit de lijst"
    parsed = _parse_or_empty(specs, values, today)
    if editing_self and parsed.get("role", Role.ADMIN.value) != Role.ADMIN.value:
        errors["role"] = "Rol: u kunt uw eigen beheerrol niet weghalen; laat een andere beheerder dat doen"
    if editing_self and not parsed.get("active", True):
        errors["active"] = "Actief: u kunt uw eigen account niet deactiveren"
    if (
        parsed.get("role") in (Role.REGIOMANAGER.value, Role.COORDINATOR.value)
        and not parsed.get("regions")
        and "regions" not in errors
    ):
        errors["regions"] = "Regio's: kies minstens één regio voor een regiomanager of coördinator"
    if errors:
        raise InvalidInput(errors)
    return parsed | {"regions": [regions[int(i)] for i in parsed["regions"]]}


def parse_coordinator(values: dict, regions: Sequence[str], today: dt.date) -> dict:
    """A coordinator profile's data, or InvalidInput for every wrong field."""
    specs = (
        FieldSpec("gender", "Geslacht", "choice", choices=COORDINATOR_GENDERS),
        FieldSpec("birth_year", "Geboortejaar", "int", minimum=1930, maximum=today.year - 18),
        FieldSpec("languages", "Talen", "line", max_length=600),
        FieldSpec("cultural_background", "Culturele achtergrond", "line", max_length=80),
        FieldSpec("capacity", "Capaciteit", "int", required=True, minimum=0, maximum=20),
        FieldSpec("regions", "Regio's", "multichoice", choices=tuple(regions)),
        FieldSpec("active", "Actief", "bool"),
    )
    errors = _errors(specs, values, today)
    parsed = _parse_or_empty(specs, values, today)
    languages = []
    if "languages" not in errors:
        try:
            languages = split_languages(values["languages"])
        except ValueError as problem:
            errors["languages"] = f"Talen: {problem}"
    if errors:
        raise InvalidInput(errors)
    return parsed | {"languages": languages}


def parse_region_name(values: dict, existing: Sequence[str], today: dt.date) -> str:
    """A new region's name, or InvalidInput."""
    spec = FieldSpec("name", "Naam regio", "line", required=True, max_length=80)
    errors = _errors((spec,), values, today)
    if errors:
        raise InvalidInput(errors)
    name = values["name"].strip()
    if name.lower() in {e.lower() for e in existing}:
        raise InvalidInput({"name": f"Naam regio: er is al een regio '{name}'"})
    return name


def parse_move(values: dict, municipalities: Sequence[str], regions: Sequence[str]) -> dict:
    """Which municipality moves to which region, or InvalidInput."""
    errors = {}
    known = {m.lower(): m for m in municipalities}
    municipality = known.get(values["municipality"].strip().lower())
    if not values["municipality"].strip():
        errors["municipality"] = "Gemeente: vul dit in"
    elif municipality is None:
        errors["municipality"] = "Gemeente: onbekende gemeente; kies een gemeente uit de lijst"
    if values["region"] not in regions:
        errors["region"] = "Nieuwe regio: kies een van de regio's"
    if errors:
        raise InvalidInput(errors)
    return {"municipality": municipality, "region": values["region"]}


def split_languages(text: str) -> list[str]:
    """'Nederlands, Turks' → ['Nederlands', 'Turks']: trimmed, no doubles, each a short name."""
    languages = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        if len(name) > MAX_LANGUAGE:
            raise ValueError(f"elke taal maximaal {MAX_LANGUAGE} tekens")
        if has_refused_characters(name):
            raise ValueError(REFUSED_CHARACTERS)
        if name.lower() not in {known.lower() for known in languages}:
            languages.append(name)
    if len(languages) > MAX_LANGUAGES:
        raise ValueError(f"maximaal {MAX_LANGUAGES} talen")
    return languages


def _errors(specs: Sequence[FieldSpec], values: dict, today: dt.date) -> dict[str, str]:
    try:
        parse_fields(specs, values, today)
    except InvalidInput as wrong:
        return dict(wrong.errors)
    return {}


def _parse_or_empty(specs: Sequence[FieldSpec], values: dict, today: dt.date) -> dict:
    """The fields that parse (to check rules across fields while reporting every wrong one)."""
    parsed = {}
    for spec in specs:
        with contextlib.suppress(InvalidInput):
            parsed[spec.name] = parse_fields((spec,), values, today)[spec.name]
    return parsed
