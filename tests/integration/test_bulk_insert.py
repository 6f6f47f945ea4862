"""storage.bulk.insert_rows (COPY on PostgreSQL, executemany on SQLite): rows come back as given, JSON with
the characters COPY's text format escapes too, None as NULL, and a rollback takes them away."""

from sqlmodel import Session, select

from storage.bulk import insert_rows
from storage.registrations import ImportedRegistration
from storage.report_tallies import RegistrationTally

AWKWARD = "tab\t, newline\n, backslash \\, \\N, quotes \" ', é ☃ \u2028, \\."


def imported(count):
    return [
        {"ref": f"B-{n}", "year": 2020 + n, "record": {"tekst": AWKWARD, "n": n, "lijst": [None, True, 1.5, {}]}}
        for n in range(count)
    ]


def test_rows_come_back_as_given(any_engine):
    rows = imported(3)
    tallies = [
        {"ref": "B-0", "case_id": None, "case_version": None, "version": 7, "year": 2020, "provincie": None,
         "gemeente": AWKWARD, "type_organisatie": None, "variant": "familie", "tally": "a\x1fb\nc*2"},
    ]  # fmt: skip
    with Session(any_engine) as session:
        insert_rows(session, ImportedRegistration.__table__, rows)
        insert_rows(session, RegistrationTally.__table__, tallies)
        insert_rows(session, RegistrationTally.__table__, [])
        session.commit()
    with Session(any_engine) as session:
        found = session.exec(select(ImportedRegistration).order_by(ImportedRegistration.ref)).all()
        assert [(r.ref, r.year, r.record) for r in found] == [(r["ref"], r["year"], r["record"]) for r in rows]
        tally = session.exec(select(RegistrationTally)).one()
        assert {name: getattr(tally, name) for name in tallies[0]} == tallies[0]


def test_a_rollback_takes_them_away(any_engine):
    with Session(any_engine) as session:
        insert_rows(session, ImportedRegistration.__table__, imported(2))
        assert len(session.exec(select(ImportedRegistration)).all()) == 2  # the same transaction sees them
        session.rollback()
    with Session(any_engine) as session:
        assert session.exec(select(ImportedRegistration)).all() == []
