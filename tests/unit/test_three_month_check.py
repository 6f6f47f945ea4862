"""The three-month check's form (workflow/three_month_check.py), the agreements' marks (workflow/agreements.py)
and closing from nazorg, which needs the check (workflow/closing.py)."""

import datetime as dt

import pytest

from tests.registration_fill import RECORD
from tests.unit.fakes import COORDINATOR, HELD, NOW, FakeCase
from workflow.agreements import agreement_date_problems, evaluation_moments, latest_marks, parse_marks
from workflow.closing import closing_complete
from workflow.errors import InvalidInput
from workflow.guards import StepContext
from workflow.machine import CaseWorkflow
from workflow.phases import Phase
from workflow.three_month_check import check_done, parse_check, summary

TODAY = dt.date(2026, 6, 2)  # three months after the meeting of 2026-03-01 (HELD)
AGREEMENTS = [
    {"wie": "Oma", "wie_soort": "netwerk", "wat": "haalt op", "wanneer": "2026-04-01", "evaluatie": "2026-05-01"},
    {"wie": "Wijkteam", "wie_soort": "professional", "wat": "belt", "wanneer": None, "evaluatie": None},
]
TALK = {
    "respondent": "volwassen hoofdpersoon",
    "plan_uitgevoerd": "ten dele uitgevoerd",
    "afspraken_uitgevoerd": "ongeveer de helft",
    "situatie": "verbeterd",
}


def nazorg_case(**record) -> FakeCase:
    return FakeCase(phase=Phase.NAZORG, record={"bijeenkomsten": HELD, "plan": {"afspraken": AGREEMENTS}, **record})


def reached(**extra):
    return {"bereikt": "ja", "datum": "2026-06-01", "gesprekken": [TALK], **extra}


def refusal(data, case=None) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        parse_check(case or nazorg_case(), data, TODAY)
    return refused.value.errors


def test_a_conversation_with_marks_and_the_need_for_a_vervolgconferentie():
    check = parse_check(nazorg_case(), reached(afspraken_markering=["nagekomen"], vervolg_nodig="ja"), TODAY)
    assert check == {
        "datum": dt.date(2026, 6, 1),
        "bereikt": True,
        "pogingen": [],
        "gesprekken": [TALK],
        "afspraken_markering": ["nagekomen", None],
        "vervolg_nodig": True,
        "vervolg_besluit": None,
    }
    assert (
        summary(check)
        == "driemaandencontact vastgelegd: gesproken met volwassen hoofdpersoon; vervolgconferentie nodig"
    )


def test_nobody_reached_with_attempts_takes_the_last_attempt_as_its_date():
    check = parse_check(nazorg_case(), {"bereikt": "nee", "pogingen": ["2026-05-28", "2026-05-20", ""]}, TODAY)
    assert check["bereikt"] is False and check["datum"] == dt.date(2026, 5, 28)
    assert check["pogingen"] == [dt.date(2026, 5, 20), dt.date(2026, 5, 28)]
    assert check["afspraken_markering"] == [None, None] and check["vervolg_nodig"] is False


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({}, "bereikt", "vul dit in"),
        ({"bereikt": "misschien"}, "bereikt", "kies"),
        (reached(gesprekken=[]), "gesprekken", "minstens één gesprek"),
        (reached(gesprekken=None), "gesprekken", "minstens één gesprek"),
        (reached(gesprekken="hoofdpersoon"), "gesprekken", "lijst"),
        (reached(gesprekken=[{**TALK, "respondent": "buurman"}]), "gesprekken.0.respondent", "kies"),
        (reached(gesprekken=[{**TALK, "situatie": "<script>alert(1)</script>"}]), "gesprekken.0.situatie", "kies"),
        (reached(gesprekken=[{**TALK, "plan_uitgevoerd": ""}]), "gesprekken.0.plan_uitgevoerd", "vul dit in"),
        (reached(gesprekken=[TALK] * 11), "gesprekken", "maximaal 10"),
        (reached(gesprekken=[{**TALK, "respondent": "x" * 5000}]), "gesprekken.0.respondent", "kies"),
        (reached(datum=None), "datum", "vul dit in"),
        (reached(datum="2026-02-27"), "datum", "vóór bijeenkomst 1"),
        (reached(datum="2026-06-03"), "datum", "toekomst"),
        (reached(datum="x" * 5000), "datum", "geen geldige datum"),
        (reached(afspraken_markering=["ja"]), "markering_0", "kies"),
        (reached(afspraken_markering=["nagekomen"] * 3), "afspraken_markering", "één markering"),
        (reached(afspraken_markering="nagekomen"), "afspraken_markering", "één markering"),
        ({"bereikt": "nee"}, "pogingen", "minstens één datum"),
        ({"bereikt": "nee", "pogingen": []}, "pogingen", "minstens één datum"),
        ({"bereikt": "nee", "pogingen": ["2026-02-01"]}, "pogingen.0", "vóór bijeenkomst 1"),
        ({"bereikt": "nee", "pogingen": ["2027-01-01"]}, "pogingen.0", "toekomst"),
        ({"bereikt": "nee", "pogingen": ["<script>"]}, "pogingen.0", "geen geldige datum"),
        ({"bereikt": "nee", "pogingen": ["2026-05-01"] * 11}, "pogingen", "hoogstens 10"),
        ({"bereikt": "nee", "pogingen": ["2026-05-01"], "gesprekken": [TALK]}, "gesprekken", "niet bereikt"),
        ({"bereikt": "nee", "pogingen": ["2026-05-01"], "vervolg_nodig": "ja"}, "vervolg_nodig", "na een gesprek"),
    ],
)
def test_wrong_missing_and_hostile_values_are_refused_in_dutch(data, field, words):
    errors = refusal(data)
    assert field in errors and words in errors[field], errors


def test_every_fault_is_named_at_once():
    errors = refusal(reached(datum="2026-06-03", gesprekken=[{**TALK, "respondent": "buurman", "situatie": ""}]))
    assert {"datum", "gesprekken.0.respondent", "gesprekken.0.situatie"} <= set(errors)


def test_marks_align_with_the_agreements_and_the_newest_contact_wins():
    case = nazorg_case(
        follow_up=[
            {"datum": "2026-03-30", "afspraken_markering": ["niet nagekomen", "weet niet"]},
            {"datum": "2026-04-02", "afspraken_markering": [None, "nagekomen"]},
        ],
        drie_maanden={"datum": "2026-06-01", "bereikt": True, "afspraken_markering": ["deels nagekomen", None]},
    )
    assert parse_marks(case, ["nagekomen"]) == ["nagekomen", None]
    assert [m["markering"] for m in latest_marks(case)] == ["deels nagekomen", "nagekomen"]
    assert latest_marks(nazorg_case()) == [None, None]


def test_old_records_keep_working():
    """A plan written as one text, follow-up entries without marks, no three-month check."""
    case = FakeCase(phase=Phase.NAZORG, record={"plan": {"afspraken": "Oma haalt op"}, "follow_up": [{"datum": "x"}]})
    assert latest_marks(case) == [None] and evaluation_moments(case) == () and not check_done(case)


def test_evaluation_moments_and_agreement_dates():
    assert evaluation_moments(nazorg_case()) == ((0, dt.date(2026, 5, 1)),)
    problems = agreement_date_problems(nazorg_case(), [{"wanneer": dt.date(2026, 2, 1), "evaluatie": None}])
    assert "vóór bijeenkomst 1" in problems["afspraken.0.wanneer"]


def closing(case: FakeCase, **data):
    return closing_complete(case, StepContext(COORDINATOR, NOW, {"uitkomst": "plan", **data}))


def closable(**record) -> FakeCase:
    return FakeCase(phase=Phase.NAZORG, coordinator_id=10, record={**RECORD, "bijeenkomsten": HELD, **record})


def test_closing_from_nazorg_with_a_plan_needs_the_three_month_check():
    called = {"follow_up_uitkomst": "positief"}
    missing = closing(closable(), **called)
    assert [m.field for m in missing] == ["drie_maanden_onbereikbaar"]
    assert "driemaandencontact" in missing[0].message
    assert closing(closable(), **called, drie_maanden_onbereikbaar="ja") == []
    recorded = {"datum": "2026-06-01", "bereikt": True, "gesprekken": [TALK]}
    assert closing(closable(drie_maanden=recorded), **called) == []
    unreached = {"datum": "2026-06-01", "bereikt": False, "pogingen": ["2026-06-01"]}
    assert closing(closable(drie_maanden=unreached), **called) == []
    no_attempt = {"datum": "2026-06-01", "bereikt": False, "pogingen": []}
    assert [m.field for m in closing(closable(drie_maanden=no_attempt), **called)] == ["drie_maanden_onbereikbaar"]


def test_closing_without_a_plan_needs_no_three_month_check():
    case = closable()
    ctx = StepContext(COORDINATOR, NOW, {"uitkomst": "geen_plan"})
    assert "drie_maanden_onbereikbaar" not in [m.field for m in closing_complete(case, ctx)]


def test_closing_as_unreachable_records_the_check_with_its_attempt():
    case = closable()
    data = {"uitkomst": "plan", "follow_up_uitkomst": "positief", "drie_maanden_onbereikbaar": "ja"}
    data["drie_maanden_poging"] = "2026-03-02"
    CaseWorkflow(case, StepContext(COORDINATOR, NOW)).fire("close", data)
    check = case.record["drie_maanden"]
    assert check["bereikt"] is False and check["pogingen"] == ["2026-03-02"] and case.phase is Phase.AFGESLOTEN
