"""Door de jaren (the trend over the years), its drill-down and downloads, and the SPSS download on the reports
page and in the API: who may, what filters do, what hostile input gets."""

import csv
import datetime as dt
import io
import json

import pyreadstat
import pytest
from openpyxl import load_workbook

from storage.registrations import import_lines
from storage.uow import SqlUnitOfWork
from tests.integration.test_registrations import GOOD
from web.bootstrap import bootstrap
from workflow import vocabulary as vocab
from workflow.clock import SystemClock
from workflow.figures.tally import sum_tallies
from workflow.figures.trend import COLUMNS, trend_rows, year_point
from workflow.phases import Role


def registration(ref, year, **changes):
    """A family's registration closed in `year`; a conference with a plan unless `changes` say otherwise."""
    return {
        **GOOD,
        "ref": ref,
        "aanmelddatum": f"{year}-01-10",
        "afsluitdatum": f"{year}-05-01",
        **changes,
    }


def conference(ref, year, days_to_meeting=30, **changes):
    meeting_day = (dt.date(year, 1, 10) + dt.timedelta(days=days_to_meeting)).isoformat()
    return registration(
        ref,
        year,
        fase="conferentiefase",
        plan_of_afspraken=True,
        redenen_niet_doorgaan=[],
        bijeenkomsten=[
            {
                "datum": meeting_day,
                "locatie": "Buurthuis of wijkcentrum",
                "dagdeel": "Overdag",
                "duur_totaal_uur": 4,
                "duur_besloten_uur": 1.5,
                "vorm": "fysiek",
                "aanwezigen": {"Ouders": 2, "Grootouders": 1},
                "uitgenodigd_niet_aanwezig": 0,
                "resultaat": vocab.MEETING_RESULTS[0],
            }
        ],
        **changes,
    )


# Three years: 2020 (2 cases), 2021 (3), 2022 (4); Utrecht except one Limburg case in 2022.
THREE_YEARS = [
    registration("H-2020-1", 2020, gedwongen_kader=True),
    conference("H-2020-2", 2020, 20),
    conference("H-2021-1", 2021, 40, achtergrondproblemen=["Huiselijk geweld", "Verslaving"]),
    conference("H-2021-2", 2021, 50, achtergrondproblemen=["Huiselijk geweld"]),
    registration("H-2021-3", 2021, plan_of_afspraken=True, redenen_niet_doorgaan=[vocab.REASONS_NOT_HELD[0]]),
    conference("H-2022-1", 2022, 10),
    conference("H-2022-2", 2022, 10, gedwongen_kader=True),
    conference("H-2022-3", 2022, 10),
    conference("H-2022-4", 2022, 10, provincie="Limburg"),
]


def load(engine, records=THREE_YEARS):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, [json.dumps(r) for r in records])
        assert not report.errors, report.errors
        uow.commit()


def test_year_point_is_the_reports_figures_side_by_side():
    point = year_point(2021, sum_tallies([r for r in THREE_YEARS if r["ref"].startswith("H-2021")]))
    assert point["closed"] == 3
    assert point["results"] == {
        "Activeringsfase zonder plan/afspraken": 0,
        "Activeringsfase met plan/afspraken": 1,
        "Conferentiefase zonder plan": 0,
        "Conferentiefase met plan": 2,
    }
    assert point["pct_plan"] == 100.0 and point["pct_compulsory"] == 0.0
    assert point["mean_lead_days"] == 45.0  # 40 and 50 days to the first meeting
    assert point["top_problems"][0][:2] == ("Huiselijk geweld", 2)
    rows = trend_rows([point])
    assert rows[0] == list(COLUMNS) and rows[1][:3] == [2021, 3, 0] and rows[1][-5].startswith("Huiselijk geweld (2)")


def test_the_trend_page_its_drill_down_and_downloads(engine, admin_client):
    load(engine)
    page = admin_client.get("/rapportage/door-de-jaren")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<svg") == 3 and all(str(year) in html for year in (2020, 2021, 2022))
    assert "/rapportage/door-de-jaren/zaken?jaar=2021" in html and "Huiselijk geweld" in html

    cases = admin_client.get("/rapportage/door-de-jaren/zaken?jaar=2021").get_data(as_text=True)
    assert all(ref in cases for ref in ("H-2021-1", "H-2021-2", "H-2021-3")) and "H-2020-1" not in cases
    only_limburg = admin_client.get("/rapportage/door-de-jaren/zaken?jaar=2022&provincie=Limburg")
    assert "H-2022-4" in only_limburg.get_data(as_text=True) and "H-2022-1" not in only_limburg.get_data(as_text=True)

    download = admin_client.get("/rapportage/door-de-jaren.csv?provincie=Utrecht")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Jaar" and [r[:2] for r in rows[1:]] == [["2020", "2"], ["2021", "3"], ["2022", "3"]]
    book = load_workbook(io.BytesIO(admin_client.get("/rapportage/door-de-jaren.xlsx").data))
    sheet = book["Door de jaren"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == [2, 3, 4]
    assert [sheet.cell(row=4, column=c).value for c in (8, 9)] == [10, 25]  # 2022: 10 days; 1 in 4 compulsory


def test_the_sav_download_is_the_bureaus_and_follows_the_filters(engine, admin_client, tmp_path, people, login):
    load(engine)
    response = admin_client.get("/rapportage/registraties.sav?jaar=2022&provincie=Utrecht")
    assert response.status_code == 200 and response.mimetype == "application/x-spss-sav"
    (tmp_path / "r.sav").write_bytes(response.data)
    frame, meta = pyreadstat.read_sav(tmp_path / "r.sav")
    assert list(frame["ref"]) == ["H-2022-1", "H-2022-2", "H-2022-3"]
    every = admin_client.get("/rapportage/registraties.sav?jaar=alle")
    (tmp_path / "a.sav").write_bytes(every.data)
    assert len(pyreadstat.read_sav(tmp_path / "a.sav")[0]) == 9
    index = admin_client.get("/rapportage?jaar=2022").get_data(as_text=True)
    assert "registraties.sav" in index and "door-de-jaren" in index

    people.make(Role.REGIOMANAGER, "rm-utrecht@x.nl", regions=("Utrecht",))
    manager = login("rm-utrecht@x.nl")
    assert manager.get("/rapportage/registraties.sav?jaar=2022").status_code == 403
    assert "registraties.sav" not in manager.get("/rapportage?jaar=2022").get_data(as_text=True)
    # the regiomanager's trend counts only their region's registrations (Limburg's is not theirs)
    rows = list(csv.reader(io.StringIO(manager.get("/rapportage/door-de-jaren.csv").get_data(as_text=True)[1:]),
                           delimiter=";"))  # fmt: skip
    assert [r[:2] for r in rows[1:]] == [["2020", "2"], ["2021", "3"], ["2022", "3"]]
    assert "H-2022-4" not in manager.get("/rapportage/door-de-jaren/zaken?jaar=2022").get_data(as_text=True)


def test_coordinators_and_visitors_get_nothing(engine, people, login, client):
    load(engine)
    people.make(Role.COORDINATOR, "co-trend@x.nl")
    coordinator = login("co-trend@x.nl")
    urls = ["/rapportage/door-de-jaren", "/rapportage/door-de-jaren/zaken?jaar=2021", "/rapportage/door-de-jaren.csv"]
    for url in (*urls, "/rapportage/door-de-jaren.xlsx", "/rapportage/registraties.sav"):
        assert coordinator.get(url).status_code == 403, url
        assert client.get(url).status_code in (302, 401), url


@pytest.mark.parametrize(
    "query",
    [
        "provincie=%3Cscript%3E",
        "gemeente=A%00B",
        "gemeente=" + "x" * 500,
        "regio=999999",
        "type_organisatie=%E2%80%AE",
        "variant=../../etc",
    ],
)
def test_hostile_filters_are_refused_in_dutch(engine, admin_client, query):
    load(engine)
    page = admin_client.get(f"/rapportage/door-de-jaren?{query}")
    assert page.status_code == 400 and "Niet elk filter kan worden gebruikt" in page.get_data(as_text=True)
    assert "<script>" not in page.get_data(as_text=True)
    for url in ("/rapportage/door-de-jaren/zaken?jaar=2021&", "/rapportage/door-de-jaren.csv?",
                "/rapportage/registraties.sav?"):  # fmt: skip
        response = admin_client.get(f"{url}{query}")
        assert response.status_code == 400 and response.mimetype == "text/plain", (url, query)


@pytest.mark.parametrize("year", ["abc", "99999999999999999999", "1800"])
def test_a_bad_year_is_refused_where_a_year_is_used(engine, admin_client, year):
    load(engine)
    assert admin_client.get(f"/rapportage/door-de-jaren?jaar={year}").status_code == 200  # every year anyway
    assert admin_client.get(f"/rapportage/door-de-jaren/zaken?jaar={year}").status_code == 400
    assert admin_client.get(f"/rapportage/registraties.sav?jaar={year}").status_code == 400


def test_an_empty_database_says_so(admin_client):
    html = admin_client.get("/rapportage/door-de-jaren").get_data(as_text=True)
    assert "nog geen afgesloten of ingelezen registraties" in html


@pytest.fixture
def api(app, people):
    def client_for(role, email):
        user, _ = people.make(role, email)
        return app.test_client(), {"Authorization": f"Bearer {people.token(user.id)}"}

    return client_for


def test_the_api_gives_the_bureau_a_sav_file(engine, api, tmp_path):
    load(engine)
    client, admin = api(Role.ADMIN, "bureau-sav@kring.test")
    response = client.get("/api/v1/registrations.sav?year=2021", headers=admin)
    assert response.status_code == 200 and response.mimetype == "application/x-spss-sav"
    (tmp_path / "api.sav").write_bytes(response.data)
    assert list(pyreadstat.read_sav(tmp_path / "api.sav")[0]["ref"]) == ["H-2021-1", "H-2021-2", "H-2021-3"]
    response = client.get("/api/v1/registrations.sav?provincie=Limburg", headers=admin)
    (tmp_path / "l.sav").write_bytes(response.data)
    assert list(pyreadstat.read_sav(tmp_path / "l.sav")[0]["ref"]) == ["H-2022-4"]
    for bad in ("year=twee", "provincie=Brabant", "variant=x", "type_organisatie=x", "gemeente=A%00B"):
        assert client.get(f"/api/v1/registrations.sav?{bad}", headers=admin).status_code == 400, bad
    rm_client, rm = api(Role.REGIOMANAGER, "rm-sav@kring.test")
    assert rm_client.get("/api/v1/registrations.sav", headers=rm).status_code == 403
