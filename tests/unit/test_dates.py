"""The rules for plausible dates (workflow/dates.py), on plain fakes."""

import datetime as dt

import pytest

from tests.unit.fakes import FakeCase
from workflow.dates import (
    DateRules,
    follow_up_problems,
    meeting_problems,
    nl,
    step_date_problems,
    visit_problems,
)

APPLIED = dt.date(2026, 1, 12)


def case(**record):
    fake = FakeCase(record=record)
    fake.application_date = APPLIED
    return fake


def test_dates_are_written_the_dutch_way():
    assert nl(dt.date(2019, 4, 3)) == "3-4-2019" and nl(dt.date(2026, 12, 31)) == "31-12-2026"


def test_an_informatief_gesprek_before_the_application_names_the_application_date():
    assert visit_problems(case(), "2019-04-03") == {
        "informatief_gesprek_datum": "Datum informatief gesprek (3-4-2019) ligt vóór de aanmelddatum (12-1-2026)."
    }
    assert visit_problems(case(), "2026-01-12") == {} and visit_problems(case(), None) == {}


def test_an_informatief_gesprek_after_a_planned_or_held_meeting_is_refused():
    planned = case(geplande_bijeenkomst={"datum": "2026-02-01"})
    assert (
        "ligt na de geplande bijeenkomst (1-2-2026)"
        in visit_problems(planned, "2026-02-02")["informatief_gesprek_datum"]
    )
    held = case(bijeenkomsten=[{"nummer": 1, "datum": "2026-02-01"}])
    assert "ligt na bijeenkomst 1 (1-2-2026)" in visit_problems(held, "2026-02-05")["informatief_gesprek_datum"]
    assert visit_problems(held, "2026-02-01") == {}


def test_a_meeting_comes_after_the_application_the_visit_and_earlier_meetings():
    label = "Datum van de bijeenkomst"
    fresh = case(informatief_gesprek_datum="2026-01-20")
    assert meeting_problems(fresh, "2026-01-01", "datum", label) == {
        "datum": "Datum van de bijeenkomst (1-1-2026) ligt vóór de aanmelddatum (12-1-2026)."
    }
    assert meeting_problems(fresh, "2026-01-19", "datum", label) == {
        "datum": "Datum van de bijeenkomst (19-1-2026) ligt vóór de datum van het informatief gesprek (20-1-2026)."
    }
    assert meeting_problems(fresh, "2026-01-20", "datum", label) == {}
    second = case(informatief_gesprek_datum="2026-01-20", bijeenkomsten=[{"nummer": 1, "datum": "2026-02-10"}])
    assert "vóór bijeenkomst 1 (10-2-2026)" in meeting_problems(second, "2026-02-01", "datum", label)["datum"]
    # correcting meeting 1 itself compares it with the meetings before it only
    assert meeting_problems(second, "2026-02-01", "datum", label, before=1) == {}


def test_a_follow_up_call_waits_the_weeks_the_bureau_set():
    held = case(bijeenkomsten=[{"nummer": 1, "datum": "2026-03-02"}])
    message = follow_up_problems(held, "2026-03-02", DateRules())["follow_up_datum"]
    assert message == (
        "Datum follow-up gesprek (2-3-2026) ligt minder dan 2 weken na bijeenkomst 1 (2-3-2026); "
        "vroegst mogelijk is 16-3-2026."
    )
    assert follow_up_problems(held, "2026-03-16", DateRules()) == {}
    assert follow_up_problems(held, "2026-03-02", DateRules(follow_up_min_weeks=0)) == {}
    assert "1 week na" in follow_up_problems(held, "2026-03-03", DateRules(follow_up_min_weeks=1))["follow_up_datum"]
    planned_without_meeting = case(plan={"datum": "2026-03-02", "afspraken": [{"wat": "x"}]})
    assert (
        "na het plan (2-3-2026)"
        in follow_up_problems(planned_without_meeting, "2026-03-05", DateRules())["follow_up_datum"]
    )
    assert follow_up_problems(case(), "2026-03-05", DateRules()) == {}  # nothing to follow: no rule


def test_each_step_checks_its_own_date_field():
    visit = case(informatief_gesprek_datum="2026-01-20")
    assert set(step_date_problems("start_activation", case(), {"informatief_gesprek_datum": "2020-01-01"}, DateRules()))
    assert set(step_date_problems("plan_meeting", visit, {"datum": "2026-01-13"}, DateRules())) == {"datum"}
    assert set(step_date_problems("hold_meeting", visit, {"datum": "2026-01-13"}, DateRules())) == {"datum"}
    assert set(step_date_problems("plan_without_meeting", visit, {"plan_datum": "2026-01-13"}, DateRules())) == {
        "plan_datum"
    }
    assert step_date_problems("accept_match", visit, {}, DateRules()) == {}


@pytest.mark.parametrize(
    "values, ok",
    [
        ({}, True),
        ({"follow_up_min_weeks": 4}, True),
        ({"follow_up_min_weeks": 53}, False),
        ({"follow_up_min_weeks": -1}, False),
        ({"follow_up_min_weeks": True}, False),
        ({"follow_up_min_weeks": "2"}, False),
        ({"onbekend": 1}, False),
    ],
)
def test_the_bureaus_rules_are_checked(values, ok):
    if ok:
        assert DateRules.from_dict(values).as_dict()["follow_up_min_weeks"] == values.get("follow_up_min_weeks", 2)
    else:
        with pytest.raises(ValueError):
            DateRules.from_dict(values)
