"""Which registrations there are, by year, and the records a selection covers (the SPSS export and the
trend over the years use the reports' filters on every year at once)."""

from typing import Any

from sqlmodel import Session, select

from storage.models import Case
from storage.registrations import ImportedRegistration, records_for_year
from storage.report_tallies import Visible, gc_paused
from workflow.clock import local_today
from workflow.figures import Filters, filter_records
from workflow.phases import Phase


def registration_years(session: Session) -> list[int]:
    """Every year (of the closing date) with a registration: imported historic ones and closed cases."""
    years = set(session.exec(select(ImportedRegistration.year).distinct()).all())
    closed = session.exec(select(Case.closed_at).where(Case.phase == Phase.AFGESLOTEN, Case.closed_at.is_not(None)))
    years |= {local_today(moment).year for moment in closed.all()}
    return sorted(years)


def selected_registrations(session: Session, filters: Filters, visible: Visible | None = None) -> list[dict[str, Any]]:
    """The records of `filters.year` (None: every year) that pass the reports' filters and are `visible`
    (None: all), ordered by year and ref."""
    years = [filters.year] if filters.year is not None else registration_years(session)
    every_year = Filters(None, filters.provincies, filters.gemeenten, filters.type_organisatie, filters.variant)
    out: list[dict[str, Any]] = []
    with gc_paused():  # a record is a few dozen dicts and lists, without cycles: collections would only scan
        for year in years:
            records = filter_records(records_for_year(session, year), every_year)
            out += [r for r in records if visible is None or visible.allows(r)]
    return out
