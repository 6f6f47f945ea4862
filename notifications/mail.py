"""Mail over SMTP. A reminder mail carries no personal data of the family: a label, a reference, a link. A
password reset mail carries the one-time link to its owner only."""

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from notifications.plan_mail import PlanShareMail, compose_plan_share
from workflow.clock import Clock, SystemClock
from workflow.reminder_rules import FOLLOW_UP_KINDS, KIND_LABELS

STARTTLS, SSL, NONE = "starttls", "ssl", "none"
SECURITIES = (STARTTLS, SSL, NONE)
DEFAULT_PORTS = {STARTTLS: 587, SSL: 465, NONE: 25}


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int = 25
    sender: str = "kring@localhost"
    base_url: str = "http://127.0.0.1:5000"
    security: str = NONE  # STARTTLS, SSL (implicit TLS) or NONE (plain, for a relay on the same machine)
    user: str = ""  # empty: no login
    password: str = field(default="", repr=False)  # kept out of logs and tracebacks
    ca_file: str = ""  # empty: the system's certificate authorities

    def tls_context(self) -> ssl.SSLContext:
        """A context that checks the server's certificate and name (against `ca_file` when set)."""
        return ssl.create_default_context(cafile=self.ca_file or None)


@dataclass(frozen=True)
class ReminderMail:
    """What a reminder mail needs: whom, which reminder, which case (by reference only), when."""

    reminder_id: int
    kind: str
    to: str
    case_id: int
    case_ref: str
    due_at: dt.datetime


@dataclass(frozen=True)
class PasswordResetMail:
    """A reset link for `to`; `token` is the secret part of the link (never logged: see __repr__)."""

    to: str
    name: str
    token: str = field(repr=False)
    valid_minutes: int = 60


class SmtpMailer:
    def __init__(self, settings: MailSettings, clock: Clock | None = None):
        """Mail with `settings` (KRING_SMTP_HOST/PORT, KRING_MAIL_FROM, KRING_BASE_URL), dated by `clock`."""
        self.settings, self.clock = settings, clock or SystemClock()

    def send_reminder(self, mail: ReminderMail) -> None:
        """Send one reminder mail; raises on any SMTP or TLS failure so the scan retries it."""
        with self._connect() as smtp:
            smtp.send_message(self.compose(mail))

    def deliver(self, mail: PasswordResetMail | PlanShareMail) -> None:
        """Send one mail handed to the outbox (a reset link or a plan link); raises on any failure."""
        if isinstance(mail, PlanShareMail):
            message = compose_plan_share(self.settings.sender, self.settings.base_url, self.clock.now(), mail)
            with self._connect() as smtp:
                smtp.send_message(message)
        else:
            self.send_password_reset(mail)

    def send_password_reset(self, mail: PasswordResetMail) -> None:
        """Send one password reset mail; raises on any SMTP or TLS failure."""
        with self._connect() as smtp:
            smtp.send_message(self.compose_password_reset(mail))

    def compose_password_reset(self, mail: PasswordResetMail) -> EmailMessage:
        link = f"{self.settings.base_url}/wachtwoord-herstellen/{mail.token}"
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = mail.to
        message["Subject"] = "Kring: nieuw wachtwoord instellen"
        message["Message-ID"] = make_msgid(domain="kring")
        message["Date"] = format_datetime(self.clock.now())
        message.set_content(
            f"Beste {mail.name},\n\n"
            "Iemand (hopelijk u) heeft gevraagd om een nieuw wachtwoord voor uw account in Kring. Kies een nieuw "
            f"wachtwoord via deze link:\n\n{link}\n\n"
            f"De link werkt {mail.valid_minutes} minuten en één keer. Daarna bent u op al uw apparaten uitgelogd.\n\n"
            "Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail negeren: uw wachtwoord blijft zoals het was.\n"
        )
        return message

    def _connect(self) -> smtplib.SMTP:
        """A connection, encrypted as the settings say (STARTTLS refused by the server is an error, never a
        silent fall-back to plain text), logged in when a user is set."""
        settings = self.settings
        if settings.security == SSL:
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=10, context=settings.tls_context())
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=10)
        try:
            if settings.security == STARTTLS:
                smtp.starttls(context=settings.tls_context())
            if settings.user:
                smtp.login(settings.user, settings.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def compose(self, mail: ReminderMail) -> EmailMessage:
        label = KIND_LABELS[mail.kind]
        link = f"{self.settings.base_url}/zaken/{mail.case_id}"
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = mail.to
        message["Subject"] = f"Kring: {label} ({mail.case_ref})"
        # A stable Message-ID: should a crash make the scan send a reminder twice, mail systems can dedupe.
        message["Message-ID"] = f"<reminder-{mail.reminder_id}@kring>"
        message["Date"] = format_datetime(self.clock.now())
        message.set_content(
            f"Er staat een taak voor u klaar in Kring: {label}.\n\n"
            f"Zaak {mail.case_ref}: {link}\n\n"
            "Om de privacy van de familie te beschermen staan er geen gegevens in deze e-mail.\n"
        )
        if mail.kind in FOLLOW_UP_KINDS:
            message.add_attachment(
                _ics(mail, label, link).encode(), maintype="text", subtype="calendar", filename="follow-up.ics"
            )
        return message


def _ics(mail: ReminderMail, label: str, link: str) -> str:
    start = mail.due_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    end = (mail.due_at + dt.timedelta(minutes=30)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Kring//Herinneringen//NL",
            "BEGIN:VEVENT",
            f"UID:reminder-{mail.reminder_id}@kring",
            f"DTSTAMP:{start}",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            f"SUMMARY:{label} ({mail.case_ref})",
            f"DESCRIPTION:{link}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
