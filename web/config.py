"""The settings: every KRING_* environment variable, read once (by the app factory or the command line) into
one Settings object that is passed down. Nothing below web/ reads the environment."""

import secrets
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from notifications.mail import DEFAULT_PORTS, NONE, SECURITIES, STARTTLS, MailSettings
from notifications.sms import SmsSettings
from storage.engine import DEFAULT_THREADS, DEFAULT_URL, psycopg_url
from storage.questionnaires import DEFAULT_DAYS
from workflow.retention import MAX_DAYS, RetentionPeriod

MAX_THREADS = 64
MAX_PROCESSES = 32
MAX_PROXIES = 5


class Settings(BaseSettings):
    """Kring's settings (README, "Settings"); unreadable numbers fall back to their default."""

    model_config = SettingsConfigDict(env_prefix="KRING_", frozen=True, extra="ignore")

    database_url: str = DEFAULT_URL
    secret_key: str = ""  # empty: generated once into the instance folder (see with_secret_key)
    https: bool = False
    base_url: str = "http://127.0.0.1:5000"
    smtp_host: str = ""
    smtp_port: int | None = None  # None: 587 for starttls, 465 for ssl, 25 for none
    smtp_security: str = ""  # starttls | ssl | none; empty: starttls when a user is set, else none
    smtp_user: str = ""
    smtp_password: str = Field(default="", repr=False)  # kept out of logs and tracebacks
    smtp_ca_file: str = ""
    mail_from: str = "kring@localhost"
    sms_url: str = ""  # the SMS gateway for a shared plan's code (notifications/sms.py); empty: none
    sms_token: str = Field(default="", repr=False)
    vragenlijst_dagen: int = DEFAULT_DAYS
    retention_days: int | None = None
    # OWASP's scrypt minimum (N=2^17, r=8, p=1), about 0.4 s a hash here; tests lower it.
    password_method: str = "scrypt:131072:8:1"
    threads: int = DEFAULT_THREADS  # the server's worker threads, and so the database pool's size
    processes: int = 1  # server processes of `kring serve` sharing one socket (one core each)
    proxy_count: int = 0  # how many reverse proxies in front whose X-Forwarded-* headers are trusted

    @field_validator("database_url")
    @classmethod
    def _psycopg(cls, url: str) -> str:
        return psycopg_url(url)

    @field_validator("https", mode="before")
    @classmethod
    def _only_one_is_on(cls, value: Any) -> bool:
        return value is True or str(value) == "1"

    @field_validator("vragenlijst_dagen", mode="before")
    @classmethod
    def _link_days(cls, value: Any) -> int:
        return max(1, min(_number_or(value, DEFAULT_DAYS), 365))

    @field_validator("smtp_port", mode="before")
    @classmethod
    def _port(cls, value: Any) -> int | None:
        port = _number_or(value, 0)
        return port if 0 < port < 65536 else None

    @field_validator("smtp_security", mode="before")
    @classmethod
    def _security(cls, value: Any) -> str:
        # An unknown word means starttls, never plain text: a typo must not send a password in the clear.
        word = str(value or "").strip().lower()
        return word if word in SECURITIES or word == "" else STARTTLS

    @field_validator("threads", mode="before")
    @classmethod
    def _threads(cls, value: Any) -> int:
        return max(1, min(_number_or(value, DEFAULT_THREADS), MAX_THREADS))

    @field_validator("processes", mode="before")
    @classmethod
    def _processes(cls, value: Any) -> int:
        return max(1, min(_number_or(value, 1), MAX_PROCESSES))

    @field_validator("proxy_count", mode="before")
    @classmethod
    def _proxies(cls, value: Any) -> int:
        return max(0, min(_number_or(value, 0), MAX_PROXIES))

    @field_validator("retention_days", mode="before")
    @classmethod
    def _whole_days(cls, value: Any) -> int | None:
        raw = "" if value is None else str(value).strip()
        return int(raw) if raw.isascii() and raw.isdigit() and int(raw) <= MAX_DAYS else None

    def retention_period(self) -> RetentionPeriod:
        """How long personal data is kept after closing: KRING_RETENTION_DAYS days, or three months."""
        return RetentionPeriod.of_days(self.retention_days)

    def mail(self) -> MailSettings | None:
        """The SMTP settings; None when no SMTP host is set (reminders in the app only)."""
        if not self.smtp_host:
            return None
        security = self.smtp_security or (STARTTLS if self.smtp_user else NONE)
        return MailSettings(
            self.smtp_host,
            self.smtp_port or DEFAULT_PORTS[security],
            self.mail_from,
            self.base_url,
            security=security,
            user=self.smtp_user,
            password=self.smtp_password,
            ca_file=self.smtp_ca_file,
        )

    def sms(self) -> SmsSettings | None:
        """The SMS gateway; None when KRING_SMS_URL is not set (the coordinator passes codes on)."""
        return SmsSettings(self.sms_url, self.sms_token) if self.sms_url else None

    def with_secret_key(self, instance: Path) -> "Settings":
        """These settings with a secret key: KRING_SECRET_KEY, or one generated once into `instance`."""
        return self if self.secret_key else self.model_copy(update={"secret_key": instance_secret_key(instance)})


def _number_or(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def load_settings(instance: Path | None = None) -> "Settings":
    """Read the environment once, with the secret key settled (instance folder: ./instance)."""
    return Settings().with_secret_key(instance or Path.cwd() / "instance")


def instance_secret_key(instance: Path) -> str:
    """A key generated once and kept in the instance folder (never in the repo)."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def flask_config(settings: Settings) -> dict:
    """The Flask settings: secure cookies, CSRF, and the secret key."""
    return {
        "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": settings.database_url,
        "BASE_URL": settings.base_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.https,
        "REMEMBER_COOKIE_SECURE": settings.https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
