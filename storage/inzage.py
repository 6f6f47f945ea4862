"""An inzageverzoek: everything Kring stores about one person, found by name, as one JSON document.

A main person gets their whole case file (the case is about them). A network member or a referrer gets their
own rows. Besides that every stored text that mentions the name is listed with where it sits: case fields,
record parts, history lines, audit values, follow-up notes, offer reasons, conflict notes and questionnaire
answers, in any case. Names match without regard to case or accents ("zoe" finds "Zoë")."""

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, select

from storage.audit import AuditEntry
from storage.matching import ConflictOfInterest
from storage.models import Case, CaseEvent, Municipality, Offer, User
from storage.questionnaires import QuestionnaireLink, QuestionnaireResponse
from storage.reminders import Reminder
from workflow.errors import InvalidInput
from workflow.phases import Phase

MIN_QUERY, MAX_QUERY = 3, 120
FORMAT = "kring-inzage-v1"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_query(raw: Any) -> str:
    """The name to look for, or InvalidInput naming the field `naam`."""
    if not isinstance(raw, str):
        raise InvalidInput({"naam": "Naam: vul een naam in"})
    text = " ".join(raw.split())
    if _CONTROL.search(text):
        raise InvalidInput({"naam": "Naam: bevat tekens die niet in een naam horen"})
    if len(text) < MIN_QUERY:
        raise InvalidInput({"naam": f"Naam: vul minstens {MIN_QUERY} tekens in"})
    if len(text) > MAX_QUERY:
        raise InvalidInput({"naam": f"Naam: maximaal {MAX_QUERY} tekens"})
    return text


def fold(text: str) -> str:
    """Text for comparing names: no accents, no case, single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def person_export(session: Session, raw_query: Any, now: dt.datetime, requested_by: str) -> dict[str, Any]:
    """The inzage document for the name `raw_query` (InvalidInput for an unusable name)."""
    query = clean_query(raw_query)
    needle = fold(query)
    places = dict(session.exec(select(Municipality.id, Municipality.name)).all())
    persons, cases, full = [], [], set()
    for case in session.exec(select(Case).order_by(Case.id)).all():
        found = list(_persons_in(case, needle))
        persons += found
        if any(p["rol"] == "hoofdpersoon" for p in found):
            cases.append(case_file(session, case, places.get(case.municipality_id)))
            full.add(case.id)
    mentions = [m for m in _mentions(session, needle) if m["zaak_id"] not in full]
    return {
        "formaat": FORMAT,
        "verzoek": {"naam": query, "gemaakt_op": now.isoformat(), "door": requested_by},
        "personen": persons,
        "zaken": cases,
        "vermeldingen": mentions,
        "zaak_ids": sorted(full | {p["zaak_id"] for p in persons} | {m["zaak_id"] for m in mentions}),
    }


def dumps(document: dict[str, Any]) -> str:
    """The document as the file people get (UTF-8, readable)."""
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain)


def case_file(session: Session, case: Case, gemeente: str | None) -> dict[str, Any]:
    """Everything stored on one case: its fields, persons, record, history, audit, reminders and offers."""
    users = dict(session.exec(select(User.id, User.name)).all())
    history = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)).all()
    audit = session.exec(select(AuditEntry).where(AuditEntry.case_id == case.id).order_by(AuditEntry.id)).all()
    reminders = session.exec(select(Reminder).where(Reminder.case_id == case.id).order_by(Reminder.id)).all()
    return {
        "zaak_id": case.id,
        "ref": case.ref,
        "fase": Phase(case.phase).value,
        "variant": case.variant,
        "gemeente": gemeente,
        "provincie": case.province,
        "aanmelddatum": case.application_date,
        "afgesloten_op": case.closed_at,
        "uitkomst": case.outcome,
        "persoonsgegevens_verwijderd_op": case.personal_data_removed_at,
        "aanmelder": {
            "type": case.referrer_type,
            "type_organisatie": case.organisation_type,
            "naam": case.referrer_name,
            "organisatie": case.referrer_organisation,
            "telefoon": case.referrer_phone,
            "email": case.referrer_email,
        },
        "vraag": case.question,
        "zorgen": case.concerns,
        "voorwaarden": case.conditions,
        "wensen": case.wishes,
        "hoofdpersonen": [
            {
                "naam": p.name,
                "soort": p.kind,
                "geslacht": p.gender,
                "geboortedatum": p.birth_date,
                "ongeboren": p.unborn,
            }
            for p in case.main_persons
        ],
        "registratie": case.record or {},
        "geschiedenis": [
            {
                "wanneer": e.at,
                "wie": e.actor_name,
                "stap": e.trigger,
                "van": Phase(e.from_phase).value,
                "naar": Phase(e.to_phase).value,
                "reden": e.reason,
            }
            for e in history
        ],
        "wijzigingen": [
            {"wanneer": a.at, "wie": users.get(a.user_id), "veld": a.field, "oud": a.old, "nieuw": a.new} for a in audit
        ],
        "taken": [
            {"soort": r.kind, "vervalt": r.due_at, "status": r.state, "resultaat": r.result}
            for r in reminders
            if r.result
        ],
        "aanbiedingen": [{"aangeboden_op": o.offered_at, "status": o.state, "reden": o.reason} for o in case.offers],
    }


def _persons_in(case: Case, needle: str) -> Iterator[dict[str, Any]]:
    base = {"zaak_id": case.id, "ref": case.ref}
    for person in case.main_persons:
        if person.name and needle in fold(person.name):
            yield {
                **base,
                "rol": "hoofdpersoon",
                "naam": person.name,
                "soort": person.kind,
                "geslacht": person.gender,
                "geboortedatum": person.birth_date,
            }
    for row in (case.record or {}).get("netwerk") or []:
        if isinstance(row, dict) and isinstance(row.get("naam"), str) and needle in fold(row["naam"]):
            yield {**base, "rol": "netwerklid", **{k: row.get(k) for k in ("naam", "relatie", "status")}}
    if case.referrer_name and needle in fold(case.referrer_name):
        yield {
            **base,
            "rol": "aanmelder",
            "naam": case.referrer_name,
            "organisatie": case.referrer_organisation,
            "telefoon": case.referrer_phone,
            "email": case.referrer_email,
        }


def _mentions(session: Session, needle: str) -> Iterator[dict[str, Any]]:
    """Every stored text mentioning the name, with the table, the place in it and the case."""
    refs = dict(session.exec(select(Case.id, Case.ref)).all())

    def found(case_id: int, source: str, place: str, value: Any, at: Any = None) -> Iterator[dict[str, Any]]:
        for path, text in _texts(value, place):
            if needle in fold(text):
                yield {
                    "zaak_id": case_id,
                    "ref": refs.get(case_id),
                    "bron": source,
                    "plaats": path,
                    "wanneer": at,
                    "tekst": text,
                }

    for case in session.exec(select(Case).order_by(Case.id)).all():
        for column in (
            "referrer_name",
            "referrer_organisation",
            "referrer_email",
            "question",
            "concerns",
            "conditions",
            "wishes",
        ):
            yield from found(case.id, "zaak", column, getattr(case, column))
        yield from found(case.id, "registratie", "record", case.record)
    for event in session.exec(select(CaseEvent).order_by(CaseEvent.id)).all():
        yield from found(event.case_id, "geschiedenis", event.trigger, event.reason, event.at)
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all():
        yield from found(entry.case_id, "wijzigingen", entry.field, {"oud": entry.old, "nieuw": entry.new}, entry.at)
    for reminder in session.exec(select(Reminder).where(Reminder.result.is_not(None)).order_by(Reminder.id)).all():
        yield from found(reminder.case_id, "taken", reminder.kind, reminder.result, reminder.done_at)
    for offer in session.exec(select(Offer).order_by(Offer.id)).all():
        yield from found(offer.case_id, "aanbiedingen", "reden", offer.reason, offer.answered_at)
    for conflict in session.exec(select(ConflictOfInterest)).all():
        yield from found(conflict.case_id, "belangenconflicten", "notitie", conflict.note, conflict.created_at)
    answers = (
        select(QuestionnaireResponse, QuestionnaireLink.case_id)
        .join(QuestionnaireLink, QuestionnaireLink.id == QuestionnaireResponse.link_id)
        .order_by(QuestionnaireResponse.id)
    )
    for response, case_id in session.exec(answers).all():
        yield from found(case_id, "vragenlijsten", "antwoorden", response.answers, response.submitted_at)


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value.value if hasattr(value, "value") else str(value)
