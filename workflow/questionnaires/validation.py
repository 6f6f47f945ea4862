"""Validation of one submitted questionnaire against its question set, with a Dutch message per wrong field."""

import re
from collections.abc import Mapping
from typing import Any

from workflow.errors import InvalidInput
from workflow.questionnaires.questions import (
    CHOICE,
    CONTROL,
    GRADE,
    MAX_EXPLANATION,
    NUMBER,
    YES_PARTLY_NO,
    Question,
    QuestionSet,
)


def validate(qs: QuestionSet, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of one submitted form, checked against its question set.

    `raw` maps field names to submitted text. Returns only known, given answers (unknown fields are ignored,
    questions that do not apply are dropped); raises InvalidInput with a Dutch message per wrong field."""
    errors: dict[str, str] = {}
    answers: dict[str, Any] = {}
    for q in qs.questions:
        value = _text(raw.get(q.key))
        if q.only_if and _text(raw.get(q.only_if[0])) != q.only_if[1]:
            continue
        if value:
            problem = _check(q, value, answers)
            if problem:
                errors[q.key] = problem
        if q.explain:
            explanation = _text(raw.get(q.explanation_key))
            if explanation:
                problem = _free_text(explanation, MAX_EXPLANATION)
                if problem:
                    errors[q.explanation_key] = f"Toelichting bij '{_short(q.text)}': {problem}"
                else:
                    answers[q.explanation_key] = explanation
    if not errors and not answers:
        raise InvalidInput({"_formulier": qs.wording.nothing_filled})
    if errors:
        raise InvalidInput(errors)
    return answers


def _check(q: Question, value: str, answers: dict[str, Any]) -> str | None:
    """Store the answer in `answers`, or return what is wrong with it."""
    if q.kind in (YES_PARTLY_NO, CHOICE):
        if value not in dict(q.options):
            return f"{_short(q.text)}: kies een van de antwoorden."
        answers[q.key] = value
    elif q.kind in (GRADE, NUMBER):
        number = int(value) if re.fullmatch(r"[0-9]{1,3}", value) else None
        if number is None or not q.minimum <= number <= q.maximum:
            if q.kind == GRADE:
                return f"{_short(q.text)}: kies een cijfer van 1 tot en met 10."
            return f"{_short(q.text)}: vul een getal in van {q.minimum} tot en met {q.maximum}."
        answers[q.key] = number
    else:
        problem = _free_text(value, q.max_length)
        if problem:
            return f"{_short(q.text)}: {problem}"
        answers[q.key] = value
    return None


def _free_text(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"de tekst is te lang ({len(value)} tekens); het mag maximaal {limit} tekens zijn."
    if CONTROL.search(value):
        return "de tekst bevat tekens die niet zijn toegestaan."
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()


def _short(text: str) -> str:
    text = text.lstrip("… ").rstrip("?")
    return text if len(text) <= 60 else text[:57] + "…"
