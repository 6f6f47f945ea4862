"""The mail that brings a shared plan's personal link. It carries the link only: never the plan, never the
code (that goes apart, by SMS or from the coordinator), so a mail read by someone else opens nothing."""

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from workflow.clock import AMSTERDAM


@dataclass(frozen=True)
class PlanShareMail:
    """A plan link for `to`; `token` is the secret part of the link (never logged: see __repr__)."""

    to: str
    name: str
    token: str = field(repr=False)
    expires_at: dt.datetime
    code_by_sms: bool
    sender_name: str = ""


def compose_plan_share(sender: str, base_url: str, now: dt.datetime, mail: PlanShareMail) -> EmailMessage:
    link = f"{base_url}/plan/{mail.token}"
    until = mail.expires_at.astimezone(AMSTERDAM)
    code = "per sms" if mail.code_by_sms else "van de coördinator"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = "Het plan van de Eigen Kracht-conferentie"
    message["Message-ID"] = make_msgid(domain="kring")
    message["Date"] = format_datetime(now)
    who = mail.sender_name or "De coördinator"
    message.set_content(
        f"Beste {mail.name},\n\n"
        f"{who} deelt namens de Eigen Kracht-conferentie het plan van de familie met u. U opent het via uw "
        f"persoonlijke link:\n\n{link}\n\n"
        f"Om het plan te openen heeft u een code van zes cijfers nodig. Die krijgt u apart, {code}.\n"
        f"De link werkt tot {until:%d-%m-%Y} en is alleen voor u: stuur hem niet door.\n\n"
        "Om de privacy van de familie te beschermen staat het plan niet in deze e-mail.\n"
    )
    return message
