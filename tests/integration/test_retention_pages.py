"""The retention page of a closed case (the "verlengen" form) and the admin's inzageverzoek (page and CLI),
with wrong, missing and hostile values."""

import json

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from storage.audit import AccessLogEntry
from storage.models import Case, CaseEvent
from storage.uow import SqlUnitOfWork
from tests.conftest import units_of_work
from tests.integration.test_retention import NAME, closed_case
from web.bootstrap import bootstrap
from workflow.phases import Role


@pytest.fixture
def setting(app, engine, clock, people):
    """A closed case of rm@kring.test and co@kring.test; a regiomanager of Utrecht and the admin (bureau@)."""
    manager, coordinator = people.team()
    people.make(Role.REGIOMANAGER, "utrecht@kring.test", regions=("Utrecht",))
    people.make(Role.ADMIN, "bureau@kring.test", regions=())
    return closed_case(engine, clock, units_of_work(engine, clock), manager, coordinator)


def extended_lines(engine):
    with Session(engine) as session:
        return session.exec(select(CaseEvent.reason).where(CaseEvent.trigger == "bewaartermijn_verlengd")).all()


def test_case_page_shows_the_removal_date_and_the_regiomanager_extends_once(engine, setting, login):
    client = login("rm@kring.test")
    page = client.get(f"/zaken/{setting}").get_data(as_text=True)
    assert "Persoonsgegevens worden verwijderd op <strong>07-06-2026</strong>" in page
    assert "Bewaartermijn verlengen" in page
    form = client.get(f"/zaken/{setting}/bewaartermijn").get_data(as_text=True)
    assert 'id="verwijderdatum">07-06-2026<' in form and 'name="reden"' in form
    with Session(engine) as session:
        version = session.get(Case, setting).version
    done = client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": "Inzage door de rechter", "version": version})
    assert done.status_code == 302
    after = client.get(f"/zaken/{setting}/bewaartermijn").get_data(as_text=True)
    assert "07-09-2026" in after and "al eens verlengd" in after and 'name="reden"' not in after
    again = client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": "Nog eens", "version": version + 1})
    assert again.status_code == 409 and "maar één keer" in again.get_data(as_text=True)
    assert extended_lines(engine) == ["Bewaartermijn verlengd tot 07-09-2026. Reden: Inzage door de rechter"]
    history = client.get(f"/zaken/{setting}").get_data(as_text=True)
    assert "Bewaartermijn verlengd" in history


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({}, 422, "geef een reden op"),
        ({"reden": "   "}, 422, "geef een reden op"),
        ({"reden": "x" * 2001}, 400, "maximaal 2000 tekens"),
        ({"reden": "bel\x00mij"}, 400, "tekens die niet zijn toegestaan"),
        ({"reden": "Nodig", "version": "oud"}, 409, "intussen door iemand anders gewijzigd"),
        ({"reden": "Nodig", "version": "999999999999"}, 409, "intussen door iemand anders gewijzigd"),
    ],
)
def test_wrong_or_missing_reasons_are_refused_and_change_nothing(engine, setting, data, status, message, login):
    client = login("rm@kring.test")
    with Session(engine) as session:
        version = session.get(Case, setting).version
    response = client.post(f"/zaken/{setting}/bewaartermijn", data={"version": str(version), **data})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    with Session(engine) as session:
        case = session.get(Case, setting)
        assert (case.version, case.retention_extended_at) == (version, None)
    assert extended_lines(engine) == []


def test_a_hostile_reason_is_stored_as_text_and_shown_escaped(engine, setting, login):
    client = login("rm@kring.test")
    with Session(engine) as session:
        version = session.get(Case, setting).version
    hostile = "<script>alert(1)</script>' OR 1=1 --"
    response = client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": hostile, "version": version})
    assert response.status_code == 302
    page = client.get(f"/zaken/{setting}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert extended_lines(engine)[0].endswith(hostile)


@pytest.mark.parametrize(
    "email, status", [("co@kring.test", 403), ("utrecht@kring.test", 404), ("bureau@kring.test", 403)]
)
def test_only_the_regiomanager_of_the_region_can_extend(engine, setting, email, status, login):
    client = login(email)
    assert client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": "Nodig"}).status_code == status
    assert extended_lines(engine) == []


def test_anonymous_visitors_are_sent_to_login(app, setting):
    client = app.test_client()
    assert client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": "x"}).status_code == 302
    assert client.get(f"/zaken/{setting}/bewaartermijn").status_code == 302
    assert client.get("/beheer/inzage?naam=Zoe").status_code == 302


def test_an_open_case_has_no_extension(app, engine, setting, login):
    client = login("rm@kring.test")
    from workflow.usecases import advance

    with Session(engine) as session:
        manager = session.exec(select(CaseEvent.actor_id).where(CaseEvent.trigger == "offer")).first()
    assert manager
    from storage.accounts import actor_for
    from storage.models import User

    with Session(engine) as session:
        actor = actor_for(session, session.get(User, manager))
    advance(
        SqlUnitOfWork(engine, app.extensions["kring.clock"], bootstrap()),
        setting,
        "reopen",
        actor,
        None,
        "Vervolg nodig",
    )
    with Session(engine) as session:
        version = session.get(Case, setting).version
    response = client.post(f"/zaken/{setting}/bewaartermijn", data={"reden": "Nodig", "version": version})
    assert response.status_code == 409 and "afgesloten zaak" in response.get_data(as_text=True)


# --- inzage -------------------------------------------------------------------------------------------------


def test_the_admin_downloads_everything_about_a_main_person(engine, setting, login):
    client = login("bureau@kring.test")
    assert 'name="naam"' in client.get("/beheer/inzage").get_data(as_text=True)
    response = client.get("/beheer/inzage?naam=zoe zandvoort")  # no accents, no capitals
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="inzage-zoe-zandvoort-')
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(as_text=True))
    assert [(p["rol"], p["naam"]) for p in document["personen"]] == [("hoofdpersoon", NAME)]
    (case,) = document["zaken"]
    assert case["aanmelder"]["telefoon"] == "0612345678"
    assert any(
        entry["veld"] == "hoofdpersoon[0].birth_date" and entry["oud"] == "2016-05-01" for entry in case["wijzigingen"]
    )
    assert case["registratie"]["netwerk"][0]["naam"] == "Opa Bommelvliet"
    assert any(line["stap"] == "update_case" for line in case["geschiedenis"])
    assert any(entry["veld"] == "question" and NAME in entry["nieuw"] for entry in case["wijzigingen"])
    with Session(engine) as session:
        logged = session.exec(select(AccessLogEntry).where(AccessLogEntry.via == "inzage")).all()
    assert [entry.case_id for entry in logged] == [setting]


def test_a_network_member_gets_their_own_rows_and_the_mentions(setting, login):
    client = login("bureau@kring.test")
    document = client.get("/beheer/inzage?naam=Bommelvliet").get_json()
    assert [(p["rol"], p["naam"], p["relatie"]) for p in document["personen"]] == [
        ("netwerklid", "Opa Bommelvliet", "Grootouders")
    ]
    assert document["zaken"] == []
    sources = {m["bron"] for m in document["vermeldingen"]}
    assert {"registratie", "aanbiedingen", "wijzigingen", "vragenlijsten", "geschiedenis"} <= sources
    nobody = client.get("/beheer/inzage?naam=Niemand Bekend").get_json()
    assert (nobody["personen"], nobody["zaken"], nobody["vermeldingen"]) == ([], [], [])


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "minstens 3 tekens"),
        ("  a ", "minstens 3 tekens"),
        ("x" * 121, "maximaal 120 tekens"),
        ("Zo\x00ë", "tekens die niet in een naam horen"),
        ("Zo\u202eë", "tekens die niet in een naam horen"),
    ],
)
def test_unusable_names_are_refused(engine, setting, query, message, login):
    client = login("bureau@kring.test")
    response = client.get("/beheer/inzage", query_string={"naam": query})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(AccessLogEntry).where(AccessLogEntry.via == "inzage")).all() == []


def test_hostile_names_are_only_text(setting, login):
    client = login("bureau@kring.test")
    for query in ("%", "___", "' OR 1=1 --", "<script>x</script>", ".*", "[naam]"):
        response = client.get("/beheer/inzage", query_string={"naam": query})
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert response.get_json()["personen"] == []
        else:
            assert "<script>x" not in response.get_data(as_text=True)


@pytest.mark.parametrize("email", ["rm@kring.test", "co@kring.test"])
def test_only_admins_make_an_inzage(setting, email, login):
    assert login(email).get("/beheer/inzage?naam=Zandvoort").status_code == 403


def test_the_inzage_command(engine, setting, tmp_path):
    from web.cli import main

    runner = CliRunner(env={"KRING_DATABASE_URL": str(engine.url)})
    result = runner.invoke(main, ["inzage", "--naam", "Kwakernaat"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [p["naam"] for p in document["personen"]] == ["Karel Kwakernaat"]
    target = tmp_path / "inzage.json"
    assert runner.invoke(main, ["inzage", "--naam", NAME, "--uitvoer", str(target)]).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["zaken"][0]["ref"] == "EK-2026-0001"
    refused = runner.invoke(main, ["inzage", "--naam", "a"])
    assert refused.exit_code != 0 and "minstens 3 tekens" in refused.output
