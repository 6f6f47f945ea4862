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
class Wording:
    """What the form itself says around the questions, in its readers' form of address: "u" for adults,
    "je" for children (a child addressed as "u" reads it as a letter from an office)."""

    nothing_filled: str
    too_fast: str
    stamp_expired: str
    after_sending: str
    thanks: str
    close_page: str
    closed: str
    closed_hint: str


FORMAL = Wording(
    nothing_filled="U heeft nog niets ingevuld. Beantwoord minstens één vraag.",
    too_fast="U heeft het formulier wel heel snel verstuurd. Kijk uw antwoorden nog even na en druk dan opnieuw op "
    "Versturen.",
    stamp_expired="Het formulier was verlopen. Kijk uw antwoorden na en druk opnieuw op Versturen.",
    after_sending="Na het versturen kunt u uw antwoorden niet meer zien of veranderen.",
    thanks="Uw antwoorden zijn goed aangekomen. Dank u wel dat u de tijd nam om de vragenlijst in te vullen. Wij "
    "gebruiken de antwoorden om de Eigen Kracht-conferenties nog beter te maken.",
    close_page="U kunt deze pagina nu sluiten.",
    closed="De tijd om deze vragenlijst in te vullen is voorbij. U kunt hem daarom niet meer invullen.",
    closed_hint="Wilt u toch iets laten weten? Vraag de coördinator van de conferentie om een nieuwe link.",
)
INFORMAL = Wording(
    nothing_filled="Je hebt nog niets ingevuld. Beantwoord minstens één vraag.",
    too_fast="Je hebt het formulier wel heel snel verstuurd. Kijk je antwoorden nog even na en druk dan opnieuw op "
    "Versturen.",
    stamp_expired="Het formulier was verlopen. Kijk je antwoorden na en druk opnieuw op Versturen.",
    after_sending="Na het versturen kun je je antwoorden niet meer zien of veranderen.",
    thanks="Je antwoorden zijn goed aangekomen. Dank je wel dat je de vragenlijst hebt ingevuld. Wij gebruiken de "
    "antwoorden om de Eigen Kracht-conferenties nog beter te maken.",
    close_page="Je kunt deze pagina nu sluiten.",
    closed="De tijd om deze vragenlijst in te vullen is voorbij. Je kunt hem daarom niet meer invullen.",
    closed_hint="Wil je toch iets laten weten? Vraag de coördinator van de bijeenkomst om een nieuwe link.",
)


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
    wording: Wording = FORMAL

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def subgroup_of(self, answers: Mapping[str, Any]) -> str:
        return self.subgroups.get(answers.get(self.relation_key), "onbekend")
