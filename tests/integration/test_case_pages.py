"""The case pages over HTTP: roles, intake validation, actions, stale versions, scope and CSRF."""

import re

import pytest
from sqlmodel import Session, func, select

from storage.models import Case, CaseEvent
from storage.uow import SqlUnitOfWork
from tests.conftest import PASSWORD, count_rows, make_app, units_of_work
from web.bootstrap import bootstrap  # noqa: E402
from workflow.phases import Phase, Role
from workflow.usecases import advance, create_application, offer_case

INTAKE = {
    "aanmelddatum": "2026-03-01",
    "variant": "familie",
    "gemeente": "Amsterdam",
    "type_aanmelder": "Familielid of sociaal netwerk",
    "aanmelder_naam": "Oma Jansen",
    "vraag": "Hoe houden we de kinderen veilig?",
    "hoofdpersonen-0-naam": "Sam",
    "hoofdpersonen-0-soort": "minderjarig",
    "hoofdpersonen-0-geslacht": "jongen",
}


def phase_of(engine, case_id) -> Phase:
    with Session(engine) as session:
        return Phase(session.get(Case, case_id).phase)


def version_of(engine, case_id) -> int:
    with Session(engine) as session:
        return session.get(Case, case_id).version


@pytest.fixture
def staff(people):
    """A regiomanager and two coordinators in Noord-Holland, a regiomanager of Gelderland."""
    return {
        "rm": people.make(Role.REGIOMANAGER, "rm@x.nl"),
        "rm_gld": people.make(Role.REGIOMANAGER, "rm-gld@x.nl", regions=("Gelderland",)),
        "co": people.make(Role.COORDINATOR, "co@x.nl"),
        "co2": people.make(Role.COORDINATOR, "co2@x.nl"),
    }


def new_case(engine, clock, staff, offer_to="co"):
    uow = units_of_work(engine, clock)
    data = {k: v for k, v in INTAKE.items() if not k.startswith("hoofdpersonen")}
    data["hoofdpersonen"] = [{"naam": "Sam", "soort": "minderjarig"}]
    case = create_application(uow(), data, staff["rm"][1])
    if offer_to:
        offer_case(uow(), case.id, staff[offer_to][1].coordinator_id, staff["rm"][1])
    return case.id


def test_home_redirects_per_role(staff, people, login):
    people.make(Role.ADMIN, "admin@x.nl")
    assert login("rm@x.nl").get("/").location.endswith("/vandaag")
    assert login("co@x.nl").get("/").location.endswith("/vandaag")
    assert login("admin@x.nl").get("/").location.endswith("/vandaag")


def test_intake_creates_case_and_shows_it_in_inbox(engine, staff, login):
    client = login("rm@x.nl")
    form = client.get("/aanmelding/nieuw").get_data(as_text=True)
    assert "hoofdpersonen-2-naam" in form and '<datalist id="gemeenten">' in form
    response = client.post("/aanmelding/nieuw", data=INTAKE)
    assert response.status_code == 302 and "/zaken/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Oma Jansen" in page and "Sam" in page and "Aanmelding ontvangen" in page
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "EK-2026-0001" in inbox and "Amsterdam" in inbox and "nog niet aangeboden" in inbox
    assert count_rows(engine, Case) == 1


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        (
            {
                "gemeente": "",
                "vraag": "",
                "hoofdpersonen-0-naam": "",
                "hoofdpersonen-0-soort": "",
                "hoofdpersonen-0-geslacht": "",
            },
            ["Gemeente: vul dit in", "Vraag voor de conferentie: vul dit in", "vul minstens één hoofdpersoon in"],
        ),
        ({"aanmelddatum": "31-02-2026"}, ["Aanmelddatum: geen geldige datum (jjjj-mm-dd)"]),
        ({"aanmelddatum": "2026-12-01"}, ["Aanmelddatum: deze datum ligt in de toekomst"]),
        ({"gemeente": "Atlantis"}, ["Gemeente: onbekende gemeente"]),
        ({"type_aanmelder": "Buurman"}, ["Wie meldt aan: kies een van de mogelijkheden"]),
        ({"hoofdpersonen-0-soort": "volwassen"}, ["Geslacht past niet bij minderjarig of volwassen"]),
        (
            {"hoofdpersonen-1-geboortedatum": "gisteren"},
            ["Naam hoofdpersoon: vul dit in", "Geboortedatum: geen geldige"],
        ),
        ({"vraag": "x" * 5000}, ["Vraag voor de conferentie: maximaal 2000 tekens (nu 5000)"]),
    ],
)
def test_intake_refuses_bad_input_with_dutch_messages(engine, staff, changes, messages, login):
    client = login("rm@x.nl")
    response = client.post("/aanmelding/nieuw", data={**INTAKE, **changes})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in messages:
        assert message in body
    assert count_rows(engine, Case) == 0


def test_intake_escapes_hostile_input(engine, staff, login):
    client = login("rm@x.nl")
    hostile = "<script>alert(1)</script>"
    response = client.post(
        "/aanmelding/nieuw",
        data={**INTAKE, "gemeente": hostile, "aanmelder_naam": hostile, "hoofdpersonen-0-naam": "x" * 5000},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert hostile not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Naam hoofdpersoon: maximaal 120 tekens (nu 5000)" in body
    assert count_rows(engine, Case) == 0


def test_hostile_text_saved_is_shown_escaped(engine, clock, staff, login):
    client = login("rm@x.nl")
    hostile = "<script>alert(1)</script>"
    response = client.post("/aanmelding/nieuw", data={**INTAKE, "vraag": hostile})
    page = client.get(response.location).get_data(as_text=True)
    assert hostile not in page and "&lt;script&gt;" in page


def test_offer_then_coordinator_accepts_and_history_shows_it(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff, offer_to=None)
    manager = login("rm@x.nl")
    page = manager.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Aanbieden aan coördinator" in page and "Co2" in page
    response = manager.post(
        f"/zaken/{case_id}/aanbieden",
        data={"coordinator_id": staff["co"][1].coordinator_id, "version": version_of(engine, case_id)},
    )
    assert response.status_code == 302
    assert "aan Co, reactie vóór" in manager.get("/inbox").get_data(as_text=True)
    coordinator = login("co@x.nl")
    assert "Aan u aangeboden" in coordinator.get("/mijn-zaken").get_data(as_text=True)
    response = coordinator.post(f"/zaken/{case_id}/stap/accept_match", data={"version": version_of(engine, case_id)})
    assert response.status_code == 302
    assert phase_of(engine, case_id) is Phase.INFORMATIEF_GESPREK
    page = coordinator.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Match accepteren" in page and "Aanmelding → Informatief gesprek" in page
    my = coordinator.get("/mijn-zaken").get_data(as_text=True)
    assert "Start verbinden en activeren" in my and "vul de datum van het informatief gesprek in" in my


def test_offer_to_unknown_coordinator_is_refused(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff, offer_to=None)
    response = login("rm@x.nl").post(
        f"/zaken/{case_id}/aanbieden", data={"coordinator_id": "99999", "version": version_of(engine, case_id)}
    )
    assert response.status_code == 400
    assert "Kies een bestaande coördinator." in response.get_data(as_text=True)


def test_stale_version_is_refused_with_409_and_phase_unchanged(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    stale = version_of(engine, case_id)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, "accept_match", staff["co"][1], stale)
    client = login("co@x.nl")
    response = client.post(
        f"/zaken/{case_id}/stap/start_activation", data={"version": stale, "informatief_gesprek_datum": "2026-03-01"}
    )
    assert response.status_code == 409
    assert "gewijzigd" in response.get_data(as_text=True)
    assert phase_of(engine, case_id) is Phase.INFORMATIEF_GESPREK


def test_guard_refusal_shows_dutch_missing_text(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, "accept_match", staff["co"][1], None)
    client = login("co@x.nl")
    response = client.post(f"/zaken/{case_id}/stap/start_activation", data={"version": version_of(engine, case_id)})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "vul de datum van het informatief gesprek in" in body
    assert phase_of(engine, case_id) is Phase.INFORMATIEF_GESPREK


def test_bad_date_in_action_form_keeps_input_and_says_why(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, "accept_match", staff["co"][1], None)
    response = login("co@x.nl").post(
        f"/zaken/{case_id}/stap/start_activation",
        data={"version": version_of(engine, case_id), "informatief_gesprek_datum": "<b>morgen</b>"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Datum informatief gesprek: geen geldige datum" in body
    assert "<b>morgen</b>" not in body and "&lt;b&gt;morgen&lt;/b&gt;" in body


def test_other_coordinators_case_is_404(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, "accept_match", staff["co"][1], None)
    other = login("co2@x.nl")
    assert other.get(f"/zaken/{case_id}").status_code == 404
    response = other.post(
        f"/zaken/{case_id}/stap/start_activation",
        data={"version": version_of(engine, case_id), "informatief_gesprek_datum": "2026-03-01"},
    )
    assert response.status_code == 404
    assert phase_of(engine, case_id) is Phase.INFORMATIEF_GESPREK


def test_regiomanager_of_other_region_gets_404(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff, offer_to=None)
    client = login("rm-gld@x.nl")
    assert client.get(f"/zaken/{case_id}").status_code == 404
    assert (
        client.post(
            f"/zaken/{case_id}/aanbieden",
            data={"coordinator_id": staff["co"][1].coordinator_id, "version": version_of(engine, case_id)},
        ).status_code
        == 404
    )
    assert "EK-2026" not in client.get("/inbox").get_data(as_text=True)
    assert "EK-2026" not in client.get("/zaken").get_data(as_text=True)


def test_case_list_filters_and_ignores_bad_values(engine, clock, staff, login):
    first = new_case(engine, clock, staff)
    new_case(engine, clock, staff)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), first, "accept_match", staff["co"][1], None)
    client = login("rm@x.nl")
    assert client.get("/zaken").get_data(as_text=True).count("EK-2026-000") == 2
    only = client.get("/zaken?fase=informatief_gesprek").get_data(as_text=True)
    assert "EK-2026-0001" in only and "EK-2026-0002" not in only
    by_coordinator = client.get(f"/zaken?coordinator={staff['co'][1].coordinator_id}").get_data(as_text=True)
    assert "EK-2026-0001" in by_coordinator and "EK-2026-0002" not in by_coordinator
    for bad in ("fase=<x>", "coordinator=abc", "gemeente=-1", "gemeente=99999999999999999999", "fase=%00"):
        response = client.get(f"/zaken?{bad}")
        assert response.status_code == 200
    assert client.get("/zaken?coordinator=abc").get_data(as_text=True).count("EK-2026-000") == 2


def test_coordinator_cannot_open_regiomanager_pages(staff, login):
    client = login("co@x.nl")
    assert client.get("/inbox").status_code == 403
    assert client.post("/aanmelding/nieuw", data=INTAKE).status_code == 403


def test_csrf_missing_or_forged_token_is_refused(engine, clock, staff):
    app = make_app(engine, clock, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert (
        client.post("/login", data={"email": "rm@x.nl", "password": PASSWORD, "csrf_token": token}).status_code == 302
    )
    assert client.post("/aanmelding/nieuw", data=INTAKE).status_code == 400
    assert client.post("/aanmelding/nieuw", data={**INTAKE, "csrf_token": "forged." + token[7:]}).status_code == 400
    assert count_rows(engine, Case) == 0
    form = client.get("/aanmelding/nieuw").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/aanmelding/nieuw", data={**INTAKE, "csrf_token": token}).status_code == 302
    assert count_rows(engine, Case) == 1


def test_history_lists_every_step_with_local_time(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, "accept_match", staff["co"][1], None)
    page = login("co@x.nl").get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "02-03-2026 10:00" in page  # 09:00 UTC is 10:00 in Amsterdam in March
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(CaseEvent)).one() == 3  # intake, offer, accept


def opened_steps(body: str) -> list[str]:
    """The triggers of the case page's step forms that are open."""
    return re.findall(r'<details class="action[^"]*" id="actie-([a-z_]+)"\s*open>', body)


def test_the_case_page_opens_only_the_usual_next_step_or_the_refused_one(engine, clock, staff, login):
    case_id = new_case(engine, clock, staff)
    for trigger, data in (("accept_match", {}), ("start_activation", {"informatief_gesprek_datum": "2026-03-01"})):
        advance(SqlUnitOfWork(engine, clock, bootstrap()), case_id, trigger, staff["co"][1], None, "", data)
    client = login("co@x.nl")
    body = client.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert opened_steps(body) == ["plan_meeting"]  # not the plan without a meeting, the table's first
    assert body.index('id="actie-plan_meeting"') < body.index('id="actie-plan_without_meeting"')
    assert body.index('id="stappen"') < body.index('id="aanmelding-gegevens"') < body.index('id="geschiedenis"')
    refused = client.post(f"/zaken/{case_id}/stap/close", data={"version": version_of(engine, case_id)})
    assert refused.status_code == 422 and opened_steps(refused.get_data(as_text=True)) == ["close"]
    mine = client.get("/mijn-zaken").get_data(as_text=True)
    assert "Bijeenkomst plannen" in mine and "Plan gemaakt zonder bijeenkomst" not in mine
