"""The SPSS export and import work a chunk of records at a time (storage.spss.CHUNK) and read the file as
arrays: a file of more rows than a chunk goes out and comes back whole, a bad row in the last chunk still
refuses the whole file (nothing stored, not even its tallies), and a value the file does not hold reads as
unanswered. The chunk is made small here, so that a few records cross its boundaries."""

import numpy as np
import pyreadstat
import pytest
from sqlmodel import Session, select

from bench.synthetic_registrations import varied_records
from storage import spss
from storage.registrations import ImportedRegistration, dump_line
from storage.report_tallies import RegistrationTally
from storage.uow import SqlUnitOfWork
from tests.integration.test_spss import in_vocabulary_order
from web.bootstrap import bootstrap
from workflow.clock import SystemClock

COUNT = 7  # chunks of 3, 3 and 1


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(spss, "CHUNK", 3)


def registrations():
    records = [in_vocabulary_order(r) for r in varied_records(COUNT, 2022, seed=5)]
    for number, record in enumerate(records):
        record["ref"] = f"H-2022-{number:04d}"
    return records


def edited(tmp_path, change):
    """The file of `registrations()` with `change(frame)` made to its values, as a hand edit in SPSS would."""
    spss.write_sav(registrations(), tmp_path / "ok.sav")
    frame, meta = pyreadstat.read_sav(tmp_path / "ok.sav", user_missing=True)
    change(frame)
    path = tmp_path / "edited.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=meta.variable_value_labels)
    return path


def test_more_rows_than_a_chunk_go_out_and_come_back_whole(tmp_path):
    records = registrations()
    spss.write_sav(records, tmp_path / "r.sav")
    frame, _ = pyreadstat.read_sav(tmp_path / "r.sav")
    assert list(frame["ref"]) == [r["ref"] for r in records]
    read = spss.read_sav(tmp_path / "r.sav")
    assert [number for number, _, _ in read.rows] == list(range(1, COUNT + 1))
    assert [problems for _, _, problems in read.rows if problems] == []
    assert [dump_line(r) for _, r, _ in read.rows] == [dump_line(r) for r in records]


def test_a_bad_row_in_the_last_chunk_refuses_the_whole_file(any_engine, tmp_path):
    def unknown_province(frame):
        frame.loc[COUNT - 1, "provincie"] = 99

    path = edited(tmp_path, unknown_province)
    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report, unknown = spss.import_sav(uow, path)
        uow.commit()  # even a commit stores nothing: the import refused before it stored anything
    assert [(e.line, e.field) for e in report.errors] == [(COUNT, "provincie")]
    assert [(u.variable, u.value, u.count) for u in unknown] == [("provincie", 99.0, 1)]
    with Session(any_engine) as session:
        assert session.exec(select(ImportedRegistration)).all() == []
        assert session.exec(select(RegistrationTally)).all() == []

    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report, _ = spss.import_sav(uow, path, skip_errors=True)
        uow.commit()
    assert (report.created, report.skipped_lines) == (COUNT - 1, 1)
    with Session(any_engine) as session:
        stored = sorted(session.exec(select(ImportedRegistration.ref)).all())
        assert stored == [f"H-2022-{n:04d}" for n in range(COUNT - 1)]
        assert sorted(session.exec(select(RegistrationTally.ref)).all()) == stored


def test_a_ref_twice_across_chunks_is_named_on_its_second_row(any_engine, tmp_path):
    def same_ref(frame):
        frame.loc[4, "ref"] = frame.loc[1, "ref"]

    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report, _ = spss.import_sav(uow, edited(tmp_path, same_ref))
    assert [(e.line, e.field, e.message) for e in report.errors] == [(5, "ref", "'H-2022-0001' staat al op regel 2")]


def test_values_the_file_does_not_hold_read_as_unanswered(tmp_path):
    def system_missing(frame):
        frame.loc[0, "provincie"] = np.nan  # a coded variable
        frame.loc[1, "hoofdpersoon1_leeftijd"] = np.nan  # a number

    read = spss.read_sav(edited(tmp_path, system_missing))
    first, second = read.rows[0][1], read.rows[1][1]
    assert first["provincie"] is None
    assert second["hoofdpersonen"][0]["leeftijd"] is None
    assert read.unknown == []
