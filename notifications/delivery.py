"""What a failed mail delivery means: when the scan tries again, when it gives up, and why it failed in words
an admin can act on (shown on /beheer/mail)."""

import datetime as dt
import smtplib
import socket
import ssl

# Tries after the first failure wait 1, 5, 30 minutes, then 2 and 6 hours: a mail server that is down for a
# restart is caught within minutes, one down for a day does not get hammered. After MAX_ATTEMPTS the mail is
# given up (the reminder stays on the person's task list in the app) and the admin sees it.
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
LAST_BACKOFF = dt.timedelta(hours=6)
MAX_ATTEMPTS = 6


def next_try(attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try again after the `attempts`-th failure; None once the mail is given up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + (BACKOFF[attempts - 1] if attempts <= len(BACKOFF) else LAST_BACKOFF)


def describe(problem: Exception) -> str:
    """The failure in Dutch for the admin, with the server's own words after it."""
    detail = f"{type(problem).__name__}: {problem}".replace("\n", " ")
    return f"{_reason(problem)} ({detail})"


def _reason(problem: Exception) -> str:
    if isinstance(problem, smtplib.SMTPAuthenticationError):
        return "De mailserver weigert de inlog: controleer KRING_SMTP_USER en KRING_SMTP_PASSWORD"
    if isinstance(problem, smtplib.SMTPNotSupportedError):
        return "De mailserver biedt de gevraagde beveiliging of inlog niet aan: controleer KRING_SMTP_SECURITY"
    if isinstance(problem, ssl.SSLError | ssl.CertificateError):
        return "De versleutelde verbinding met de mailserver mislukte (certificaat of TLS)"
    if isinstance(problem, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return "De mailserver weigert de afzender of het adres"
    if isinstance(problem, ConnectionError | socket.timeout | socket.gaierror | smtplib.SMTPServerDisconnected):
        return "De mailserver is niet bereikbaar"
    return "Versturen mislukt"
