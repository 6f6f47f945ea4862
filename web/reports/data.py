"""The report of what the user may see (from the stored tallies, storage.report_tallies), its drill-down to
cases, and the completeness check."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, and_, select

from storage.models import Case, Municipality, Region
from storage.report_tallies import Visible, has_registrations, year_tallies, year_tally
from storage.uow import visible_cases
from workflow.figures import Filters, refs_in_cell, report_from_tally
from workflow.guards import Actor
from workflow.phases import Phase, Role


def scoped_report(
    session: Session, visible: Visible | None, filters: Filters, questionnaires: Any = None
) -> dict[str, Any]:
    """The report of the `visible` registrations (None: all) under `filters`, compared with the previous year
    when that has visible registrations."""
    total = year_tally(session, filters, visible)
    previous = None
    if has_registrations(session, filters.year - 1, visible):
        previous = year_tally(session, filters.previous_year(), visible)
    return report_from_tally(total, filters, questionnaires, previous)


def scoped_cell_refs(
    session: Session, visible: Visible | None, filters: Filters, table_id: str, label: str | None, column: str | None
) -> list[str]:
    """The refs of the registrations behind one count of `scoped_report`."""
    return refs_in_cell(year_tallies(session, filters, visible), table_id, label, column)


def questionnaire_results(session: Session, year: int, filters: Any = None, scope: "Scope | None" = None) -> Any:
    """The questionnaire figures (T19–T22, chapters 3–5) of the meetings held in `year`.

    `filters` (workflow.figures.Filters) and `scope` narrow them to the same cases as the registration tables:
    province(s), municipalities (a region is passed as its municipalities), referrer organisation type,
    variant, and a regiomanager's own regions. Without them every answer of the year counts. Questionnaires
    belong to live cases only, so imported historic registrations have none. None when the loader is missing
    (empty T19–T22)."""
    try:
        from storage.questionnaires import questionnaire_results as load
    except ImportError:
        return None
    return load(session, year, case_filter(filters, scope))


def case_filter(filters: Any = None, scope: "Scope | None" = None) -> Any:
    """The report's filters and the user's scope as one SQL condition on Case (None: no condition)."""
    conditions = []
    if scope is not None and not scope.everything:
        conditions.append(Case.region_id.in_(list(scope.regions) or [-1]))
    if filters is not None:
        if filters.provincies is not None:
            conditions.append(Case.province.in_(sorted(filters.provincies)))
        if filters.gemeenten is not None:
            names = select(Municipality.id).where(Municipality.name.in_(sorted(filters.gemeenten) or [""]))
            conditions.append(Case.municipality_id.in_(names))
        if filters.type_organisatie is not None:
            conditions += [Case.referrer_type == "Organisatie", Case.organisation_type == filters.type_organisatie]
        if filters.variant is not None:
            conditions.append(Case.variant == filters.variant)
    return and_(*conditions) if conditions else None


class Scope:
    """The records an actor may count: all for the bureau, a regiomanager's own regions (by municipality,
    or by province for records without one)."""

    def __init__(self, session: Session, actor: Actor):
        self.everything = actor.role is Role.ADMIN
        ids = actor.region_ids or frozenset({-1})
        self.regions = {
            r.id: r.name
            for r in session.exec(select(Region).order_by(Region.name)).all()
            if self.everything or r.id in ids
        }
        query = select(Municipality.name, Municipality.region_id)
        self.municipality_region = {
            name: region for name, region in session.exec(query).all() if self.everything or region in ids
        }

    @property
    def visible(self) -> Visible | None:
        """The registrations of the user's regions: by municipality, or by province for records without one."""
        if self.everything:
            return None
        return Visible(frozenset(self.municipality_region), frozenset(self.regions.values()))

    def municipalities_of(self, region_id: int) -> frozenset[str]:
        return frozenset(name for name, region in self.municipality_region.items() if region == region_id)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)


def closed_cases(session: Session, actor: Actor, year: int, refs: Iterable[str] | None = None) -> list[Case]:
    """The closed cases of `year` (by closing moment) the actor may see, optionally only those `refs`."""
    start, end = year_bounds(year)
    query = visible_cases(actor).where(Case.phase == Phase.AFGESLOTEN)
    if refs is not None:
        query = query.where(Case.ref.in_(list(refs)))
    else:
        query = query.where(Case.closed_at >= start, Case.closed_at < end)
    return list(session.exec(query.order_by(Case.ref)).all())


def missing_of(case: Case) -> list[str]:
    """What the case's registration lacks, in Dutch (workflow.registration.completeness when present)."""
    try:
        from workflow.phases import Outcome
        from workflow.registration import completeness, expected_outcome

        outcome = Outcome(case.outcome) if case.outcome else expected_outcome(case)
        found = completeness(case, outcome)
    except ImportError:
        from workflow.closing import registration_missing

        found = registration_missing(case)
    return [getattr(m, "message", str(m)) for m in found]


def completeness_summary(session: Session, actor: Actor, year: int) -> dict[str, Any]:
    """How many closed cases of the year are fully registered, and which are not (with what they lack)."""
    cases = closed_cases(session, actor, year)
    incomplete = []
    for case in cases:
        missing = missing_of(case)
        if missing:
            incomplete.append({"id": case.id, "ref": case.ref, "missing": missing})
    return {"closed": len(cases), "complete": len(cases) - len(incomplete), "incomplete": incomplete}
