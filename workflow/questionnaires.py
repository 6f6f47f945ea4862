"""The three satisfaction questionnaires as data, and their validation (the sums: questionnaire_results.py).

Question sets are versioned: a link remembers the version it was made with, and its answers are always read
with that version, so next year's changed questions do not break this year's answers. Add a new version to
`QUESTION_SETS` (and point `CURRENT_VERSION` at it); never change the questions of a version that is in use.

Answer scales, as stored (the labels people see may differ per question, e.g. "soms" or "een beetje"):
- yes/partly/no questions store "ja", "deels" or "nee"; a "weet ik niet"-like option stores "onbekend",
  which is left out of the percentages;
- grades store an int 1–10, with an optional explanation under "<key>_toelichting";
- choices store the option's value; numbers (the age of minors) an int; free texts a string.
Nothing names the respondent: only their relation to the main person is asked.

Sources: research/jaarcijfers-2022.md §4 and research/overijssel-2009.md §4 (the fuller 2009 versions).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workflow.errors import InvalidInput

MINORS, ADULTS, PROFESSIONALS = "minderjarigen", "volwassenen", "professionals"
FORM_TYPES = (MINORS, ADULTS, PROFESSIONALS)
FORM_LABELS = {
    MINORS: "Kinderen en jongeren (tot 18 jaar)",
    ADULTS: "Volwassen familie en netwerk",
    PROFESSIONALS: "Beroepskrachten",
}
CURRENT_VERSION = "2022"

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


def _ynp(
    key: str, text: str, partly: str = "gedeeltelijk", no: str = "nee", unknown: str | None = None, **kwargs: Any
) -> Question:
    options = ((YES, "ja"), (PARTLY, partly), (NO, no)) + (((UNKNOWN, unknown),) if unknown else ())
    return Question(key, YES_PARTLY_NO, text, options, **kwargs)


def _yn(key: str, text: str, unknown: str | None = None, **kwargs: Any) -> Question:
    options = ((YES, "ja"), (NO, "nee")) + (((UNKNOWN, unknown),) if unknown else ())
    return Question(key, YES_PARTLY_NO, text, options, **kwargs)


def _grade(key: str, text: str, **kwargs: Any) -> Question:
    return Question(key, GRADE, text, explain=True, minimum=1, maximum=10, **kwargs)


def _choice(key: str, text: str, options: Iterable[str | tuple[str, str]], **kwargs: Any) -> Question:
    pairs = tuple(o if isinstance(o, tuple) else (o, o) for o in options)
    return Question(key, CHOICE, text, pairs, **kwargs)


_MINORS_2022 = QuestionSet(
    MINORS,
    "2022",
    "Wat vond jij van de bijeenkomst?",
    "Je hebt meegedaan aan een Eigen Kracht-conferentie. Wij willen graag weten wat je ervan vond. "
    "Je naam vragen we niet. Niemand van je familie ziet wat jij invult. Je mag vragen overslaan.",
    (
        Section(
            "Over jou",
            (
                _choice(
                    "rol",
                    "Voor wie was de bijeenkomst?",
                    (
                        ("hoofdpersoon", "Voor mij"),
                        ("familielid", "Voor iemand uit mijn familie, bijvoorbeeld mijn broer of zus"),
                        ("vriend", "Voor een vriend of vriendin"),
                        ("gezin", "Voor ons hele gezin"),
                    ),
                ),
                Question("leeftijd", NUMBER, "Hoe oud ben je?", minimum=4, maximum=17, help="Vul een getal in."),
                _choice(
                    "school",
                    "Naar welke school ga je?",
                    (
                        ("Basisschool", "Basisschool"),
                        ("Vmbo", "Vmbo"),
                        ("Havo/vwo", "Havo of vwo"),
                        ("Mbo", "Mbo"),
                        ("Overig", "Iets anders, of geen school"),
                    ),
                ),
            ),
        ),
        Section(
            "De bijeenkomst",
            (
                _ynp("op_gemak", "Voelde je je op je gemak tijdens de bijeenkomst?", partly="soms"),
                _ynp("kon_zeggen", "Kon je zeggen wat je wilde zeggen?", partly="een beetje"),
                _ynp("geluisterd", "Werd er goed naar je geluisterd?", partly="soms"),
                _ynp(
                    "besloten_fijn",
                    "Vond je het fijn dat de familie ook een tijd alleen praatte, zonder hulpverleners?",
                    partly="een beetje",
                    unknown="weet ik niet",
                ),
                _grade("cijfer_conferentie", "Welk cijfer geef je de bijeenkomst?"),
            ),
        ),
        Section(
            "Het plan en de coördinator",
            (
                _yn("genoeg_mensen", "Waren er genoeg mensen om samen een plan te maken?", unknown="weet ik niet"),
                _grade("cijfer_plan", "Welk cijfer geef je het plan?"),
                _ynp("vertrouwen_plan", "Denk je dat iedereen gaat doen wat in het plan staat?", partly="een beetje"),
                _grade(
                    "cijfer_coordinator",
                    "Welk cijfer geef je de coördinator?",
                    help="De coördinator is de persoon die de bijeenkomst heeft geregeld.",
                ),
            ),
        ),
        Section("Tot slot", (Question("opmerkingen", TEXT, "Wil je nog iets zeggen?", help="Schrijf geen namen op."),)),
    ),
    relation_key="rol",
    subgroups={"hoofdpersoon": "hoofdpersoon", "familielid": "familielid", "vriend": "vriend", "gezin": "gezin"},
    grade_scale_text="1 is heel slecht, 10 is super goed.",
)

_RELATIONS = (
    ("hoofdpersoon", "Ik ben zelf de hoofdpersoon"),
    ("vader", "Vader"),
    ("moeder", "Moeder"),
    ("broer_zus", "Broer of zus"),
    ("opa_oma", "Opa of oma"),
    ("oom_tante", "Oom of tante"),
    ("neef_nicht", "Neef of nicht"),
    ("familie_anders", "Ander familielid"),
    ("vriend", "Vriend of vriendin"),
    ("buur_kennis", "Buurman, buurvrouw, kennis of collega"),
    ("anders", "Iemand anders"),
)
FAMILY = ("vader", "moeder", "broer_zus", "opa_oma", "oom_tante", "neef_nicht", "familie_anders")
ADULT_SUBGROUPS = ("Hoofdpersonen", "Familieleden", "Sociaal netwerk")

_ADULTS_2022 = QuestionSet(
    ADULTS,
    "2022",
    "Wat vond u van de Eigen Kracht-conferentie?",
    "U was bij een Eigen Kracht-conferentie. Wij horen graag wat u ervan vond, zodat we het nog beter kunnen "
    "doen. Uw naam vragen we niet en niemand anders ziet uw antwoorden. U mag vragen overslaan.",
    (
        Section(
            "Over u",
            (
                _choice(
                    "relatie",
                    "Wat bent u van de hoofdpersoon?",
                    _RELATIONS,
                    help="De hoofdpersoon is degene om wie de conferentie ging.",
                ),
                _choice("leeftijd", "Hoe oud bent u?", ("18-25", "26-40", "41-60", ("61+", "61 of ouder"))),
                _choice(
                    "opleiding",
                    "Wat is de hoogste opleiding die u heeft afgemaakt?",
                    (
                        ("Geen of max basisschool", "Geen opleiding of alleen basisschool"),
                        ("Vmbo/mavo", "Vmbo of mavo"),
                        ("Havo/vwo", "Havo of vwo"),
                        ("Mbo", "Mbo"),
                        ("Hbo", "Hbo"),
                        ("Wo", "Universiteit (wo)"),
                        ("Anders", "Iets anders"),
                    ),
                ),
            ),
        ),
        Section(
            "De voorbereiding",
            (
                _ynp("doel_duidelijk", "Was het doel van de conferentie van tevoren duidelijk uitgelegd?"),
                _ynp("verloop_duidelijk", "Was van tevoren goed uitgelegd hoe de conferentie zou gaan?"),
            ),
        ),
        Section(
            "De conferentie",
            (
                _ynp("kon_vragen", "Kon u vragen wat u wilde vragen?"),
                _ynp("kon_zeggen", "Kon u zeggen wat u wilde zeggen?"),
                _ynp("meegewerkt", "Heeft u mee kunnen werken aan een oplossing?"),
                _ynp("op_gemak", "Voelde u zich op uw gemak?"),
                _yn("afwezigen", "Waren er mensen uitgenodigd die niet zijn gekomen?", unknown="weet ik niet"),
                _grade("cijfer_conferentie", "Welk cijfer geeft u de conferentie als geheel?"),
            ),
            intro="Het hele gesprek, met de hulpverleners erbij.",
        ),
        Section(
            "Het besloten deel",
            (
                _ynp("besloten_kon_vragen", "Kon u in het besloten deel vragen wat u wilde vragen?"),
                _ynp("besloten_kon_zeggen", "Kon u in het besloten deel zeggen wat u wilde zeggen?"),
                _ynp("besloten_meegewerkt", "Heeft u in het besloten deel mee kunnen werken aan een oplossing?"),
                _ynp("besloten_op_gemak", "Voelde u zich op uw gemak in het besloten deel?"),
                _grade("cijfer_besloten", "Welk cijfer geeft u het besloten deel?"),
            ),
            intro="Het deel waarin familie en netwerk alleen met elkaar praatten, zonder hulpverleners.",
        ),
        Section(
            "Het plan, de coördinator en de aanmelder",
            (
                _yn("genoeg_mensen", "Waren er genoeg mensen om een plan te maken?", unknown="weet ik niet"),
                _grade("cijfer_plan", "Welk cijfer geeft u het plan?"),
                _grade("cijfer_coordinator", "Welk cijfer geeft u de Eigen Kracht-coördinator?"),
                _yn(
                    "aanmelder_professional",
                    "Is de conferentie aangevraagd door een hulpverlener of andere beroepskracht?",
                    unknown="weet ik niet",
                ),
                _grade(
                    "cijfer_aanmelder",
                    "Welk cijfer geeft u die hulpverlener (de aanmelder)?",
                    only_if=("aanmelder_professional", YES),
                    help="Alleen als de aanmelder een hulpverlener of andere beroepskracht was.",
                ),
            ),
        ),
        Section(
            "Tot slot",
            (Question("opmerkingen", TEXT, "Heeft u nog een opmerking of een tip voor ons?", help="Noem geen namen."),),
        ),
    ),
    relation_key="relatie",
    subgroups={
        "hoofdpersoon": "Hoofdpersonen",
        **{k: "Familieleden" for k in FAMILY},
        "vriend": "Sociaal netwerk",
        "buur_kennis": "Sociaal netwerk",
        "anders": "Sociaal netwerk",
    },
)

_PROFESSIONALS_2022 = QuestionSet(
    PROFESSIONALS,
    "2022",
    "Tevredenheid beroepskrachten",
    "U was als beroepskracht bij een Eigen Kracht-conferentie. Wij horen graag hoe u de voorbereiding, de "
    "conferentie, het plan en de samenwerking met de coördinator heeft ervaren. De vragenlijst is anoniem.",
    (
        Section(
            "Uw rol",
            (
                _choice(
                    "rol",
                    "In welke rol was u bij de conferentie?",
                    (
                        ("aanmelder", "Ik heb de conferentie aangemeld (aanmelder)"),
                        ("andere_professional", "Ik was erbij als andere beroepskracht"),
                    ),
                ),
            ),
        ),
        Section(
            "De voorbereiding",
            (
                _ynp("info_rol", "Heeft de coördinator u goed geïnformeerd over uw eigen rol?", partly="ten dele"),
                _ynp("info_verloop", "… over hoe de conferentie zou verlopen?", partly="ten dele"),
                _ynp("info_inhoud", "… over wat Eigen Kracht inhoudt en wil bereiken?", partly="ten dele"),
            ),
        ),
        Section(
            "De conferentie",
            (
                _ynp("kon_vragen", "Kon u alles vragen wat u wilde vragen?", partly="ten dele"),
                _ynp("kon_zeggen", "Kon u alles zeggen wat u wilde zeggen?", partly="ten dele"),
                _ynp(
                    "juiste_beslissing",
                    "Was het de juiste beslissing om deze conferentie aan te melden?",
                    partly="ten dele",
                    only_if=("rol", "aanmelder"),
                    help="Alleen voor de aanmelder.",
                ),
                _grade("cijfer_conferentie", "Welk cijfer geeft u de conferentie?"),
            ),
        ),
        Section(
            "Plan en samenwerking",
            (
                _grade(
                    "cijfer_plan",
                    "Welk cijfer geeft u het plan?",
                    help="Hoe concreet zijn de afspraken, ook voor beroepskrachten, en zijn ze uitvoerbaar?",
                ),
                _grade(
                    "cijfer_coordinator",
                    "Welk cijfer geeft u de samenwerking met de coördinator?",
                    help="De voorbereiding, de rol van de coördinator tijdens de conferentie en het contact met u.",
                ),
                _grade(
                    "cijfer_regiomanager",
                    "Welk cijfer geeft u de regiomanager?",
                    help="Alleen als u contact met de regiomanager had.",
                ),
            ),
        ),
        Section(
            "Tot slot",
            (Question("opmerkingen", TEXT, "Opmerkingen en suggesties", help="Noem geen namen van deelnemers."),),
        ),
    ),
    relation_key="rol",
    subgroups={"aanmelder": "Aanmelders", "andere_professional": "Andere beroepskrachten"},
)

QUESTION_SETS: dict[tuple[str, str], QuestionSet] = {
    (qs.form, qs.version): qs for qs in (_MINORS_2022, _ADULTS_2022, _PROFESSIONALS_2022)
}


def question_set(form: str, version: str = CURRENT_VERSION) -> QuestionSet:
    """The question set of `form` in `version`; KeyError for one that does not exist."""
    return QUESTION_SETS[(form, version)]


# ---------------------------------------------------------------------------------------------- validation


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
        raise InvalidInput({"_formulier": "U heeft nog niets ingevuld. Beantwoord minstens één vraag."})
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
