"""Anonymous registrations in and out (registration-v1, JSON Lines): closed cases and imported historic ones."""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import JSON, Field, Session, SQLModel, select

from storage.bulk import insert_rows
from storage.models import Case, Municipality
from workflow.clock import local_today
from workflow.phases import Phase
from workflow.registration import canonical, to_registration, validate_registration

MAX_LINE = 1_000_000
CHUNK = 500


class ImportedRegistration(SQLModel, table=True):
    """A registration that came in from outside (the older SPSS files): kept as the format's record."""

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=40, unique=True)
    year: int = Field(index=True)
    record: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did: counts, and every bad line with its field."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_lines: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped_lines": self.skipped_lines,
            "errors": [{"line": e.line, "field": e.field, "message": e.message} for e in self.errors],
        }


@dataclass(frozen=True)
class RegistrationsImported:
    """Imported registrations were stored or changed (their report tallies follow, in the same transaction)."""

    records: list[dict[str, Any]]


def records_for_year(session: Session, year: int) -> list[dict[str, Any]]:
    """Every registration of a year (by closing date): closed cases and imported records, ordered by ref."""
    records = {r["ref"]: r for r in _imported(session, year)}
    records.update({r["ref"]: r for r in _closed_cases(session, year)})  # a live case wins over an import
    return [records[ref] for ref in sorted(records)]


def export_year(session: Session, year: int) -> list[dict[str, Any]]:
    """The anonymous registrations of a year, as `kring registrations export` writes them."""
    return records_for_year(session, year)


def dump_line(record: dict[str, Any]) -> str:
    """One record as one JSON line (keys in the format's order, UTF-8 text as is)."""
    return json.dumps(canonical(record), ensure_ascii=False, separators=(", ", ": "))


def import_lines(uow: Any, lines: Iterable[str | bytes], skip_errors: bool = False) -> ImportReport:
    """Validate every line; store nothing when one is bad, unless `skip_errors`. The caller commits `uow`."""
    return import_parsed(uow, ((number, *_parse(raw)) for number, raw in enumerate(lines, 1)), skip_errors)


def import_parsed(
    uow: Any, parsed: Iterable[tuple[int, Any, list[tuple[str, str]]]], skip_errors: bool = False
) -> ImportReport:
    """`import_lines` from (line or case number, record, its problems): the JSON Lines and the SPSS import
    share the duplicate check, the refusal of Kring's own refs, all-or-nothing and the idempotent store."""
    session = uow.session
    report, good = ImportReport(), {}
    seen: dict[str, int] = {}
    for number, record, problems in parsed:
        problems = list(problems)
        if record is None and not problems:
            continue  # an empty line
        ref = record.get("ref") if isinstance(record, dict) else None
        if isinstance(ref, str) and ref in seen:
            problems.append(("ref", f"'{ref}' staat al op regel {seen[ref]}"))
        elif isinstance(ref, str):
            seen[ref] = number
        if problems:
            report.errors += [LineError(number, f, m) for f, m in problems]
            report.skipped_lines += 1
        else:
            good[ref] = (number, record)
    for ref in _live_refs(session, list(good)):
        number, _ = good.pop(ref)
        report.errors.append(LineError(number, "ref", f"'{ref}' is een zaak in Kring zelf, geen historische"))
        report.skipped_lines += 1
    report.errors.sort(key=lambda e: e.line)
    if report.errors and not skip_errors:
        return report
    uow.publish([RegistrationsImported(_store(session, good, report))])
    return report


def import_registration_lines(uow: Any, lines: Iterable[str | bytes], skip_errors: bool = False) -> ImportReport:
    """`import_lines` in a unit of work of its own (a storage.uow.SqlUnitOfWork): committed unless it refused."""
    with uow:
        report = import_lines(uow, lines, skip_errors=skip_errors)
        if skip_errors or not report.errors:
            uow.commit()
        return report


def _parse(raw: str | bytes) -> tuple[Any, list[tuple[str, str]]]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            return {}, [("", "geen geldige UTF-8-tekst")]
    text = raw.strip().lstrip("\ufeff")
    if not text:
        return None, []
    if len(text) > MAX_LINE:
        return {}, [("", f"regel te lang (meer dan {MAX_LINE} tekens)")]
    try:
        record = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return {}, [("", "geen geldige JSON (is de regel afgebroken?)")]
    return record, validate_registration(record)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is geen JSON-getal")


def _store(session: Session, good: dict[str, tuple[int, dict[str, Any]]], report: ImportReport) -> list[dict[str, Any]]:
    existing = {
        r.ref: r
        for refs in _chunks(list(good))
        for r in session.exec(select(ImportedRegistration).where(ImportedRegistration.ref.in_(refs)))
    }
    changed, new = [], []
    for ref, (_number, record) in good.items():
        record = canonical(record)
        year = int(record["afsluitdatum"][:4])
        found = existing.get(ref)
        if found is None:
            new.append({"ref": ref, "year": year, "record": record})
            report.created += 1
        elif found.record == record and found.year == year:
            report.unchanged += 1
            continue
        else:
            found.record, found.year = record, year
            report.updated += 1
        changed.append(record)
    session.flush()
    insert_rows(session, ImportedRegistration.__table__, new)  # in bulk: an ORM object each costs 10x the insert
    return changed


def _imported(session: Session, year: int) -> list[dict[str, Any]]:
    # Only the JSON column, and no re-ordering: _store wrote every record in canonical key order already.
    return list(session.exec(select(ImportedRegistration.record).where(ImportedRegistration.year == year)))


def _closed_cases(session: Session, year: int) -> list[dict[str, Any]]:
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=1)
    cases = session.exec(
        select(Case).where(Case.phase == Phase.AFGESLOTEN, Case.closed_at >= start, Case.closed_at < end)
    ).all()
    cases = [c for c in cases if local_today(c.closed_at).year == year]
    names = dict(
        session.exec(
            select(Municipality.id, Municipality.name).where(
                Municipality.id.in_({c.municipality_id for c in cases} or {-1})
            )
        ).all()
    )
    return [case_registration(c, names.get(c.municipality_id)) for c in cases]


def case_registration(case: Case, gemeente: str | None) -> dict[str, Any]:
    """A case's registration: live from the case, or as frozen when its personal data was removed."""
    if case.personal_data_removed_at is not None and case.frozen_registration:
        return canonical(case.frozen_registration)
    return to_registration(case, gemeente)


def _live_refs(session: Session, refs: list[str]) -> set[str]:
    return {ref for chunk in _chunks(refs) for ref in session.exec(select(Case.ref).where(Case.ref.in_(chunk)))}


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
