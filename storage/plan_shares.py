"""The plan shared by personal link and one-time code (workflow/plan_sharing.py): the stored document, one
share per recipient, and every open.

Only hashes are stored: the link's token as SHA-256 (a database copy opens nothing), the code as SHA-256 of
token and code together (six digits alone would be guessed from a copy in a second; with the token, which is
not stored, they cannot be). The PDF is made once at sending and kept, so everyone reads the same plan; the
retention removes it with the shares and their opens (remove_for_case)."""

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, delete, func, select

from storage.models import Case
from storage.types import UTCDateTime
from workflow import plan_sharing as sharing
from workflow.clock import local_today
from workflow.errors import CaseNotFound
from workflow.guards import Actor
from workflow.machine import HistoryEntry

TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
_CODE_SHAPE = re.compile(r"[0-9]{6}")
BY_SMS, BY_COORDINATOR = "sms", "coordinator"
# Why a link does not open, as its page says it.
UNKNOWN, EXPIRED, REVOKED, LOCKED = "onbekend", "verlopen", "ingetrokken", "geblokkeerd"
WRONG, MALFORMED = "fout", "onleesbaar"


class PlanShareDocument(SQLModel, table=True):
    """The plan as it was sent: one PDF per sending, read by each of that sending's shares."""

    __tablename__ = "plan_share_document"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    pdf: bytes = Field(sa_type=sa.LargeBinary)


class PlanShare(SQLModel, table=True):
    """One recipient's link: to whom, the hashes, until when, who sent it, and whether it was revoked or locked."""

    __tablename__ = "plan_share"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    document_id: int = Field(foreign_key="plan_share_document.id", index=True)
    recipient_name: str = Field(max_length=120)
    recipient_email: str = Field(max_length=254)
    recipient_mobile: str | None = Field(default=None, max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    code_hash: str = Field(max_length=64)
    code_via: str = Field(default=BY_COORDINATOR, max_length=12)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    locked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    wrong_codes: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_by_name: str = Field(max_length=120)


class PlanShareOpen(SQLModel, table=True):
    """One opening of a shared plan with the right code (the time only: no address is kept)."""

    __tablename__ = "plan_share_open"

    id: int | None = Field(default=None, primary_key=True)
    share_id: int = Field(foreign_key="plan_share.id", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime)


@dataclass(frozen=True)
class NewShare:
    """A share just made: the token and the code are here once (for the mail and the SMS), never stored."""

    share_id: int
    recipient: sharing.Recipient
    token: str
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class ShareRow:
    """A share as the case's list shows it."""

    id: int
    name: str
    email: str
    mobile: str | None
    code_via: str
    created_at: dt.datetime
    created_by: str
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    locked_at: dt.datetime | None
    opens: int
    last_open: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        return _state(self.revoked_at, self.locked_at, self.expires_at, now) or "open"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _code_hash(token: str, code: str) -> str:
    return digest(f"{token}:{code}")


def new_code() -> str:
    return f"{secrets.randbelow(10**sharing.CODE_DIGITS):0{sharing.CODE_DIGITS}d}"


def share_plan(
    uow: Any, case_id: int, actor: Actor, recipients: Sequence[sharing.Recipient], make_pdf: Callable[[Any], bytes]
) -> list[NewShare]:
    """Make the plan's PDF once and a share per recipient, note the sending in the registration and the
    history, in one transaction. NotPermitted, TriggerNotAllowedHere or CaseNotFound when it may not."""
    with uow:
        case = uow.cases.get_for(actor, case_id)
        sharing.check_may_share(actor, case)
        sharing.check_can_be_shared(case)
        now = uow.clock.now()
        session = uow.session
        document = PlanShareDocument(case_id=case.id, created_at=now, pdf=make_pdf(case))
        session.add(document)
        session.flush()
        made = [_new_share(session, case.id, document.id, recipient, actor, now) for recipient in recipients]
        sharing.note_plan_sent(case, [r.name for r in recipients], local_today(now))
        uow.cases.touch(case, now)
        entry = HistoryEntry(sharing.HISTORY_TRIGGER, case.phase, case.phase, sharing.history_text(recipients))
        uow.cases.add_history(case, actor, entry, now)
        uow.commit()
        return made


def _new_share(
    session: Session, case_id: int, document_id: int, recipient: sharing.Recipient, actor: Actor, now: dt.datetime
) -> NewShare:
    token, code = secrets.token_urlsafe(TOKEN_BYTES), new_code()
    expires = now + dt.timedelta(days=sharing.LINK_DAYS)
    share = PlanShare(
        case_id=case_id,
        document_id=document_id,
        recipient_name=recipient.name,
        recipient_email=recipient.email,
        recipient_mobile=recipient.mobile,
        token_hash=digest(token),
        code_hash=_code_hash(token, code),
        created_at=now,
        expires_at=expires,
        created_by_id=actor.user_id,
        created_by_name=(actor.name or "")[:120],
    )
    session.add(share)
    session.flush()
    return NewShare(share.id, recipient, token, code, expires)


def mark_code_sent_by_sms(session: Session, share_ids: Sequence[int]) -> None:
    """The codes that went out by SMS (the others the coordinator passes on)."""
    if share_ids:
        session.exec(sa.update(PlanShare).where(PlanShare.id.in_(list(share_ids))).values(code_via=BY_SMS))


def revoke(uow: Any, case_id: int, share_id: int, actor: Actor) -> PlanShare:
    """Revoke one link of the case; its page says so from now on. Revoking twice changes nothing."""
    with uow:
        case = uow.cases.get_for(actor, case_id)
        sharing.check_may_share(actor, case)
        share = uow.session.get(PlanShare, share_id)
        if share is None or share.case_id != case.id:
            raise CaseNotFound("Deze link bestaat niet (meer).")
        if share.revoked_at is None:
            now = uow.clock.now()
            share.revoked_at = now
            reason = f"Link naar het plan ingetrokken voor {share.recipient_name}"
            uow.cases.add_history(
                case, actor, HistoryEntry(sharing.REVOKE_TRIGGER, case.phase, case.phase, reason), now
            )
            uow.commit()
        return share


def find(session: Session, token: str) -> PlanShare | None:
    """The share of a link, or None for one that is malformed or not ours."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None
    return session.exec(select(PlanShare).where(PlanShare.token_hash == digest(token))).first()


def _state(revoked: Any, locked: Any, expires: dt.datetime, now: dt.datetime) -> str | None:
    if revoked is not None:
        return REVOKED
    if locked is not None:
        return LOCKED
    if now >= expires:
        return EXPIRED
    return None


def link_problem(share: PlanShare | None, now: dt.datetime) -> str | None:
    """Why this link shows no code form (UNKNOWN, REVOKED, LOCKED, EXPIRED), or None when it does."""
    if share is None:
        return UNKNOWN
    return _state(share.revoked_at, share.locked_at, share.expires_at, now)


@dataclass(frozen=True)
class Attempt:
    """What entering a code gave: the PDF (right code), or the problem and the tries left."""

    problem: str | None
    pdf: bytes | None = None
    ref: str = ""
    tries_left: int = 0


def try_code(uow: Any, token: str, code: str) -> Attempt:
    """Check a code: a right one records an open and gives the PDF; a wrong one counts, and the
    MAX_WRONG_CODES-th locks the link. The count is one conditional UPDATE, so parallel guesses all count."""
    with uow:
        session, now = uow.session, uow.clock.now()
        share = find(session, token)
        problem = link_problem(share, now)
        if problem:
            return Attempt(problem)
        code = re.sub(r"\s", "", code or "")
        if not _CODE_SHAPE.fullmatch(code):
            return Attempt(MALFORMED, tries_left=sharing.MAX_WRONG_CODES - share.wrong_codes)
        if hmac.compare_digest(share.code_hash, _code_hash(token, code)):
            return _opened(uow, share, now)
        return _wrong(uow, share, now)


def _opened(uow: Any, share: PlanShare, now: dt.datetime) -> Attempt:
    session = uow.session
    session.add(PlanShareOpen(share_id=share.id, at=now))
    share.wrong_codes = 0  # the owner's own typos before the right code
    document = session.get(PlanShareDocument, share.document_id)
    ref = session.get(Case, share.case_id).ref
    pdf = document.pdf
    uow.commit()
    return Attempt(None, pdf, ref)


def _wrong(uow: Any, share: PlanShare, now: dt.datetime) -> Attempt:
    session = uow.session
    session.exec(sa.update(PlanShare).where(PlanShare.id == share.id).values(wrong_codes=PlanShare.wrong_codes + 1))
    wrong = session.exec(select(PlanShare.wrong_codes).where(PlanShare.id == share.id)).one()
    if wrong >= sharing.MAX_WRONG_CODES:
        session.exec(
            sa.update(PlanShare).where(PlanShare.id == share.id, PlanShare.locked_at.is_(None)).values(locked_at=now)
        )
        uow.commit()
        return Attempt(LOCKED)
    uow.commit()
    return Attempt(WRONG, tries_left=sharing.MAX_WRONG_CODES - wrong)


def shares_of(session: Session, case_id: int) -> list[ShareRow]:
    """The case's shares, newest first, each with how often and when it was last opened."""
    opens = (
        select(PlanShareOpen.share_id, func.count().label("n"), func.max(PlanShareOpen.at).label("last"))
        .group_by(PlanShareOpen.share_id)
        .subquery()
    )
    query = (
        select(PlanShare, opens.c.n, opens.c.last)
        .outerjoin(opens, opens.c.share_id == PlanShare.id)
        .where(PlanShare.case_id == case_id)
        .order_by(PlanShare.created_at.desc(), PlanShare.id.desc())
    )
    rows = []
    for share, count, last in session.exec(query).all():
        last = _utc(last)
        rows.append(
            ShareRow(
                share.id,
                share.recipient_name,
                share.recipient_email,
                share.recipient_mobile,
                share.code_via,
                share.created_at,
                share.created_by_name,
                share.expires_at,
                share.revoked_at,
                share.locked_at,
                count or 0,
                last,
            )
        )
    return rows


def _utc(value: Any) -> dt.datetime | None:
    """func.max bypasses the column type: SQLite hands back naive UTC (or its text)."""
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def remove_for_case(session: Session, case_id: int) -> None:
    """Every share of the case, its opens and the stored PDFs (the retention's removal of personal data)."""
    ids = select(PlanShare.id).where(PlanShare.case_id == case_id)
    session.exec(delete(PlanShareOpen).where(PlanShareOpen.share_id.in_(ids)))
    session.exec(delete(PlanShare).where(PlanShare.case_id == case_id))
    session.exec(delete(PlanShareDocument).where(PlanShareDocument.case_id == case_id))
