"""Field specifications: one description of an input drives parsing, validation and the rendered form."""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workflow.errors import InvalidInput

MAX_TEXT = 4000
# One spelling of each rule, for the parser here and for the OpenAPI document (ECMA-262 and Python alike).
# Control characters (Unicode category Cc): C0, DEL and C1. Kind "text" (several lines) allows tab, LF and CR.
CONTROL_IN_LINE = r"\x00-\x1f\x7f-\x9f"
CONTROL_IN_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_LOCAL_PART = rf'''[^@\s<>"{CONTROL_IN_LINE}]+'''
_DOMAIN_PART = rf"""[^@\s<>"'{CONTROL_IN_LINE}]+"""
EMAIL_PATTERN = rf"^{_LOCAL_PART}@{_DOMAIN_PART}\.{_DOMAIN_PART}$"
# A "+" and 6–20 digits, spaces, brackets or dashes; spelled so that a stripped number's ends are no spaces (the
# same numbers as "^\+?[0-9 ()\-]{6,20}$" after strip(), which lets the document add the spaces strip() drops).
PHONE_PATTERN = r"^(?:\+[0-9 ()\-]{5,19}[0-9()\-]|[0-9()\-][0-9 ()\-]{4,18}[0-9()\-])$"
REFUSED_CHARACTERS = "bevat tekens die niet zijn toegestaan"


@dataclass(frozen=True)
class FieldSpec:
    """One input: its name (the API key), Dutch label, kind and limits."""

    name: str
    label: str
    kind: str = "text"  # text, line, email, phone, date, int, float, bool, choice, multichoice, counts, items
    required: bool = False
    choices: Sequence[str] = field(default_factory=tuple)
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = MAX_TEXT
    not_in_future: bool = False
    help: str = ""
    items: Sequence["FieldSpec"] = ()  # kind "items": the fields of each item of the list


MAX_ITEMS = 30  # the most items a list field ("items") takes


def parse_fields(specs: Sequence[FieldSpec], data: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Parse `data` by `specs`; raise InvalidInput naming every bad field in Dutch."""
    values, errors = {}, {}
    for spec in specs:
        try:
            values[spec.name] = parse_value(spec, data.get(spec.name), today)
        except ValueError as problem:
            errors[spec.name] = f"{spec.label}: {problem}"
    if errors:
        raise InvalidInput(errors)
    return values


def parse_value(spec: FieldSpec, raw: Any, today: dt.date) -> Any:
    """One value, or ValueError with the Dutch reason."""
    if isinstance(raw, str):
        _check_characters(spec, raw)
    if _is_empty(raw):
        if spec.required:
            raise ValueError("vul dit in")
        return _EMPTY.get(spec.kind)
    parser = _PARSERS[spec.kind]
    return parser(spec, raw, today)


def text_pattern(spec: FieldSpec) -> str:
    """The characters a text kind accepts, as a regular expression (for the OpenAPI document)."""
    if spec.kind == "email":
        return EMAIL_PATTERN
    if spec.kind == "phone":
        return PHONE_PATTERN
    return f"^[^{CONTROL_IN_TEXT if spec.kind in ('text', 'items') else CONTROL_IN_LINE}]*$"


def parse_one(spec: FieldSpec, raw: Any, today: dt.date | None = None) -> Any:
    """One value by its spec, or InvalidInput under the spec's name (for inputs that stand alone, like a reason)."""
    try:
        return parse_value(spec, raw, today or dt.date.min)
    except ValueError as problem:
        raise InvalidInput({spec.name: f"{spec.label}: {problem}"}) from None


def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _text(spec: FieldSpec, raw: Any, _today: dt.date) -> str:
    if not isinstance(raw, str):
        raise ValueError("dit moet tekst zijn")
    text = raw.strip()
    if len(text) > spec.max_length:
        raise ValueError(f"maximaal {spec.max_length} tekens (nu {len(text)})")
    return text


def _check_characters(spec: FieldSpec, raw: str) -> None:
    """Before anything else, even the empty check: strip() would quietly drop some control characters."""
    if spec.kind in ("line", "email", "phone") and ("\n" in raw.strip() or "\r" in raw.strip()):
        raise ValueError("één regel tekst")
    if has_refused_characters(raw, lines=spec.kind in ("text", "items")):
        raise ValueError(REFUSED_CHARACTERS)


def has_refused_characters(text: str, lines: bool = False) -> bool:
    """Control characters (C0, DEL, C1) and lone surrogates: no database or mail stores them safely.

    Tab and line breaks pass only when `lines` (a field of several lines)."""
    return (_CONTROL_IN_TEXT if lines else _CONTROL_IN_LINE).search(text) is not None


def _email(spec: FieldSpec, raw: Any, today: dt.date) -> str:
    text = _text(spec, raw, today)
    if not _EMAIL.fullmatch(text):
        raise ValueError("vul een geldig e-mailadres in, zoals naam@voorbeeld.nl")
    return text


def _phone(spec: FieldSpec, raw: Any, today: dt.date) -> str:
    text = _text(spec, raw, today)
    if not _PHONE.fullmatch(text):
        raise ValueError("vul een geldig telefoonnummer in (alleen cijfers, spaties, haakjes, + of -)")
    return text


def _date(spec: FieldSpec, raw: Any, today: dt.date) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        value = raw
    else:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValueError("geen geldige datum (jjjj-mm-dd)") from None
    if spec.not_in_future and value > today:
        raise ValueError("deze datum ligt in de toekomst")
    if value.year < 1900 or value.year > today.year + 5:
        raise ValueError("deze datum ligt buiten het mogelijke bereik")
    return value


def _number(spec: FieldSpec, raw: Any, _today: dt.date) -> float | int:
    if isinstance(raw, bool):
        raise ValueError("dit moet een getal zijn")
    cast = int if spec.kind == "int" else float
    try:
        text = str(raw).strip().replace(",", ".") if cast is float else str(raw).strip()
        value = cast(text) if not isinstance(raw, (int, float)) else cast(raw)
    except (ValueError, OverflowError):
        raise ValueError("dit moet een " + ("heel " if cast is int else "") + "getal zijn") from None
    if cast is int and isinstance(raw, float) and not raw.is_integer():
        raise ValueError("dit moet een heel getal zijn")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("dit moet een getal zijn")
    if spec.minimum is not None and value < spec.minimum:
        raise ValueError(f"minimaal {_fmt(spec.minimum)}")
    if spec.maximum is not None and value > spec.maximum:
        raise ValueError(f"maximaal {_fmt(spec.maximum)}")
    return value


def _bool(_spec: FieldSpec, raw: Any, _today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "ja", "on", "yes"):
        return True
    if text in ("0", "false", "nee", "off", "no"):
        return False
    raise ValueError("kies ja of nee")


def _choice(spec: FieldSpec, raw: Any, _today: dt.date) -> str:
    if not isinstance(raw, str) or raw not in spec.choices:
        raise ValueError("kies een van de mogelijkheden")
    return raw


def _multichoice(spec: FieldSpec, raw: Any, _today: dt.date) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError("kies uit de lijst")
    unknown = [i for i in items if i not in spec.choices]
    if unknown:
        raise ValueError("onbekende keuze")
    return [c for c in spec.choices if c in items]  # report order, no doubles


def _counts(spec: FieldSpec, raw: Any, _today: dt.date) -> dict[str, int]:
    """A count per category (attendance): a mapping of label to a whole number from 0 to 500."""
    if not isinstance(raw, Mapping):
        raise ValueError("geef een aantal per categorie")
    unknown = [k for k in raw if k not in spec.choices]
    if unknown:
        raise ValueError("onbekende categorie")
    counts = {}
    for label in spec.choices:
        value = raw.get(label)
        if _is_empty(value):
            continue
        counts[label] = _number(FieldSpec(label, label, "int", minimum=0, maximum=500), value, _today)
    return counts


def _items(spec: FieldSpec, raw: Any, today: dt.date) -> list[dict[str, Any]]:
    """A list of items, each parsed by `spec.items` (the API, the form's rows), or a text with one item per line
    (a textarea, an old client that sent one text): each line fills the items' first field."""
    if isinstance(raw, str):
        text = _text(spec, raw, today)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        raw = [{spec.items[0].name: line} for line in lines]
    if not isinstance(raw, list | tuple) or not all(isinstance(item, Mapping) for item in raw):
        raise ValueError("geef een lijst")
    if len(raw) > MAX_ITEMS:
        raise ValueError(f"maximaal {MAX_ITEMS}")
    known = {item.name for item in spec.items}
    parsed = []
    for number, item in enumerate(raw, 1):
        if set(item) - known:
            raise ValueError(f"regel {number}: alleen " + ", ".join(sorted(known)))
        values = {}
        for part in spec.items:
            try:
                values[part.name] = parse_value(part, item.get(part.name), today)
            except ValueError as problem:
                raise ValueError(f"regel {number}: {part.label.lower()}: {problem}") from None
        parsed.append(values)
    return parsed


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")


_EMAIL, _PHONE = re.compile(EMAIL_PATTERN), re.compile(PHONE_PATTERN)
_CONTROL_IN_LINE = re.compile(rf"[{CONTROL_IN_LINE}\ud800-\udfff]")  # and lone surrogates
_CONTROL_IN_TEXT = re.compile(rf"[{CONTROL_IN_TEXT}\ud800-\udfff]")
_EMPTY = {"multichoice": [], "bool": False, "counts": {}, "items": []}
_PARSERS = {
    "text": _text,
    "line": _text,
    "email": _email,
    "phone": _phone,
    "date": _date,
    "int": _number,
    "float": _number,
    "bool": _bool,
    "choice": _choice,
    "multichoice": _multichoice,
    "counts": _counts,
    "items": _items,
}
