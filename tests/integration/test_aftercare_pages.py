"""The aftercare's pages: the three-month check's own page, the agreements on the registration and case pages,
and the tasks (marks at the call, the reason for no vervolgconferentie). Bad input is refused in Dutch with
nothing saved."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage.models import Case
from storage.reminders import Reminder
from tests.conftest import PASSWORD, People, make_app, units_of_work
from tests.integration.test_forms_keep_work import form_of
from tests.walks import case_in_nazorg
from workflow import reminder_rules as rules
from workflow.tasks import complete_task

THREE_MONTHS = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
TALK = {
    "gesprekken-0-respondent": "volwassen hoofdpersoon",
    "gesprekken-0-plan_uitgevoerd": "ten dele uitgevoerd",
    "gesprekken-0-afspraken_uitgevoerd": "ongeveer de helft",
    "gesprekken-0-situatie": "hetzelfde gebleven",
}
AGREEMENT = {
    "afspraken-0-wie": "Oma",
    "afspraken-0-wie_soort": "netwerk",
    "afspraken-0-wat": "haalt de kinderen op",
    "afspraken-0-wanneer": "2026-04-01",
    "afspraken-0-evaluatie": "2026-05-01",
}


@pytest.fixture
def nazorg(any_engine, clock):
    manager, coordinator = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    case = case_in_nazorg(uow, manager, coordinator)
    return any_engine, uow, case.id, manager, coordinator


def browser(engine, clock, email="co@kring.test"):
    client = make_app(engine, clock).test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def load(engine, case_id) -> Case:
    with Session(engine) as session:
        return session.get(Case, case_id)


def save_agreement(engine, clock, case_id, **changes):
    client = browser(engine, clock)
    form = form_of(client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True))
    form.update({key: [value] for key, value in {**AGREEMENT, **changes}.items()})
    return client.post(f"/zaken/{case_id}/registratie", data=form)


def test_the_registration_offers_names_and_refuses_an_evaluation_before_the_meeting(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    page = browser(engine, clock).get(f"/zaken/{case_id}/registratie").get_data(as_text=True)
    assert '<datalist id="afspraak-namen">' in page and '<option value="Wijkteam Zaanstad">' in page
    assert 'name="afspraken-0-evaluatie"' in page and 'type="date" id="a-afspraken-0-evaluatie"' in page
    refused = save_agreement(engine, clock, case_id, **{"afspraken-0-evaluatie": "2026-02-01"})
    assert refused.status_code == 400
    assert "Evaluatiemoment (1-2-2026) ligt vóór" in refused.get_data(as_text=True)
    assert "plan" not in load(engine, case_id).record
    assert save_agreement(engine, clock, case_id).status_code == 303
    assert load(engine, case_id).record["plan"]["afspraken"][0]["evaluatie"] == "2026-05-01"


def test_the_case_page_shows_the_agreements_with_their_latest_mark(nazorg, clock):
    engine, uow, case_id, _manager, coordinator = nazorg
    save_agreement(engine, clock, case_id)
    with Session(engine) as session:
        call = session.exec(
            select(Reminder).where(
                Reminder.case_id == case_id,
                Reminder.kind == rules.FOLLOW_UP_MAIN_PERSON,
                Reminder.user_id == coordinator.user_id,
            )
        ).one()
    complete_task(uow(), call.id, coordinator, {"uitkomst": "positief", "markering_0": "deels nagekomen"})
    page = browser(engine, clock).get(f"/zaken/{case_id}").get_data(as_text=True)
    assert 'id="afspraak-0"' in page and "haalt de kinderen op" in page and "evaluatie 01-05-2026" in page
    assert "deels nagekomen" in page
    assert f'href="/zaken/{case_id}/driemaandencontact"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gesprekken-0-respondent": "<script>alert(1)</script>"}, "Gesproken met: kies"),
        ({"gesprekken-0-respondent": ""}, "Gesproken met: vul dit in"),
        ({"datum": "2026-06-20"}, "deze datum ligt in de toekomst"),
        ({"datum": "2026-01-20"}, "ligt vóór"),
        ({"bereikt": "nee"}, "niet bereikt, dus geen gesprekken"),
        ({"gesprekken-0-situatie": "x" * 5000}, "De situatie van de hoofdpersoon is: kies"),
    ],
)
def test_the_three_month_page_refuses_bad_input_and_saves_nothing(nazorg, clock, changes, message):
    engine, _uow, case_id, *_ = nazorg
    clock.set(THREE_MONTHS)
    data = {"version": load(engine, case_id).version, "bereikt": "ja", "datum": "2026-06-01", **TALK, **changes}
    response = browser(engine, clock).post(f"/zaken/{case_id}/driemaandencontact", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert "<script>alert(1)</script>" not in html
    assert "drie_maanden" not in load(engine, case_id).record


def test_the_three_month_page_records_the_check(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    clock.set(THREE_MONTHS)
    client = browser(engine, clock)
    page = client.get(f"/zaken/{case_id}/driemaandencontact").get_data(as_text=True)
    assert 'name="gesprekken-1-situatie"' in page and 'name="pogingen-0"' in page
    assert "al vastgelegd" not in page
    data = {
        "version": load(engine, case_id).version,
        "bereikt": "ja",
        "datum": "2026-06-01",
        **TALK,
        "vervolg_nodig": "ja",
    }
    assert client.post(f"/zaken/{case_id}/driemaandencontact", data=data).status_code == 302
    check = load(engine, case_id).record["drie_maanden"]
    assert check["gesprekken"][0]["situatie"] == "hetzelfde gebleven" and check["vervolg_nodig"] is True
    page = client.get(f"/zaken/{case_id}/driemaandencontact").get_data(as_text=True)
    assert "Dit driemaandencontact is al vastgelegd (01-06-2026). Wat u nu opslaat, vervangt het." in page
    again = form_of(page, "driemaanden")
    assert again["gesprekken-0-respondent"] == ["volwassen hoofdpersoon"]


def test_the_regiomanager_needs_a_reason_for_no_vervolgconferentie(nazorg, clock):
    engine, uow, case_id, *_ = nazorg
    clock.set(THREE_MONTHS)
    data = {
        "version": load(engine, case_id).version,
        "bereikt": "ja",
        "datum": "2026-06-01",
        **TALK,
        "vervolg_nodig": "ja",
    }
    assert browser(engine, clock).post(f"/zaken/{case_id}/driemaandencontact", data=data).status_code == 302
    manager = browser(engine, clock, "rm@kring.test")
    page = manager.get("/taken").get_data(as_text=True)
    assert "Vervolgconferentie nodig: beslissen" in page and "Geen vervolgconferentie" in page
    with Session(engine) as session:
        task = session.exec(select(Reminder).where(Reminder.kind == rules.FOLLOW_UP_CONFERENCE_NEEDED)).one()
    for reason, message in (("", "vul dit in"), ("x" * 5000, "maximaal 2000 tekens")):
        response = manager.post(f"/taken/{task.id}/klaar", data={f"t{task.id}-reden": reason})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert load(engine, case_id).record["drie_maanden"]["vervolg_besluit"] is None
    response = manager.post(f"/taken/{task.id}/klaar", data={f"t{task.id}-reden": "<b>Loopt al</b>"})
    assert response.status_code == 302
    assert load(engine, case_id).record["drie_maanden"]["vervolg_besluit"] == "<b>Loopt al</b>"
    case_page = manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "&lt;b&gt;Loopt al&lt;/b&gt;" in case_page and "<b>Loopt al</b>" not in case_page


def test_the_follow_up_call_on_the_task_list_asks_a_mark_per_agreement(nazorg, clock):
    engine, _uow, case_id, _manager, coordinator = nazorg
    save_agreement(engine, clock, case_id)
    clock.set(dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC))
    client = browser(engine, clock)
    page = client.get("/taken").get_data(as_text=True)
    with Session(engine) as session:
        call = session.exec(
            select(Reminder).where(
                Reminder.kind == rules.FOLLOW_UP_MAIN_PERSON, Reminder.user_id == coordinator.user_id
            )
        ).one()
    assert f'name="t{call.id}-markering_0"' in page and "Afspraak 1: Oma — haalt de kinderen op" in page
    bad = {f"t{call.id}-uitkomst": "positief", f"t{call.id}-markering_0": "altijd"}
    response = client.post(f"/taken/{call.id}/klaar", data=bad)
    assert response.status_code == 400 and "Afspraak 1: kies" in response.get_data(as_text=True)
    assert "follow_up" not in load(engine, case_id).record
    good = {f"t{call.id}-uitkomst": "positief", f"t{call.id}-markering_0": "nagekomen"}
    assert client.post(f"/taken/{call.id}/klaar", data=good).status_code == 302
    assert load(engine, case_id).record["follow_up"][0]["afspraken_markering"] == ["nagekomen"]
