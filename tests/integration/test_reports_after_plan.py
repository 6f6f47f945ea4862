"""The reports page after the plan (T24–T28): shown to the bureau with links to the cases, in every download,
narrowed to a regiomanager's regions, and the drill-down to a live case in Kring."""

import html
import io
import json

import pytest
from openpyxl import load_workbook

from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.conftest import ADMIN, make_app
from tests.integration.test_registrations import closed_cases
from tests.integration.test_registrations_after_plan import add_after_plan
from tests.unit import overijssel_2009 as o
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.phases import Role

TITLES = (
    "Uitvoering van het plan na drie maanden",
    "Uitgevoerde afspraken na drie maanden",
    "Nagekomen afspraken (laatste markering per afspraak)",
    "Situatie van de hoofdpersoon na drie maanden",
    "Besluit van de professional over het plan",
)


@pytest.fixture
def app(engine, clock):
    """The app over the fully registered records of the Overijssel 2009 fixture (imported)."""
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, [dump_line(r) for r in o.records_2009()[:146]])
        uow.commit()
    assert not report.errors
    return make_app(engine, clock)


def test_the_page_shows_the_tables_after_the_plan_with_links(admin_client):
    page = admin_client.get("/rapportage?jaar=2022")
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    assert 'id="na-het-plan"' in text
    for table_id, title in zip(("T24", "T25", "T26", "T27", "T28"), TITLES, strict=True):
        assert f"{table_id} · {title}" in text
    assert "table=T24&label=Totaal&col=geheel+uitgevoerd" in text.replace("%20", "+")
    assert "Respondentgroep" in text and o.HOOFDPERSONEN in text


def test_the_drill_down_counts_the_registrations_behind_a_cell(admin_client):
    page = admin_client.get("/rapportage/zaken?jaar=2022&table=T24&label=Totaal&col=geheel+uitgevoerd")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    with_answer = sum(
        any(t["plan_uitgevoerd"] == "geheel uitgevoerd" for t in r["drie_maanden"]["gesprekken"])
        for r in o.records_2009()[:146]
        if r.get("drie_maanden")
    )
    assert f"{with_answer} geteld, waarvan 0 in Kring" in text
    assert "T24 · Uitvoering van het plan na drie maanden" in text


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_every_download_holds_the_new_tables(admin_client, fmt):
    response = admin_client.get(f"/rapportage/download.{fmt}?jaar=2022")
    assert response.status_code == 200
    if fmt == "json":
        tables = json.loads(response.data)["tables"]
        assert tables["T24"]["total"]["n"] == 270 and tables["T25"]["total"]["n"] == 256
    elif fmt == "csv":
        text = response.data.decode("utf-8-sig")
        assert "T24;Uitvoering van het plan na drie maanden;basis: 270" in text
        assert "Totaal;94;34,8;138;51,1;14;5,2;24;8,9;270" in text
    else:
        sheet = load_workbook(io.BytesIO(response.data))["T24"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][:3] == ("Respondentgroep", "Geheel uitgevoerd", "%")
        assert rows[-1] == ("Totaal", 94, 34.8, 138, 51.1, 14, 5.2, 24, 8.9, 270)


def test_a_regiomanager_sees_the_answers_of_their_regions_only(regiomanager_client, admin_client):
    mine = json.loads(regiomanager_client.get("/rapportage/download.json?jaar=2022").data)["tables"]["T24"]
    everyone = json.loads(admin_client.get("/rapportage/download.json?jaar=2022").data)["tables"]["T24"]
    noord_holland = sum(
        len(r["drie_maanden"]["gesprekken"])
        for r in o.records_2009()[:146]
        if r.get("drie_maanden") and r["provincie"] == "Noord-Holland"
    )
    assert mine["total"]["n"] == noord_holland < everyone["total"]["n"] == 270


def test_coordinators_see_no_reports(coordinator_client):
    assert coordinator_client.get("/rapportage/zaken?jaar=2022&table=T24").status_code == 403


def test_the_drill_down_lists_a_live_case(engine, clock, people, login):
    ids = closed_cases(engine, clock, count=1)
    add_after_plan(engine, ids[0])
    people.make(Role.ADMIN, ADMIN, regions=())
    admin_client = login(ADMIN)  # after the clock moved on with the case
    for query in (
        "table=T24&label=Hoofdpersonen+(volw%2Bkinderen)&col=ten+dele+uitgevoerd",
        "table=T28&label=geaccepteerd+na+aanpassing",
        "table=T26&label=Totaal",
    ):
        page = admin_client.get(f"/rapportage/zaken?jaar=2026&{query}")
        assert page.status_code == 200
        assert "1 geteld, waarvan 1 in Kring" in page.get_data(as_text=True), query
    empty = admin_client.get("/rapportage/zaken?jaar=2026&table=T27&label=Totaal&col=verslechterd")
    assert "0 geteld" in empty.get_data(as_text=True)
