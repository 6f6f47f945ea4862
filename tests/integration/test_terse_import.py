"""A registration file from another system may leave out what a well-meaning exporter leaves out: attendee
categories nobody came from, and optional (nullable) fields. Such a file imports, and its yearly report is the
report of the same file written out whole, on SQLite and PostgreSQL."""

import json

import pytest
from sqlmodel import Session

from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.unit.jaarcijfers_2022 import records_2022
from web.bootstrap import bootstrap
from web.reports.data import scoped_report
from workflow.clock import SystemClock
from workflow.figures import Filters

NULLABLE_TOP = ("gemeente", "cijfer_samenwerking_aanmelder", "cijfer_samenwerking_regiomanager")


def terse(record):
    """`record` as a terse exporter writes it: only non-zero attendees, no null optional fields."""
    out = {k: v for k, v in record.items() if not (k in NULLABLE_TOP and v is None)}
    out["bijeenkomsten"] = [
        {**m, "aanwezigen": {c: n for c, n in m["aanwezigen"].items() if n}} for m in record["bijeenkomsten"]
    ]
    return out


def report_of(engine, lines):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        imported = import_lines(uow, lines)
        uow.commit()
    assert not imported.errors, imported.errors[:3]
    with Session(engine) as session:
        return scoped_report(session, None, Filters.of(year=2022)), imported.imported


def test_attendance_with_only_the_categories_present_imports_and_counts_the_same(any_engine, engine):
    records = records_2022()[:146]  # the fully registered ones (the rest lack what the format requires)
    short = [json.dumps(terse(r), ensure_ascii=False) for r in records]
    assert any(len(json.loads(line)["bijeenkomsten"][0]["aanwezigen"]) < 14 for line in short if "Ouders" in line)
    assert all(len(m["aanwezigen"]) == 14 for r in records for m in r["bijeenkomsten"]), "the full file is full"

    terse_report, terse_count = report_of(any_engine, short)
    full_report, full_count = report_of(engine, [dump_line(r) for r in records])

    assert terse_count == full_count == len(records)
    assert terse_report["tables"] == full_report["tables"]
    assert terse_report["figures"] == full_report["figures"]
    assert terse_report["tables"]["T17"]["total"]["n"] > 0


@pytest.mark.parametrize(
    "attendance, field",
    [({"Ouders": -1}, "Ouders"), ({"Ouders": 2, "Buren": 2}, "Buren"), ({"Ouders": "twee"}, "Ouders")],
    ids=["negative", "unknown category", "not a number"],
)
def test_a_wrong_count_in_a_terse_file_is_still_refused_and_nothing_is_imported(engine, attendance, field):
    record = terse(next(r for r in records_2022() if r["bijeenkomsten"]))
    record["bijeenkomsten"] = [{**record["bijeenkomsten"][0], "aanwezigen": attendance}]
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        result = import_lines(uow, [json.dumps(record, ensure_ascii=False)])
    assert {e.field for e in result.errors} == {f"bijeenkomsten[0].aanwezigen.{field}"}
    assert result.imported == 0
