"""The reads behind "Vandaag", each role's home page: what is due, waiting, coming up or late, in a few lean
queries of plain columns. Scope always starts from storage.uow.visible_cases, as the lists do; the
coordinator's own parts (meetings, completeness) narrow it further to the cases they hold."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func, select

from storage.matching import ACTIVE_PHASES
from storage.models import Case, Coordinator, CoordinatorRegion, Municipality, Offer
from storage.reminders import PENDING, Reminder
from storage.settings import load_timings
from storage.uow import visible_cases
from workflow import reminder_rules as rules
from workflow.case import record_date
from workflow.clock import AMSTERDAM, local_today
from workflow.guards import Actor
from workflow.lead_times import OFFER_TARGET_DAYS, START_TARGET_DAYS
from workflow.phases import Phase, Role
from workflow.registration import completeness, expected_outcome

# The indexes these reads lean on (made by migration 0009_today; declared here so the metadata knows them).
sa.Index("ix_case_phase_region", Case.phase, Case.region_id, Case.application_date)
sa.Index("ix_case_coordinator_phase", Case.coordinator_id, Case.phase)
sa.Index("ix_offer_case_state", Offer.case_id, Offer.state, Offer.answered_at)

SHOWN = 10  # rows per list; the count says how many more there are, the list page has them all
WEEK = 7  # "this week": today and the six days after it
MEETING, FOLLOW_UP = "meeting", "follow_up"
MOMENT_LABELS = {MEETING: "Bijeenkomst", FOLLOW_UP: "Follow-up gesprek"}
CLOSING_PHASES = (Phase.NAZORG, Phase.VERVOLGCONFERENTIE)  # after the meeting: the registration should fill up


@dataclass(frozen=True)
class Listing:
    """Some rows of a list and how many there are in all."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Moment:
    """A scheduled moment of a case: a planned meeting (a day) or a follow-up call (a due moment). Only the
    case's reference and the kind: also what the calendar feed carries."""

    kind: str
    case_id: int
    case_ref: str
    day: dt.date
    at: dt.datetime | None = None  # the due moment of a follow-up call; a meeting has a day only
    key: str = ""  # stable per moment (the calendar's UID)

    @property
    def label(self) -> str:
        return MOMENT_LABELS[self.kind]


@dataclass
class Today:
    """Everything "Vandaag" shows; lists a role does not get stay None."""

    tasks: Listing
    offers: list[dict] | None = None
    coming: list[Moment] | None = None
    incomplete: list[dict] | None = None
    inbox: Listing | None = None
    late_offers: Listing | None = None
    late_lead: Listing | None = None
    late_follow_ups: Listing | None = None
    load: list[dict] | None = None


def today_for(session: Session, actor: Actor, now: dt.datetime) -> Today:
    """The page's data for `actor` at `now`."""
    page = Today(tasks=due_tasks(session, actor.user_id, now))
    if actor.role is Role.COORDINATOR and actor.coordinator_id is None:  # no profile: nothing is theirs
        page.offers, page.coming, page.incomplete = [], [], []
    elif actor.role is Role.COORDINATOR:
        page.offers = waiting_offers(session, actor)
        page.coming = coming_up(session, actor, local_today(now))
        page.incomplete = incomplete_cases(session, actor)
    else:
        page.inbox = new_applications(session, actor)
        page.late_offers = offers_past_deadline(session, actor, now)
        page.late_lead = late_lead_times(session, actor, now)
        page.late_follow_ups = overdue_follow_ups(session, actor, now)
        page.load = coordinator_load(session, actor)
    return page


def _scoped(actor: Actor, *columns: Any):
    """visible_cases(actor) reading only `columns` (joins hang off Case)."""
    return visible_cases(actor).with_only_columns(*columns).select_from(Case)


def _listing(session: Session, query: Any, limit: int = SHOWN) -> Listing:
    """The first `limit` rows of `query` and the count of all, in one round trip: the count is a window over
    the whole result (computed before the LIMIT, and after any GROUP BY)."""
    rows = session.execute(query.add_columns(func.count().over()).limit(limit)).all()
    total = rows[0][-1] if rows else 0
    return Listing([_Row(row._fields[:-1], tuple(row)[:-1]) for row in rows], total)


class _Row(tuple):
    """A plain result row without its window count: a tuple whose columns can also be read by name."""

    def __new__(cls, fields: tuple[str, ...], values: tuple) -> "_Row":
        made = super().__new__(cls, values)
        made._names = {name: index for index, name in enumerate(fields)}
        return made

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._names[name]]
        except KeyError:
            raise AttributeError(name) from None


# --- every role ---------------------------------------------------------------------------------------------


def due_tasks(session: Session, user_id: int, now: dt.datetime, limit: int = SHOWN) -> Listing:
    """The user's tasks whose moment has come (storage.reminders.tasks_for), oldest first."""
    query = (
        select(Reminder.id, Reminder.kind, Reminder.due_at, Case.id.label("case_id"), Case.ref)
        .join(Case, Case.id == Reminder.case_id)
        .where(Reminder.user_id == user_id, Reminder.state.in_(PENDING), Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return _listing(session, query, limit)


# --- the coordinator ----------------------------------------------------------------------------------------


def waiting_offers(session: Session, actor: Actor) -> list[dict]:
    """Offers waiting for this coordinator's answer: the question, the municipality, the wishes, the deadline."""
    query = (
        _scoped(actor, Offer.id, Offer.deadline, Case.id, Case.ref, Case.question, Case.wishes, Municipality.name)
        .join(Offer, Offer.case_id == Case.id)
        .join(Municipality, Municipality.id == Case.municipality_id)
        .where(Offer.coordinator_id == actor.coordinator_id, Offer.state == "open")
        .order_by(Offer.deadline, Offer.id)
    )
    return [
        {
            "offer_id": offer_id,
            "deadline": deadline,
            "case_id": case_id,
            "ref": ref,
            "question": question or "",
            "wishes": wishes or {},
            "municipality": place,
        }
        for offer_id, deadline, case_id, ref, question, wishes, place in session.execute(query)
    ]


def moments_of(session: Session, actor: Actor, first: dt.date | None, last: dt.date | None) -> list[Moment]:
    """The user's scheduled moments from day `first` to `last` (None: no bound), by date: the planned meetings
    of the cases they coordinate, and their own follow-up calls not yet done."""
    moments = planned_meetings(session, actor) + follow_up_moments(session, actor.user_id)
    return sorted(
        (m for m in moments if (first is None or m.day >= first) and (last is None or m.day <= last)),
        key=lambda m: (m.day, m.at or dt.datetime.min.replace(tzinfo=dt.UTC), m.case_ref, m.kind),
    )


def coming_up(session: Session, actor: Actor, today: dt.date) -> list[Moment]:
    """This week's moments: follow-up calls from today (earlier ones are tasks already) and planned meetings
    up to the week's end, also one whose day passed without the meeting being recorded (still to do)."""
    moments = moments_of(session, actor, None, today + dt.timedelta(days=WEEK - 1))
    return [m for m in moments if m.kind == MEETING or m.day >= today]


def planned_meetings(session: Session, actor: Actor) -> list[Moment]:
    """The planned (not yet held) meetings of the cases `actor` coordinates; none for other roles."""
    if actor.coordinator_id is None:
        return []
    query = _scoped(actor, Case.id, Case.ref, Case.record).where(
        Case.coordinator_id == actor.coordinator_id, Case.phase == Phase.FORMELE_BIJEENKOMST
    )
    moments = []
    for case_id, ref, record in session.execute(query):
        day = record_date(((record or {}).get("geplande_bijeenkomst") or {}).get("datum"))
        if day is not None:
            moments.append(Moment(MEETING, case_id, ref, day, key=f"meeting-{case_id}-{day.isoformat()}"))
    return moments


def follow_up_moments(session: Session, user_id: int) -> list[Moment]:
    """The user's own follow-up calls that are not yet done (due or to come), on open cases."""
    query = (
        select(Reminder.id, Reminder.due_at, Case.id, Case.ref)
        .join(Case, Case.id == Reminder.case_id)
        .where(
            Reminder.user_id == user_id,
            Reminder.kind.in_(rules.FOLLOW_UP_KINDS),
            Reminder.state.in_(PENDING),
            Case.phase != Phase.AFGESLOTEN,
        )
    )
    return [
        Moment(FOLLOW_UP, case_id, ref, local_today(due), at=due, key=f"follow-up-{reminder_id}")
        for reminder_id, due, case_id, ref in session.execute(query)
    ]


def follow_up_dates(session: Session, case_ids: set[int]) -> dict[int, dt.datetime]:
    """The planned moment of each case's coordinator follow-up call that is not yet done."""
    if not case_ids:
        return {}
    due = sa.type_coerce(func.min(Reminder.due_at), Reminder.__table__.c.due_at.type)
    query = (
        select(Reminder.case_id, due)
        .where(
            Reminder.case_id.in_(case_ids),
            Reminder.kind == rules.FOLLOW_UP_MAIN_PERSON,
            Reminder.state.in_(PENDING),
        )
        .group_by(Reminder.case_id)
    )
    return dict(session.execute(query).all())


def incomplete_cases(session: Session, actor: Actor) -> list[dict]:
    """The coordinator's cases after their meeting whose registration still lacks something (what closing
    will ask, workflow.registration.completeness), with what is missing."""
    query = (
        visible_cases(actor)
        .where(Case.coordinator_id == actor.coordinator_id, Case.phase.in_(CLOSING_PHASES))
        .order_by(Case.ref)
    )
    rows = []
    for case in session.exec(query):
        missing = completeness(case, expected_outcome(case))
        if missing:
            rows.append({"case_id": case.id, "ref": case.ref, "phase": Phase(case.phase), "missing": missing})
    return rows


# --- the regiomanager and the bureau ------------------------------------------------------------------------


def new_applications(session: Session, actor: Actor) -> Listing:
    """Applications (phase aanmelding) without an offer waiting for an answer: the inbox's work, oldest first."""
    waiting = select(Offer.case_id).where(Offer.state == "open")
    query = (
        _scoped(actor, Case.id, Case.ref, Case.application_date, Municipality.name)
        .join(Municipality, Municipality.id == Case.municipality_id)
        .where(Case.phase == Phase.AANMELDING, Case.id.not_in(waiting))
        .order_by(Case.application_date, Case.id)
    )
    return _listing(session, query)


def offers_past_deadline(session: Session, actor: Actor, now: dt.datetime) -> Listing:
    """Open offers whose answer is late, longest late first, with the coordinator's name."""
    query = (
        _scoped(actor, Case.id, Case.ref, Offer.deadline, Coordinator.name)
        .join(Offer, Offer.case_id == Case.id)
        .join(Coordinator, Coordinator.id == Offer.coordinator_id)
        .where(Offer.state == "open", Offer.deadline < now)
        .order_by(Offer.deadline, Offer.id)
    )
    return _listing(session, query)


def late_lead_times(session: Session, actor: Actor, now: dt.datetime) -> Listing:
    """Cases running over a lead-time target now (workflow.lead_times): no offer yet more than
    OFFER_TARGET_DAYS after the application, or no informatief gesprek more than START_TARGET_DAYS after the
    acceptance. Rows: (case id, ref, since, which)."""
    today = local_today(now)
    offer_cutoff = today - dt.timedelta(days=OFFER_TARGET_DAYS)
    start_cutoff = _local_midnight(today - dt.timedelta(days=START_TARGET_DAYS))

    def accepted(*before: Any) -> Any:  # the case's accepted offers (correlated: one index probe per case)
        return select(Offer.id).where(Offer.case_id == Case.id, Offer.state == "accepted", *before)

    first_accepted = select(func.min(Offer.answered_at)).where(accepted().whereclause).scalar_subquery()
    no_offer = (
        _scoped(actor, Case.id, Case.ref, Case.application_date, sa.literal("offer"))
        .where(Case.phase == Phase.AANMELDING, Case.application_date < offer_cutoff)
        .where(~sa.exists().where(Offer.case_id == Case.id))
    )
    no_visit = _scoped(actor, Case.id, Case.ref, first_accepted, sa.literal("start")).where(
        Case.phase == Phase.INFORMATIEF_GESPREK, accepted(Offer.answered_at < start_cutoff).exists()
    )
    offers = _listing(session, no_offer.order_by(Case.application_date, Case.id))
    starts = _listing(session, no_visit.order_by(first_accepted, Case.id))
    rows = [(cid, ref, since, which) for cid, ref, since, which in offers.rows]
    rows += [(cid, ref, local_today(_utc(since)), which) for cid, ref, since, which in starts.rows]
    return Listing(rows[:SHOWN], offers.total + starts.total)


def overdue_follow_ups(session: Session, actor: Actor, now: dt.datetime) -> Listing:
    """Cases whose coordinator's follow-up call is still not done `overdue_days` after it fell due (the
    moment the regiomanager is warned), longest late first. Rows: (case id, ref, due, coordinator)."""
    limit = now - dt.timedelta(days=load_timings(session).overdue_days)
    due = sa.type_coerce(func.min(Reminder.due_at), Reminder.__table__.c.due_at.type)
    query = (
        _scoped(actor, Case.id, Case.ref, due, Coordinator.name)
        .join(Reminder, Reminder.case_id == Case.id)
        .outerjoin(Coordinator, Coordinator.id == Case.coordinator_id)
        .where(
            Reminder.kind == rules.FOLLOW_UP_MAIN_PERSON,
            Reminder.state.in_(PENDING),
            Reminder.due_at <= limit,
            Case.phase != Phase.AFGESLOTEN,
        )
        .group_by(Case.id, Case.ref, Coordinator.name)
        .order_by(due, Case.id)
    )
    return _listing(session, query)


def coordinator_load(session: Session, actor: Actor) -> list[dict]:
    """The active coordinators of the actor's regions (the bureau: all), with their open cases against their
    capacity, fullest first. The count is the coordinator's whole load, as matching counts it."""
    cases = (
        select(func.count())
        .select_from(Case)
        .where(Case.coordinator_id == Coordinator.id, Case.phase.in_(ACTIVE_PHASES))
        .scalar_subquery()
    )
    coordinators = select(Coordinator.id, Coordinator.name, Coordinator.capacity, cases).where(Coordinator.active)
    if actor.role is not Role.ADMIN:
        serving = select(CoordinatorRegion.coordinator_id).where(
            CoordinatorRegion.region_id.in_(actor.region_ids or {-1})
        )
        coordinators = coordinators.where(Coordinator.id.in_(serving))
    load = [
        {"id": cid, "name": name, "capacity": capacity, "cases": count, "full": count >= capacity}
        for cid, name, capacity, count in session.execute(coordinators)
    ]
    return sorted(load, key=lambda row: (-(row["cases"] - row["capacity"]), row["name"]))


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=AMSTERDAM).astimezone(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    """A moment read through a subquery (SQLite hands it back without a zone: stored as UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
