"""The exchange format registration-v1 (shared/formats/registration-v1.md): validation and field order, derived
from the schema (workflow.registration.schema.EXCHANGE).

Reading is tolerant where a well-meaning exporter is terse, strict where a value is wrong: an absent optional
(nullable) field reads as null, and an absent category of a count object reads as 0. Lists and flags must be
written: an empty list says "none", an absent one could mean "not asked".
`canonical` writes a record out whole, so an import stores the same record as a fully written file would.
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workflow import vocabulary as vocab
from workflow.registration import after_plan, schema
from workflow.registration.rules import duration_problems
from workflow.registration.schema import RecordField

FIELDS: tuple[str, ...] = tuple(name for name, _ in schema.EXCHANGE)
# Every top-level key, the optional additions after the plan (workflow.registration.after_plan) last.
KNOWN: tuple[str, ...] = (*FIELDS, *after_plan.TOP_LEVEL)
PERSON_FIELDS = schema.exported(schema.PERSON_FIELDS)
MEETING_FIELDS = schema.exported(schema.MEETING)
PLAN_FIELDS = schema.PLAN_EXPORT
FOLLOW_UP_FIELDS = schema.exported(schema.FOLLOW_UP)
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERSON_OPTIONAL = ("ongeboren", "herkomst_ouders", "culturele_achtergrond")

Errors = list[tuple[str, str]]


def canonical(record: dict[str, Any]) -> dict[str, Any]:
    """The record whole (tolerated absences filled in) with its keys in the format's order."""
    out = _ordered(completed(record), KNOWN)
    if isinstance(out.get("hoofdpersonen"), list):
        out["hoofdpersonen"] = [_ordered(p, PERSON_FIELDS) for p in out["hoofdpersonen"]]
    if isinstance(out.get("bijeenkomsten"), list):
        out["bijeenkomsten"] = [_meeting_ordered(m) for m in out["bijeenkomsten"]]
    if isinstance(out.get("plan"), dict):
        out["plan"] = _ordered(out["plan"], (*PLAN_FIELDS, after_plan.AGREEMENTS))
    if isinstance(out.get("follow_up"), list):
        out["follow_up"] = [_ordered(f, (*FOLLOW_UP_FIELDS, after_plan.MARKS)) for f in out["follow_up"]]
    return out


def completed(record: Any) -> Any:
    """`record` with what a terse exporter may leave out filled in: null, [], false, and 0 per category."""
    if not isinstance(record, dict):
        return record
    out = dict(record)
    for name, value in _ABSENT:
        if name not in out:
            out[name] = value
    if isinstance(out.get("hoofdpersonen"), list):
        out["hoofdpersonen"] = [_completed_row(p, _PERSON_ABSENT) for p in out["hoofdpersonen"]]
    if isinstance(out.get("bijeenkomsten"), list):
        out["bijeenkomsten"] = [_completed_row(m, _MEETING_ABSENT) for m in out["bijeenkomsten"]]
    return after_plan.completed(out)


def validate_registration(obj: Any) -> Errors:
    """Every problem of one record as (field, Dutch message); empty when the record fits the format."""
    if not isinstance(obj, dict):
        return [("", "een regel moet één JSON-object zijn ({...})")]
    obj = completed(obj)
    errors: Errors = [(k[:60], "onbekend veld") for k in obj if k not in _KNOWN_SET]
    errors += [(k, "ontbreekt") for k in FIELDS if k not in obj]
    for name, check in _CHECKS.items():
        if name in obj:
            errors += check(name, obj[name])
    errors += after_plan.problems(obj, check_for, _object)
    if not errors:
        errors += _across(obj)
    return errors


# --- what an absent field reads as ------------------------------------------------------------------------

_REQUIRED = object()


def _absent_value(spec: Any) -> Any:
    """Null for an optional field (the plan too); a list, a flag or a required value must be written."""
    if spec is schema.PLAN_EXPORT or (isinstance(spec, RecordField) and spec.nullable):
        return None
    return _REQUIRED


_ABSENT = tuple((name, _absent_value(spec)) for name, spec in schema.EXCHANGE if _absent_value(spec) is not _REQUIRED)
_KNOWN_SET = frozenset(KNOWN)


def _completed_row(row: Any, absent: tuple[tuple[str, dict[str, int] | None], ...]) -> Any:
    """`row` with its absent fields filled in as `absent` (from `_absent_in_row`) says."""
    if not isinstance(row, dict):
        return row
    out = dict(row)
    for name, zeros in absent:
        if zeros is not None:
            found = out.get(name, {})
            if isinstance(found, dict):  # every category (0 unless given), then any others as given
                out[name] = {**zeros, **found}
        elif name not in out:
            out[name] = None
    return out


def _absent_in_row(fields: Sequence[RecordField]) -> tuple[tuple[str, dict[str, int] | None], ...]:
    """In order, the exported fields of a row that an absence fills in: a count object (its categories at 0)
    and a nullable field (None)."""
    return tuple(
        (f.name, dict.fromkeys(f.choices, 0) if f.kind == "counts" else None)
        for f in fields
        if f.exported and (f.kind == "counts" or f.nullable)
    )


_PERSON_ABSENT = _absent_in_row(schema.PERSON_FIELDS)
_MEETING_ABSENT = _absent_in_row(schema.MEETING)


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


def _label(allowed: Sequence[str], nullable: bool = False) -> Callable[[str, Any], Errors]:
    known = frozenset(allowed)

    def check(field: str, value: Any) -> Errors:
        if value is None and nullable:
            return []
        if not isinstance(value, str) or value not in known:
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


def _labels(allowed: Sequence[str]) -> Callable[[str, Any], Errors]:
    one = _label(allowed)

    def check(field: str, value: Any) -> Errors:
        if not isinstance(value, list):
            return [(field, "moet een lijst zijn")]
        errors = [e for i, item in enumerate(value) for e in one(f"{field}[{i}]", item)]
        if not errors and len(set(value)) != len(value):
            errors.append((field, "een waarde staat er dubbel in"))
        return errors

    return check


def _date(field: str, value: Any) -> Errors:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return [(field, "moet een datum zijn (jjjj-mm-dd)")]
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return [(field, f"'{value}' is geen bestaande datum")]
    return []


def _bool(field: str, value: Any) -> Errors:
    return [] if isinstance(value, bool) else [(field, "moet true of false zijn")]


def _int(field: str, value: Any, low: float, high: float, nullable: bool = False) -> Errors:
    if value is None and nullable:
        return []
    if isinstance(value, bool) or not isinstance(value, int):
        return [(field, "moet een heel getal zijn" + (" of null" if nullable else ""))]
    return [] if low <= value <= high else [(field, f"moet tussen {_n(low)} en {_n(high)} liggen")]


def _number(field: str, value: Any, low: float, high: float) -> Errors:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return [(field, "moet een getal zijn")]
    return [] if low <= value <= high else [(field, f"moet tussen {_n(low)} en {_n(high)} liggen")]


def _n(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _text(field: str, value: Any, max_length: int = 4000) -> Errors:
    if not isinstance(value, str):
        return [(field, "moet tekst zijn (mag leeg)")]
    return [(field, f"maximaal {max_length} tekens")] if len(value) > max_length else _characters(field, value)


def _counts(categories: Sequence[str]) -> Callable[[str, Any], Errors]:
    def check(field: str, value: Any) -> Errors:
        errors = _object(field, value, categories, ())
        if errors:
            return [
                (f, m + ("; toegestaan: " + ", ".join(categories) if m == "onbekend veld" else "")) for f, m in errors
            ]
        return [e for k in categories for e in _int(f"{field}.{k}", value.get(k, 0), 0, 500)]

    return check


def check_for(spec: RecordField) -> Callable[[str, Any], Errors]:
    """The format's check of one field, from its kind, value list, limits and nullability."""
    low, high = spec.limits
    checks: dict[str, Callable[[str, Any], Errors]] = {
        "date": _date,
        "choice": _label(spec.choices, spec.nullable),
        "multichoice": _labels(spec.choices),
        "bool": lambda f, v: [] if v is None and spec.nullable else _bool(f, v),
        "int": lambda f, v: _int(f, v, low, high, spec.nullable),
        "float": lambda f, v: _number(f, v, low, high),
        "counts": _counts(spec.choices),
        "line": lambda f, v: _string(f, v, spec.nullable, spec.max_length),
        "text": lambda f, v: _text(f, v, spec.max_length),
    }
    return checks[spec.kind]


def _object(field: str, value: Any, keys: Sequence[str], required: Sequence[str]) -> Errors:
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


def _rows(
    fields: Sequence[RecordField],
    across: Callable[[Mapping[str, Any]], dict[str, str]] | None = None,
    optional: Sequence[str] = (),
):
    """A check of one row of `fields`: every exported field present and valid, then the rules between them.
    `optional`: keys the row may also hold (checked elsewhere)."""
    names = schema.exported(fields)
    known = frozenset((*names, *optional))
    checks = [(f.name, check_for(f)) for f in fields if f.exported]

    def check(field: str, value: Any) -> Errors:
        errors = _object(field, value, known, names)
        if errors:
            return errors
        errors = [e for name, one in checks for e in one(f"{field}.{name}", value[name])]
        if not errors and across:
            errors = [(f"{field}.{name}", message) for name, message in across(value).items()]
        return errors

    return check


def _person(field: str, value: Any) -> Errors:
    errors = _object(field, value, _PERSON_KEYS, _PERSON_REQUIRED)
    if errors:
        return errors
    errors = _PERSON_KIND(f"{field}.soort", value["soort"])
    if errors:
        return errors
    minor = value["soort"] == "minderjarig"

    def f(name: str) -> str:
        return f"{field}.{name}"

    errors += (_MINOR_GENDER if minor else _ADULT_GENDER)(f("geslacht"), value["geslacht"])
    errors += (
        _int(f("leeftijd"), value["leeftijd"], 0, 17, True)
        if minor
        else _int(f("leeftijd"), value["leeftijd"], 18, 120, True)
    )
    errors += (_MINOR_RESIDENCE if minor else _ADULT_RESIDENCE)(f("verblijfplaats"), value["verblijfplaats"])
    if minor:
        errors += _bool(f("ongeboren"), value.get("ongeboren", False))
        errors += _PARENT_ORIGINS(f("herkomst_ouders"), value.get("herkomst_ouders", []))
        if value.get("culturele_achtergrond") is not None:
            errors.append((f("culturele_achtergrond"), "alleen bij volwassenen; gebruik herkomst_ouders"))
        if value.get("ongeboren") is True and value["leeftijd"] is not None:
            errors.append((f("leeftijd"), "moet null zijn bij een ongeboren kind"))
    else:
        errors += _BACKGROUND(f("culturele_achtergrond"), value.get("culturele_achtergrond"))
        if value.get("herkomst_ouders") not in (None, []):
            errors.append((f("herkomst_ouders"), "alleen bij minderjarigen; gebruik culturele_achtergrond"))
        if value.get("ongeboren") not in (None, False):
            errors.append((f("ongeboren"), "alleen bij minderjarigen"))
    return errors


# The checks of a person's fields and of the plan's, made once (not at each row).
_PERSON_KEYS = frozenset(PERSON_FIELDS)
_PERSON_REQUIRED = tuple(n for n in PERSON_FIELDS if n not in _PERSON_OPTIONAL)
_PERSON_KIND = _label(vocab.MAIN_PERSON_KINDS)
_MINOR_GENDER, _ADULT_GENDER = _label(vocab.MINOR_GENDERS), _label(vocab.ADULT_GENDERS)
_MINOR_RESIDENCE, _ADULT_RESIDENCE = _label(vocab.MINOR_RESIDENCES, True), _label(vocab.ADULT_RESIDENCES, True)
_PARENT_ORIGINS = _labels(vocab.PARENT_ORIGINS)
_BACKGROUND = _label(vocab.CULTURAL_BACKGROUNDS, True)


def _plan(field: str, value: Any) -> Errors:
    if value is None:
        return []
    errors = _object(field, value, _PLAN_KEYS, PLAN_FIELDS)
    if errors:
        return errors
    acceptance = schema.ACCEPTANCE.name
    errors += _ACCEPTANCE(f"{field}.{acceptance}", value[acceptance])
    for question in schema.PLAN_QUESTIONS:
        errors += _bool(f"{field}.{question.name}", value[question.name])
    return errors + _RESIDENCE_CHANGES(f"{field}.verblijfplaatswijzigingen", value["verblijfplaatswijzigingen"])


def _residence_change(field: str, value: Any) -> Errors:
    errors = _object(field, value, ("richting",), ("richting",))
    return errors or _DIRECTION(f"{field}.richting", value["richting"])


_PLAN_KEYS = frozenset((*PLAN_FIELDS, after_plan.AGREEMENTS))
_ACCEPTANCE = check_for(schema.ACCEPTANCE)
_RESIDENCE_CHANGES = _list_of(_residence_change)
_DIRECTION = _label(vocab.RESIDENCE_CHANGE_DIRECTIONS)


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
    return errors + after_plan.across(obj)


def _ordered(value: Any, keys: tuple[str, ...]) -> Any:
    """A copy of `value` with `keys` first, in their order, then any others as they come."""
    if not isinstance(value, dict):
        return value
    if tuple(value) == keys[: len(value)]:  # already so (a record written by Kring)
        return dict(value)
    return {**{k: value[k] for k in keys if k in value}, **{k: v for k, v in value.items() if k not in keys}}


def _meeting_ordered(meeting: Any) -> Any:
    out = _ordered(meeting, MEETING_FIELDS)
    for field in _COUNTS_IN_MEETING:
        if isinstance(out, dict) and isinstance(out.get(field.name), dict):
            out[field.name] = _ordered(out[field.name], field.choices)
    return out


_COUNTS_IN_MEETING = tuple(f for f in schema.MEETING if f.kind == "counts")


def _ref(field: str, value: Any) -> Errors:
    return _string(field, value, max_length=40) or (
        [] if _REF.match(value) else [(field, "alleen letters, cijfers en - . _ /")]
    )


def _check_of(name: str, spec: Any) -> Callable[[str, Any], Errors]:
    special = {"ref": _ref, "hoofdpersonen": _list_of(_person), "plan": _plan}
    if name in special:
        return special[name]
    if spec is schema.MEETING:
        return _list_of(_rows(schema.MEETING, duration_problems))
    if spec is schema.FOLLOW_UP:
        return _list_of(_rows(schema.FOLLOW_UP, optional=(after_plan.MARKS,)))
    return check_for(spec)


_CHECKS: dict[str, Callable[[str, Any], Errors]] = {name: _check_of(name, spec) for name, spec in schema.EXCHANGE}
