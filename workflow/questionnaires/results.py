"""The sums the yearly figures and the coordinator's feedback are made of, from questionnaire answers:
response counts, yes/partly/no percentages and mean grades per respondent group (T19–T22)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from workflow.questionnaires.question_sets import question_set
from workflow.questionnaires.questions import (
    ADULTS,
    FORM_LABELS,
    GRADE,
    MINORS,
    PROFESSIONALS,
    SCALE_VALUES,
    TEXT,
    YES_PARTLY_NO,
    Question,
    QuestionSet,
)

# Results of fewer answers than this are not shown: with one or two respondents at a meeting (or in one group of
# it) the coordinator, who knows who came, could read back what a person answered.
MIN_RESPONSES = 3


def too_few(responses: int) -> bool:
    """Whether `responses` answers are too few to show results of (they would point at single people)."""
    return responses < MIN_RESPONSES


def too_few_message(responses: int) -> str:
    """The Dutch note shown instead of the results of too few answers."""
    return f"Nog te weinig antwoorden ({responses} van minimaal {MIN_RESPONSES}) om resultaten te tonen"


@dataclass(frozen=True)
class ScaleResult:
    """A yes/partly/no question: `n` answered (onbekend excluded), `counts` and `percentages` per
    "ja"/"deels"/"nee" (percentages of n, one decimal; all 0.0 when n is 0)."""

    text: str
    n: int
    counts: dict[str, int]
    percentages: dict[str, float]


@dataclass(frozen=True)
class GradeResult:
    """A 1–10 grade: `n` given, `mean` (one decimal, None when n is 0), `fails` (grades below 6), min, max."""

    text: str
    n: int
    mean: float | None
    fails: int
    minimum: int | None
    maximum: int | None


@dataclass(frozen=True)
class GroupResults:
    """The figures of one respondent group (one form type) over a set of responses.

    - `responses`: counted (not flagged) responses; `meetings`: meetings with at least one of them;
    - `handed_out`: forms handed out as entered by coordinators (None when nobody entered a number);
      `response_rate`: responses / handed_out in percent, one decimal (None without handed_out);
    - `scales`: question key -> ScaleResult; `grades`: question key -> GradeResult (every grade question of the
      form, in form order, also those nobody answered);
    - `grades_by_subgroup`: subgroup -> grade key -> mean (None when no grade), subgroups from the respondent's
      relation (adults: "Hoofdpersonen", "Familieleden", "Sociaal netwerk", plus "onbekend" if any), i.e. T22;
    - `subgroup_counts`: subgroup -> responses;
    - `distributions`: question key -> value -> count for the background questions (minors: "rol", "school",
      and "leeftijd" as bands "jonger dan 9", "9-12", "13-17", "onbekend" (T19/T20); adults: "relatie",
      "leeftijd", "opleiding" with "Onbekend" for no answer (T21); professionals: "rol");
    - `texts`: question key -> list of free texts and grade explanations (only filled for per-meeting results;
      grade explanations are given as "<cijfer>: <tekst>").
    """

    form: str
    title: str
    responses: int = 0
    meetings: int = 0
    handed_out: int | None = None
    response_rate: float | None = None
    scales: dict[str, ScaleResult] = field(default_factory=dict)
    grades: dict[str, GradeResult] = field(default_factory=dict)
    grades_by_subgroup: dict[str, dict[str, float | None]] = field(default_factory=dict)
    subgroup_counts: dict[str, int] = field(default_factory=dict)
    distributions: dict[str, dict[str, int]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionnaireResults:
    """The questionnaire figures of one year (meetings held in that year), for T19–T22 and §4 of the report.

    `groups` maps each form type ("minderjarigen", "volwassenen", "professionals", always all three) to its
    GroupResults. `flagged` counts responses that were stored as suspect (bot-like) and left out of every
    figure. `version_notes` lists the question-set versions the answers were given in.

    Example: results.groups["volwassenen"].grades_by_subgroup["Familieleden"]["cijfer_plan"] -> 8.2;
    results.groups["minderjarigen"].distributions["school"]["Vmbo"] -> 6;
    results.groups["professionals"].scales["juiste_beslissing"].percentages["ja"] -> 86.8.
    """

    year: int
    groups: dict[str, GroupResults]
    flagged: int = 0
    version_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Submission:
    """One stored response as the summaries need it."""

    form: str
    version: str
    answers: Mapping[str, Any]
    meeting_key: Any = None


def summarize(
    form: str,
    submissions: Iterable[Submission],
    handed_out: int | None = None,
    with_texts: bool = False,
    returned: int | None = None,
) -> GroupResults:
    """The figures of one form type over `submissions` (of any version of that form). The response rate is
    `returned` (default: all submissions) of `handed_out`."""
    items = [s for s in submissions if s.form == form]
    current = question_set(form)
    sets = {s.version: question_set(form, s.version) for s in items} or {current.version: current}
    grade_questions = _ordered(sets, GRADE)
    scale_questions = _ordered(sets, YES_PARTLY_NO)
    scales = {q.key: _scale(q, [s.answers.get(q.key) for s in items]) for q in scale_questions}
    grades = {q.key: _grades(q, [s.answers.get(q.key) for s in items]) for q in grade_questions}
    by_group: dict[str, list[Submission]] = {}
    for s in items:
        by_group.setdefault(sets[s.version].subgroup_of(s.answers), []).append(s)
    order = list(dict.fromkeys([*current.subgroups.values(), *by_group]))
    grades_by_subgroup = {
        group: {q.key: _mean([s.answers.get(q.key) for s in by_group.get(group, [])]) for q in grade_questions}
        for group in order
    }
    grades_by_subgroup["Totaal"] = {key: g.mean for key, g in grades.items()}
    texts: dict[str, list[str]] = {}
    if with_texts:
        for s in items:
            for q in sets[s.version].questions:
                if q.kind == TEXT and s.answers.get(q.key):
                    texts.setdefault(q.key, []).append(s.answers[q.key])
                elif q.explain and s.answers.get(q.explanation_key):
                    texts.setdefault(q.key, []).append(f"{s.answers.get(q.key)}: {s.answers[q.explanation_key]}")
        # Sorted, not in the order they came in: the order would tie a text to a respondent (the first to
        # answer, the one who came in late), and through the grades next to it to their other answers.
        texts = {key: sorted(found) for key, found in texts.items()}
    returned = len(items) if returned is None else returned
    rate = round(100 * returned / handed_out, 1) if handed_out else None
    return GroupResults(
        form=form,
        title=FORM_LABELS[form],
        responses=len(items),
        meetings=len({s.meeting_key for s in items}),
        handed_out=handed_out,
        response_rate=rate,
        scales=scales,
        grades=grades,
        grades_by_subgroup=grades_by_subgroup,
        subgroup_counts={group: len(by_group.get(group, [])) for group in order},
        distributions=_distributions(form, items),
        texts=texts,
    )


def age_band(age: Any) -> str:
    """The T19 age band of a minor's age."""
    if not isinstance(age, int):
        return "onbekend"
    return "jonger dan 9" if age < 9 else "9-12" if age <= 12 else "13-17"


def _distributions(form: str, items: list[Submission]) -> dict[str, dict[str, int]]:
    qs = question_set(form)
    result: dict[str, dict[str, int]] = {}
    keys = {MINORS: ("rol", "school"), ADULTS: ("relatie", "leeftijd", "opleiding"), PROFESSIONALS: ("rol",)}
    unknown = "Onbekend" if form == ADULTS else "onbekend"
    for key in keys[form]:
        counts = {value: 0 for value, _label in qs.question(key).options}
        counts[unknown] = 0
        for s in items:
            value = s.answers.get(key)
            counts[value if value in counts else unknown] += 1
        result[key] = counts
    if form == MINORS:
        bands = {"jonger dan 9": 0, "9-12": 0, "13-17": 0, "onbekend": 0}
        for s in items:
            bands[age_band(s.answers.get("leeftijd"))] += 1
        result["leeftijd"] = bands
    return result


def _ordered(sets: Mapping[str, QuestionSet], kind: str) -> list[Question]:
    seen: dict[str, Question] = {}
    for version in sorted(sets, reverse=True):  # the newest wording first
        for q in sets[version].questions:
            if q.kind == kind and q.key not in seen:
                seen[q.key] = q
    return list(seen.values())


def _scale(q: Question, values: list[Any]) -> ScaleResult:
    counts = {v: sum(1 for x in values if x == v) for v in SCALE_VALUES}
    n = sum(counts.values())
    percentages = {v: round(100 * c / n, 1) if n else 0.0 for v, c in counts.items()}
    return ScaleResult(q.text, n, counts, percentages)


def _grades(q: Question, values: list[Any]) -> GradeResult:
    given = [v for v in values if isinstance(v, int)]
    return GradeResult(
        q.text,
        len(given),
        _mean(given),
        sum(1 for v in given if v < 6),
        min(given, default=None),
        max(given, default=None),
    )


def _mean(values: Iterable[Any]) -> float | None:
    given = [v for v in values if isinstance(v, int)]
    return round(mean(given), 1) if given else None
