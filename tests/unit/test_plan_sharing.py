"""The plan to everyone, the pure rules: who shares, whom the form offers and takes, the mobile number, what the
document shows (new and old records), and the registration's "plan verstuurd"."""

import datetime as dt

import pytest

from tests.unit.fakes import HELD, FakeCase
from workflow import plan_sharing as sharing
from workflow.errors import InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.guards import Actor
from workflow.phases import Phase, Role

AGREEMENTS = [
    {"wie": "Oma", "wie_soort": "netwerk", "wat": "haalt Sam op", "wanneer": "2026-04-01", "evaluatie": "2026-05-01"},
    {"wie": "Wijkteam", "wie_soort": "professional", "wat": "belt elke week", "wanneer": None, "evaluatie": None},
]


def a_case(**record):
    case = FakeCase(phase=Phase.NAZORG, coordinator_id=7, record=record)
    case.ref, case.question, case.referrer_name = "EK-2026-0001", "Hoe verder?", "Anja Wijkteam"
    case.referrer_email, case.referrer_phone = "anja@wijkteam.nl", "06-12 34 56 78"
    return case


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (Actor(1, Role.COORDINATOR, coordinator_id=7), True),
        (Actor(2, Role.COORDINATOR, coordinator_id=8), True),  # the co-coordinator
        (Actor(3, Role.COORDINATOR, coordinator_id=9), False),
        (Actor(4, Role.REGIOMANAGER), True),
        (Actor(5, Role.ADMIN), False),
    ],
)
def test_who_may_share(actor, allowed):
    case = a_case(plan={"afspraken": AGREEMENTS})
    case.co_coordinator_id = 8
    if allowed:
        sharing.check_may_share(actor, case)
    else:
        with pytest.raises(NotPermitted):
            sharing.check_may_share(actor, case)


def test_only_an_open_case_with_agreements_is_shared():
    with pytest.raises(TriggerNotAllowedHere, match="nog geen afspraken"):
        sharing.check_can_be_shared(a_case(plan={"afspraken": []}))
    closed = a_case(plan={"afspraken": AGREEMENTS})
    closed.phase = Phase.AFGESLOTEN
    with pytest.raises(TriggerNotAllowedHere, match="afgesloten"):
        sharing.check_can_be_shared(closed)
    sharing.check_can_be_shared(a_case(plan={"afspraken": "Oma zorgt voor Sam."}))  # an old plain-text plan


def test_the_form_offers_the_network_present_first_and_the_referrer_with_a_mobile():
    case = a_case(
        netwerk=[
            {"naam": "Oom Piet", "relatie": "Overige familieleden", "status": "afgezegd"},
            {"naam": "Oma", "relatie": "Grootouders", "status": "aanwezig"},
            {"naam": "", "status": "aanwezig"},
        ]
    )
    offered = sharing.candidates(case)
    assert [c.name for c in offered] == ["Oma", "Oom Piet", "Anja Wijkteam"]
    assert offered[-1] == sharing.Candidate("Anja Wijkteam", "anja@wijkteam.nl", "+31612345678", "aanmelder")
    case.referrer_phone = "020 123 4567"
    assert sharing.candidates(case)[-1].mobile == ""


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("06 12345678", "+31612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("", None),
    ],
)
def test_mobile_numbers_are_normalised(raw, number):
    assert sharing.normalised_mobile(raw) == number


@pytest.mark.parametrize("raw", ["06 1234", "0612345678901234567", "abc", "020-1234567"])
def test_no_mobile_number_is_refused(raw):
    with pytest.raises(ValueError, match="mobiel nummer"):
        sharing.normalised_mobile(raw)


def test_the_recipients_come_from_ticked_rows_and_filled_free_rows():
    offered = [sharing.Candidate("Oma", "oma@x.nl")]
    form = {"r-0-kies": "1", "r-0-naam": "Vervalst", "r-0-email": "OMA@x.nl", "r-1-naam": "Els", "r-1-email": "e@x.nl"}
    form |= {"r-2-naam": " ", "r-9-naam": "Spook", "r-9-email": "s@x.nl"}
    assert sharing.recipients_from_form(offered, form) == [
        sharing.Recipient("Oma", "oma@x.nl"),
        sharing.Recipient("Els", "e@x.nl"),
    ]
    with pytest.raises(InvalidInput) as nobody:
        sharing.recipients_from_form(offered, {"r-0-email": "oma@x.nl"})
    assert list(nobody.value.errors) == ["ontvangers"]
    with pytest.raises(InvalidInput) as wrong:
        sharing.recipients_from_form(offered, {"r-0-kies": "1", "r-1-naam": "x" * 5000, "r-1-mobiel": "12"})
    assert set(wrong.value.errors) == {"r-0-email", "r-1-naam", "r-1-email", "r-1-mobiel"}


def test_plan_sent_keeps_the_first_date_and_adds_new_names():
    case = a_case()
    sharing.note_plan_sent(case, ["Oma", "Els"], dt.date(2026, 3, 6))
    sharing.note_plan_sent(case, ["Els", "Piet"], dt.date(2026, 3, 9))
    assert case.record["plan_verstuurd"] == {"datum": "2026-03-06", "aan": ["Oma", "Els", "Piet"]}


def test_the_document_holds_agreements_fields_and_the_decision():
    case = a_case(
        bijeenkomsten=HELD,
        plan={
            "afspraken": AGREEMENTS,
            "noodplan": True,
            "evaluatieafspraken": False,
            "verblijfplaatswijzigingen": ["a", "a"],
        },
        voorwaarden=[{"tekst": "Geen alcohol", "gesteld_door": "Wijkteam"}],
        besluiten=[
            {
                "bijeenkomst": 1,
                "besluit": "geaccepteerd",
                "reden": "Goed plan",
                "door": "Anja",
                "datum": "2026-03-03",
                "voorwaarden_antwoord": [
                    {"voorwaarde": 0, "antwoord": "Oma let erop"},
                    {"voorwaarde": 5, "antwoord": "?"},
                ],
            }
        ],
    )
    shown = sharing.plan_contents(case)
    assert shown["ref"] == "EK-2026-0001" and shown["meeting"]["datum"] == "2026-03-01"
    assert shown["agreements"][0] == {
        "wie": "Oma",
        "wat": "haalt Sam op",
        "wanneer": "2026-04-01",
        "evaluatie": "2026-05-01",
    }
    assert shown["agreements"][1]["evaluatie"] == ""
    labels = dict(shown["fields"])
    assert labels["Er staat in wat te doen als het anders loopt (noodplan)"] == "ja"
    assert labels["Er zijn afspraken om het plan te evalueren"] == "nee"
    assert "2× a" in labels.values()
    (decision,) = shown["decisions"]
    assert decision["besluit"] == "geaccepteerd" and decision["antwoorden"] == [
        {"voorwaarde": "Geen alcohol", "antwoord": "Oma let erop"},
        {"voorwaarde": "", "antwoord": "?"},
    ]


def test_an_old_record_shows_its_plain_text_plan_and_no_decision():
    shown = sharing.plan_contents(a_case(plan={"afspraken": "Oma zorgt voor Sam.", "datum": "2026-03-01"}))
    assert shown["agreements"] == [{"wie": "", "wat": "Oma zorgt voor Sam.", "wanneer": "", "evaluatie": ""}]
    assert shown["decisions"] == [] and shown["meeting"] is None and shown["plan_date"] == "2026-03-01"
