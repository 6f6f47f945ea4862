"""The plan's agreements as items to watch (DOMAIN.md §10): their evaluation moments, and the marks given to
them at every follow-up contact (kept / partly / not / don't know), aligned with `record["plan"]["afspraken"]`."""

import datetime as dt
from typing import Any

from workflow import vocabulary as vocab
from workflow.case import CaseLike, record_date, record_get
from workflow.dates import aftercare_date_problems
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec
from workflow.registration.record import agreements

MARK_PREFIX = "markering_"


def mark_fields(case: CaseLike) -> tuple[FieldSpec, ...]:
    """One choice per agreement of the plan, labelled with the agreement (the follow-up forms)."""
    return tuple(
        FieldSpec(f"{MARK_PREFIX}{i}", f"Afspraak {i + 1}: {_short(row)}", "choice", choices=vocab.AGREEMENT_MARKS)
        for i, row in enumerate(agreements(case))
    )


def parse_marks(case: CaseLike, raw: Any) -> list[str | None]:
    """The marks as a list aligned with the agreements (None where none was given); InvalidInput in Dutch."""
    count = len(agreements(case))
    if raw is None or raw == "":
        return [None] * count
    if not isinstance(raw, list) or len(raw) > count:
        raise InvalidInput({"afspraken_markering": f"Afspraken: geef per afspraak één markering ({count})"})
    marks, errors = [], {}
    for index, value in enumerate(raw):
        if value in (None, ""):
            marks.append(None)
        elif isinstance(value, str) and value in vocab.AGREEMENT_MARKS:
            marks.append(value)
        else:
            errors[f"{MARK_PREFIX}{index}"] = f"Afspraak {index + 1}: kies " + ", ".join(vocab.AGREEMENT_MARKS)
    if errors:
        raise InvalidInput(errors)
    return marks + [None] * (count - len(marks))


def marks_from_fields(data: dict[str, Any], count: int) -> list[Any]:
    """The `markering_<i>` inputs of a form as one list (the shape `parse_marks` takes)."""
    return [data.get(f"{MARK_PREFIX}{i}") for i in range(count)]


def latest_marks(case: CaseLike) -> list[dict[str, Any] | None]:
    """Per agreement its newest mark, from the follow-up contacts and the three-month check that marked it:
    {"markering", "datum"} or None."""
    contacts = [c for c in record_get(case, "follow_up") or [] if isinstance(c, dict)]
    check = record_get(case, "drie_maanden")
    if isinstance(check, dict):
        contacts.append(check)
    contacts.sort(key=lambda c: record_date(c.get("datum")) or dt.date.min)  # stable: later entries win ties
    latest: list[dict[str, Any] | None] = [None] * len(agreements(case))
    for contact in contacts:
        for index, mark in enumerate((contact.get("afspraken_markering") or [])[: len(latest)]):
            if mark:
                latest[index] = {"markering": mark, "datum": record_date(contact.get("datum"))}
    return latest


def evaluation_moments(case: CaseLike) -> tuple[tuple[int, dt.date], ...]:
    """(index, date) of every agreement with an evaluation moment: each becomes a reminder."""
    moments = []
    for index, row in enumerate(agreements(case)):
        day = record_date(row.get("evaluatie"))
        if day is not None:
            moments.append((index, day))
    return tuple(moments)


def agreement_date_problems(case: CaseLike, rows: list[dict[str, Any]]) -> dict[str, str]:
    """An agreement's dates are not before the application, nor before the meeting (or plan) that made it."""
    problems = {}
    for index, row in enumerate(rows):
        for name, label in (("wanneer", "Uiterlijk wanneer"), ("evaluatie", "Evaluatiemoment")):
            for _, message in aftercare_date_problems(case, row.get(name), name, label).items():
                problems[f"afspraken.{index}.{name}"] = message
    return problems


def form_rows(case: CaseLike) -> list[dict[str, Any]]:
    """The agreements as the registration form shows them: an old free-text "wanneer" (before agreements had
    dates) joins the "wat", so re-saving keeps it and the date field stays empty to fill."""
    rows = []
    for row in agreements(case):
        row = dict(row)
        when = row.get("wanneer")
        if when and record_date(when) is None:
            row["wat"], row["wanneer"] = f"{row.get('wat') or ''} ({when})".strip(), None
        rows.append(row)
    return rows


def _short(row: dict[str, Any]) -> str:
    text = " — ".join(str(part) for part in (row.get("wie"), row.get("wat")) if part)
    return text if len(text) <= 80 else text[:79] + "…"
