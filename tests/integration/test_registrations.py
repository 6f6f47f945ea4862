"""Registrations: recording sections, closing with the complete registration, export → import → export,
bad import files refused whole, the registration pages and the API."""

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from storage import migrate
from storage.engine import make_engine
from storage.geo import ensure_geography
from storage.models import Case, CaseEvent
from storage.registrations import ImportedRegistration, dump_line, export_year, import_lines
from storage.uow import SqlUnitOfWork
from tests.conftest import People, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, TYPED_MEETING, closing, offered_case
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.errors import GuardRefused, InvalidInput, NotPermitted, StaleCase
from workflow.phases import Phase, Role
from workflow.recording import record_registration
from workflow.registration import validate_registration
from workflow.registration.schema import example_meeting
from workflow.usecases import advance

INTAKE = {
    "gemeente": "Zaanstad",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Wijkteam Zaanstad"},
    "vraag": "Hoe houden we de kinderen veilig thuis?",
    "hoofdpersonen": [
        {"naam": "Sam Jansen", "soort": "minderjarig", "geslacht": "jongen", "geboortedatum": "2016-05-01"},
        {"naam": "Petra Jansen", "soort": "volwassen", "geslacht": "vrouw"},
    ],
}
MEETING = TYPED_MEETING


def world(engine, clock):
    manager, coordinator = People(engine).team()
    return units_of_work(engine, clock), manager, coordinator


def case_in_nazorg(uow, manager, coordinator, clock, intake=INTAKE):
    """A case in nazorg; its dates follow the clock (the first case: applied 2 March, meeting on 5 March), so
    that every later case's dates are plausible too."""
    case = offered_case(uow, manager, coordinator, intake)
    today = clock.now().date()
    meeting_day = (today + dt.timedelta(days=3)).isoformat()
    advance(uow(), case.id, "accept_match", coordinator, None)
    advance(uow(), case.id, "start_activation", coordinator, None, "", {"informatief_gesprek_datum": today.isoformat()})
    advance(
        uow(),
        case.id,
        "plan_meeting",
        coordinator,
        None,
        "",
        {"datum": meeting_day, "uitgenodigd": "9", "locatie": "Buurthuis of wijkcentrum"},
    )
    clock.advance(days=5)
    advance(uow(), case.id, "hold_meeting", coordinator, None, "", {**MEETING, "datum": meeting_day})
    return case.id


def load(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id)


def test_closing_names_every_missing_field_then_closes_once_complete(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    case_id = case_in_nazorg(uow, manager, coordinator, clock)
    close = CLOSE_WITH_PLAN
    with pytest.raises(GuardRefused) as refusal:
        advance(uow(), case_id, "close", coordinator, None, "", close)
    fields = {m.field for m in refusal.value.missing}
    assert {
        "achtergrondproblemen",
        "onderwerpen",
        "professionele_hulp",
        "hoofdpersonen.1.leeftijd",
        "afspraken",
        "evaluatieafspraken",
        "plan_verstuurd",
        "cijfer_samenwerking_aanmelder",
    } <= fields
    assert "hoofdpersonen.0.leeftijd" not in fields, "the birth date gives the age"
    assert "achtergrondproblemen" in refusal.value.message
    fill_registration(uow, case_id, coordinator)
    advance(uow(), case_id, "close", coordinator, None, "", close)
    assert load(any_engine, case_id).phase is Phase.AFGESLOTEN


def test_recording_writes_history_and_refuses_stale_versions_and_strangers(engine, clock):
    uow, manager, coordinator = world(engine, clock)
    _, stranger = People(engine).make(Role.COORDINATOR, "ander@kring.test")
    case_id = case_in_nazorg(uow, manager, coordinator, clock)
    version = load(engine, case_id).version
    record_registration(
        uow(),
        case_id,
        coordinator,
        version,
        "cijfers",
        {"cijfer_samenwerking_aanmelder": "7", "cijfer_samenwerking_regiomanager": "10"},
    )
    with pytest.raises(StaleCase):
        record_registration(uow(), case_id, coordinator, version, "cijfers", {"cijfer_samenwerking_aanmelder": "3"})
    with pytest.raises(Exception) as refused:
        record_registration(uow(), case_id, stranger, None, "cijfers", {"cijfer_samenwerking_aanmelder": "3"})
    assert type(refused.value).__name__ in ("CaseNotFound", "NotPermitted")
    with pytest.raises(NotPermitted):
        record_registration(uow(), case_id, People(engine).make(Role.ADMIN, "a@kring.test")[1], None, "cijfers", {})
    case = load(engine, case_id)
    assert case.record["cijfer_samenwerking_aanmelder"] == 7
    with Session(engine) as session:
        last = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id.desc())).first()
    assert last.trigger == "registratie" and last.reason.startswith("registratie bijgewerkt")


@pytest.mark.parametrize(
    "section, data, field",
    [
        ("cijfers", {"cijfer_samenwerking_aanmelder": "11"}, "cijfer_samenwerking_aanmelder"),
        ("cijfers", {"cijfer_samenwerking_aanmelder": "<script>"}, "cijfer_samenwerking_aanmelder"),
        ("zaak", {"achtergrondproblemen": ["Armoede"]}, "achtergrondproblemen"),
        ("zaak", {"achtergrondproblemen": ["Anders"]}, "achtergrondproblemen_anders"),
        ("zaak", {"professionele_hulp": "eeuwig"}, "professionele_hulp"),
        (
            "hoofdpersonen",
            {"hoofdpersonen": [{"soort": "minderjarig", "geslacht": "man"}, {"soort": "volwassen"}]},
            "hoofdpersonen.0.geslacht",
        ),
        (
            "hoofdpersonen",
            {"hoofdpersonen": [{"soort": "minderjarig", "leeftijd": "30"}, {"soort": "volwassen"}]},
            "hoofdpersonen.0.leeftijd",
        ),
        ("hoofdpersonen", {"hoofdpersonen": [{"soort": "minderjarig"}]}, "hoofdpersonen"),
        ("hoofdpersonen", {"hoofdpersonen": "alles"}, "hoofdpersonen"),
        (
            "netwerk",
            {"netwerk": [{"naam": "Oma", "relatie": "Grootouders", "status": "misschien"}]},
            "netwerk.0.status",
        ),
        ("netwerk", {"netwerk": [{"naam": "", "relatie": "Grootouders", "status": "aanwezig"}]}, "netwerk.0.naam"),
        ("netwerk", {"netwerk": [{"naam": "x"}] * 61}, "netwerk"),
        ("plan", {"afspraken": [{"wie": "Oma", "wat": ""}]}, "afspraken.0.wat"),
        ("plan", {"noodplan": "misschien"}, "noodplan"),
        ("plan", {"verblijfplaatswijzigingen": {"naar de maan": "1"}}, "verblijfplaatswijzigingen"),
        ("plan_verstuurd", {"datum": "2099-01-01", "aan": "Oma"}, "datum"),
        ("plan_verstuurd", {"aan": "x" * 5000}, "aan"),
        ("niet_doorgaan", {"redenen_niet_doorgaan": "geen zin"}, "redenen_niet_doorgaan"),
    ],
)
def test_wrong_values_are_refused_by_field_and_change_nothing(engine, clock, section, data, field):
    uow, manager, coordinator = world(engine, clock)
    case_id = case_in_nazorg(uow, manager, coordinator, clock)
    before = load(engine, case_id)
    with pytest.raises(InvalidInput) as refusal:
        record_registration(uow(), case_id, coordinator, None, section, data)
    assert field in refusal.value.errors
    after = load(engine, case_id)
    assert (after.version, after.record) == (before.version, before.record)


def closed_cases(engine, clock, count=3):
    uow, manager, coordinator = world(engine, clock)
    ids = []
    for index in range(count):
        intake = {**INTAKE, "gemeente": ["Zaanstad", "Amsterdam", "Haarlem"][index % 3]}
        case_id = case_in_nazorg(uow, manager, coordinator, clock, intake)
        fill_registration(uow, case_id, coordinator)
        advance(
            uow(),
            case_id,
            "close",
            coordinator,
            None,
            "",
            closing(follow_up_uitkomst="neutraal", follow_up_toelichting="Gaat redelijk"),
        )
        ids.append(case_id)
    # one that stopped in the activation phase, with reasons
    case = offered_case(uow, manager, coordinator, INTAKE)
    advance(uow(), case.id, "accept_match", coordinator, None)
    fill_registration(uow, case.id, coordinator, ("zaak", "hoofdpersonen", "cijfers"))
    advance(
        uow(),
        case.id,
        "close",
        coordinator,
        None,
        "",
        {"uitkomst": "afgezien", "redenen_niet_doorgaan": ["Andere reden"]},
    )
    return ids + [case.id]


def test_export_import_into_an_empty_database_export_gives_the_same_file(any_engine, clock, tmp_path):
    closed_cases(any_engine, clock)
    with Session(any_engine) as session:
        first = "".join(dump_line(r) + "\n" for r in export_year(session, 2026))
    lines = first.splitlines()
    assert len(lines) == 4 and all(validate_registration(json.loads(line)) == [] for line in lines)
    assert "Sam" not in first and "Jansen" not in first and "2016-05-01" not in first, "no names or birth dates"
    record = json.loads(lines[0])
    assert record["hoofdpersonen"][0]["leeftijd"] == 8 and record["bijeenkomsten"][0]["vorm"] == "hybride"
    assert record["afsluitdatum"] == "2026-03-07" and record["plan"]["verblijfplaatswijzigingen"] == [
        {"richting": "zelfde niveau"}
    ]

    empty = fresh_database(any_engine, tmp_path)
    with SqlUnitOfWork(empty, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, first.splitlines(keepends=True))
        uow.commit()
    assert (report.created, report.updated, report.errors) == (4, 0, [])
    with Session(empty) as session:
        again = "".join(dump_line(r) + "\n" for r in export_year(session, 2026))
        assert export_year(session, 2025) == []
    assert again == first
    with SqlUnitOfWork(empty, SystemClock(), bootstrap()) as uow:
        twice = import_lines(uow, first.splitlines())
        uow.commit()
        assert (twice.created, twice.updated, twice.unchanged) == (0, 0, 4)
        assert len(uow.session.exec(select(ImportedRegistration)).all()) == 4


def fresh_database(engine, tmp_path):
    if engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        import uuid

        import sqlalchemy as sa

        schema = f"kring_empty_{uuid.uuid4().hex[:8]}"
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
            connection.commit()
        url = (
            sa.make_url(engine.url.render_as_string(hide_password=False))
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    migrate.upgrade(url)
    fresh = make_engine(url)
    with Session(fresh) as session:
        ensure_geography(session)
    return fresh


GOOD = {
    "ref": "EK-2022-0001",
    "variant": "familie",
    "aanmelddatum": "2022-01-10",
    "afsluitdatum": "2022-04-01",
    "provincie": "Utrecht",
    "gemeente": None,
    "type_aanmelder": "Hoofdpersoon zelf",
    "type_organisatie": None,
    "gedwongen_kader": False,
    "eerdere_ekc": False,
    "hoofdpersonen": [
        {
            "soort": "volwassen",
            "geslacht": "man",
            "leeftijd": 44,
            "culturele_achtergrond": "Turks",
            "verblijfplaats": "zelfstandig",
        }
    ],
    "achtergrondproblemen": ["Verslaving"],
    "onderwerpen": ["Werk"],
    "professionele_hulp": "Onbekend",
    "fase": "activeringsfase",
    "plan_of_afspraken": False,
    "redenen_niet_doorgaan": ["Andere reden"],
    "bijeenkomsten": [],
    "plan": None,
    "cijfer_samenwerking_aanmelder": None,
    "cijfer_samenwerking_regiomanager": 8,
    "follow_up": [],
}


def line(**changes):
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v != "<weg>"}, ensure_ascii=False)


def bad_file():
    return [
        line(ref="EK-2022-0001"),
        line(ref="EK-2022-0002", provincie="Brabant"),  # wrong label
        line(ref="EK-2022-0003", onderwerpen="<weg>"),  # missing field
        line(ref="EK-2022-0004", gedwongen_kader="ja"),  # wrong type
        line(ref="EK-2022-0001"),  # duplicate ref
        line(ref="EK-2022-0006")[:-25],  # truncated last line
    ]


def test_a_bad_file_reports_every_line_with_its_field_and_imports_nothing(any_engine):
    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, bad_file())  # leaving without commit: rolled back
    found = {(e.line, e.field) for e in report.errors}
    assert found == {(2, "provincie"), (3, "onderwerpen"), (4, "gedwongen_kader"), (5, "ref"), (6, "")}
    message = next(e.message for e in report.errors if e.line == 2)
    assert "Brabant" in message and "Noord-Brabant" in message, "names the allowed values"
    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        assert uow.session.exec(select(ImportedRegistration)).all() == []
        skipped = import_lines(uow, bad_file(), skip_errors=True)
        uow.commit()
        assert (skipped.created, skipped.skipped_lines) == (1, 5)
        assert [r.ref for r in uow.session.exec(select(ImportedRegistration))] == ["EK-2022-0001"]


@pytest.mark.parametrize(
    "changes, field",
    [
        (
            {"hoofdpersonen": [{"soort": "minderjarig", "geslacht": "man", "leeftijd": 4, "verblijfplaats": None}]},
            "hoofdpersonen[0].geslacht",
        ),
        (
            {"hoofdpersonen": [{"soort": "volwassen", "geslacht": "man", "leeftijd": 12, "verblijfplaats": None}]},
            "hoofdpersonen[0].leeftijd",
        ),
        ({"fase": "conferentiefase", "redenen_niet_doorgaan": []}, "bijeenkomsten"),
        ({"type_aanmelder": "Organisatie"}, "type_organisatie"),
        ({"cijfer_samenwerking_regiomanager": 11}, "cijfer_samenwerking_regiomanager"),
        ({"cijfer_samenwerking_regiomanager": True}, "cijfer_samenwerking_regiomanager"),
        ({"aanmelddatum": "2022-02-30"}, "aanmelddatum"),
        ({"afsluitdatum": "2021-01-01"}, "afsluitdatum"),
        ({"naam": "Sam"}, "naam"),
        ({"gemeente": "Zaan\u0000stad"}, "gemeente"),
        ({"ref": "EK 2022"}, "ref"),
        ({"plan": {"acceptatie_professional": "ja"}}, "plan.evaluatieafspraken"),
        (
            {"follow_up": [{"wie": "oma", "datum": "2022-05-01", "uitkomst": "positief", "toelichting": ""}]},
            "follow_up[0].wie",
        ),
    ],
)
def test_validation_names_the_field(changes, field):
    assert field in {f for f, _ in validate_registration({**GOOD, **changes})}


def test_a_meeting_is_checked_label_by_label():
    meeting = example_meeting(
        datum="2022-03-01",
        locatie="Op de maan",
        duur_totaal_uur=2,
        duur_besloten_uur=3,
        aanwezigen={"Ouders": 2},
        uitgenodigd_niet_aanwezig=0,
        resultaat="Betrokkenen zijn het eens geworden over plan",
    )
    errors = dict(
        validate_registration(
            {**GOOD, "fase": "conferentiefase", "redenen_niet_doorgaan": [], "bijeenkomsten": [meeting]}
        )
    )
    assert "bijeenkomsten[0].locatie" in errors
    assert not any(".aanwezigen" in field for field in errors), "an absent attendee category reads as 0"


# --- CLI and API ---------------------------------------------------------------------------------------------


def test_cli_export_and_import(engine, clock, tmp_path, monkeypatch):
    from web.cli import main

    monkeypatch.setenv("KRING_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    good = tmp_path / "goed.jsonl"
    good.write_text(line() + "\n" + line(ref="EK-2022-0002") + "\n", encoding="utf-8")
    bad = tmp_path / "fout.jsonl"
    bad.write_text("\n".join(bad_file()), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["registrations", "import", str(bad)])
    assert result.exit_code != 0 and "regel 2: provincie" in result.output and "niets ingelezen" in result.output
    result = runner.invoke(main, ["registrations", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 nieuw" in result.output
    out = tmp_path / "uit.jsonl"
    result = runner.invoke(main, ["registrations", "export", "--year", "2022", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == [line(), line(ref="EK-2022-0002")]


@pytest.fixture
def api(app, people):
    """api(role, email) -> a browser and the bearer header of a new user of that role."""

    def client_for(role, email):
        user, _ = people.make(role, email)
        return app.test_client(), {"Authorization": f"Bearer {people.token(user.id)}"}

    return client_for


def test_api_import_and_export(api):
    client, admin = api(Role.ADMIN, "bureau@kring.test")
    rm_client, rm = api(Role.REGIOMANAGER, "rm2@kring.test")
    body = "\n".join(bad_file()).encode()
    response = client.post("/api/v1/registrations", data=body, headers=admin)
    assert response.status_code == 400
    errors = response.json["error"]["details"]["errors"]
    assert {(e["line"], e["field"]) for e in errors} >= {(2, "provincie"), (6, "")}
    response = client.post("/api/v1/registrations?skip_errors=true", data=body, headers=admin)
    assert response.status_code == 200 and response.json["created"] == 1
    assert rm_client.post("/api/v1/registrations", data=body, headers=rm).status_code == 403
    response = rm_client.get("/api/v1/registrations?year=2022", headers=rm)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    assert response.get_data(as_text=True) == line() + "\n"
    assert rm_client.get("/api/v1/registrations?year=twee", headers=rm).status_code == 400
    assert client.post("/api/v1/registrations", data=b"", headers=admin).status_code == 400


# --- pages --------------------------------------------------------------------------------------------------


def test_registration_pages(engine, clock, login):
    uow, manager, coordinator = world(engine, clock)
    case_id = case_in_nazorg(uow, manager, coordinator, clock)
    client = login("co@kring.test")
    page = client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True)
    assert "Nog nodig om af te sluiten" in page and "kies de genoemde achtergrondproblemen" in page
    held = re.search(r'id="bijeenkomsten".*?<li>(.*?)</li>', page, re.S).group(1)
    assert "1. Datum van de bijeenkomst: 05-03-2026; Locatie: Buurthuis of wijkcentrum" in " ".join(held.split())
    assert "Duur besloten deel (uren): 1,5" in held and "Aanwezigen per categorie: 5" in held
    version = load(engine, case_id).version
    hostile = {
        "version": version,
        "achtergrondproblemen": ["<script>alert(1)</script>"],
        "professionele_hulp": "1-2 jaar",
    }
    response = client.post(f"/zaken/{case_id}/registratie/zaak", data=hostile)
    assert response.status_code == 400 and "<script>alert(1)" not in response.get_data(as_text=True)
    assert "onbekende keuze" in response.get_data(as_text=True)
    good = {
        "version": version,
        "achtergrondproblemen": ["Verslaving", "Anders"],
        "achtergrondproblemen_anders": "Eenzaamheid",
        "onderwerpen": "Werk",
        "professionele_hulp": "Geen",
    }
    response = client.post(f"/zaken/{case_id}/registratie/zaak", data=good)
    assert response.status_code == 302
    assert load(engine, case_id).record["achtergrondproblemen"] == ["Verslaving", "Anders"]
    stale = client.post(f"/zaken/{case_id}/registratie/zaak", data=good)
    assert stale.status_code == 409
    version = load(engine, case_id).version
    rows = {
        "version": version,
        "netwerk-0-naam": "Oma Jansen",
        "netwerk-0-relatie": "Grootouders",
        "netwerk-0-status": "aanwezig",
        "netwerk-2-naam": "Oom Piet",
        "netwerk-2-relatie": "Ooms/tantes",
        "netwerk-2-status": "onzin",
        "niet_samen": "Vader en oom niet samen",
    }
    response = client.post(f"/zaken/{case_id}/registratie/netwerk", data=rows)
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and 'name="netwerk-2-status"' in text and "Oom Piet" in text
    rows["netwerk-2-status"] = "afgezegd"
    assert client.post(f"/zaken/{case_id}/registratie/netwerk", data=rows).status_code == 302
    record = load(engine, case_id).record
    assert [p["naam"] for p in record["netwerk"]] == ["Oma Jansen", "Oom Piet"]
    assert client.post(f"/zaken/{case_id}/registratie/onzin", data=rows).status_code == 404
    plan = client.get(f"/zaken/{case_id}/plan").get_data(as_text=True)
    assert "Plan van de familie" in plan and "Oma Jansen" in plan
    outsider = login(People(engine).make(Role.COORDINATOR, "x@kring.test")[0].email)
    assert outsider.get(f"/zaken/{case_id}/registratie").status_code == 404
    assert outsider.post(f"/zaken/{case_id}/registratie/zaak", data=good).status_code == 404


def test_closed_case_registration_is_read_only(engine, clock, login):
    ids = closed_cases(engine, clock, count=1)
    client = login("co@kring.test")
    page = client.get(f"/zaken/{ids[0]}/registratie").get_data(as_text=True)
    assert "compleet" in page and "opslaan</button>" not in page
    assert (
        client.post(
            f"/zaken/{ids[0]}/registratie/cijfers",
            data={"version": load(engine, ids[0]).version, "cijfer_samenwerking_aanmelder": "5"},
        ).status_code
        == 409
    )
