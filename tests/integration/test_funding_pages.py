"""Which contract pays for a case, on the case page: the regiomanager and the bureau see the proposal and confirm
or change it (a history line); coordinators see nothing of money; a case nobody pays for is a warning in the
inbox; wrong, missing and hostile choices are refused in Dutch and change nothing."""

import pytest
from sqlmodel import Session, select

from storage.billing_models import CaseFunding, Contract
from storage.models import Case, CaseEvent
from tests.conftest import COORDINATOR, REGIOMANAGER, units_of_work
from tests.integration.test_billing_pages import FUNDER, ORGANISATION, contract_form
from tests.walks import INTAKE, offered_case
from workflow.phases import Role
from workflow.usecases import create_application


@pytest.fixture
def world(admin_client, people, login, clock):
    """Zaanstad with a Jeugd contract, a Haarlem case nobody pays for, and a covered Zaanstad case."""
    engine = admin_client.application.extensions["kring.engine"]
    admin_client.post("/financien/organisatie", data=ORGANISATION)
    admin_client.post("/financien/financiers/nieuw", data=FUNDER)
    with Session(engine) as session:
        from storage.billing_models import Funder

        funder_id = session.exec(select(Funder.id)).one()
    assert admin_client.post("/financien/contracten/nieuw", data=contract_form(funder_id)).status_code == 303
    _, manager = people.make(Role.REGIOMANAGER, REGIOMANAGER)
    _, coordinator = people.make(Role.COORDINATOR, COORDINATOR)
    uow = units_of_work(engine, clock)
    covered = offered_case(uow, manager, coordinator)
    bare = create_application(uow(), INTAKE | {"gemeente": "Haarlem"}, manager)
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
    return {
        "engine": engine,
        "covered": covered.id,
        "bare": bare.id,
        "bare_ref": bare.ref,
        "contract": contract_id,
        "manager": login(REGIOMANAGER),
        "coordinator": login(COORDINATOR),
        "admin": admin_client,
    }


def funding(engine, case_id):
    with Session(engine) as session:
        row = session.get(CaseFunding, case_id)
        return (row.contract_id, row.domain, row.confirmed_at is not None) if row else None


def history(engine, case_id):
    with Session(engine) as session:
        return session.exec(
            select(CaseEvent.reason).where(CaseEvent.case_id == case_id, CaseEvent.trigger == "financier")
        ).all()


def test_the_regiomanager_sees_the_proposal_and_confirms_it(world):
    page = world["manager"].get(f"/zaken/{world['covered']}").text
    assert "Financiering" in page and "Gemeente Zaanstad" in page and "nog niet bevestigd" in page
    assert "€" not in page  # no amounts outside the bureau
    answer = world["manager"].post(
        f"/zaken/{world['covered']}/financiering", data={"contract": str(world["contract"]), "domein": "Jeugd"}
    )
    assert answer.status_code == 302
    assert funding(world["engine"], world["covered"]) == (world["contract"], "Jeugd", True)
    assert "bevestigd" in world["manager"].get(f"/zaken/{world['covered']}").text
    # Confirming the proposal is the first funding on record; choosing none after it is a change.
    period = "Gemeente Zaanstad, 01-01-2026 t/m 31-12-2026"
    assert history(world["engine"], world["covered"]) == [f"Financiering: geen contract → {period}"]
    world["admin"].post(f"/zaken/{world['covered']}/financiering", data={"contract": "geen", "domein": "Jeugd"})
    assert funding(world["engine"], world["covered"]) == (None, "Jeugd", True)
    assert history(world["engine"], world["covered"])[-1] == f"Financiering: {period} → geen contract"


def test_a_case_nobody_pays_for_is_a_warning_in_the_inbox_and_on_its_page(world):
    inbox = world["manager"].get("/inbox").text
    assert "Zonder dekking" in inbox and world["bare_ref"] in inbox
    page = world["manager"].get(f"/zaken/{world['bare']}").text
    assert "Geen contract dekt deze zaak" in page
    world["manager"].post(
        f"/zaken/{world['bare']}/financiering", data={"contract": str(world["contract"]), "domein": "Jeugd"}
    )
    assert "Zonder dekking" not in world["manager"].get("/inbox").text


def test_coordinators_see_nothing_of_money(world):
    page = world["coordinator"].get(f"/zaken/{world['covered']}").text
    assert "Financiering" not in page and "Zaanstad, 01-01-2026" not in page
    answer = world["coordinator"].post(
        f"/zaken/{world['covered']}/financiering", data={"contract": "geen", "domein": "Jeugd"}
    )
    assert answer.status_code == 403
    assert funding(world["engine"], world["covered"])[2] is False


@pytest.mark.parametrize(
    "form, message",
    [
        ({"contract": "999999", "domein": "Jeugd"}, "kies een contract dat op de aanmelddatum loopt"),
        ({"contract": "", "domein": "Jeugd"}, "Contract: vul dit in"),
        ({"domein": "Jeugd"}, "Contract: vul dit in"),
        ({"contract": "geen", "domein": "Ruimtevaart"}, "Domein"),
        ({"contract": "geen"}, "Domein"),
        ({"contract": "1\x00", "domein": "Jeugd"}, "niet zijn toegestaan"),
        ({"contract": "1" * 40, "domein": "Jeugd"}, "Contract"),
        ({"contract": "<script>", "domein": "Jeugd"}, "kies een contract"),
        ({"contract": "CONTRACT", "domein": "Detentie"}, "dekt Detentie niet"),
    ],
)
def test_a_wrong_choice_is_refused_in_dutch_and_changes_nothing(world, form, message):
    form = {k: (str(world["contract"]) if v == "CONTRACT" else v) for k, v in form.items()}
    before = funding(world["engine"], world["covered"])
    answer = world["manager"].post(f"/zaken/{world['covered']}/financiering", data=form)
    assert answer.status_code == 400
    assert message in answer.text
    assert "<script>" not in answer.text
    assert funding(world["engine"], world["covered"]) == before
    assert history(world["engine"], world["covered"]) == []


def test_another_regions_case_is_out_of_reach(world, people, login):
    people.make(Role.REGIOMANAGER, "rm-limburg@x.nl", regions=("Limburg",))
    other = login("rm-limburg@x.nl")
    answer = other.post(f"/zaken/{world['covered']}/financiering", data={"contract": "geen", "domein": "Jeugd"})
    assert answer.status_code == 404
    assert "Financiering" not in other.get("/inbox").text
    with Session(world["engine"]) as session:
        assert session.get(Case, world["covered"]) is not None
    assert funding(world["engine"], world["covered"])[2] is False


def test_a_case_from_before_funding_counts_by_its_proposal(world):
    with Session(world["engine"]) as session:
        for case_id in (world["covered"], world["bare"]):
            session.delete(session.get(CaseFunding, case_id))
        session.commit()
    inbox = world["manager"].get("/inbox").text
    assert world["bare_ref"] in inbox.split("Zonder dekking")[1].split("</section>")[0]
    page = world["manager"].get(f"/zaken/{world['covered']}").text
    assert "nog niet bevestigd" in page and "Gemeente Zaanstad" in page
    with Session(world["engine"]) as session:
        covered_ref = session.get(Case, world["covered"]).ref
    assert covered_ref not in inbox.split("Zonder dekking")[1].split("</section>")[0]
