"""The retention rule in plain Python: the removal date in Dutch local time, names blanked, what stays."""

import datetime as dt

import pytest

from web.config import Settings
from workflow.retention import (
    REMOVED,
    RetentionPeriod,
    name_pattern,
    redact,
    removal_date,
    removal_moment,
    scrub_record,
)


@pytest.mark.parametrize(
    "closed, expected",
    [
        (dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC), dt.date(2026, 4, 15)),
        (dt.datetime(2025, 11, 30, 12, tzinfo=dt.UTC), dt.date(2026, 2, 28)),  # no 30 February
        (dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC), dt.date(2026, 7, 1)),  # already 1 April in Amsterdam
    ],
)
def test_three_calendar_months_after_the_local_closing_date(closed, expected):
    assert removal_date(closed, RetentionPeriod(), extended=False) == expected


def test_extension_adds_the_period_once_more_and_the_moment_is_local_midnight():
    closed = dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC)
    assert removal_date(closed, RetentionPeriod(), extended=True) == dt.date(2026, 7, 15)
    assert removal_moment(closed, RetentionPeriod(), False) == dt.datetime(2026, 4, 14, 22, tzinfo=dt.UTC)  # CEST
    assert removal_moment(dt.datetime(2025, 9, 1, tzinfo=dt.UTC), RetentionPeriod(), False) == dt.datetime(
        2025, 11, 30, 23, tzinfo=dt.UTC
    )  # CET


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, RetentionPeriod()),
        ("", RetentionPeriod()),
        ("30", RetentionPeriod(0, 30)),
        ("0", RetentionPeriod(0, 0)),
        ("-5", RetentionPeriod()),
        ("drie", RetentionPeriod()),
        ("99999", RetentionPeriod()),
        ("١٢", RetentionPeriod()),
    ],
)
def test_period_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("KRING_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("KRING_RETENTION_DAYS", value)
    assert Settings().retention_period() == expected


def test_names_and_their_parts_are_blanked_but_not_inside_other_words():
    pattern = name_pattern(["Zoë van der Berg-Unieknaam", "Oma"])
    text = "ZOË belde; Oma en Berg waren er. Bergen op Zoom, van de zomer, unieknaamloos."
    assert redact(text, pattern) == (
        "[naam] belde; [naam] en [naam] waren er. Bergen op Zoom, van de zomer, unieknaamloos."
    )
    assert redact({"a": ["Zoë van der Berg-Unieknaam"]}, pattern) == {"a": ["[naam]"]}
    assert name_pattern([]) is None and redact("Zoë", None) == "Zoë"


def test_scrub_keeps_the_registration_and_drops_the_rest():
    record = {
        "achtergrondproblemen": ["Armoede"],
        "netwerk": [{"naam": "Opa"}],
        "niet_samen": "x",
        "geplande_bijeenkomst": {"adres": "Straat 1"},
        "onbekend": "?",
        "toelichting_niet_doorgaan": "",
        "onderwerpen_overige": "over Opa",
        "plan": {"afspraken": "Opa doet alles", "noodplan": True},
        "plan_verstuurd": {"datum": "2026-01-01", "aan": ["Opa"]},
        "follow_up": [{"wie": "coordinator", "uitkomst": "positief", "toelichting": "Opa is blij"}],
    }
    assert scrub_record(record, name_pattern(["Opa"])) == {
        "achtergrondproblemen": ["Armoede"],
        "toelichting_niet_doorgaan": "",
        "onderwerpen_overige": REMOVED,
        "plan": {"afspraken": REMOVED, "noodplan": True},
        "plan_verstuurd": {"datum": "2026-01-01", "aan": [REMOVED]},
        "follow_up": [{"wie": "coordinator", "uitkomst": "positief", "toelichting": "[naam] is blij"}],
    }
