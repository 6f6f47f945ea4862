"""The parts a questionnaire is made of: forms, answer kinds and scales, questions, sections, question sets.

Answer scales, as stored (the labels people see may differ per question, e.g. "soms" or "een beetje"):
- yes/partly/no questions store "ja", "deels" or "nee"; a "weet ik niet"-like option stores "onbekend",
  which is left out of the percentages;
- grades store an int 1–10, with an optional explanation under "<key>_toelichting";
- choices store the option's value; numbers (the age of minors) an int; free texts a string.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MINORS, ADULTS, PROFESSIONALS = "minderjarigen", "volwassenen", "professionals"
FORM_TYPES = (MINORS, ADULTS, PROFESSIONALS)
FORM_LABELS = {
    MINORS: "Kinderen en jongeren (tot 18 jaar)",
    ADULTS: "Volwassen familie en netwerk",
    PROFESSIONALS: "Beroepskrachten",
}

YES, PARTLY, NO, UNKNOWN = "ja", "deels", "nee", "onbekend"
SCALE_VALUES = (YES, PARTLY, NO)
YES_PARTLY_NO, GRADE, CHOICE, NUMBER, TEXT = "ja_deels_nee", "cijfer", "keuze", "getal", "tekst"
EXPLANATION_SUFFIX = "_toelichting"
MAX_TEXT = 1000
MAX_EXPLANATION = 500
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Question:
    """One question. `options` are (stored value, label) pairs; for yes/partly/no the values are ja/deels/nee
    (and optionally onbekend). `only_if` = (key, value): asked only when that other answer was given."""

    key: str
    kind: str
    text: str
    options: tuple[tuple[str, str], ...] = ()
    help: str = ""
    explain: bool = False
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = MAX_TEXT
    only_if: tuple[str, str] | None = None

    @property
    def explanation_key(self) -> str:
        return self.key + EXPLANATION_SUFFIX

    def label_of(self, value: Any) -> str:
        return dict(self.options).get(value, str(value))


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]
    intro: str = ""


@dataclass(frozen=True)
class QuestionSet:
    """One form in one version. `relation_key` is the question whose answer puts a respondent in a subgroup
    (`subgroups` maps each of its values to a subgroup name, e.g. the T22 columns for adults)."""

    form: str
    version: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    relation_key: str
    subgroups: Mapping[str, str] = field(default_factory=dict)
    grade_scale_text: str = "1 is heel slecht, 10 is heel goed. Een 6 is voldoende."

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def subgroup_of(self, answers: Mapping[str, Any]) -> str:
        return self.subgroups.get(answers.get(self.relation_key), "onbekend")
