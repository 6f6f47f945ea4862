"""The exchange format registration-v1 (shared/formats/registration-v1.md): field order and validation."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from workflow import vocabulary as vocab

FIELDS: tuple[str, ...] = (
    "ref",
    "variant",
    "aanmelddatum",
    "afsluitdatum",
    "provincie",
    "gemeente",
    "type_aanmelder",
    "type_organisatie",
    "gedwongen_kader",
    "eerdere_ekc",
    "hoofdpersonen",
    "achtergrondproblemen",
    "onderwerpen",
    "professionele_hulp",
    "fase",
    "plan_of_afspraken",
    "redenen_niet_doorgaan",
    "bijeenkomsten",
    "plan",
    "cijfer_samenwerking_aanmelder",
    "cijfer_samenwerking_regiomanager",
    "follow_up",
)
PERSON_FIELDS = (
    "soort",
    "geslacht",
    "leeftijd",
    "ongeboren",
    "herkomst_ouders",
    "culturele_achtergrond",
    "verblijfplaats",
)
MEETING_FIELDS = (
    "datum",
    "locatie",
    "dagdeel",
    "duur_totaal_uur",
    "duur_besloten_uur",
    "vorm",
    "aanwezigen",
    "uitgenodigd_niet_aanwezig",
    "resultaat",
)
PLAN_FIELDS = (
    "acceptatie_professional",
    "evaluatieafspraken",
    "noodplan",
    "vraag_professionele_hulp",
    "verblijfplaatswijzigingen",
)
FOLLOW_UP_FIELDS = ("wie", "datum", "uitkomst", "toelichting")
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")

Errors = list[tuple[str, str]]


def canonical(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its keys in the format's order (so one record always prints as one line)."""
    out = _ordered(record, FIELDS)
    if isinstance(out.get("hoofdpersonen"), list):
        out["hoofdpersonen"] = [_ordered(p, PERSON_FIELDS) if isinstance(p, dict) else p for p in out["hoofdpersonen"]]
    if isinstance(out.get("bijeenkomsten"), list):
        out["bijeenkomsten"] = [_meeting_ordered(m) for m in out["bijeenkomsten"]]
    if isinstance(out.get("plan"), dict):
        out["plan"] = _ordered(out["plan"], PLAN_FIELDS)
    if isinstance(out.get("follow_up"), list):
        out["follow_up"] = [_ordered(f, FOLLOW_UP_FIELDS) if isinstance(f, dict) else f for f in out["follow_up"]]
    return out


def validate_registration(obj: Any) -> Errors:
    """Every problem of one record as (field, Dutch message); empty when the record fits the format."""
    if not isinstance(obj, dict):
        return [("", "een regel moet één JSON-object zijn ({...})")]
    errors: Errors = [(k[:60], "onbekend veld") for k in obj if k not in FIELDS]
    errors += [(k, "ontbreekt") for k in FIELDS if k not in obj]
    for name, check in _CHECKS.items():
        if name in obj:
            errors += check(name, obj[name])
    if not errors:
        errors += _across(obj)
    return errors


# --- value checks -----------------------------------------------------------------------------------------


def _string(field: str, value: Any, nullable: bool = False, max_length: int = 200) -> Errors:
    if value is None and nullable:
        return []
    if not isinstance(value, str) or not value.strip():
        return [(field, "moet tekst zijn" + (" of null" if nullable else ""))]
    if len(value) > max_length:
        return [(field, f"maximaal {max_length} tekens")]
    return _characters(field, value)


def _characters(field: str, value: str) -> Errors:
    """NUL and lone surrogates cannot be stored (PostgreSQL refuses them)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return [(field, "bevat ongeldige tekens")]
    return [(field, "bevat ongeldige tekens")] if "\x00" in value else []


def _label(allowed: tuple[str, ...], nullable: bool = False) -> Callable[[str, Any], Errors]:
    def check(field: str, value: Any) -> Errors:
        if value is None and nullable:
            return []
        if not isinstance(value, str) or value not in allowed:
            shown = (value if isinstance(value, str) else repr(value)).encode("utf-8", "replace").decode()
            return [
                (
                    field,
                    f"onbekende waarde '{shown[:80]}'; toegestaan: "
                    + ", ".join(allowed)
                    + (" of null" if nullable else ""),
                )
            ]
        return []

    return check


def _labels(allowed: tuple[str, ...]) -> Callable[[str, Any], Errors]:
    def check(field: str, value: Any) -> Errors:
        if not isinstance(value, list):
            return [(field, "moet een lijst zijn")]
        errors = [e for i, item in enumerate(value) for e in _label(allowed)(f"{field}[{i}]", item)]
        if not errors and len(set(value)) != len(value):
            errors.append((field, "een waarde staat er dubbel in"))
        return errors

    return check


def _date(field: str, value: Any) -> Errors:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [(field, "moet een datum zijn (jjjj-mm-dd)")]
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return [(field, f"'{value}' is geen bestaande datum")]
    return []


def _bool(field: str, value: Any) -> Errors:
    return [] if isinstance(value, bool) else [(field, "moet true of false zijn")]


def _int(field: str, value: Any, low: int, high: int, nullable: bool = False) -> Errors:
    if value is None and nullable:
        return []
    if isinstance(value, bool) or not isinstance(value, int):
        return [(field, "moet een heel getal zijn" + (" of null" if nullable else ""))]
    return [] if low <= value <= high else [(field, f"moet tussen {low} en {high} liggen")]


def _number(field: str, value: Any, low: float, high: float) -> Errors:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return [(field, "moet een getal zijn")]
    return [] if low <= value <= high else [(field, f"moet tussen {low} en {high} liggen")]


def _grade(field: str, value: Any) -> Errors:
    return _int(field, value, 1, 10, nullable=True)


def _object(field: str, value: Any, keys: tuple[str, ...], required: tuple[str, ...]) -> Errors:
    if not isinstance(value, dict):
        return [(field, "moet een object zijn ({...})")]
    errors = [(f"{field}.{k[:40]}", "onbekend veld") for k in value if k not in keys]
    return errors + [(f"{field}.{k}", "ontbreekt") for k in required if k not in value]


def _list_of(check: Callable[[str, Any], Errors]) -> Callable[[str, Any], Errors]:
    def checked(field: str, value: Any) -> Errors:
        if not isinstance(value, list):
            return [(field, "moet een lijst zijn")]
        return [e for i, item in enumerate(value) for e in check(f"{field}[{i}]", item)]

    return checked


def _person(field: str, value: Any) -> Errors:
    required = ("soort", "geslacht", "leeftijd", "verblijfplaats")
    errors = _object(field, value, PERSON_FIELDS, required)
    if errors:
        return errors
    errors = _label(vocab.MAIN_PERSON_KINDS)(f"{field}.soort", value["soort"])
    if errors:
        return errors
    minor = value["soort"] == "minderjarig"
    f = lambda name: f"{field}.{name}"  # noqa: E731
    errors += _label(vocab.MINOR_GENDERS if minor else vocab.ADULT_GENDERS)(f("geslacht"), value["geslacht"])
    errors += (
        _int(f("leeftijd"), value["leeftijd"], 0, 17, True)
        if minor
        else _int(f("leeftijd"), value["leeftijd"], 18, 120, True)
    )
    errors += _label(vocab.MINOR_RESIDENCES if minor else vocab.ADULT_RESIDENCES, True)(
        f("verblijfplaats"), value["verblijfplaats"]
    )
    if minor:
        errors += _bool(f("ongeboren"), value.get("ongeboren", False))
        errors += _labels(vocab.PARENT_ORIGINS)(f("herkomst_ouders"), value.get("herkomst_ouders", []))
        if value.get("culturele_achtergrond") is not None:
            errors.append((f("culturele_achtergrond"), "alleen bij volwassenen; gebruik herkomst_ouders"))
        if value.get("ongeboren") is True and value["leeftijd"] is not None:
            errors.append((f("leeftijd"), "moet null zijn bij een ongeboren kind"))
    else:
        errors += _label(vocab.CULTURAL_BACKGROUNDS, True)(
            f("culturele_achtergrond"), value.get("culturele_achtergrond")
        )
        if value.get("herkomst_ouders") not in (None, []):
            errors.append((f("herkomst_ouders"), "alleen bij minderjarigen; gebruik culturele_achtergrond"))
        if value.get("ongeboren") not in (None, False):
            errors.append((f("ongeboren"), "alleen bij minderjarigen"))
    return errors


def _meeting(field: str, value: Any) -> Errors:
    errors = _object(field, value, MEETING_FIELDS, MEETING_FIELDS)
    if errors:
        return errors
    f = lambda name: f"{field}.{name}"  # noqa: E731
    errors += _date(f("datum"), value["datum"])
    errors += _label(vocab.MEETING_LOCATIONS)(f("locatie"), value["locatie"])
    errors += _label(vocab.DAYPARTS)(f("dagdeel"), value["dagdeel"])
    errors += _number(f("duur_totaal_uur"), value["duur_totaal_uur"], 0, 24)
    errors += _number(f("duur_besloten_uur"), value["duur_besloten_uur"], 0, 24)
    errors += _label(vocab.MEETING_FORMS)(f("vorm"), value["vorm"])
    errors += _attendance(f("aanwezigen"), value["aanwezigen"])
    errors += _int(f("uitgenodigd_niet_aanwezig"), value["uitgenodigd_niet_aanwezig"], 0, 500)
    errors += _label(vocab.MEETING_RESULTS)(f("resultaat"), value["resultaat"])
    if not errors and value["duur_besloten_uur"] > value["duur_totaal_uur"]:
        errors.append((f("duur_besloten_uur"), "het besloten deel kan niet langer duren dan het geheel"))
    return errors


def _attendance(field: str, value: Any) -> Errors:
    errors = _object(field, value, vocab.ATTENDEE_CATEGORIES, vocab.ATTENDEE_CATEGORIES)
    if errors:
        return [
            (f, m + ("; toegestaan: " + ", ".join(vocab.ATTENDEE_CATEGORIES) if m == "onbekend veld" else ""))
            for f, m in errors
        ]
    return [e for k in vocab.ATTENDEE_CATEGORIES for e in _int(f"{field}.{k}", value[k], 0, 500)]


def _plan(field: str, value: Any) -> Errors:
    if value is None:
        return []
    errors = _object(field, value, PLAN_FIELDS, PLAN_FIELDS)
    if errors:
        return errors
    errors += _label(vocab.PLAN_ACCEPTANCE)(f"{field}.acceptatie_professional", value["acceptatie_professional"])
    for name in ("evaluatieafspraken", "noodplan", "vraag_professionele_hulp"):
        errors += _bool(f"{field}.{name}", value[name])
    return errors + _list_of(_residence_change)(
        f"{field}.verblijfplaatswijzigingen", value["verblijfplaatswijzigingen"]
    )


def _residence_change(field: str, value: Any) -> Errors:
    errors = _object(field, value, ("richting",), ("richting",))
    return errors or _label(vocab.RESIDENCE_CHANGE_DIRECTIONS)(f"{field}.richting", value["richting"])


def _follow_up(field: str, value: Any) -> Errors:
    errors = _object(field, value, FOLLOW_UP_FIELDS, FOLLOW_UP_FIELDS)
    if errors:
        return errors
    return (
        _label(vocab.FOLLOW_UP_CALLERS)(f"{field}.wie", value["wie"])
        + _date(f"{field}.datum", value["datum"])
        + _label(vocab.FOLLOW_UP_OUTCOMES)(f"{field}.uitkomst", value["uitkomst"])
        + _text(f"{field}.toelichting", value["toelichting"])
    )


def _text(field: str, value: Any) -> Errors:
    if not isinstance(value, str):
        return [(field, "moet tekst zijn (mag leeg)")]
    return [(field, "maximaal 4000 tekens")] if len(value) > 4000 else _characters(field, value)


def _across(obj: dict[str, Any]) -> Errors:
    """Rules between fields, checked once every field has the right type."""
    errors: Errors = []
    if obj["afsluitdatum"] < obj["aanmelddatum"]:
        errors.append(("afsluitdatum", "ligt voor de aanmelddatum"))
    if obj["type_aanmelder"] == "Organisatie" and obj["type_organisatie"] is None:
        errors.append(("type_organisatie", "vul het type organisatie in (type_aanmelder is Organisatie)"))
    if obj["type_aanmelder"] != "Organisatie" and obj["type_organisatie"] is not None:
        errors.append(("type_organisatie", "moet null zijn als type_aanmelder geen Organisatie is"))
    if obj["fase"] == "conferentiefase":
        if not obj["bijeenkomsten"]:
            errors.append(("bijeenkomsten", "de conferentiefase heeft minstens één bijeenkomst"))
        if obj["redenen_niet_doorgaan"]:
            errors.append(("redenen_niet_doorgaan", "alleen in de activeringsfase"))
    elif obj["bijeenkomsten"]:
        errors.append(("bijeenkomsten", "de activeringsfase heeft geen bijeenkomsten"))
    if not obj["hoofdpersonen"]:
        errors.append(("hoofdpersonen", "minstens één hoofdpersoon"))
    return errors


def _ordered(value: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(value, dict):
        return value
    return {**{k: value[k] for k in keys if k in value}, **{k: v for k, v in value.items() if k not in keys}}


def _meeting_ordered(meeting: Any) -> Any:
    out = _ordered(meeting, MEETING_FIELDS)
    if isinstance(out, dict) and isinstance(out.get("aanwezigen"), dict):
        out["aanwezigen"] = _ordered(out["aanwezigen"], vocab.ATTENDEE_CATEGORIES)
    return out


_CHECKS: dict[str, Callable[[str, Any], Errors]] = {
    "ref": lambda f, v: (
        _string(f, v, max_length=40) or ([] if _REF.match(v) else [(f, "alleen letters, cijfers en - . _ /")])
    ),
    "variant": _label(vocab.VARIANTS),
    "aanmelddatum": _date,
    "afsluitdatum": _date,
    "provincie": _label(vocab.PROVINCES),
    "gemeente": lambda f, v: _string(f, v, nullable=True, max_length=80),
    "type_aanmelder": _label(vocab.REFERRER_TYPES),
    "type_organisatie": _label(vocab.ORGANISATION_TYPES, nullable=True),
    "gedwongen_kader": _bool,
    "eerdere_ekc": _bool,
    "hoofdpersonen": _list_of(_person),
    "achtergrondproblemen": _labels(vocab.BACKGROUND_PROBLEMS),
    "onderwerpen": _labels(vocab.TOPICS),
    "professionele_hulp": _label(vocab.PROFESSIONAL_HELP),
    "fase": _label(vocab.PHASES_OF_REGISTRATION),
    "plan_of_afspraken": _bool,
    "redenen_niet_doorgaan": _labels(vocab.REASONS_NOT_HELD),
    "bijeenkomsten": _list_of(_meeting),
    "plan": _plan,
    "cijfer_samenwerking_aanmelder": _grade,
    "cijfer_samenwerking_regiomanager": _grade,
    "follow_up": _list_of(_follow_up),
}
