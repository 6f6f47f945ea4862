"""The professional's decision on the case page: conditions entered one per line, the decision form with an
answer per condition, refusals in Dutch that save nothing (unknown decision, missing reason, a date before the
meeting, 5,000 characters, script tags), the routes after a refusal offered only when they apply."""

import re

import pytest
from sqlmodel import Session, select

from storage.models import Case
from tests.conftest import units_of_work
from tests.walks import INTAKE, MEETING, MEETING_DAY
from workflow.phases import Phase, Role
from workflow.usecases import advance, create_application, offer_case

CONDITIONS = "De kinderen slapen thuis\nGeen contact met <b>vader</b>"


@pytest.fixture
def case_id(engine, clock, people):
    """A case of rm@x.nl, coordinated by co@x.nl, with two conditions, its meeting held with a plan."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    uow = units_of_work(engine, clock)
    case = create_application(uow(), {**INTAKE, "gedwongen_kader": True}, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager, override_reason="Toch aanbieden (test)")
    steps = (
        ("accept_match", {}),
        ("start_activation", {"informatief_gesprek_datum": MEETING_DAY}),
        (
            "plan_meeting",
            {
                "datum": MEETING_DAY,
                "locatie": "Buurthuis of wijkcentrum",
                "uitgenodigd": 5,
                "voorwaarden": CONDITIONS,
                "voorwaarden_gesteld_door": "Petra Jeugdbescherming",
            },
        ),
        ("hold_meeting", {**MEETING, "acceptatie_professional": "nog af te stemmen"}),
    )
    for trigger, data in steps:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case.id


def stored(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id)


GOOD = {
    "besluit": "niet geaccepteerd",
    "besluit_door": "Petra Jeugdbescherming",
    "besluit_datum": MEETING_DAY,
    "voorwaarden_antwoord-0-voorwaarde": "0",
    "voorwaarden_antwoord-0-antwoord": "Bij oma",
    "voorwaarden_antwoord-1-voorwaarde": "1",
    "voorwaarden_antwoord-1-antwoord": "Vader blijft weg",
    "reden": "Niet veilig",
}


def post(browser, engine, case_id, trigger, data):
    form = {"version": stored(engine, case_id).version, **data}
    return browser.post(f"/zaken/{case_id}/stap/{trigger}", data=form)


def test_the_case_page_shows_the_conditions_and_the_open_decision_with_its_form(engine, case_id, login):
    page = login("rm@x.nl").get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Besluit staat open" in page and "Besluit professional over het plan vastleggen" in page
    assert "De kinderen slapen thuis" in page and "gesteld door Petra Jeugdbescherming" in page
    assert "Geen contact met &lt;b&gt;vader&lt;/b&gt;" in page and "<b>vader</b>" not in page
    assert 'name="voorwaarden_antwoord-1-antwoord"' in page
    assert "Plan niet geaccepteerd" not in page  # the routes only after a refusal


def test_recording_a_refusal_then_going_to_a_vervolgconferentie(engine, case_id, login):
    browser = login("rm@x.nl")
    response = post(browser, engine, case_id, "record_plan_decision", GOOD)
    assert response.status_code == 302
    case = stored(engine, case_id)
    assert case.record["besluiten"][0]["voorwaarden_antwoord"] == [
        {"voorwaarde": 0, "antwoord": "Bij oma"},
        {"voorwaarde": 1, "antwoord": "Vader blijft weg"},
    ]
    page = browser.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Niet geaccepteerd</strong> door Petra Jeugdbescherming" in page and "Vader blijft weg" in page
    assert "Besluit: niet geaccepteerd — Niet veilig" in page  # the history line
    assert "Plan niet geaccepteerd: vervolgconferentie" in page and "terug naar de aanmelder" in page
    assert '<option value="geen_plan" selected>' in page  # closing instead starts with "geen plan"
    assert 'id="actie-record_plan_decision"' not in page
    response = post(browser, engine, case_id, "plan_not_accepted_follow_up", {"reden": "Nieuw plan"})
    assert response.status_code == 302 and stored(engine, case_id).phase is Phase.VERVOLGCONFERENTIE


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"besluit": "misschien"}, "Besluit van de professional: kies een van de mogelijkheden"),
        ({"besluit": "<script>alert(1)</script>"}, "kies een van de mogelijkheden"),
        ({"reden": ""}, "geef de reden van het besluit"),
        ({"besluit_datum": "2026-03-01"}, "ligt vóór bijeenkomst 1"),
        ({"besluit_datum": "2099-01-01"}, "ligt in de toekomst"),
        ({"besluit_door": "x" * 5000}, "maximaal 120 tekens"),
        ({"besluit_door": ""}, "vul de naam van de professional in"),
        ({"voorwaarden_antwoord-1-antwoord": "y" * 5000}, "maximaal 2000 tekens"),
        ({"voorwaarden_antwoord-1-antwoord": ""}, "voorwaarde 2 beantwoordt"),
        ({"voorwaarden_antwoord-1-voorwaarde": "9"}, "bestaande voorwaarde"),
        ({"voorwaarden_antwoord-1-voorwaarde": "<script>"}, "heel getal"),
        ({"besluit_door": "Petra\x00"}, "niet zijn toegestaan"),
    ],
)
def test_the_decision_form_refuses_bad_input_in_dutch_and_saves_nothing(engine, case_id, login, change, message):
    browser = login("co@x.nl")
    before = stored(engine, case_id)
    response = post(browser, engine, case_id, "record_plan_decision", {**GOOD, **change})
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 409, 422)
    assert message in page.replace("&#39;", "'")
    assert "<script>alert(1)</script>" not in page
    assert ">Bij oma</textarea>" in page, "the answers typed stay on the form"
    after = stored(engine, case_id)
    assert after.version == before.version and "besluiten" not in after.record


def test_the_routes_refuse_before_a_refusal(engine, case_id, login):
    browser = login("rm@x.nl")
    response = post(browser, engine, case_id, "plan_not_accepted_to_referrer", {})
    assert response.status_code in (409, 422)
    assert stored(engine, case_id).phase is Phase.NAZORG


def test_the_meeting_form_shows_the_conditions_one_per_line(engine, clock, people, login):
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    uow = units_of_work(engine, clock)
    listed = [{"tekst": "Eén", "gesteld_door": "Petra"}, {"tekst": "Twee", "gesteld_door": "Petra"}]
    case = create_application(uow(), {**INTAKE, "voorwaarden": listed}, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager, override_reason="Toch aanbieden (test)")
    advance(uow(), case.id, "accept_match", coordinator, None)
    advance(uow(), case.id, "start_activation", coordinator, None, "", {"informatief_gesprek_datum": MEETING_DAY})
    page = login("co@x.nl").get(f"/zaken/{case.id}").get_data(as_text=True)
    assert ">Eén\nTwee</textarea>" in page and 'value="Petra"' in page


def test_the_intake_page_takes_the_conditions_one_per_line_with_who_set_them(engine, people, login):
    people.make(Role.REGIOMANAGER, "rm@x.nl")
    browser = login("rm@x.nl")
    form = {
        "aanmelddatum": MEETING_DAY,
        "gemeente": "Zaanstad",
        "type_aanmelder": "Organisatie",
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "aanmelder_naam": "Wijkteam Zaanstad",
        "vraag": "Hoe houden we de kinderen veilig?",
        "voorwaarden": "Kinderen veilig\n\nSchoolgang",
        "voorwaarden_gesteld_door": "Petra Jeugdbescherming",
        "hoofdpersonen-0-naam": "Sam",
        "hoofdpersonen-0-soort": "minderjarig",
    }
    refused = browser.post("/aanmelding/nieuw", data={**form, "voorwaarden_gesteld_door": "x" * 500})
    assert refused.status_code == 400 and "maximaal 120 tekens" in refused.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(Case)).first() is None
    assert browser.post("/aanmelding/nieuw", data=form).status_code == 302
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
    assert case.record["voorwaarden"] == [
        {"tekst": "Kinderen veilig", "gesteld_door": "Petra Jeugdbescherming"},
        {"tekst": "Schoolgang", "gesteld_door": "Petra Jeugdbescherming"},
    ]


def test_the_chase_leads_to_the_decision_form_and_cannot_be_ticked_off(engine, case_id, clock, login):
    clock.advance(days=15)  # past decision_pending_days (14) after the meeting
    browser = login("rm@x.nl")
    today = browser.get("/vandaag").get_data(as_text=True)
    assert f"/zaken/{case_id}#actie-record_plan_decision" in today
    tasks = browser.get("/taken").get_data(as_text=True)
    assert "Besluit vastleggen op de zaak" in tasks
    (task_id,) = re.findall(r'id="taak-(\d+)"', tasks)
    refused = browser.post(f"/taken/{task_id}/klaar", data={})
    assert refused.status_code == 400 and "Leg het besluit van de professional vast op de zaak." in refused.text
    assert "Besluit vastleggen op de zaak" in browser.get("/taken").get_data(as_text=True)  # still open


def test_every_fault_of_the_decision_form_is_named_in_one_round(engine, case_id, login):
    browser = login("co@x.nl")
    faults = {"besluit_datum": "2099-01-01", "reden": "", "voorwaarden_antwoord-1-antwoord": ""}
    response = post(browser, engine, case_id, "record_plan_decision", {**GOOD, **faults})
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code in (400, 422)
    for message in ("ligt in de toekomst", "Geef de reden van het besluit 'niet geaccepteerd'", "voorwaarde 2"):
        assert message in page, message
    assert "besluiten" not in stored(engine, case_id).record
