"""The regiomanager's inbox as a lean read: one page of new applications with their offers and lead times,
in three queries of plain columns (no ORM entities, no related rows the page does not show)."""

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from sqlmodel import Session, select

from storage.case_listing import PAGE_SIZE, Sorting, hints_for, page_of
from storage.models import Case, Coordinator, Municipality, Offer
from storage.uow import visible_cases
from workflow.clock import local_today
from workflow.guards import Actor
from workflow.lead_times import LeadTimes, lead_times
from workflow.phases import Phase

INBOX_SORTS = ("zaak", "gemeente", "aangemeld")
OLDEST_FIRST = Sorting("aangemeld")


@dataclass(frozen=True)
class OfferLine:
    coordinator: str
    deadline: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class InboxPage:
    rows: list[dict]
    total: int
    page: int
    pages: int


def inbox_page(
    session: Session,
    actor: Actor,
    now: dt.datetime,
    page: int = 1,
    size: int = PAGE_SIZE,
    sorting: Sorting = OLDEST_FIRST,
) -> InboxPage:
    """Applications (phase aanmelding) the actor may see, oldest first (or as sorted), one page at a time."""
    scope = visible_cases(actor).where(Case.phase == Phase.AANMELDING)
    columns = scope.with_only_columns(Case.id, Case.ref, Case.application_date, Case.municipality_id)
    shown = page_of(session, columns, sorting, page, size)
    cases, total, page, pages = shown.rows, shown.total, shown.page, shown.pages
    ids = [c.id for c in cases]
    offers: dict[int, list] = {}
    if ids:
        for row in session.exec(
            select(Offer.case_id, Offer.coordinator_id, Offer.offered_at, Offer.deadline, Offer.state)
            .where(Offer.case_id.in_(ids))
            .order_by(Offer.id)
        ):
            offers.setdefault(row.case_id, []).append(row)
    places = dict(
        session.exec(
            select(Municipality.id, Municipality.name).where(
                Municipality.id.in_({c.municipality_id for c in cases} or {-1})
            )
        ).all()
    )
    coordinator_ids = {o.coordinator_id for rows in offers.values() for o in rows if o.state == "open"}
    names = dict(
        session.exec(select(Coordinator.id, Coordinator.name).where(Coordinator.id.in_(coordinator_ids or {-1}))).all()
    )
    today = local_today(now)
    hints = hints_for(session, set(ids))
    rows = []
    for c in cases:
        mine = offers.get(c.id, [])
        first = min((o.offered_at for o in mine), default=None)
        open_offer = next((o for o in mine if o.state == "open"), None)
        lead: LeadTimes = lead_times(c.application_date, local_today(first) if first else None, None, None, today)
        rows.append(
            {
                "case": SimpleNamespace(id=c.id, ref=c.ref, application_date=c.application_date),
                "municipality": places.get(c.municipality_id, ""),
                "hint": hints[c.id],
                "age": (today - c.application_date).days,
                "offer": OfferLine(
                    names.get(open_offer.coordinator_id, "?"), open_offer.deadline, open_offer.deadline < now
                )
                if open_offer
                else None,
                "lead": lead,
            }
        )
    return InboxPage(rows, total, page, pages)
