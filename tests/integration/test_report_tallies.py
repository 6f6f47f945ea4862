"""The yearly report from stored tallies (storage.report_tallies) is the report of the records themselves
(workflow.figures.yearly_report), on SQLite and PostgreSQL: for imports and live cases, under every filter and
a regiomanager's scope, with rows missing, stale or of an older tally version."""

import pytest
from sqlmodel import Session, func, select

import storage.report_tallies as report_tallies
from bench.synthetic_registrations import varied_records
from storage.models import Case
from storage.registrations import dump_line, import_lines, records_for_year
from storage.report_tallies import RegistrationTally, Visible, has_registrations, refresh, year_tallies, year_tally
from storage.uow import SqlUnitOfWork
from tests.integration.test_registrations import closed_cases
from tests.unit.jaarcijfers_2022 import records_2022
from web.bootstrap import bootstrap
from web.reports.data import scoped_cell_refs, scoped_report
from workflow.clock import SystemClock
from workflow.figures import Filters, cell_refs, yearly_report
from workflow.phases import Phase

FILTERS = (
    Filters.of(year=2022),
    Filters.of(year=2022, provincies={"Utrecht", "Gelderland"}),
    Filters.of(year=2022, gemeenten={"Amsterdam", "Zwolle", "Utrecht", "Arnhem"}),
    Filters.of(year=2022, type_organisatie="Gemeente/sociaal wijkteam"),
    Filters.of(year=2022, variant="herstel"),
)
VISIBLE = Visible(frozenset({"Amsterdam", "Zaanstad", "Haarlem", "Utrecht"}), frozenset({"Noord-Holland"}))


def imported(engine, records):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, [dump_line(r) for r in records])
        uow.commit()
    assert not report.errors, report.errors[:3]


@pytest.fixture
def years(any_engine):
    """300 varied registrations closed in 2022 and the 146 fully registered ones of the 2022 report; 150 in
    2021."""
    this_year = varied_records(300, 2022, seed=5) + [
        dict(r, ref=f"EK-2022-9{i:04d}") for i, r in enumerate(records_2022()[:146])
    ]
    last_year = varied_records(150, 2021, seed=6)
    imported(any_engine, this_year + last_year)
    return this_year, last_year


def stored_report(engine, filters, visible=None):
    with Session(engine) as session:
        return scoped_report(session, visible, filters)


def test_every_imported_registration_gets_its_row(any_engine, years):
    with Session(any_engine) as session:
        rows = session.exec(select(RegistrationTally.year, func.count()).group_by(RegistrationTally.year)).all()
    assert sorted(rows) == [(2021, 150), (2022, 446)]


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "provinces", "municipalities", "organisation", "variant"])
def test_report_from_stored_tallies_is_the_report_of_the_records(any_engine, years, filters):
    this_year, last_year = years
    assert stored_report(any_engine, filters) == yearly_report(this_year, filters, None, last_year)


def test_a_regiomanager_scope_counts_the_same_registrations_as_the_records(any_engine, years):
    this_year, last_year = years
    mine = [r for r in this_year if VISIBLE.allows(r)]
    assert 0 < len(mine) < len(this_year)
    expected = yearly_report(mine, FILTERS[0], None, [r for r in last_year if VISIBLE.allows(r)])
    assert stored_report(any_engine, FILTERS[0], VISIBLE) == expected


def test_the_report_reads_rows_and_derives_nothing(any_engine, years, monkeypatch):
    """With every row current, no record is tallied again (which is what makes the report fast)."""

    def refuse(record):
        raise AssertionError(f"{record['ref']} tallied again")

    monkeypatch.setattr(report_tallies, "tally_of", refuse)
    assert stored_report(any_engine, FILTERS[0])["figures"]["aantal_afgesloten"] == 446


def test_rows_of_another_tally_version_are_recounted_then_refreshed(any_engine, years, monkeypatch):
    this_year, last_year = years
    expected = yearly_report(this_year, FILTERS[1], None, last_year)
    monkeypatch.setattr(report_tallies, "TALLY_VERSION", report_tallies.TALLY_VERSION + 1)
    assert stored_report(any_engine, FILTERS[1]) == expected  # every row is stale: computed from the records
    with Session(any_engine) as session:
        assert refresh(session) == 596
        session.commit()
        assert refresh(session) == 0
    monkeypatch.setattr(report_tallies, "tally_of", lambda record: pytest.fail("tallied again"))
    assert stored_report(any_engine, FILTERS[1]) == expected


def test_drill_down_from_rows_lists_the_same_refs_as_the_records(any_engine, years):
    this_year, _ = years
    with Session(any_engine) as session:
        for table_id, label, column in (
            ("T3", "Utrecht", None),
            ("T4", "Organisatie", "conferentiefase"),
            ("T8", None, None),
            ("T17", "Ouders", None),
            ("T6", "Totaal", None),
            ("T23", "EK-coördinator met hoofdpersoon", "positief"),
        ):
            expected = cell_refs(this_year, FILTERS[0], table_id, label, column)
            found = scoped_cell_refs(session, None, FILTERS[0], table_id, label, column)
            assert sorted(found) == sorted(expected) and expected, (table_id, label)


def test_closed_cases_get_rows_at_their_version_and_a_change_outside_a_unit_of_work_is_still_counted(any_engine, clock):
    ids = closed_cases(any_engine, clock)
    year = clock.now().year
    with Session(any_engine) as session:
        records = records_for_year(session, year)
        rows = {row.case_id: row for row in session.exec(select(RegistrationTally)).all()}
        versions = {case.id: case.version for case in session.exec(select(Case)).all()}
    assert {case_id: row.case_version for case_id, row in rows.items()} == {i: versions[i] for i in ids}
    filters = Filters.of(year=year)
    assert stored_report(any_engine, filters) == yearly_report(records, filters)
    with Session(any_engine) as session:  # a direct change: the row is now behind the case's version
        case = session.get(Case, ids[0])
        case.province, ref = "Utrecht", case.ref
        session.commit()
    with Session(any_engine) as session:
        changed = records_for_year(session, year)
        t3 = {row["label"]: row["n"] for row in scoped_report(session, None, filters)["tables"]["T3"]["rows"]}
    assert [r["provincie"] for r in changed if r["ref"] == ref] == ["Utrecht"]
    assert t3["Utrecht"] == 1
    assert stored_report(any_engine, filters) == yearly_report(changed, filters)


def test_a_reopened_case_leaves_the_report_though_its_row_stays(any_engine, clock):
    ids = closed_cases(any_engine, clock)
    filters = Filters.of(year=clock.now().year)
    with Session(any_engine) as session:
        case = session.get(Case, ids[0])
        case.phase, ref = Phase.NAZORG, case.ref  # as a reopening leaves it (the row is kept, at the closed version)
        session.commit()
        assert session.exec(select(func.count()).select_from(RegistrationTally)).one() == len(ids)
        report = scoped_report(session, None, filters)
        refs = [ref for ref, _ in year_tallies(session, filters)]
    assert report["figures"]["aantal_afgesloten"] == len(ids) - 1 and ref not in refs


def test_the_previous_year_is_compared_only_when_it_has_registrations_in_scope(any_engine, years):
    with Session(any_engine) as session:
        assert has_registrations(session, 2021) and not has_registrations(session, 2020)
        assert not has_registrations(session, 2021, Visible(frozenset({"Nergenshuizen"}), frozenset()))
        assert sum(year_tally(session, Filters.of(year=2020)).values()) == 0
    assert "vorig_jaar" in stored_report(any_engine, FILTERS[0])["figures"]
    assert "vorig_jaar" not in stored_report(any_engine, Filters.of(year=2021))["figures"]


def test_the_periodic_scan_recounts_outdated_rows_a_batch_at_a_time(any_engine, years, monkeypatch):
    monkeypatch.setattr(report_tallies, "TALLY_VERSION", report_tallies.TALLY_VERSION + 1)
    batches = []
    while written := report_tallies.refresh_some(any_engine, limit=250):
        batches.append(written)
    assert batches == [250, 250, 96]
    with Session(any_engine) as session:
        versions = session.exec(select(RegistrationTally.version).distinct()).all()
    assert versions == [report_tallies.TALLY_VERSION]


def test_kring_registrations_tallies_rewrites_outdated_rows(engine, monkeypatch):
    from click.testing import CliRunner

    from web.cli import main

    imported(engine, records_2022()[:30])
    runner = CliRunner(env={"KRING_DATABASE_URL": str(engine.url)})
    assert runner.invoke(main, ["registrations", "tallies"]).output.startswith("0 registraties")
    monkeypatch.setattr(report_tallies, "TALLY_VERSION", report_tallies.TALLY_VERSION + 1)
    result = runner.invoke(main, ["registrations", "tallies"])
    assert result.exit_code == 0 and result.output == "30 registraties opnieuw geteld.\n", result.output
