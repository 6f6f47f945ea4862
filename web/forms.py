"""One generic form helper: FieldSpec lists become HTML inputs (templates/_form.html) and back again."""

from collections.abc import Mapping, Sequence
from typing import Any

from workflow.errors import DomainError, GuardRefused, InvalidInput
from workflow.fields import FieldSpec

MAX_RAW = 20000  # a browser never sends more for one field; cut before anything else looks at it


def form_data(specs: Sequence[FieldSpec], form: Any, prefix: str = "") -> dict[str, Any]:
    """The raw values `parse_fields` expects, read from a request form (a MultiDict).

    Counts come as `<name>[<category>]` inputs, multichoice as repeated `<name>`, bool as a checkbox."""
    data: dict[str, Any] = {}
    for spec in specs:
        key = prefix + spec.name
        if spec.kind == "counts":
            data[spec.name] = {
                label: _cut(form.get(f"{key}[{label}]", ""))
                for label in spec.choices
                if form.get(f"{key}[{label}]", "").strip()
            }
        elif spec.kind == "multichoice":
            data[spec.name] = [_cut(v) for v in form.getlist(key)]
        elif spec.kind == "bool":
            data[spec.name] = "ja" if form.get(key) else ""
        else:
            data[spec.name] = _cut(form.get(key, ""))
    return data


def is_blank(values: Mapping[str, Any]) -> bool:
    """Whether nothing was filled in (an empty row of a repeated group)."""
    return not any(v.strip() if isinstance(v, str) else v for v in values.values())


def field_errors(error: DomainError, prefix: str = "") -> dict[str, str]:
    """The Dutch message per field name of a refusal (input errors and what a guard misses)."""
    if isinstance(error, InvalidInput):
        return {prefix + name: message for name, message in error.errors.items()}
    if isinstance(error, GuardRefused):
        errors: dict[str, str] = {}
        for missing in error.missing:
            key = prefix + missing.field
            errors[key] = f"{errors[key]}; {missing.message}" if key in errors else missing.message
        return errors
    return {}


def _cut(value: str) -> str:
    return value[:MAX_RAW]
