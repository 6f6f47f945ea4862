"""Lead times of a case (doorlooptijden): days from the application to the first offer, to the acceptance,
and to the first visit (the informatief gesprek). Pure: plain dates in, figures and flags out."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from workflow.case import record_date
from workflow.clock import local_today

OFFER_TARGET_DAYS = 2  # an application is offered to a coordinator within two days
START_TARGET_DAYS = 2  # the first visit is within two days after the acceptance


@dataclass(frozen=True)
class LeadTimes:
    """Days per stretch; None when that moment has not come yet. `*_late` flags a stretch over its target,
    also while it is still running (the days so far are counted up to `today`)."""

    to_offer: int | None
    to_acceptance: int | None
    to_first_visit: int | None
    offer_running: int | None = None  # days waiting for a first offer, while there is none
    start_running: int | None = None  # days since acceptance, while there is no first visit
    offer_late: bool = False
    start_late: bool = False

    @property
    def late(self) -> bool:
        return self.offer_late or self.start_late


def lead_times(
    applied: dt.date, first_offer: dt.date | None, accepted: dt.date | None, first_visit: dt.date | None, today: dt.date
) -> LeadTimes:
    """The figures of one case from its dates (all local calendar days)."""
    to_offer = _days(applied, first_offer)
    to_acceptance = _days(applied, accepted)
    to_first_visit = _days(applied, first_visit)
    offer_running = (today - applied).days if first_offer is None else None
    start_running = (today - accepted).days if accepted is not None and first_visit is None else None
    offer_days = to_offer if to_offer is not None else offer_running
    start_days = _days(accepted, first_visit) if first_visit is not None else start_running
    return LeadTimes(
        to_offer=to_offer,
        to_acceptance=to_acceptance,
        to_first_visit=to_first_visit,
        offer_running=offer_running,
        start_running=start_running,
        offer_late=offer_days is not None and offer_days > OFFER_TARGET_DAYS,
        start_late=start_days is not None and accepted is not None and start_days > START_TARGET_DAYS,
    )


def lead_times_of(case: Any, now: dt.datetime) -> LeadTimes:
    """The figures of a stored (or fake) case: its application date, offers and record."""
    offers: Iterable[Any] = getattr(case, "offers", ()) or ()
    offered = [o.offered_at for o in offers if getattr(o, "offered_at", None) is not None]
    accepted = [o.answered_at for o in offers if o.state == "accepted" and getattr(o, "answered_at", None)]
    record = getattr(case, "record", None) or {}
    visit = record_date(record.get("informatief_gesprek_datum"))
    if not accepted and record.get("gestart_op"):
        accepted = [dt.datetime.fromisoformat(record["gestart_op"])]
    return lead_times(
        case.application_date,
        local_today(min(offered)) if offered else None,
        local_today(min(accepted)) if accepted else None,
        visit,
        local_today(now),
    )


def _days(start: dt.date | None, end: dt.date | None) -> int | None:
    if start is None or end is None:
        return None
    return max((end - start).days, 0)
