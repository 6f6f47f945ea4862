"""registration-v1 after the plan (workflow.registration.after_plan): a case's conditions, decisions, agreements
with their marks and three-month check go out coded, come back in an empty database and go out the same, on
SQLite and PostgreSQL; an old file still imports; the SPSS file of such records still writes and reads; the
figures of the imported records equal the live ones."""

import json

import pyreadstat
from click.testing import CliRunner
from sqlmodel import Session, select

from storage.models import Case
from storage.registrations import dump_line, export_year, import_lines
from storage.report_tallies import year_tally
from storage.spss import read_sav, write_sav
from storage.uow import SqlUnitOfWork
from tests.integration.test_registrations import GOOD, closed_cases, fresh_database
from web.bootstrap import bootstrap
from workflow.case import record_set
from workflow.clock import SystemClock
from workflow.figures import Filters, report_from_tally
from workflow.registration import validate_registration
from workflow.registration.spss_after_plan import NAME

AFTER_PLAN = {
    "voorwaarden": [
        {"tekst": "Piet woont niet thuis", "gesteld_door": "mevrouw De Wit"},
        {"tekst": "Oma past op", "gesteld_door": "mevrouw De Wit"},
    ],
    "besluiten": [
        {
            "bijeenkomst": 1,
            "besluit": "geaccepteerd na aanpassing",
            "reden": "Eerst moest Piet weg",
            "door": "mevrouw De Wit",
            "datum": "2026-03-06",
            "voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "Piet woont bij oom"}],
        }
    ],
    "drie_maanden": {
        "datum": "2026-03-07",
        "bereikt": True,
        "pogingen": ["2026-03-06", "2026-03-07"],
        "gesprekken": [
            {
                "respondent": "volwassen hoofdpersoon",
                "plan_uitgevoerd": "ten dele uitgevoerd",
                "afspraken_uitgevoerd": "meer dan de helft",
                "situatie": "verbeterd",
            },
            {"respondent": "aanmelder/hulpverlener", "plan_uitgevoerd": "weet niet"},
        ],
        "afspraken_markering": ["nagekomen", None, "weet niet"],
        "vervolg_nodig": True,
        "vervolg_besluit": "Vervolgconferentie met Piet",
    },
}
AGREEMENTS = [
    {"wie": "Oma Jansen", "wie_soort": "netwerk", "wat": "Haalt Piet op", "wanneer": "2026-03-10", "evaluatie": None},
    {
        "wie": "Wijkteam",
        "wie_soort": "professional",
        "wat": "Belt elke week",
        "wanneer": None,
        "evaluatie": "2026-04-01",
    },
    {"wie": "Tante", "wie_soort": "netwerk", "wat": "Kookt op vrijdag", "wanneer": "volgende week", "evaluatie": None},
]


def add_after_plan(engine, case_id):
    """The shapes the forms write (workflow.tasks, helpers A and C), written straight into the record."""
    with Session(engine) as session:
        case = session.get(Case, case_id)
        plan = {**case.record.get("plan", {}), "afspraken": AGREEMENTS}
        calls = [
            {**call, "afspraken_markering": ["deels nagekomen", "niet nagekomen"]} for call in case.record["follow_up"]
        ]
        record_set(case, plan=plan, follow_up=calls, **AFTER_PLAN)
        session.add(case)
        session.commit()


def export_text(engine, year=2026):
    with Session(engine) as session:
        return "".join(dump_line(r) + "\n" for r in export_year(session, year))


def import_text(engine, lines):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, lines)
        uow.commit()
    return report


def report_of(engine):
    with Session(engine) as session:
        return report_from_tally(year_tally(session, Filters.of(year=2026)), Filters.of(year=2026))


def test_the_additions_go_out_coded_and_come_back_the_same(any_engine, clock, tmp_path):
    ids = closed_cases(any_engine, clock)
    add_after_plan(any_engine, ids[0])
    first = export_text(any_engine)
    records = [json.loads(line) for line in first.splitlines()]
    assert [validate_registration(r) for r in records] == [[]] * len(records)
    for text in ("Piet", "Oma", "Wit", "Kookt", "Vervolgconferentie"):
        assert text not in first, "no texts, no names"
    record = next(r for r in records if r["besluiten"])
    assert record["aantal_voorwaarden"] == 2
    assert record["besluiten"] == [
        {
            "bijeenkomst": 1,
            "besluit": "geaccepteerd na aanpassing",
            "datum": "2026-03-06",
            "met_reden": True,
            "voorwaarden_beantwoord": 1,
        }
    ]
    assert record["plan"]["afspraken"] == [
        {"wie_soort": "netwerk", "wanneer": "2026-03-10", "evaluatie": None},
        {"wie_soort": "professional", "wanneer": None, "evaluatie": "2026-04-01"},
        {"wie_soort": "netwerk", "wanneer": None, "evaluatie": None},  # "volgende week" is no date
    ]
    assert record["follow_up"][0]["afspraken_markering"] == ["deels nagekomen", "niet nagekomen"]
    assert record["drie_maanden"]["gesprekken"][1] == {
        "respondent": "aanmelder/hulpverlener",
        "plan_uitgevoerd": "weet niet",
        "afspraken_uitgevoerd": None,
        "situatie": None,
    }
    assert list(record["drie_maanden"]) == [
        "datum",
        "bereikt",
        "pogingen",
        "gesprekken",
        "afspraken_markering",
        "vervolg_nodig",
    ]
    others = [r for r in records if not r["besluiten"]]
    # Closed from nazorg without reaching anyone (tests/walks.CLOSE_WITH_PLAN), or closed before nazorg.
    assert all(r["aantal_voorwaarden"] == 0 for r in others)
    assert all(r["drie_maanden"] is None or not r["drie_maanden"]["bereikt"] for r in others)

    empty = fresh_database(any_engine, tmp_path)
    report = import_text(empty, first.splitlines(keepends=True))
    assert (report.created, report.errors) == (4, [])
    assert export_text(empty) == first
    again = import_text(empty, first.splitlines())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    live, imported = report_of(any_engine), report_of(empty)
    for table_id in ("T24", "T25", "T26", "T27", "T28"):
        assert imported["tables"][table_id] == live["tables"][table_id]
    assert live["tables"]["T24"]["total"]["n"] == 2
    assert live["tables"]["T26"]["base"] == 3  # the latest marks: nagekomen, niet nagekomen, weet niet
    assert live["tables"]["T28"]["rows"][1] == {"label": "geaccepteerd na aanpassing", "n": 1, "pct": 100.0}


def test_an_old_file_still_imports_and_goes_out_as_it_came(any_engine):
    old = {**GOOD, "plan": None}
    assert import_text(any_engine, [json.dumps(old)]).created == 1
    out = json.loads(export_text(any_engine, 2022))
    assert out == old and "drie_maanden" not in out and "besluiten" not in out
    with Session(any_engine) as session:
        assert len(session.exec(select(Case)).all()) == 0


def test_a_reader_of_the_first_version_reads_a_new_line(any_engine, clock):
    ids = closed_cases(any_engine, clock, count=1)
    add_after_plan(any_engine, ids[0])
    for line in export_text(any_engine).splitlines():
        record = json.loads(line)
        first_version = {
            k: v for k, v in record.items() if k not in ("aantal_voorwaarden", "besluiten", "drie_maanden")
        }
        if first_version["plan"]:
            first_version["plan"] = {k: v for k, v in first_version["plan"].items() if k != "afspraken"}
        first_version["follow_up"] = [
            {k: v for k, v in call.items() if k != "afspraken_markering"} for call in first_version["follow_up"]
        ]
        assert validate_registration(first_version) == []


def test_the_additions_go_through_an_spss_file_unchanged(any_engine, clock, tmp_path):
    ids = closed_cases(any_engine, clock)
    add_after_plan(any_engine, ids[0])
    with Session(any_engine) as session:
        records = export_year(session, 2026)
    old = {**GOOD, "ref": "EK-OUD", "plan": None}
    write_sav([*records, old], tmp_path / "na.sav")
    read = read_sav(tmp_path / "na.sav")
    assert [p for _, _, p in read.rows if p] == []
    assert [dump_line(r) for _, r, _ in read.rows[:-1]] == [dump_line(r) for r in records]
    back = read.rows[-1][1]
    assert not {"aantal_voorwaarden", "besluiten", "drie_maanden"} & set(back), "an old record comes back as it was"
    assert all("afspraken_markering" not in call for call in back["follow_up"])


def test_an_spss_cell_that_is_no_json_is_named(tmp_path):
    write_sav([{**GOOD, "aantal_voorwaarden": 1}], tmp_path / "een.sav")
    columns, meta = pyreadstat.read_sav(str(tmp_path / "een.sav"), user_missing=True)
    columns[NAME] = ["{kapot"]
    pyreadstat.write_sav(columns, str(tmp_path / "kapot.sav"))
    problems = read_sav(tmp_path / "kapot.sav").rows[0][2]
    assert (NAME, "onbekend veld") in problems


def test_cli_export_then_import_into_an_empty_database(engine, clock, tmp_path, monkeypatch):
    from web.cli import main

    ids = closed_cases(engine, clock, count=1)
    add_after_plan(engine, ids[0])
    runner, out, back = CliRunner(), tmp_path / "uit.jsonl", tmp_path / "terug.jsonl"
    monkeypatch.setenv("KRING_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    result = runner.invoke(main, ["registrations", "export", "--year", "2026", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert '"drie_maanden": {"datum": "2026-03-07"' in out.read_text(encoding="utf-8")
    empty = fresh_database(engine, tmp_path)
    monkeypatch.setenv("KRING_DATABASE_URL", empty.url.render_as_string(hide_password=False))
    result = runner.invoke(main, ["registrations", "import", str(out)])
    assert result.exit_code == 0 and "2 nieuw" in result.output, result.output
    result = runner.invoke(main, ["registrations", "export", "--year", "2026", "--output", str(back)])
    assert result.exit_code == 0, result.output
    assert back.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
