"""One generic form helper: FieldSpec lists become HTML inputs (templates/_form.html) and back again."""

from collections.abc import Mapping, Sequence
from typing import Any

from storage.accounts import MAX_PASSWORD
from workflow.errors import DomainError, GuardRefused, InvalidInput
from workflow.fields import MAX_ITEMS, FieldSpec, parse_one

LOGIN_EMAIL = FieldSpec("email", "E-mailadres", "line", max_length=254)
# Filters in a query string: refused (API) or ignored (pages) when no stored name can be like them.
MUNICIPALITY_FILTER = FieldSpec("gemeente", "Gemeente", "line", max_length=80)
REGION_FILTER = FieldSpec("region", "Regio", "line", max_length=80)


def form_data(specs: Sequence[FieldSpec], form: Any, prefix: str = "") -> dict[str, Any]:
    """The raw values `parse_fields` expects, read from a request form (a MultiDict).

    Counts come as `<name>[<category>]` inputs, multichoice as repeated `<name>`, bool as a checkbox, a list
    as a textarea (one item per line) or as rows (`item_rows`)."""
    data: dict[str, Any] = {}
    for spec in specs:
        key = prefix + spec.name
        if spec.kind == "counts":
            data[spec.name] = {
                label: form.get(f"{key}[{label}]", "")
                for label in spec.choices
                if form.get(f"{key}[{label}]", "").strip()
            }
        elif spec.kind == "multichoice":
            data[spec.name] = form.getlist(key)
        elif spec.kind == "bool":
            data[spec.name] = "ja" if form.get(key) else ""
        elif spec.kind == "items" and key not in form:
            data[spec.name] = item_rows(spec, form, key)
        else:
            data[spec.name] = form.get(key, "")
    return data


def item_rows(spec: FieldSpec, form: Any, key: str) -> list[dict[str, Any]]:
    """A list field sent as rows `<name>-<n>-<item field>` (n from 0; a textarea sends `<name>` itself)."""
    rows = []
    for index in range(MAX_ITEMS + 1):  # one more than allowed, so too many rows are refused, not dropped
        row = {part.name: form.get(f"{key}-{index}-{part.name}") for part in spec.items}
        if all(value is None for value in row.values()):
            break
        rows.append({name: value or "" for name, value in row.items()})
    return rows


def login_values(form: Any) -> tuple[str, str]:
    """The login form's e-mail (lower case) and password; input no account can have becomes empty (a failure)."""
    try:
        email = (parse_one(LOGIN_EMAIL, form.get("email", "")) or "").lower()
    except InvalidInput:
        email = ""
    password = form.get("password", "")
    return email, password if len(password) <= MAX_PASSWORD else ""


def filter_value(spec: FieldSpec, raw: Any) -> str:
    """A query-string filter by its spec, stripped; InvalidInput when it has control characters or is too long."""
    return parse_one(spec, raw) or ""


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
