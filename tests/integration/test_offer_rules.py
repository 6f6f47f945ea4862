"""Offers obey matching, on the pages and in the API alike (SQLite and PostgreSQL): a coordinator matching
excludes only with a reason, which the case history shows; one open offer at a time; hostile reasons refused."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage import matching as store
from storage.models import Case, CaseEvent, Coordinator, Offer
from tests.conftest import make_app, units_of_work
from tests.integration.test_api import Api, intake
from tests.integration.test_case_pages import INTAKE
from workflow.offers import withdraw_offer
from workflow.phases import Role
from workflow.usecases import create_application, offer_case

DATA = {
    **{k: v for k, v in INTAKE.items() if not k.startswith("hoofdpersonen")},
    "hoofdpersonen": [{"naam": "Sam", "soort": "minderjarig"}],
}
REASON = "Familie kent Anna al jaren; zij neemt er deze zaak bij"
HOSTILE = [("", 422), ("   ", 422), ("reden\x00met nul", 400), ("x" * 10_000, 400)]


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def staff(people):
    return {
        "rm": people.make(Role.REGIOMANAGER, "rm@x.nl"),
        "anna": people.make(Role.COORDINATOR, "anna@x.nl"),
        "bert": people.make(Role.COORDINATOR, "bert@x.nl"),
    }


@pytest.fixture
def case(engine, clock, staff):
    return create_application(units_of_work(engine, clock)(), DATA, staff["rm"][1]).id


def _full(engine, coordinator_id, but_not, active=6, capacity=3):
    """Give a coordinator a capacity of 3 and 6 active cases (as in the issue), so matching excludes them."""
    with Session(engine) as session:
        coordinator = session.get(Coordinator, coordinator_id)
        coordinator.capacity = capacity
        others = select(Case).where(Case.coordinator_id.is_(None), Case.id != but_not).order_by(Case.id)
        for case in session.exec(others.limit(active)):
            case.coordinator_id = coordinator.id
        session.commit()


def _fill_cases(engine, clock, staff, n):
    uow = units_of_work(engine, clock)
    for _ in range(n):
        create_application(uow(), DATA, staff["rm"][1])


def _history(engine, case_id):
    with Session(engine) as session:
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        return [(e.trigger, e.reason) for e in events]


def _offers(engine, case_id):
    with Session(engine) as session:
        return [(o.coordinator_id, o.state) for o in session.exec(select(Offer).where(Offer.case_id == case_id))]


def _version(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id).version


@pytest.fixture
def anna_full(engine, clock, staff, case):
    _fill_cases(engine, clock, staff, 6)
    _full(engine, staff["anna"][1].coordinator_id, case)
    return staff["anna"][1].coordinator_id


def test_the_case_page_marks_an_excluded_coordinator_and_asks_a_reason(engine, case, anna_full, login):
    client = login("rm@x.nl")
    page = client.get(f"/zaken/{case}").get_data(as_text=True)
    assert "Anna — uitgesloten: geen plek vrij (6 van 3 bezet)" in page
    assert "Bert</option>" in page  # not excluded: no mark
    assert "Reden om toch aan te bieden" in page
    response = client.post(
        f"/zaken/{case}/aanbieden", data={"coordinator_id": anna_full, "version": _version(engine, case)}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "matching sluit Anna uit (geen plek vrij (6 van 3 bezet))" in text
    assert f'<option value="{anna_full}" selected>' in text  # the choice is kept
    assert _offers(engine, case) == []


def test_the_case_page_overrides_with_a_reason_and_the_history_shows_it(engine, case, anna_full, login):
    client = login("rm@x.nl")
    data = {"coordinator_id": anna_full, "version": _version(engine, case), "override_reason": REASON}
    assert client.post(f"/zaken/{case}/aanbieden", data=data).status_code == 302
    assert _offers(engine, case) == [(anna_full, "open")]
    line = f"Aangeboden aan Anna, ondanks uitsluiting door matching (geen plek vrij (6 van 3 bezet)). Reden: {REASON}"
    assert _history(engine, case)[-1] == ("offer", line)
    assert line in client.get(f"/zaken/{case}").get_data(as_text=True)


def test_the_match_page_offers_an_excluded_coordinator_only_with_a_reason(engine, case, anna_full, login):
    client = login("rm@x.nl")
    page = client.get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert "Toch aanbieden aan Anna" in page
    url = f"/zaken/{case}/matchen/aanbieden"
    refused = client.post(url, data={"coordinator_id": anna_full, "version": _version(engine, case)})
    assert refused.status_code == 422 and "matching sluit Anna uit" in refused.get_data(as_text=True)
    data = {"coordinator_id": anna_full, "version": _version(engine, case), "override_reason": REASON}
    assert client.post(url, data=data).status_code == 303
    assert REASON in _history(engine, case)[-1][1]


@pytest.mark.parametrize(("reason", "status"), HOSTILE)
def test_hostile_override_reasons_are_refused_on_the_page(engine, case, anna_full, login, reason, status):
    client = login("rm@x.nl")
    data = {"coordinator_id": anna_full, "version": _version(engine, case), "override_reason": reason}
    response = client.post(f"/zaken/{case}/aanbieden", data=data)
    assert response.status_code == status
    assert "Reden om toch aan te bieden" in response.get_data(as_text=True)
    assert _offers(engine, case) == [] and _history(engine, case)[-1][0] == "aanmelding"


def test_an_open_offer_disables_the_other_offer_buttons_and_a_second_is_refused(engine, clock, staff, case, login):
    client = login("rm@x.nl")
    anna, bert = staff["anna"][1].coordinator_id, staff["bert"][1].coordinator_id
    first = offer_case(units_of_work(engine, clock)(), case, anna, staff["rm"][1])
    match = client.get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert "Er staat een aanbod open aan Anna" in match
    assert '<button type="button" disabled aria-describedby="aanbod-open-noot">Aanbieden</button>' in match
    page = client.get(f"/zaken/{case}").get_data(as_text=True)
    assert "Er staat een aanbod open. Trek het eerst in" in page and '<button type="submit" disabled>' in page
    for url in (f"/zaken/{case}/aanbieden", f"/zaken/{case}/matchen/aanbieden"):
        response = client.post(url, data={"coordinator_id": bert, "version": _version(engine, case)})
        assert response.status_code == 409 and "Trek dat aanbod eerst in" in response.get_data(as_text=True)
    assert _offers(engine, case) == [(anna, "open")]
    withdraw_offer(units_of_work(engine, clock)(), first.id, staff["rm"][1], "Anna is ziek")
    data = {"coordinator_id": bert, "version": _version(engine, case)}
    assert client.post(f"/zaken/{case}/aanbieden", data=data).status_code == 302
    assert sorted(_offers(engine, case)) == sorted([(anna, "withdrawn"), (bert, "open")])


# --- The API -------------------------------------------------------------------------------------------------


@pytest.fixture
def api(engine, clock, people):
    user, actor = people.make(Role.REGIOMANAGER, "regio@kring.test")
    return Api(make_app(engine, clock).test_client(), people.token(user.id)), actor


def _api_case(api):
    response = api.post("/cases", intake())
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_the_api_refuses_an_excluded_coordinator_with_the_reason_and_accepts_an_override(engine, clock, api, people):
    client, rm = api
    _, anna = people.make(Role.COORDINATOR, "anna@x.nl")
    case = _api_case(client)
    for _ in range(6):
        _api_case(client)
    _full(engine, anna.coordinator_id, case)
    url = f"/cases/{case}/offers"
    refused = client.post(url, {"coordinator_id": anna.coordinator_id})
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "guard_refused" and "geen plek vrij (6 van 3 bezet)" in error["message"]
    assert error["details"]["missing"][0]["field"] == "override_reason"
    for reason, status in [*HOSTILE, (42, 400)]:
        assert (
            client.post(url, {"coordinator_id": anna.coordinator_id, "override_reason": reason}).status_code == status
        )
    assert _offers(engine, case) == []
    made = client.post(url, {"coordinator_id": anna.coordinator_id, "override_reason": REASON})
    assert made.status_code == 201
    assert _history(engine, case)[-1] == (
        "offer",
        f"Aangeboden aan Anna, ondanks uitsluiting door matching (geen plek vrij (6 van 3 bezet)). Reden: {REASON}",
    )
    second = client.post(url, {"coordinator_id": anna.coordinator_id, "override_reason": REASON})
    assert second.status_code == 409 and "staat nog open" in second.json["error"]["message"]


def test_the_api_ignores_an_override_reason_when_nobody_is_excluded(engine, api, people):
    client, _ = api
    _, bert = people.make(Role.COORDINATOR, "bert@x.nl")
    case = _api_case(client)
    made = client.post(f"/cases/{case}/offers", {"coordinator_id": bert.coordinator_id, "override_reason": "onnodig"})
    assert made.status_code == 201 and _history(engine, case)[-1] == ("offer", "Aangeboden aan Bert")


def test_a_conflict_of_interest_or_an_absence_also_needs_a_reason(engine, clock, staff, case, login):
    anna, bert = staff["anna"][1].coordinator_id, staff["bert"][1].coordinator_id
    today = clock.now().date()
    with Session(engine) as session:
        store.mark_conflict(session, anna, case, "buurvrouw", clock.now())
        session.add(store.CoordinatorAbsence(coordinator_id=bert, start=today, end=today + dt.timedelta(days=9)))
        session.commit()
    client = login("rm@x.nl")
    page = client.get(f"/zaken/{case}").get_data(as_text=True)
    assert "Anna — uitgesloten: belangenverstrengeling gemeld" in page
    assert "Bert — uitgesloten: afwezig tot" in page
    for who, why in ((anna, "belangenverstrengeling gemeld"), (bert, "afwezig tot")):
        response = client.post(
            f"/zaken/{case}/aanbieden", data={"coordinator_id": who, "version": _version(engine, case)}
        )
        assert response.status_code == 422 and why in response.get_data(as_text=True)
    data = {"coordinator_id": bert, "version": _version(engine, case), "override_reason": "Bert is terug vóór de start"}
    assert client.post(f"/zaken/{case}/aanbieden", data=data).status_code == 302
    assert (
        "afwezig tot" in _history(engine, case)[-1][1]
        and "Bert is terug vóór de start" in _history(engine, case)[-1][1]
    )
