"""Change of coordinator and the co-coordinator on the pages: the regiomanager withdraws with a reason and
offers again, the new coordinator takes over in the same phase; the co-coordinator form; and every new form
fed missing and hostile values (empty, NUL, 10,000 characters, a foreign case, a coordinator of another region)."""

import re

import pytest
from sqlmodel import Session, select

from storage.models import Case, CaseEvent, Offer
from storage.withdrawals import CoordinatorWithdrawal
from tests.conftest import count_rows, units_of_work
from tests.walks import INTAKE
from workflow.phases import Phase, Role
from workflow.usecases import advance, create_application, offer_case


@pytest.fixture
def staff(people):
    """A regiomanager and three coordinators of Noord-Holland; a regiomanager and a coordinator of Gelderland."""
    return {
        "rm": people.make(Role.REGIOMANAGER, "rm@x.nl"),
        "rm_gld": people.make(Role.REGIOMANAGER, "rm-gld@x.nl", regions=("Gelderland",)),
        "co": people.make(Role.COORDINATOR, "co@x.nl"),
        "co2": people.make(Role.COORDINATOR, "co2@x.nl"),
        "co3": people.make(Role.COORDINATOR, "co3@x.nl"),
        "co_gld": people.make(Role.COORDINATOR, "co-gld@x.nl", regions=("Gelderland",)),
    }


def running_case(engine, clock, staff, variant="familie"):
    """A case of rm@x.nl accepted by co@x.nl, its informatief gesprek held: phase verbinden en activeren."""
    uow = units_of_work(engine, clock)
    manager, coordinator = staff["rm"][1], staff["co"][1]
    case = create_application(uow(), {**INTAKE, "variant": variant}, manager)
    offer_case(
        uow(),
        case.id,
        coordinator.coordinator_id,
        manager,
        override_reason="Toch aanbieden (test)",
    )
    advance(uow(), case.id, "accept_match", coordinator, None)
    advance(uow(), case.id, "start_activation", coordinator, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    return case.id


def stored(engine, case_id):
    with Session(engine) as session:
        case = session.get(Case, case_id)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        return case, [e.trigger for e in events], [o.id for o in case.offers if o.state == "open"]


def test_withdraw_reoffer_and_take_over_in_the_same_phase(engine, clock, staff, login):
    case_id = running_case(engine, clock, staff)
    manager = login("rm@x.nl")
    page = manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Coördinator terugtrekken" in page
    version = stored(engine, case_id)[0].version
    response = manager.post(
        f"/zaken/{case_id}/stap/withdraw_coordinator", data={"version": version, "reden": "Langdurig ziek"}
    )
    assert response.status_code == 302
    case, _, _ = stored(engine, case_id)
    assert (case.phase, case.coordinator_id) == (Phase.VERBINDEN_EN_ACTIVEREN, None)
    assert "Zaak wacht op een nieuwe coördinator" in manager.get("/taken").get_data(as_text=True)
    page = manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "De coördinator is teruggetrokken" in page
    offer_form = page[
        page.index('name="coordinator_id"') : page.index("</select>", page.index('name="coordinator_id"'))
    ]
    assert "Co2" in offer_form and ">Co<" not in offer_form and "Co (" not in offer_form
    match = manager.get(f"/zaken/{case_id}/matchen").get_data(as_text=True)
    assert "teruggetrokken uit deze zaak" in match
    response = manager.post(
        f"/zaken/{case_id}/aanbieden",
        data={"coordinator_id": staff["co2"][1].coordinator_id, "version": stored(engine, case_id)[0].version},
    )
    assert response.status_code == 302
    assert "Zaak wacht op een nieuwe coördinator" not in manager.get("/taken").get_data(as_text=True)
    new = login("co2@x.nl")
    assert "Aan u aangeboden" in new.get("/mijn-zaken").get_data(as_text=True)
    offer_id = stored(engine, case_id)[2][0]
    response = new.post(f"/aanbod/{offer_id}/accepteren", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "U heeft de zaak overgenomen. Ze gaat verder in de fase Verbinden en activeren." in body
    case, triggers, _ = stored(engine, case_id)
    assert (case.phase, case.coordinator_id) == (Phase.VERBINDEN_EN_ACTIVEREN, staff["co2"][1].coordinator_id)
    assert triggers[-3:] == ["withdraw_coordinator", "offer", "take_over"]
    assert "Start verbinden en activeren" in body and "Langdurig ziek" in body, "the whole history shows"
    assert "Bijeenkomst plannen" in new.get("/mijn-zaken").get_data(as_text=True)
    assert login("co@x.nl").get(f"/zaken/{case_id}").status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "ziek\x00", "x" * 10_000])
def test_withdraw_form_refuses_missing_and_hostile_reasons(engine, clock, staff, login, reason):
    case_id = running_case(engine, clock, staff)
    before = stored(engine, case_id)[0].version
    response = login("rm@x.nl").post(
        f"/zaken/{case_id}/stap/withdraw_coordinator", data={"version": before, "reden": reason}
    )
    assert response.status_code in (400, 422)
    assert "reden" in response.get_data(as_text=True).lower()
    case, triggers, _ = stored(engine, case_id)
    assert (case.version, case.coordinator_id) == (before, staff["co"][1].coordinator_id)
    assert "withdraw_coordinator" not in triggers and count_rows(engine, CoordinatorWithdrawal) == 0


def test_withdraw_of_a_foreign_or_unknown_case_or_by_a_coordinator_is_refused(engine, clock, staff, login):
    case_id = running_case(engine, clock, staff)
    data = {"version": stored(engine, case_id)[0].version, "reden": "Ziek"}
    assert login("rm-gld@x.nl").post(f"/zaken/{case_id}/stap/withdraw_coordinator", data=data).status_code == 404
    assert login("rm@x.nl").post("/zaken/999999/stap/withdraw_coordinator", data=data).status_code == 404
    assert login("co@x.nl").post(f"/zaken/{case_id}/stap/withdraw_coordinator", data=data).status_code == 403
    assert stored(engine, case_id)[0].coordinator_id == staff["co"][1].coordinator_id


def test_reoffer_to_the_withdrawn_or_another_regions_coordinator_is_refused(engine, clock, staff, login):
    case_id = running_case(engine, clock, staff)
    manager = login("rm@x.nl")
    version = stored(engine, case_id)[0].version
    manager.post(f"/zaken/{case_id}/stap/withdraw_coordinator", data={"version": version, "reden": "Conflict"})
    for chosen in (staff["co"][1].coordinator_id, "\x00", "abc", "9" * 10_000, ""):
        response = manager.post(
            f"/zaken/{case_id}/aanbieden",
            data={"coordinator_id": chosen, "version": stored(engine, case_id)[0].version},
        )
        assert response.status_code in (400, 409, 422), chosen
    assert stored(engine, case_id)[2] == [], "no offer was made"


def test_co_coordinator_is_added_sees_and_moves_the_case_and_is_removed(engine, clock, staff, login):
    case_id = running_case(engine, clock, staff, variant="herstel")
    manager = login("rm@x.nl")
    page = manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Co-coördinator toevoegen" in page and 'name="co_coordinator_id"' in page
    response = manager.post(
        f"/zaken/{case_id}/stap/add_co_coordinator",
        data={"version": stored(engine, case_id)[0].version, "co_coordinator_id": staff["co2"][1].coordinator_id},
    )
    assert response.status_code == 302
    assert "co-coördinator Co2" in manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    co2 = login("co2@x.nl")
    assert re.search(r"EK-2026-\d+", co2.get("/mijn-zaken").get_data(as_text=True))
    assert "Bijeenkomst plannen" in co2.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert login("co3@x.nl").get(f"/zaken/{case_id}").status_code == 404
    response = manager.post(
        f"/zaken/{case_id}/stap/remove_co_coordinator", data={"version": stored(engine, case_id)[0].version}
    )
    assert response.status_code == 302
    assert co2.get(f"/zaken/{case_id}").status_code == 404
    assert stored(engine, case_id)[1][-2:] == ["add_co_coordinator", "remove_co_coordinator"]


@pytest.mark.parametrize("chosen", ["", "\x00", "abc", "-1", "9" * 10_000, "co", "co_gld", "unknown"])
def test_co_coordinator_form_refuses_missing_and_hostile_values(engine, clock, staff, login, chosen):
    case_id = running_case(engine, clock, staff, variant="groep")
    value = {"co": staff["co"][1].coordinator_id, "co_gld": staff["co_gld"][1].coordinator_id, "unknown": 99999}
    response = login("rm@x.nl").post(
        f"/zaken/{case_id}/stap/add_co_coordinator",
        data={"version": stored(engine, case_id)[0].version, "co_coordinator_id": value.get(chosen, chosen)},
    )
    assert response.status_code in (400, 422)
    assert "co-coördinator" in response.get_data(as_text=True).lower()
    assert stored(engine, case_id)[0].co_coordinator_id is None


def test_co_coordinator_on_a_foreign_case_is_refused(engine, clock, staff, login):
    case_id = running_case(engine, clock, staff, variant="groep")
    data = {"version": stored(engine, case_id)[0].version, "co_coordinator_id": staff["co2"][1].coordinator_id}
    assert login("rm-gld@x.nl").post(f"/zaken/{case_id}/stap/add_co_coordinator", data=data).status_code == 404
    assert login("co@x.nl").post(f"/zaken/{case_id}/stap/add_co_coordinator", data=data).status_code == 403
    assert stored(engine, case_id)[0].co_coordinator_id is None


def test_offers_of_a_running_case_are_not_touched_by_a_stale_page(engine, clock, staff, login):
    """Two regiomanager tabs: the second re-offer, made on the page from before the first, is refused."""
    case_id = running_case(engine, clock, staff)
    manager = login("rm@x.nl")
    version = stored(engine, case_id)[0].version
    manager.post(f"/zaken/{case_id}/stap/withdraw_coordinator", data={"version": version, "reden": "Ziek"})
    seen = stored(engine, case_id)[0].version
    first = manager.post(
        f"/zaken/{case_id}/aanbieden", data={"coordinator_id": staff["co2"][1].coordinator_id, "version": seen}
    )
    second = manager.post(
        f"/zaken/{case_id}/aanbieden", data={"coordinator_id": staff["co3"][1].coordinator_id, "version": seen}
    )
    assert (first.status_code, second.status_code) == (302, 409)
    with Session(engine) as session:
        open_offers = session.exec(select(Offer).where(Offer.case_id == case_id, Offer.state == "open")).all()
    assert [o.coordinator_id for o in open_offers] == [staff["co2"][1].coordinator_id]
