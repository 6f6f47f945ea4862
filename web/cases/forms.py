"""The intake form of the case pages: intake fields plus rows of main persons, checked as a whole."""

from typing import Any

from werkzeug.datastructures import MultiDict

from web.forms import form_data, is_blank
from workflow.errors import InvalidInput
from workflow.fields import parse_fields
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS

PERSON_ROWS = 3


def person_prefix(index: int) -> str:
    return f"hoofdpersonen-{index}-"


def intake_from_form(form: MultiDict) -> tuple[dict[str, Any], list[dict[str, Any]], list[int]]:
    """The intake data, the raw person rows (all of them, for re-rendering) and which rows are filled."""
    data = form_data(INTAKE_FIELDS, form)
    rows = [form_data(MAIN_PERSON_FIELDS, form, person_prefix(i)) for i in range(PERSON_ROWS)]
    filled = [i for i, row in enumerate(rows) if not is_blank(row)]
    data["hoofdpersonen"] = [rows[i] for i in filled]
    return data, rows, filled


def check_form(data: dict[str, Any], filled: list[int], today) -> None:
    """Every field's message at once, person errors named by their row, before the use case decides."""
    errors: dict[str, str] = {}
    try:
        parse_fields(INTAKE_FIELDS, data, today)
    except InvalidInput as problem:
        errors.update(problem.errors)
    for position, row in zip(filled, data["hoofdpersonen"], strict=True):
        try:
            parse_fields(MAIN_PERSON_FIELDS, row, today)
        except InvalidInput as problem:
            errors.update({person_prefix(position) + k: v for k, v in problem.errors.items()})
    if not filled:
        errors["hoofdpersonen"] = "Hoofdpersonen: vul minstens één hoofdpersoon in"
    if errors:
        raise InvalidInput(errors)


def row_errors(errors: dict[str, str], filled: list[int]) -> dict[str, str]:
    """Map the use case's `hoofdpersonen.<n>.<field>` keys (n among filled rows) onto the form's row names."""
    mapped = {}
    for key, message in errors.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "hoofdpersonen" and parts[1].isdigit() and int(parts[1]) < len(filled):
            mapped[person_prefix(filled[int(parts[1])]) + parts[2]] = message
        else:
            mapped[key] = message
    return mapped
