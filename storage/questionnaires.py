"""Questionnaire links and responses: the tables, the event handler that makes a meeting's links, the
rate-limited submission, and the results per meeting and per year.

A link's token is never stored. Each link has a random nonce (secrets.token_urlsafe); the token is an HMAC of
that nonce under the app's secret key, and only the SHA-256 of the token is stored (and looked up). So a copy
of the database alone gives no working link, while the coordinator's page can show the link (and its QR code)
again at any time. Responses carry no name and no address: the IP address is kept only as a keyed hash, for
the rate limit and the anomaly check, and is blanked after a day.
"""

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, Session, SQLModel, func, select, update

from storage.engine import WRITE
from storage.models import Case
from storage.types import UTCDateTime
from workflow import events
from workflow import questionnaires as qn
from workflow.case import record_date
from workflow.clock import local_today
from workflow.questionnaires import results as qr

DEFAULT_DAYS = 30  # how long a new link stays open (KRING_VRAGENLIJST_DAGEN)
WINDOW = dt.timedelta(hours=1)
FLAG_AFTER = 10  # more than this many responses from one address in an hour (over all links): stored as suspect
MAX_PER_LINK = 30  # more than this many from one address to one link in an hour: refused, nothing stored
IP_HASH_KEPT = dt.timedelta(days=1)
STORED, FLAGGED, DUPLICATE, LIMITED = "opgeslagen", "verdacht", "dubbel", "te_veel"


class QuestionnaireLink(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    nonce: str = Field(max_length=64)
    case_id: int = Field(foreign_key="case.id", index=True)
    meeting_number: int
    meeting_date: dt.date | None = Field(default=None, index=True)
    form: str = Field(max_length=20)
    version: str = Field(max_length=10)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    handed_out: int | None = None

    __table_args__ = (sa.UniqueConstraint("case_id", "meeting_number", "form", name="uq_questionnaire_link"),)

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires_at


class QuestionnaireResponse(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="questionnairelink.id", index=True)
    submitted_at: dt.datetime = Field(sa_type=UTCDateTime)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    ip_hash: str = Field(default="", max_length=64)
    flagged: bool = False
    form_nonce: str = Field(max_length=64, unique=True)  # one stored response per rendered form

    __table_args__ = (sa.Index("ix_questionnaireresponse_ip_at", "ip_hash", "submitted_at"),)


# ------------------------------------------------------------------------------------------- keys and tokens


def _token_for(nonce: str, key: str) -> str:
    digest = hmac.new(key.encode(), b"vragenlijst:" + nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ip_hash(ip: str, key: str) -> str:
    return hmac.new(key.encode(), b"ip:" + ip.encode(), hashlib.sha256).hexdigest()


def link_token(link: QuestionnaireLink, key: str) -> str | None:
    """The link's token, rebuilt; None when the secret key changed since (the link still works, but can no
    longer be shown: renew it)."""
    token = _token_for(link.nonce, key)
    return token if hmac.compare_digest(_hash(token), link.token_hash) else None


def find_link(session: Session, token: str) -> QuestionnaireLink | None:
    """The link of `token`, or None for a token that was never issued (forged, mistyped, renewed)."""
    if not token or len(token) > 100:
        return None
    return session.exec(select(QuestionnaireLink).where(QuestionnaireLink.token_hash == _hash(token))).first()


def _new_nonce_and_hash(key: str) -> tuple[str, str]:
    nonce = secrets.token_urlsafe(32)
    return nonce, _hash(_token_for(nonce, key))


# ---------------------------------------------------------------------------------------------- the handler


EVENTS = (events.MeetingHeld, events.MeetingDateCorrected)  # what on_event handles, for web.bootstrap


def on_event(uow: Any, event: Any, *, key: str, days: int = DEFAULT_DAYS) -> None:
    """Make a held meeting's links (one per form type), or move their date with a corrected meeting date."""
    if isinstance(event, events.MeetingHeld):
        ensure_links(uow.session, event.case_id, event.meeting_number, uow.clock.now(), key=key, days=days)
    elif isinstance(event, events.MeetingDateCorrected):
        for link in _links(uow.session, event.case_id, event.meeting_number):
            link.meeting_date = event.meeting_date
            uow.session.add(link)


def ensure_links(
    session: Session, case_id: int, meeting_number: int, now: dt.datetime, *, key: str, days: int = DEFAULT_DAYS
) -> list[QuestionnaireLink]:
    """The meeting's links, created where missing (a second call for the same meeting changes nothing)."""
    existing = {link.form: link for link in _links(session, case_id, meeting_number)}
    case = session.get(Case, case_id)
    meeting = (
        next((m for m in (case.record or {}).get("bijeenkomsten", []) if m.get("nummer") == meeting_number), {})
        if case
        else {}
    )
    for form in qn.FORM_TYPES:
        if form in existing:
            continue
        nonce, token_hash = _new_nonce_and_hash(key)
        link = QuestionnaireLink(
            token_hash=token_hash,
            nonce=nonce,
            case_id=case_id,
            meeting_number=meeting_number,
            meeting_date=record_date(meeting.get("datum")) or local_today(now),
            form=form,
            version=qn.CURRENT_VERSION,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        session.add(link)
        existing[form] = link
    session.flush()
    return [existing[form] for form in qn.FORM_TYPES]


def renew_link(
    session: Session, link: QuestionnaireLink, now: dt.datetime, *, key: str, days: int = DEFAULT_DAYS
) -> None:
    """A new token for the link (the old one stops working) and a new period; its answers stay."""
    link.nonce, link.token_hash = _new_nonce_and_hash(key)
    link.expires_at = now + dt.timedelta(days=days)
    session.add(link)


def links_for_case(session: Session, case_id: int) -> list[QuestionnaireLink]:
    order = {form: i for i, form in enumerate(qn.FORM_TYPES)}
    links = session.exec(select(QuestionnaireLink).where(QuestionnaireLink.case_id == case_id)).all()
    return sorted(links, key=lambda link: (-link.meeting_number, order.get(link.form, 9)))


def _links(session: Session, case_id: int, meeting_number: int) -> list[QuestionnaireLink]:
    return list(
        session.exec(
            select(QuestionnaireLink).where(
                QuestionnaireLink.case_id == case_id, QuestionnaireLink.meeting_number == meeting_number
            )
        ).all()
    )


# ------------------------------------------------------------------------------------------------ submitting


def submit(
    engine: sa.Engine, link_id: int, answers: dict[str, Any], ip: str, form_nonce: str, now: dt.datetime, *, key: str
) -> str:
    """Store one validated response in one write transaction: STORED, FLAGGED (stored but left out of the
    figures), DUPLICATE (this rendered form was already stored; nothing stored) or LIMITED (nothing stored)."""
    address = ip_hash(ip, key)
    nonce_hash = hashlib.sha256(form_nonce.encode()).hexdigest()
    with Session(engine) as session:
        session.connection(execution_options=WRITE)  # SQLite: BEGIN IMMEDIATE, so counts and insert are one
        session.exec(
            update(QuestionnaireResponse)
            .where(QuestionnaireResponse.submitted_at < now - IP_HASH_KEPT, QuestionnaireResponse.ip_hash != "")
            .values(ip_hash="")
        )
        if (
            session.exec(select(QuestionnaireResponse.id).where(QuestionnaireResponse.form_nonce == nonce_hash)).first()
            is not None
        ):
            session.commit()
            return DUPLICATE
        recent = (QuestionnaireResponse.ip_hash == address) & (QuestionnaireResponse.submitted_at > now - WINDOW)
        to_link = session.exec(
            select(func.count())
            .select_from(QuestionnaireResponse)
            .where(recent, QuestionnaireResponse.link_id == link_id)
        ).one()
        if to_link >= MAX_PER_LINK:
            session.commit()
            return LIMITED
        overall = session.exec(select(func.count()).select_from(QuestionnaireResponse).where(recent)).one()
        flagged = overall >= FLAG_AFTER
        session.add(
            QuestionnaireResponse(
                link_id=link_id,
                submitted_at=now,
                answers=answers,
                ip_hash=address,
                flagged=flagged,
                form_nonce=nonce_hash,
            )
        )
        session.commit()
        return FLAGGED if flagged else STORED


def set_handed_out(session: Session, link: QuestionnaireLink, count: int | None) -> None:
    link.handed_out = count
    session.add(link)


# A unit of work per change from the coordinator's page; `uow` is a storage.uow.SqlUnitOfWork (which imports
# this module for its event handler, hence no annotation).


def make_links(uow: Any, case_id: int, meeting_number: int, *, key: str, days: int = DEFAULT_DAYS) -> None:
    """The links of a meeting recorded before questionnaires existed."""
    with uow:
        ensure_links(uow.session, case_id, meeting_number, uow.clock.now(), key=key, days=days)
        uow.commit()


def record_handed_out(uow: Any, case_id: int, link_id: int, count: int | None) -> QuestionnaireLink | None:
    """How many paper forms were handed out for a link of this case; None when the case has no such link."""
    with uow:
        link = _case_link(uow.session, case_id, link_id)
        if link is None:
            return None
        set_handed_out(uow.session, link, count)
        uow.commit()
        return link


def renew_case_link(uow: Any, case_id: int, link_id: int, *, key: str, days: int = DEFAULT_DAYS) -> bool:
    """A new token and period for a link of this case; False when the case has no such link."""
    with uow:
        link = _case_link(uow.session, case_id, link_id)
        if link is None:
            return False
        renew_link(uow.session, link, uow.clock.now(), key=key, days=days)
        uow.commit()
        return True


def _case_link(session: Session, case_id: int, link_id: int) -> QuestionnaireLink | None:
    link = session.get(QuestionnaireLink, link_id)
    return link if link is not None and link.case_id == case_id else None


# --------------------------------------------------------------------------------------------------- results


@dataclass
class LinkResults:
    """One link's results; `withheld` when too few answered to show them (qr.MIN_RESPONSES), and then the
    results hold the counts only."""

    link: QuestionnaireLink
    results: qr.GroupResults
    flagged: int = 0
    withheld: bool = False


@dataclass
class MeetingResults:
    """One meeting's links and their results (for the coordinator's own feedback)."""

    meeting_number: int
    meeting_date: dt.date | None
    forms: list[LinkResults] = field(default_factory=list)

    @property
    def returned(self) -> int:
        return sum(f.results.responses for f in self.forms)

    @property
    def handed_out(self) -> int | None:
        given = [f.link.handed_out for f in self.forms if f.link.handed_out is not None]
        return sum(given) if given else None

    @property
    def response_rate(self) -> float | None:
        counted = [f for f in self.forms if f.link.handed_out]
        handed = sum(f.link.handed_out for f in counted)
        return round(100 * sum(f.results.responses for f in counted) / handed, 1) if handed else None


def meeting_results(session: Session, case_id: int) -> list[MeetingResults]:
    """Per meeting (newest first) and per form: counts, percentages, mean grades and the free texts."""
    links = links_for_case(session, case_id)
    responses = _responses(session, [link.id for link in links])
    meetings: dict[int, MeetingResults] = {}
    for link in links:
        mine = responses.get(link.id, [])
        counted = [_submission(link, r) for r in mine if not r.flagged]
        withheld = qr.too_few(len(counted))
        results = qr.summarize(link.form, counted, handed_out=link.handed_out, with_texts=True)
        if withheld:  # the counts stay (how many answered); nothing of what they answered leaves here
            empty = qr.summarize(link.form, [], handed_out=link.handed_out)
            results = replace(empty, responses=len(counted), response_rate=_rate(len(counted), link.handed_out))
        meeting = meetings.setdefault(link.meeting_number, MeetingResults(link.meeting_number, link.meeting_date))
        meeting.forms.append(LinkResults(link, results, flagged=sum(1 for r in mine if r.flagged), withheld=withheld))
    return list(meetings.values())


def _rate(returned: int, handed_out: int | None) -> float | None:
    return round(100 * returned / handed_out, 1) if handed_out else None


def questionnaire_results(session: Session, year: int, case_filter: Any = None) -> qr.QuestionnaireResults:
    """The figures of the meetings held in `year` (the meeting's date; a corrected date moves with it).

    `case_filter`: an optional SQLAlchemy condition on storage.models.Case, e.g. `Case.region_id == 3` or
    `Case.province == "Overijssel"`. Flagged (suspect) responses are counted in `flagged` only.
    The response rate counts only links whose handed-out number was entered."""
    query = (
        select(QuestionnaireLink)
        .join(Case, Case.id == QuestionnaireLink.case_id)
        .where(
            QuestionnaireLink.meeting_date >= dt.date(year, 1, 1),
            QuestionnaireLink.meeting_date <= dt.date(year, 12, 31),
        )
    )
    if case_filter is not None:
        query = query.where(case_filter)
    links = list(session.exec(query).all())
    responses = _responses(session, [link.id for link in links])
    groups: dict[str, qr.GroupResults] = {}
    flagged, versions = 0, set()
    for form in qn.FORM_TYPES:
        mine = [link for link in links if link.form == form]
        submissions, returned_counted = [], 0
        for link in mine:
            counted = [r for r in responses.get(link.id, []) if not r.flagged]
            flagged += len(responses.get(link.id, [])) - len(counted)
            submissions += [_submission(link, r) for r in counted]
            if link.handed_out is not None:
                returned_counted += len(counted)
            if counted:
                versions.add(f"{form} {link.version}")
        handed = [link.handed_out for link in mine if link.handed_out is not None]
        groups[form] = qr.summarize(
            form, submissions, handed_out=sum(handed) if handed else None, returned=returned_counted
        )
    return qr.QuestionnaireResults(year=year, groups=groups, flagged=flagged, version_notes=tuple(sorted(versions)))


def suspect_responses(
    session: Session, case_id: int | None = None
) -> list[tuple[QuestionnaireResponse, QuestionnaireLink]]:
    """Flagged responses (newest first), for admins: shown as "verdacht", never in the figures."""
    query = (
        select(QuestionnaireResponse, QuestionnaireLink)
        .join(QuestionnaireLink, QuestionnaireLink.id == QuestionnaireResponse.link_id)
        .where(QuestionnaireResponse.flagged)
    )
    if case_id is not None:
        query = query.where(QuestionnaireLink.case_id == case_id)
    return list(session.exec(query.order_by(QuestionnaireResponse.submitted_at.desc())).all())


def _responses(session: Session, link_ids: Iterable[int]) -> dict[int, list[QuestionnaireResponse]]:
    ids = list(link_ids)
    found: dict[int, list[QuestionnaireResponse]] = {}
    if not ids:
        return found
    query = (
        select(QuestionnaireResponse).where(QuestionnaireResponse.link_id.in_(ids)).order_by(QuestionnaireResponse.id)
    )
    for response in session.exec(query).all():
        found.setdefault(response.link_id, []).append(response)
    return found


def _submission(link: QuestionnaireLink, response: QuestionnaireResponse) -> qr.Submission:
    return qr.Submission(link.form, link.version, response.answers or {}, (link.case_id, link.meeting_number))
