"""Removing the personal data of closed cases after the retention period (DOMAIN.md §9), and its one extension.

Design. Before anything is removed, the case's anonymous registration (registration-v1, exactly as
`storage.registrations.records_for_year` would build it live) is frozen into `Case.frozen_registration`;
`records_for_year` reads that copy for removed cases, so the yearly figures and the export do not move.
A column on the case rather than a row in `ImportedRegistration`: that table is for historic records from
outside (an import may overwrite or refuse them by ref), and a removed case is still a case in Kring.

What goes (every table that can hold it): the case's referrer name, organisation, phone and e-mail, its
question, concerns, conditions and wishes; the main persons' names and birth dates (the age at application is
written into the registration data first, so nothing derived changes); from the record the network list, the
"who must not meet whom" note, the planned meeting (address, invitees), the plan's agreements, the plan's
addressees, every free-text explanation (markers stay where the registration checks that a text was given)
and anything not known to be anonymous; the names in follow-up notes; the case's audit values of those fields;
typed reasons in the history (system lines keep their text, names blanked); follow-up notes in the reminders;
offer reasons; conflict-of-interest notes; free-text questionnaire answers (the grades and choices stay); the
plan's shared links (recipients' names and addresses), their opens and the sent PDFs.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from storage import plan_shares
from storage.audit import AuditEntry
from storage.engine import WRITE
from storage.matching import ConflictOfInterest
from storage.models import Case, CaseEvent, Municipality, Offer
from storage.questionnaires import QuestionnaireLink, QuestionnaireResponse
from storage.reminders import CANCELLED, PENDING, Reminder, schedule_retention_warning
from storage.report_tallies import store_cases
from workflow import questionnaires as qn
from workflow.errors import GuardRefused, Missing, NotPermitted, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_one
from workflow.guards import Actor
from workflow.machine import HistoryEntry
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork
from workflow.registration import age_of, person_extras, to_registration
from workflow.retention import (
    REMOVED,
    RetentionPeriod,
    earliest_closing_due,
    marked,
    name_pattern,
    names_of,
    redact,
    removal_date,
    removal_moment,
    scrub_record,
    scrub_record_value,
)
from workflow.usecases import ensure_version

log = logging.getLogger(__name__)

EXTENDED = "bewaartermijn_verlengd"
REMOVED_TRIGGER = "persoonsgegevens_verwijderd"
# History lines whose reason Kring writes itself: kept, with names blanked. Other reasons were typed: removed.
SYSTEM_TRIGGERS = frozenset({"aanmelding", "offer", "registratie", "update_case", REMOVED_TRIGGER})
CONTACT_COLUMNS = ("referrer_name", "referrer_organisation", "referrer_phone", "referrer_email")
TEXT_COLUMNS = ("question", "concerns", "conditions")
PERSONAL_COLUMNS = frozenset({*CONTACT_COLUMNS, *TEXT_COLUMNS, "wishes"})
PERSON_COLUMNS = ("name", "birth_date")
MAX_REASON = 2000
EXTENSION_REASON = FieldSpec("reden", "Reden", "text", max_length=MAX_REASON)
SYSTEM_ACTOR = "Kring (bewaartermijn)"
REASON_SEPARATOR = ". Reden: "


@dataclass(frozen=True)
class RetentionStatus:
    """When a closed case's personal data goes, whether it was extended, and whether it is gone."""

    removal_date: dt.date | None
    extended: bool
    removed_at: dt.datetime | None
    period: RetentionPeriod

    @property
    def can_extend(self) -> bool:
        return self.removal_date is not None and not self.extended and self.removed_at is None


def retention_status(case: Case, period: RetentionPeriod | None = None) -> RetentionStatus:
    """The retention state of `case` (no removal date while it is open)."""
    period = period or RetentionPeriod()
    extended = case.retention_extended_at is not None
    closed = Phase(case.phase) is Phase.AFGESLOTEN and case.closed_at is not None
    day = removal_date(case.closed_at, period, extended) if closed and case.personal_data_removed_at is None else None
    return RetentionStatus(day, extended, case.personal_data_removed_at, period)


# --- removal ------------------------------------------------------------------------------------------------


def purge_due(engine: sa.Engine, now: dt.datetime, period: RetentionPeriod | None = None) -> int:
    """Remove the personal data of every closed case past its removal moment; one transaction per case.
    Returns how many cases were done. A case changed meanwhile (reopened) is left for the next scan."""
    period = period or RetentionPeriod()
    with Session(engine) as session:
        rows = session.exec(
            select(Case.id, Case.closed_at, Case.retention_extended_at).where(
                Case.phase == Phase.AFGESLOTEN,
                Case.personal_data_removed_at.is_(None),
                Case.closed_at.is_not(None),
                Case.closed_at <= earliest_closing_due(now, period),
            )
        ).all()
    due = [
        case_id
        for case_id, closed_at, extended_at in rows
        if removal_moment(closed_at, period, extended_at is not None) <= now
    ]
    done = 0
    for case_id in due:
        try:
            done += _purge_one(engine, case_id, now, period)
        except StaleDataError:
            log.info("retention: case %s changed during removal; next scan", case_id)
        except Exception:  # one bad case must not stop the scan or the other cases
            log.exception("retention: removing the personal data of case %s failed", case_id)
    return done


def _purge_one(engine: sa.Engine, case_id: int, now: dt.datetime, period: RetentionPeriod) -> int:
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options=WRITE)
        case = session.get(Case, case_id)
        status = retention_status(case, period) if case is not None else None
        if (
            status is None
            or status.removal_date is None
            or removal_moment(case.closed_at, period, status.extended) > now
        ):
            return 0
        purge_case(session, case, now)
        store_cases(session, [case])  # the same registration (frozen), at the case's new version
        session.commit()
        log.info("retention: personal data of case %s removed", case.ref)
        return 1


def purge_case(session: Session, case: Case, now: dt.datetime) -> None:
    """Freeze the registration, then remove every piece of personal data of `case` from every table, in the
    caller's transaction (the caller commits)."""
    if case.personal_data_removed_at is not None:
        return
    pattern = name_pattern(names_of(case))
    gemeente = session.get(Municipality, case.municipality_id)
    case.frozen_registration = to_registration(case, gemeente.name if gemeente else None)
    record = dict(case.record or {})
    if case.main_persons:
        record["hoofdpersonen_registratie"] = _ages_kept(case)
    case.record = scrub_record(record, pattern)
    for column in CONTACT_COLUMNS:
        setattr(case, column, None)
    for column in TEXT_COLUMNS:
        setattr(case, column, marked(getattr(case, column)))
    case.wishes = {}
    for person in case.main_persons:
        person.name, person.birth_date = None, None
    case.personal_data_removed_at = case.updated_at = now
    session.flush()  # the audit listener writes its lines now; they are scrubbed with the rest below
    _scrub_related(session, case.id, pattern)
    session.add(
        CaseEvent(
            case_id=case.id,
            at=now,
            actor_id=None,
            actor_name=SYSTEM_ACTOR,
            trigger=REMOVED_TRIGGER,
            from_phase=Phase.AFGESLOTEN,
            to_phase=Phase.AFGESLOTEN,
            reason="Persoonsgegevens verwijderd na de bewaartermijn; de anonieme registratie blijft.",
        )
    )
    session.flush()


def _ages_kept(case: Case) -> list[dict[str, Any]]:
    """The registration's person data with the age at application written in, before birth dates go."""
    extras = []
    for person, extra in zip(case.main_persons, person_extras(case), strict=True):
        extra = dict(extra)
        if extra.get("leeftijd") is None and person.birth_date and not person.unborn:
            extra["leeftijd"] = age_of(person, extra, case.application_date)
        extras.append(extra)
    return extras


def _scrub_related(session: Session, case_id: int, pattern: re.Pattern | None) -> None:
    for entry in session.exec(select(AuditEntry).where(AuditEntry.case_id == case_id)):
        entry.old, entry.new = (_audit_value(entry.field, v, pattern) for v in (entry.old, entry.new))
    for event in session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)):
        event.reason = _history_reason(event, pattern)
    for reminder in session.exec(select(Reminder).where(Reminder.case_id == case_id)):
        result = redact(dict(reminder.result or {}), pattern)
        if "toelichting" in result:
            result["toelichting"] = marked(result["toelichting"])
        reminder.result = result
        if reminder.state in PENDING:
            reminder.state, reminder.cancel_reason = CANCELLED, "verwijderd"
    for offer in session.exec(select(Offer).where(Offer.case_id == case_id)):
        offer.reason = marked(offer.reason)
    for conflict in session.exec(select(ConflictOfInterest).where(ConflictOfInterest.case_id == case_id)):
        conflict.note = marked(conflict.note)
    plan_shares.remove_for_case(session, case_id)  # the links, their opens and the sent PDFs
    links = session.exec(select(QuestionnaireLink).where(QuestionnaireLink.case_id == case_id)).all()
    forms = {link.id: link for link in links}
    if forms:
        query = select(QuestionnaireResponse).where(QuestionnaireResponse.link_id.in_(list(forms)))
        for response in session.exec(query):
            response.answers = _answers_kept(forms[response.link_id], response.answers or {})
            response.ip_hash = ""


def _audit_value(field: str, value: Any, pattern: re.Pattern | None) -> Any:
    if field.startswith("record."):
        return scrub_record_value(field.removeprefix("record."), value, pattern)
    column = field.rsplit(".", 1)[-1]
    if field in PERSONAL_COLUMNS or (field.startswith("hoofdpersoon[") and column in PERSON_COLUMNS):
        return marked(value)
    return redact(value, pattern)


def _history_reason(event: CaseEvent, pattern: re.Pattern | None) -> str:
    if event.trigger in SYSTEM_TRIGGERS:
        return redact(event.reason or "", pattern)
    if event.trigger == EXTENDED and REASON_SEPARATOR in event.reason:
        return event.reason.split(REASON_SEPARATOR, 1)[0] + REASON_SEPARATOR + REMOVED
    return marked(event.reason)


def _answers_kept(link: QuestionnaireLink, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without their free texts (open questions and the explanations of grades)."""
    try:
        questions = qn.question_set(link.form, link.version).questions
    except KeyError:
        questions = ()
    texts = {q.key for q in questions if q.kind == qn.TEXT} | {q.explanation_key for q in questions if q.explain}
    return {
        key: (marked(value) if key in texts or key.endswith(qn.EXPLANATION_SUFFIX) else value)
        for key, value in answers.items()
    }


# --- extension ----------------------------------------------------------------------------------------------


def extend_retention(
    uow: UnitOfWork,
    case_id: int,
    actor: Actor,
    reason: Any,
    expected_version: int | None = None,
    period: RetentionPeriod | None = None,
) -> Case:
    """The regiomanager keeps a closed case's personal data one period longer, once, with a reason that goes
    into the case history; the warning moves with the new date."""
    if actor.role is not Role.REGIOMANAGER:
        raise NotPermitted("Alleen een regiomanager kan de bewaartermijn verlengen.")
    text = _reason(reason)
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        if Phase(case.phase) is not Phase.AFGESLOTEN:
            raise TriggerNotAllowedHere("Alleen bij een afgesloten zaak geldt een bewaartermijn.")
        if case.personal_data_removed_at is not None:
            raise TriggerNotAllowedHere("De persoonsgegevens van deze zaak zijn al verwijderd.")
        if case.retention_extended_at is not None:
            raise TriggerNotAllowedHere("De bewaartermijn is al eens verlengd; dat kan maar één keer.")
        now = uow.clock.now()
        case.retention_extended_at = now
        period = period or RetentionPeriod()
        day = removal_date(case.closed_at, period, extended=True)
        uow.cases.touch(case, now)
        uow.cases.add_history(
            case,
            actor,
            HistoryEntry(
                EXTENDED,
                Phase.AFGESLOTEN,
                Phase.AFGESLOTEN,
                f"Bewaartermijn verlengd tot {day:%d-%m-%Y}{REASON_SEPARATOR}{text}",
            ),
            now,
        )
        schedule_retention_warning(uow.session, case, now, period)
        uow.commit()
        return case


def _reason(reason: Any) -> str:
    text = parse_one(EXTENSION_REASON, reason)
    if not text:
        raise GuardRefused([Missing("reden", "geef een reden op waarom de gegevens langer bewaard blijven")])
    return text
