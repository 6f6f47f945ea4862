"""Sharing the plan with everyone who took part (issue #16): who may share it, whom it can go to, what the
shared document holds, and how the registration's "plan verstuurd" follows a share. Pure: no Flask, no DB.

A share is a personal link plus a one-time code of six digits that travels apart from the link (by SMS, or
passed on by the coordinator); the link works for LINK_DAYS days, and MAX_WRONG_CODES wrong codes lock it."""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workflow import registration as reg
from workflow.case import CaseLike, held_meetings, record_get, record_set
from workflow.errors import InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_value
from workflow.guards import Actor
from workflow.phases import Phase, Role
from workflow.registration.schema import ACCEPTANCE

LINK_DAYS = 30
MAX_WRONG_CODES = 5
CODE_DIGITS = 6
FREE_ROWS = 3  # rows for someone not on the network list
MAX_RECIPIENTS = 80
HISTORY_TRIGGER = "plan_gedeeld"
REVOKE_TRIGGER = "plan_link_ingetrokken"

NAME = FieldSpec("naam", "Naam", "line", max_length=120)
EMAIL = FieldSpec("email", "E-mailadres", "email", max_length=254)
MOBILE = FieldSpec("mobiel", "Mobiel nummer", "phone", max_length=20)
_MOBILE_DIGITS = re.compile(r"\+?[0-9]{8,15}")


@dataclass(frozen=True)
class Recipient:
    """Someone the plan goes to: a name, an e-mail address for the link, a mobile number for the code."""

    name: str
    email: str
    mobile: str | None = None


@dataclass(frozen=True)
class Candidate:
    """Someone the form offers: a name from the network list or the referrer, with what the case knows."""

    name: str
    email: str = ""
    mobile: str = ""
    role: str = ""


def check_may_share(actor: Actor, case: CaseLike) -> None:
    """Only the case's coordinator or co-coordinator and the regiomanager (of its region: the caller reads
    the case within the actor's scope) share the plan or revoke a link; the bureau only looks."""
    if actor.role is Role.REGIOMANAGER:
        return
    coordinators = {case.coordinator_id, getattr(case, "co_coordinator_id", None)} - {None}
    if actor.role is Role.COORDINATOR and actor.coordinator_id in coordinators:
        return
    raise NotPermitted("Alleen de coördinator van deze zaak of de regiomanager deelt het plan.")


def check_can_be_shared(case: CaseLike) -> None:
    """A plan is shared while the case is open and once it has agreements."""
    if Phase(case.phase) is Phase.AFGESLOTEN:
        raise TriggerNotAllowedHere("Een afgesloten zaak kan niet meer worden gewijzigd; heropen haar eerst.")
    if not reg.agreements(case):
        raise TriggerNotAllowedHere("Er zijn nog geen afspraken vastgelegd: er is nog geen plan om te delen.")


def candidates(case: CaseLike) -> list[Candidate]:
    """Whom the form offers: the network list's people (present first) and the referrer."""
    network = [row for row in record_get(case, "netwerk") or [] if isinstance(row, dict) and row.get("naam")]
    network.sort(key=lambda row: row.get("status") != "aanwezig")
    found = [Candidate(row["naam"], role=row.get("relatie") or "netwerk") for row in network]
    if getattr(case, "referrer_name", None):
        found.append(
            Candidate(
                case.referrer_name,
                case.referrer_email or "",
                _mobile_or_blank(case.referrer_phone),
                "aanmelder",
            )
        )
    return found


def _mobile_or_blank(phone: str | None) -> str:
    try:
        return normalised_mobile(phone or "") or ""
    except ValueError:
        return ""  # a landline or an odd number: the coordinator types a mobile number if there is one


def normalised_mobile(raw: str) -> str | None:
    """A mobile number as the SMS gateway takes it (+316…), None when empty; ValueError when it is none."""
    text = re.sub(r"[\s()\-.]", "", raw or "")
    if not text:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("06") and len(text) == 10:
        text = "+31" + text[1:]
    if not _MOBILE_DIGITS.fullmatch(text) or not text.startswith("+"):
        raise ValueError("vul een mobiel nummer in, zoals 06 12345678")
    return text


def recipients_from_form(offered: Sequence[Candidate], form: Mapping[str, Any]) -> list[Recipient]:
    """The chosen recipients: offered rows ticked (`r-<i>-kies`), free rows filled in. InvalidInput names
    each wrong field (`r-<i>-naam`, `-email`, `-mobiel`) or `ontvangers` when nobody is chosen."""
    chosen, errors = [], {}
    for index in range(len(offered) + FREE_ROWS):
        key = lambda name, i=index: f"r-{i}-{name}"  # noqa: E731
        raw = {name: str(form.get(key(name), ""))[:5000] for name in ("naam", "email", "mobiel")}
        if index < len(offered):
            if form.get(key("kies")) != "1":
                continue
            raw["naam"] = offered[index].name  # the name comes from the case, not from the form
        elif not any(value.strip() for value in raw.values()):
            continue
        row, row_errors = _recipient(raw)
        errors |= {key(name): text for name, text in row_errors.items()}
        if row:
            chosen.append(row)
    if not chosen and not errors:
        errors["ontvangers"] = "Ontvangers: kies ten minste één ontvanger, of vul een naam en e-mailadres in"
    if len(chosen) > MAX_RECIPIENTS:
        errors["ontvangers"] = f"Ontvangers: maximaal {MAX_RECIPIENTS} tegelijk"
    if errors:
        raise InvalidInput(errors)
    return chosen


def _recipient(raw: dict[str, str]) -> tuple[Recipient | None, dict[str, str]]:
    values, errors = {}, {}
    for spec in (NAME, EMAIL, MOBILE):
        try:
            values[spec.name] = parse_value(spec, raw[spec.name], dt.date.min)
            if spec is MOBILE:
                values[spec.name] = normalised_mobile(values[spec.name] or "")
        except ValueError as problem:
            errors[spec.name] = f"{spec.label}: {problem}"
    for spec in (NAME, EMAIL):
        if spec.name not in errors and not values.get(spec.name):
            errors[spec.name] = f"{spec.label}: vul dit in"
    if errors:
        return None, errors
    return Recipient(values["naam"], values["email"].lower(), values["mobiel"]), {}


def note_plan_sent(case: CaseLike, names: Sequence[str], today: dt.date) -> None:
    """The registration's "plan verstuurd": the first sending date stays, the new names join the list."""
    sent = record_get(case, "plan_verstuurd") or {}
    known = list(sent.get("aan") or [])
    record_set(
        case,
        plan_verstuurd={
            "datum": sent.get("datum") or today.isoformat(),
            "aan": known + [n for n in names if n not in known],
        },
    )


def history_text(recipients: Sequence[Recipient]) -> str:
    return "Plan gedeeld (persoonlijke link en code) met " + ", ".join(f"{r.name} ({r.email})" for r in recipients)


# --- what the document shows ---------------------------------------------------------------------------------


def plan_contents(case: CaseLike) -> dict[str, Any]:
    """What the shared document holds: reference, meeting, question, agreements, the plan's other fields
    that were filled in, and the professional's decisions when recorded (old records: what is there)."""
    meetings = held_meetings(case)
    plan = record_get(case, "plan") or {}
    return {
        "ref": getattr(case, "ref", ""),
        "meeting": meetings[-1] if meetings else None,
        "plan_date": plan.get("datum"),
        "question": getattr(case, "question", None) or "",
        "agreements": [_agreement(row) for row in reg.agreements(case) if isinstance(row, dict)],
        "fields": plan_fields(plan, reg.acceptance(case)),
        "decisions": decisions(case),
    }


def _agreement(row: dict[str, Any]) -> dict[str, str]:
    return {key: str(row.get(key) or "") for key in ("wie", "wat", "wanneer", "evaluatie")}


def plan_fields(plan: dict[str, Any], acceptance: str | None) -> list[tuple[str, str]]:
    """(label, value) of the plan's fields that hold something, in the registration's order."""
    shown = []
    for field in reg.PLAN_FIELDS:
        value = plan.get(field.name)
        if field.name == ACCEPTANCE.name:
            value = value or acceptance
        if isinstance(value, bool):
            shown.append((field.label, "ja" if value else "nee"))
        elif isinstance(value, list) and value:
            counted = {label: value.count(label) for label in dict.fromkeys(value)}
            shown.append((field.label, ", ".join(f"{n}× {label}" for label, n in counted.items())))
        elif isinstance(value, str) and value:
            shown.append((field.label, value))
    return shown


def decisions(case: CaseLike) -> list[dict[str, Any]]:
    """The professional's decisions on the plan, each with its conditions' answers spelled out."""
    conditions = [c for c in record_get(case, "voorwaarden") or [] if isinstance(c, dict)]
    shown = []
    for entry in record_get(case, "besluiten") or []:
        if not isinstance(entry, dict):
            continue
        answers = []
        for answer in entry.get("voorwaarden_antwoord") or []:
            index = answer.get("voorwaarde") if isinstance(answer, dict) else None
            text = conditions[index].get("tekst", "") if isinstance(index, int) and 0 <= index < len(conditions) else ""
            answers.append({"voorwaarde": text, "antwoord": str(answer.get("antwoord") or "")})
        shown.append(
            {**{k: entry.get(k) for k in ("bijeenkomst", "besluit", "reden", "door", "datum")}, "antwoorden": answers}
        )
    return shown
