"""The three satisfaction questionnaires as data, per version (the parts: questions.py).

Question sets are versioned: a link remembers the version it was made with, and its answers are always read
with that version, so next year's changed questions do not break this year's answers. Add a new version to
`QUESTION_SETS` (and point `CURRENT_VERSION` at it); never change the questions of a version that is in use.
Nothing names the respondent: only their relation to the main person is asked.

Sources: research/jaarcijfers-2022.md §4 and research/overijssel-2009.md §4 (the fuller 2009 versions).
"""

from collections.abc import Iterable
from typing import Any

from workflow.questionnaires.questions import (
    ADULTS,
    CHOICE,
    GRADE,
    INFORMAL,
    MINORS,
    NO,
    NUMBER,
    PARTLY,
    PROFESSIONALS,
    TEXT,
    UNKNOWN,
    YES,
    YES_PARTLY_NO,
    Question,
    QuestionSet,
    Section,
)

CURRENT_VERSION = "2022"


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
    wording=INFORMAL,
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
