"""The reports page, its drill-down and downloads, the yearly-report API and `kring report`, on SQLite with the
synthetic 2022 registrations imported (storage.registrations)."""

import html
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlmodel import Session

from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.conftest import make_app
from tests.unit.jaarcijfers_2022 import records_2022
from tests.unit.test_figures import CORRECTIONS, PRINTED
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.phases import Role


@pytest.fixture
def app(engine, clock):
    """The app over the fully registered synthetic 2022 cases."""
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, [dump_line(r) for r in records_2022()[:146]])
        uow.commit()
    assert not report.errors
    return make_app(engine, clock)


def test_page_shows_every_table_to_the_bureau(admin_client):
    client = admin_client
    page = client.get("/rapportage?jaar=2022")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for title in ("Verdeling over provincies", "Aanwezigen bij de bijeenkomsten", "Volledigheid", "<svg"):
        assert title in text
    assert "/rapportage/zaken?" in text and "Rapportage</a>" in text


def test_regiomanager_sees_only_their_regions(regiomanager_client):
    client = regiomanager_client
    response = client.get("/rapportage/download.json?jaar=2022")
    rows = json.loads(response.data)["tables"]["T3"]["rows"]
    assert [(r["label"], r["n"]) for r in rows] == [("Noord-Holland", 70)]


def test_coordinators_have_no_reports(coordinator_client):
    assert coordinator_client.get("/rapportage").status_code == 403


def test_drill_down_lists_only_cases_in_kring(admin_client):
    client = admin_client
    page = client.get("/rapportage/zaken?jaar=2022&table=T3&label=Noord-Holland")
    assert page.status_code == 200
    assert "70 geteld, waarvan 0 in Kring" in page.get_data(as_text=True)
    assert client.get("/rapportage/zaken?table=T99").status_code == 404


def test_xlsx_opens_with_the_same_numbers(admin_client):
    client = admin_client
    response = client.get("/rapportage/download.xlsx?jaar=2022")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    for table_id, printed in PRINTED.items():
        if table_id == "T1":  # T1 counts the 15 not fully registered cases too, which cannot be imported
            continue
        sheet = book[table_id]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        expected = [(label, n, CORRECTIONS.get((table_id, label), pct)) for label, n, pct in printed]
        got = [
            (row[0], row[1], row[2] if pct is not None else None)
            for row, (_l, _n, pct) in zip(rows, printed, strict=False)
        ]
        assert got == expected, table_id
    kern = {row[0]: row[1] for row in book["Kerncijfers"].iter_rows(values_only=True)}
    assert kern["Afgesloten zaken"] == 146 and kern["Gemiddeld aantal aanwezigen"] == 9.5
    assert kern["Kerncijfer"] == "Waarde" and kern["Provincie"] == "alle"  # Dutch labels, no machine names


def test_csv_has_one_block_per_table(admin_client):
    client = admin_client
    text = client.get("/rapportage/download.csv?jaar=2022").data.decode("utf-8-sig")
    assert "T3;Verdeling over provincies;basis: 146" in text
    assert "Noord-Holland;70;47,9" in text
    assert text.startswith("Jaarcijfers;2022\r\nProvincie;alle\r\n") and "{" not in text  # no raw JSON
    assert "Kerncijfer;Waarde\r\nAfgesloten zaken;146" in text and "Gemiddeld aantal aanwezigen;9,5" in text
    assert text.count("\r\n\r\n") >= 23


def test_api_yearly_report(client, people):
    user, _ = people.make(Role.REGIOMANAGER, "api@kring.test", regions=("Noord-Holland", "Utrecht"))
    headers = {"Authorization": f"Bearer {people.token(user.id)}"}
    body = client.get("/api/v1/reports/yearly?year=2022", headers=headers).get_json()
    assert set(body) == {"year", "filters", "tables", "figures"}
    assert {r["label"]: r["n"] for r in body["tables"]["T3"]["rows"]} == {"Noord-Holland": 70, "Utrecht": 13}
    only = client.get("/api/v1/reports/yearly?year=2022&region=Utrecht", headers=headers).get_json()
    assert only["figures"]["aantal_afgesloten"] == 0  # synthetic records carry no municipality
    assert client.get("/api/v1/reports/yearly?year=twee", headers=headers).status_code == 400
    assert client.get("/api/v1/reports/yearly?region=Limburg", headers=headers).status_code == 400


def test_cli_report(engine, tmp_path):
    from web.cli import main

    url = str(engine.url)
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        import_lines(uow, [dump_line(r) for r in records_2022()[:146]])
        uow.commit()
    runner = CliRunner(env={"KRING_DATABASE_URL": url})
    result = runner.invoke(main, ["report", "--year", "2022"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["figures"]["aantal_afgesloten"] == 146
    target = tmp_path / "j.xlsx"
    assert runner.invoke(main, ["report", "--year", "2022", "--format", "xlsx", "--output", str(target)]).exit_code == 0
    assert load_workbook(target)["T3"]["B3"].value == 70
    assert runner.invoke(main, ["report", "--year", "2022", "--format", "xlsx"]).exit_code != 0


def test_satisfaction_tables_from_submitted_questionnaires(app, engine, clock, people):
    """A held meeting (2026-03-02) with one minors' and one adults' form: T19–T22 count them in the API."""

    from storage import questionnaires as store
    from storage.models import Case
    from tests.integration.test_questionnaires import ADULT, fill, links, token_of
    from tests.walks import team_in_nazorg
    from web.reports.data import questionnaire_results
    from workflow import questionnaires as qn
    from workflow.figures import Filters

    case_id = team_in_nazorg(engine, clock)[0].id
    admin, _ = people.make(Role.ADMIN, "admin@kring.test")
    made = links(engine, case_id)
    client = app.test_client()
    assert (
        fill(
            client,
            clock,
            token_of(app, made[qn.MINORS]),
            {"leeftijd": "10", "school": "Basisschool", "cijfer_coordinator": "9"},
        ).status_code
        == 302
    )
    assert fill(client, clock, token_of(app, made[qn.ADULTS]), ADULT).status_code == 302
    headers = {"Authorization": f"Bearer {people.token(admin.id)}"}
    body = client.get("/api/v1/reports/yearly?year=2026", headers=headers).get_json()
    tables, figures = body["tables"], body["figures"]
    assert [(r["label"], r["n"], r["pct"]) for r in tables["T19"]["rows"]] == [("9-12", 1, 100.0), ("13-17", 0, 0.0)]
    assert tables["T19"]["base"] == tables["T20"]["base"] == 1
    assert {r["label"]: r["n"] for r in tables["T20"]["rows"]}["Basisschool"] == 1
    assert {r["label"]: (r["n"], r["pct"]) for r in tables["T21"]["rows"]}["Mbo"] == (1, 100.0)
    plan = next(r for r in tables["T22"]["rows"] if r["label"] == "Plan")
    assert (tables["T22"]["base"], plan["familieleden"], plan["totaal"], plan["hoofdpersonen"]) == (1, 7.0, 7.0, None)
    assert (figures["respons_minderjarigen"], figures["respons_volwassenen"], figures["respons_professionals"]) == (
        1,
        1,
        0,
    )
    with Session(engine) as session:  # the report's filters narrow the answers to the same cases
        province = session.get(Case, case_id).province

        def count(**filters):
            return questionnaire_results(session, 2026, Filters.of(year=2026, **filters)).groups[qn.ADULTS].responses

        assert (count(), count(provincies=province), count(provincies="Limburg")) == (1, 1, 0)
        assert (count(gemeenten="Zaanstad"), count(gemeenten="Haarlem"), count(variant="herstel")) == (1, 0, 0)
        assert questionnaire_results(session, 2025).groups[qn.ADULTS].responses == 0
        assert store.questionnaire_results(session, 2026).groups[qn.MINORS].responses == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("jaar=1850", "Jaar: kies een jaar van 1990 tot en met"),
        ("jaar=abc", "Jaar: kies een jaar van 1990"),
        ("jaar=2022%00", "Jaar: kies een jaar"),
        ("jaar=2022&regio=99999", "Regio: deze regio bestaat niet"),
        ("jaar=2022&provincie=Atlantis", "Provincie: 'Atlantis' staat niet in de lijst"),
        ("jaar=2022&variant=onbekend", "Variant: 'onbekend' staat niet in de lijst"),
        ("jaar=2022&type_organisatie=x", "Type organisatie: 'x' staat niet"),
        ("jaar=2022&gemeente=" + "x" * 200, "Gemeente"),
    ],
)
def test_filters_that_cannot_be_used_are_refused_with_a_dutch_message(admin_client, query, message):
    page = admin_client.get(f"/rapportage?{query}")
    assert page.status_code == 400
    text = html.unescape(page.get_data(as_text=True))
    assert "Niet elk filter kan worden gebruikt" in text and message in text
    for fmt in ("csv", "xlsx", "json"):
        download = admin_client.get(f"/rapportage/download.{fmt}?{query}")
        assert download.status_code == 400 and message in download.get_data(as_text=True), fmt
    drill = admin_client.get(f"/rapportage/zaken?{query}&table=T3&label=Noord-Holland")
    assert drill.status_code == 400 and message in html.unescape(drill.get_data(as_text=True))


def test_the_page_says_so_when_no_year_is_asked_and_uses_the_current_one(admin_client, clock):
    page = admin_client.get("/rapportage")
    assert page.status_code == 200 and f"Jaarcijfers {clock.now().year}" in page.get_data(as_text=True)
