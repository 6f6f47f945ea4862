"""The satisfaction tables T19–T22 from questionnaire results.

The questionnaires are summarised elsewhere (workflow/questionnaires/results.py builds a `QuestionnaireResults`
dataclass); this module reads them through the structural interface below, so any object with these
attributes will do. Without results every table is empty with base 0.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from workflow.figures.common import pct

MINORS, ADULTS, PROFESSIONALS = "minderjarigen", "volwassenen", "professionals"


class GroupResultsLike(Protocol):
    """One respondent group: `responses`, `handed_out`, `response_rate`, `distributions` (question -> value ->
    count), `grades_by_subgroup` (subgroup incl. "Totaal" -> grade key -> mean) and `grades` (key -> object
    with `mean`, `n`, `fails`)."""

    responses: int
    handed_out: int | None
    response_rate: float | None
    distributions: Mapping[str, Mapping[str, int]]
    grades_by_subgroup: Mapping[str, Mapping[str, float | None]]
    grades: Mapping[str, Any]


class QuestionnaireResults(Protocol):
    """The questionnaire figures of the report's selection: `groups` maps "minderjarigen", "volwassenen" and
    "professionals" to their results."""

    groups: Mapping[str, GroupResultsLike]


MINOR_AGES = ("9-12", "13-17")
SCHOOLS = ("Basisschool", "Vmbo", "Havo/vwo", "Mbo", "Overig")
EDUCATION = ("Geen of max basisschool", "Vmbo/mavo", "Havo/vwo", "Mbo", "Hbo", "Wo", "Anders", "Onbekend")
GRADE_ROWS = (
    ("cijfer_conferentie", "EK-c geheel"),
    ("cijfer_besloten", "Besloten deel"),
    ("cijfer_coordinator", "Coördinator"),
    ("cijfer_aanmelder", "Aanmelder/professional (indien aanwezig)"),
    ("cijfer_plan", "Plan"),
)
SUBGROUPS = (
    ("hoofdpersonen", "Hoofdpersonen"),
    ("familieleden", "Familieleden"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("totaal", "Totaal"),
)


def _group(results: QuestionnaireResults | None, name: str) -> GroupResultsLike | None:
    if results is None:
        return None
    return (getattr(results, "groups", None) or {}).get(name)


def _distribution_table(
    title: str, column: str, labels: tuple[str, ...], group: GroupResultsLike | None, question: str
) -> dict[str, Any]:
    values = dict(group.distributions.get(question, {})) if group is not None else {}
    base = group.responses if group is not None else 0
    extra = [k for k, n in values.items() if k not in labels and n]
    rows = [
        {"label": label, "n": values.get(label, 0), "pct": pct(values.get(label, 0), base)}
        for label in (*labels, *extra)
    ]
    return {
        "title": title,
        "base": base,
        "columns": [{"key": "label", "title": column}, {"key": "n", "title": "N"}, {"key": "pct", "title": "%"}],
        "rows": rows,
        "total": {"label": "Totaal", "n": base, "pct": 100.0 if base else None},
    }


def satisfaction_tables(results: QuestionnaireResults | None) -> dict[str, dict[str, Any]]:
    """T19 (minors' age), T20 (minors' school), T21 (adults' education), T22 (adults' mean grades)."""
    minors, adults = _group(results, MINORS), _group(results, ADULTS)
    by_subgroup = adults.grades_by_subgroup if adults is not None else {}
    rows = []
    for key, label in GRADE_ROWS:
        row: dict[str, Any] = {"label": label}
        for column, subgroup in SUBGROUPS:
            row[column] = (by_subgroup.get(subgroup) or {}).get(key)
        rows.append(row)
    t22 = {
        "title": "Rapportcijfer",
        "base": adults.responses if adults is not None else 0,
        "columns": [
            {"key": "label", "title": "Rapportcijfer"},
            *({"key": column, "title": title} for column, title in SUBGROUPS),
        ],
        "rows": rows,
        "total": None,
    }
    return {
        "T19": _distribution_table("Leeftijd", "Leeftijd", MINOR_AGES, minors, "leeftijd"),
        "T20": _distribution_table("School", "School", SCHOOLS, minors, "school"),
        "T21": _distribution_table("Opleidingsniveau", "Opleidingsniveau", EDUCATION, adults, "opleiding"),
        "T22": t22,
    }


def satisfaction_figures(results: QuestionnaireResults | None) -> dict[str, Any]:
    """Chapters 3–5: responses, response rate and mean grades per respondent group."""
    figures: dict[str, Any] = {}
    for name in (MINORS, ADULTS, PROFESSIONALS):
        group = _group(results, name)
        figures[f"respons_{name}"] = group.responses if group is not None else 0
        figures[f"uitgereikt_{name}"] = group.handed_out if group is not None else None
        figures[f"pct_respons_{name}"] = group.response_rate if group is not None else None
        grades = group.grades if group is not None else {}
        for key in ("cijfer_conferentie", "cijfer_coordinator", "cijfer_plan"):
            grade = grades.get(key)
            figures[f"{key}_{name}"] = getattr(grade, "mean", None)
    return figures
