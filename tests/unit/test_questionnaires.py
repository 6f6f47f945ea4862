"""The question sets as data and the pure validation and sums (no database)."""

import re

import pytest

from workflow import questionnaires as qn
from workflow.errors import InvalidInput
from workflow.questionnaires import results as qr


@pytest.mark.parametrize("form", qn.FORM_TYPES)
def test_every_form_has_a_relation_question_grades_and_no_name_question(form):
    qs = qn.question_set(form)
    keys = [q.key for q in qs.questions]
    assert len(keys) == len(set(keys))
    assert qs.relation_key in keys
    assert {"cijfer_conferentie", "cijfer_plan", "cijfer_coordinator"} <= set(keys)
    assert not any("naam" in key for key in keys)
    for q in qs.questions:
        if q.kind == qn.YES_PARTLY_NO:
            assert {value for value, _ in q.options} <= {*qn.SCALE_VALUES, qn.UNKNOWN}
        if q.kind == qn.GRADE:
            assert (q.minimum, q.maximum, q.explain) == (1, 10, True)
        if q.only_if:
            assert q.only_if[0] in keys


def test_adults_have_the_t22_grades_and_subgroups():
    qs = qn.question_set(qn.ADULTS)
    grades = [q.key for q in qs.questions if q.kind == qn.GRADE]
    assert grades == ["cijfer_conferentie", "cijfer_besloten", "cijfer_plan", "cijfer_coordinator", "cijfer_aanmelder"]
    assert set(qs.subgroups.values()) == set(qn.ADULT_SUBGROUPS)
    assert set(dict(qs.question("relatie").options)) == set(qs.subgroups)


def test_minors_are_asked_in_simple_words():
    qs = qn.question_set(qn.MINORS)
    assert all(" u " not in f" {q.text} " for q in qs.questions)
    assert "Hoe oud ben je?" in [q.text for q in qs.questions]


def test_versions_are_kept_apart():
    with pytest.raises(KeyError):
        qn.question_set(qn.ADULTS, "1999")
    assert qn.question_set(qn.ADULTS, "2022") is qn.question_set(qn.ADULTS)


def test_validate_keeps_known_given_answers_as_typed_values():
    qs = qn.question_set(qn.MINORS)
    answers = qn.validate(
        qs,
        {
            "leeftijd": " 12 ",
            "op_gemak": "deels",
            "cijfer_plan": "10",
            "cijfer_plan_toelichting": "Ik zie papa vaker.\r\n",
            "onbekend_veld": "x",
            "opmerkingen": "",
        },
    )
    assert answers == {
        "leeftijd": 12,
        "op_gemak": "deels",
        "cijfer_plan": 10,
        "cijfer_plan_toelichting": "Ik zie papa vaker.",
    }


@pytest.mark.parametrize(
    "raw, field, message",
    [
        ({"cijfer_plan": "0"}, "cijfer_plan", "kies een cijfer van 1 tot en met 10"),
        ({"cijfer_plan": "11"}, "cijfer_plan", "kies een cijfer van 1 tot en met 10"),
        ({"cijfer_plan": "7,5"}, "cijfer_plan", "kies een cijfer van 1 tot en met 10"),
        ({"leeftijd": "40"}, "leeftijd", "vul een getal in van 4 tot en met 17"),
        ({"op_gemak": "misschien"}, "op_gemak", "kies een van de antwoorden"),
        ({"opmerkingen": "a" * 1001}, "opmerkingen", "maximaal 1000 tekens"),
        ({"opmerkingen": "\u202egnik"}, "opmerkingen", "niet zijn toegestaan"),
        ({"cijfer_plan": "8", "cijfer_plan_toelichting": "b" * 501}, "cijfer_plan_toelichting", "maximaal 500"),
        ({}, "_formulier", "Beantwoord minstens één vraag"),
    ],
)
def test_validate_refuses_with_a_dutch_message(raw, field, message):
    with pytest.raises(InvalidInput) as refused:
        qn.validate(qn.question_set(qn.MINORS), raw)
    assert message in refused.value.errors[field]


def test_a_question_that_does_not_apply_is_dropped():
    qs = qn.question_set(qn.PROFESSIONALS)
    assert qn.validate(qs, {"rol": "andere_professional", "juiste_beslissing": "ja"}) == {"rol": "andere_professional"}
    assert qn.validate(qs, {"rol": "aanmelder", "juiste_beslissing": "ja"})["juiste_beslissing"] == "ja"


def test_summarize_percentages_means_fails_subgroups_and_rate():
    subs = [
        qr.Submission(qn.ADULTS, "2022", a, meeting_key=k)
        for a, k in [
            ({"relatie": "hoofdpersoon", "cijfer_plan": 9, "op_gemak": "ja"}, 1),
            ({"relatie": "moeder", "cijfer_plan": 5, "op_gemak": "deels"}, 1),
            ({"relatie": "vriend", "cijfer_plan": 8, "op_gemak": "ja", "afwezigen": "onbekend"}, 2),
            ({"cijfer_plan": 8}, 2),
        ]
    ]
    result = qr.summarize(qn.ADULTS, subs, handed_out=8)
    assert (result.responses, result.meetings, result.response_rate) == (4, 2, 50.0)
    plan = result.grades["cijfer_plan"]
    assert (plan.n, plan.mean, plan.fails, plan.minimum, plan.maximum) == (4, 7.5, 1, 5, 9)
    assert result.grades["cijfer_besloten"].mean is None
    assert result.scales["op_gemak"].percentages == {"ja": 66.7, "deels": 33.3, "nee": 0.0}
    assert result.scales["afwezigen"].n == 0  # "weet ik niet" is left out
    assert result.grades_by_subgroup["Familieleden"]["cijfer_plan"] == 5.0
    assert result.grades_by_subgroup["onbekend"]["cijfer_plan"] == 8.0
    assert result.subgroup_counts == {"Hoofdpersonen": 1, "Familieleden": 1, "Sociaal netwerk": 1, "onbekend": 1}
    assert result.distributions["relatie"]["moeder"] == 1 and result.distributions["opleiding"]["Onbekend"] == 4


def test_age_bands_of_t19():
    assert [qr.age_band(a) for a in (5, 9, 12, 13, 17, None)] == [
        "jonger dan 9",
        "9-12",
        "9-12",
        "13-17",
        "13-17",
        "onbekend",
    ]


FORMAL_WORDS = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


def every_text(qs: qn.QuestionSet) -> list[str]:
    """Everything the form shows a respondent: title, intro, sections, questions, help, options and its wording."""
    texts = [qs.title, qs.intro, qs.grade_scale_text, *vars(qs.wording).values()]
    for section in qs.sections:
        texts += [section.title, section.intro]
        for q in section.questions:
            texts += [q.text, q.help, *(label for _value, label in q.options)]
    return [text for text in texts if text]


@pytest.mark.parametrize("version", sorted(v for form, v in qn.QUESTION_SETS if form == qn.MINORS))
def test_the_childrens_form_says_je_and_never_u(version):
    qs = qn.question_set(qn.MINORS, version)
    formal = [text for text in every_text(qs) if FORMAL_WORDS.search(text)]
    assert formal == []
    assert any(re.search(r"\b(je|jij|jouw)\b", text, re.IGNORECASE) for text in every_text(qs))
    with pytest.raises(InvalidInput) as nothing:
        qn.validate(qs, {})
    assert not FORMAL_WORDS.search(nothing.value.errors["_formulier"])


def test_the_formal_word_check_can_fail():
    assert FORMAL_WORDS.search(qn.FORMAL.after_sending) and FORMAL_WORDS.search("Hoe oud bent U?")
    assert not FORMAL_WORDS.search("Kun je zeggen wat je wilde? Uitleg, duur en jouw rust")


def test_results_need_three_answers_and_free_texts_come_sorted_not_in_arrival_order():
    assert [qr.too_few(n) for n in (0, 1, 2, 3, 4)] == [True, True, True, False, False]
    assert qr.too_few_message(2) == "Nog te weinig antwoorden (2 van minimaal 3) om resultaten te tonen"
    arrived = [
        qr.Submission(qn.ADULTS, "2022", {"opmerkingen": text, "cijfer_plan": grade, "cijfer_plan_toelichting": why})
        for text, grade, why in (("Zeer goed", 9, "Top"), ("Aardig", 6, "Matig"), ("Mooi", 8, "Fijn"))
    ]
    texts = qr.summarize(qn.ADULTS, arrived, with_texts=True).texts
    assert texts["opmerkingen"] == ["Aardig", "Mooi", "Zeer goed"]
    assert texts["cijfer_plan"] == ["6: Matig", "8: Fijn", "9: Top"]
