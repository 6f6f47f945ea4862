"""Each registration's tally (workflow.figures.tally: what it adds to the yearly report) kept beside it, so a
report adds up short stored texts instead of re-reading and re-deriving every record.

A row holds the tally as text and the columns the report filters on (closing year, province, municipality,
referrer organisation type, variant). Rows are written when a registration is imported and when a unit of
work commits a closed case (storage.uow). A row counts only while it is *current*: written by today's
TALLY_VERSION and, for a case, at the case's present version (every change to a case or its related rows moves
the version on). Whatever has no current row (a case changed outside a unit of work, rows of an older tally
version, data from before this table) is computed from its record when the report is built, so the figures
never depend on a row having been written: the rows only make them fast.
"""

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, select

from storage.bulk import insert_rows
from storage.engine import WRITE
from storage.models import Case, Municipality
from storage.registrations import ImportedRegistration, RegistrationsImported, case_registration
from workflow.clock import local_today
from workflow.figures import TALLY_VERSION, Filters, add_text, filter_records, tally_of, tally_text
from workflow.figures.tally import Groups, grouped, parse_text
from workflow.phases import Phase

FETCH = 5_000
CHUNK = 500


class RegistrationTally(SQLModel, table=True):
    __tablename__ = "registration_tally"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=40, unique=True)
    case_id: int | None = Field(default=None, index=True)  # None: an imported registration
    case_version: int | None = None
    version: int  # TALLY_VERSION when written
    year: int = Field(index=True)
    provincie: str | None = Field(default=None, max_length=40)
    gemeente: str | None = Field(default=None, max_length=80)
    type_organisatie: str | None = Field(default=None, max_length=80)
    variant: str | None = Field(default=None, max_length=20)
    tally: str = Field(sa_type=sa.Text)


@dataclass(frozen=True)
class Visible:
    """The registrations a user may count: those of `gemeenten`, and those without a municipality in one of
    `provincies` (a regiomanager's regions). None instead of a Visible: everything."""

    gemeenten: frozenset[str]
    provincies: frozenset[str]

    def allows(self, record: dict[str, Any]) -> bool:
        gemeente = record.get("gemeente")
        return gemeente in self.gemeenten if gemeente else record.get("provincie") in self.provincies


# --- writing -------------------------------------------------------------------------------------------------


def on_registrations_imported(uow: Any, event: RegistrationsImported) -> None:
    """Imported registrations get their tallies in the import's own transaction."""
    store_imports(uow.session, event.records)


def store_touched_cases(session: Session) -> None:
    """At commit: the closed cases this transaction touched get their report tally at their new version."""
    store_cases(session, [o for o in session.identity_map.values() if isinstance(o, Case)])


def store_imports(session: Session, records: list[dict[str, Any]]) -> None:
    """Keep the tallies of imported registrations (in the caller's transaction). Rows that are new are
    inserted in bulk (an ORM object each would cost several times the insert)."""
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        rows = _rows_of(session, [record["ref"] for record in chunk])
        new = []
        for record in chunk:
            row = rows.get(record["ref"])
            if row is None:
                new.append(_values(record, case_id=None, case_version=None))
            else:
                _write(session, row, record, case_id=None, case_version=None)
        insert_rows(session, _TALLY, new)


def store_cases(session: Session, cases: Iterable[Case]) -> None:
    """Keep the tallies of the closed cases among `cases` whose row is not current (flushes first, so each
    case's version is the one being committed)."""
    session.flush()
    closed = [case for case in cases if case.phase == Phase.AFGESLOTEN and case.closed_at is not None]
    if not closed:
        return
    current = set(
        session.exec(
            select(RegistrationTally.case_id, RegistrationTally.case_version).where(
                RegistrationTally.case_id.in_([case.id for case in closed]), RegistrationTally.version == TALLY_VERSION
            )
        ).all()
    )
    stale = [case for case in closed if (case.id, case.version) not in current]
    names = _municipality_names(session, stale)
    rows = _rows_of(session, [case.ref for case in stale])
    for case in stale:
        record = case_registration(case, names.get(case.municipality_id))
        _write(
            session,
            rows.get(case.ref),
            record,
            case_id=case.id,
            case_version=case.version,
            year=local_today(case.closed_at).year,
        )


def _rows_of(session: Session, refs: list[str]) -> dict[str, RegistrationTally]:
    if not refs:
        return {}
    found = session.exec(select(RegistrationTally).where(RegistrationTally.ref.in_(refs))).all()
    return {row.ref: row for row in found}


def _write(
    session: Session,
    row: RegistrationTally | None,
    record: dict[str, Any],
    case_id: int | None,
    case_version: int | None,
    year: int | None = None,
) -> None:
    if row is None:
        row = RegistrationTally(ref=record["ref"], version=TALLY_VERSION, year=0, tally="")
    row.case_id, row.case_version, row.version = case_id, case_version, TALLY_VERSION
    row.year = year if year is not None else int(str(record["afsluitdatum"])[:4])
    row.provincie, row.gemeente = record.get("provincie") or None, record.get("gemeente") or None
    row.type_organisatie, row.variant = record.get("type_organisatie") or None, record.get("variant") or None
    row.tally = tally_text(tally_of(record))
    session.add(row)


def _values(record: dict[str, Any], case_id: int | None, case_version: int | None) -> dict[str, Any]:
    """A new row's columns, as `_write` sets them."""
    return {
        "ref": record["ref"],
        "case_id": case_id,
        "case_version": case_version,
        "version": TALLY_VERSION,
        "year": int(str(record["afsluitdatum"])[:4]),
        "provincie": record.get("provincie") or None,
        "gemeente": record.get("gemeente") or None,
        "type_organisatie": record.get("type_organisatie") or None,
        "variant": record.get("variant") or None,
        "tally": tally_text(tally_of(record)),
    }


def _municipality_names(session: Session, cases: list[Case]) -> dict[int, str]:
    ids = {case.municipality_id for case in cases} or {-1}
    return dict(session.exec(select(Municipality.id, Municipality.name).where(Municipality.id.in_(ids))).all())


# --- reading -------------------------------------------------------------------------------------------------


def year_tally(session: Session, filters: Filters, visible: Visible | None = None) -> Counter:
    """The summed tallies of the registrations closed in `filters.year` that pass the filters and are
    `visible` (workflow.figures.report_from_tally lays the report out from it)."""
    total: Counter = Counter()
    result = session.connection().execute(
        _current(filters, visible, _TALLY.c.tally).execution_options(stream_results=True, yield_per=FETCH)
    )
    with gc_paused():
        for chunk in result.partitions(FETCH):
            for (text,) in chunk:
                add_text(total, text)
    for record in _not_current(session, filters, visible):
        total.update(tally_of(record))
    return total


def year_tallies(session: Session, filters: Filters, visible: Visible | None = None) -> Iterator[tuple[str, Groups]]:
    """(ref, grouped tally) of every registration `year_tally` adds up (for the drill-down to cases)."""
    rows = session.connection().execute(_current(filters, visible, _TALLY.c.ref, _TALLY.c.tally))
    for ref, text in rows:
        yield ref, parse_text(text)
    for record in _not_current(session, filters, visible):
        yield record["ref"], grouped(tally_of(record))


def has_registrations(session: Session, year: int, visible: Visible | None = None) -> bool:
    """Whether any registration closed in `year` is visible (the report compares with such a year)."""
    query = _current(Filters(year), visible, _TALLY.c.id).limit(1)
    if session.connection().execute(query).first() is not None:
        return True
    return any(True for _ in _not_current(session, Filters(year), visible))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while texts are counted: they make no cycles (each line list is freed at
    once), but the collections their lists trigger would scan every object the process holds (~20% of the
    time of a large report)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_TALLY = RegistrationTally.__table__
_CASE = Case.__table__


def _current(filters: Filters, visible: Visible | None, *columns: Any) -> sa.Select:
    """The current rows of the year that pass the filters (a case's row only while the case is closed and
    unchanged since the row was written)."""
    joined = _TALLY.outerjoin(_CASE, _CASE.c.id == _TALLY.c.case_id)
    unchanged = sa.and_(_CASE.c.phase == Phase.AFGESLOTEN, _CASE.c.version == _TALLY.c.case_version)
    query = (
        sa.select(*columns)
        .select_from(joined)
        .where(
            _TALLY.c.year == filters.year,
            _TALLY.c.version == TALLY_VERSION,
            sa.or_(_TALLY.c.case_id.is_(None), unchanged),
        )
    )
    return query.where(*_filter_conditions(filters, visible))


def _filter_conditions(filters: Filters, visible: Visible | None) -> list[Any]:
    conditions = []
    if filters.provincies is not None:
        conditions.append(_TALLY.c.provincie.in_(sorted(filters.provincies)))
    if filters.gemeenten is not None:
        conditions.append(_TALLY.c.gemeente.in_(sorted(filters.gemeenten)))
    if filters.type_organisatie is not None:
        conditions.append(_TALLY.c.type_organisatie == filters.type_organisatie)
    if filters.variant is not None:
        conditions.append(_TALLY.c.variant == filters.variant)
    if visible is not None:
        conditions.append(
            sa.or_(
                _TALLY.c.gemeente.in_(sorted(visible.gemeenten)),
                sa.and_(_TALLY.c.gemeente.is_(None), _TALLY.c.provincie.in_(sorted(visible.provincies))),
            )
        )
    return conditions


def _not_current(session: Session, filters: Filters, visible: Visible | None) -> list[dict[str, Any]]:
    """The records of the year without a current row, filtered as the rows are (normally none)."""
    records = [*_cases_not_current(session, filters.year), *_imports_not_current(session, filters.year)]
    records = filter_records(records, filters)
    return [record for record in records if visible is None or visible.allows(record)]


def _cases_not_current(session: Session, year: int) -> list[dict[str, Any]]:
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=1)
    cases = session.exec(_stale_cases().where(Case.closed_at >= start, Case.closed_at < end)).all()
    cases = [case for case in cases if local_today(case.closed_at).year == year]
    names = _municipality_names(session, cases)
    return [case_registration(case, names.get(case.municipality_id)) for case in cases]


def _imports_not_current(session: Session, year: int) -> list[dict[str, Any]]:
    if _imports_all_current(session, year):
        return []
    return list(session.exec(_stale_imports().where(ImportedRegistration.year == year)).all())


def _stale_cases() -> Any:
    """Closed cases without a row at their present version."""
    current = sa.and_(
        RegistrationTally.case_id == Case.id,
        RegistrationTally.case_version == Case.version,
        RegistrationTally.version == TALLY_VERSION,
    )
    return (
        select(Case)
        .outerjoin(RegistrationTally, current)
        .where(Case.phase == Phase.AFGESLOTEN, Case.closed_at.is_not(None), RegistrationTally.id.is_(None))
    )


def _stale_imports() -> Any:
    """Imported records without a current row. A row under the import's ref that belongs to a case means the
    case took the ref: the case wins."""
    held = sa.and_(
        RegistrationTally.ref == ImportedRegistration.ref,
        sa.or_(RegistrationTally.version == TALLY_VERSION, RegistrationTally.case_id.is_not(None)),
    )
    return select(ImportedRegistration.record).outerjoin(RegistrationTally, held).where(RegistrationTally.id.is_(None))


def refresh(session: Session, limit: int | None = None) -> int:
    """Write a current row for registrations without one (after TALLY_VERSION changed, or for data saved
    before this table existed), at most `limit` of each kind, in the caller's transaction. The number of rows
    written."""
    cases = list(session.exec(_stale_cases().order_by(Case.id).limit(limit)).all())
    store_cases(session, cases)
    records = (
        []
        if _imports_all_current(session)
        else list(session.exec(_stale_imports().order_by(ImportedRegistration.id).limit(limit)).all())
    )
    store_imports(session, records)
    session.flush()
    return len(cases) + len(records)


def refresh_some(engine: sa.Engine, limit: int = 5_000) -> int:
    """`refresh` in a transaction of its own, a batch at a time (the periodic scan calls it, so rows outdated
    by an upgrade are rewritten within minutes without anyone running `kring registrations tallies`)."""
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        written = refresh(session, limit)
        session.commit()
    return written


def _imports_all_current(session: Session, year: int | None = None) -> bool:
    """Whether every import (of `year`, or of all years) has a current row. Rows of imports are written with
    them (store_imports) and neither is ever deleted, so equal counts mean each has its row."""
    imports = select(sa.func.count()).select_from(ImportedRegistration)
    rows = select(sa.func.count()).where(
        RegistrationTally.case_id.is_(None), RegistrationTally.version == TALLY_VERSION
    )
    if year is not None:
        imports = imports.where(ImportedRegistration.year == year)
        rows = rows.where(RegistrationTally.year == year)
    return session.exec(imports).one() == session.exec(rows).one()
