"""The settings: read from KRING_* once, lenient with numbers, the same defaults as the README."""

import pytest

from web.config import Settings, flask_config


@pytest.fixture
def settings_of(monkeypatch):
    def read(**env: str) -> Settings:
        for name in (
            "DATABASE_URL",
            "HTTPS",
            "SMTP_HOST",
            "SMTP_PORT",
            "SMTP_SECURITY",
            "SMTP_USER",
            "SMTP_PASSWORD",
            "SMTP_CA_FILE",
            "VRAGENLIJST_DAGEN",
            "RETENTION_DAYS",
        ):
            monkeypatch.delenv(f"KRING_{name}", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(f"KRING_{name.upper()}", value)
        return Settings()

    return read


def test_defaults(settings_of):
    settings = settings_of()
    assert settings.database_url == "sqlite:///kring.sqlite3" and not settings.https
    assert settings.vragenlijst_dagen == 30 and settings.mail() is None


def test_a_postgres_url_is_read_as_psycopg_3(settings_of):
    assert settings_of(database_url="postgres://u@h/db").database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("value, on", [("1", True), ("0", False), ("ja", False)])
def test_https_only_with_1(settings_of, value, on):
    config = flask_config(settings_of(https=value))
    assert config["SESSION_COOKIE_SECURE"] is on and config["REMEMBER_COOKIE_SECURE"] is on


@pytest.mark.parametrize("value, days", [("10", 10), ("0", 1), ("9999", 365), ("tien", 30)])
def test_link_days_are_kept_between_1_and_365(settings_of, value, days):
    assert settings_of(vragenlijst_dagen=value).vragenlijst_dagen == days


def test_mail_needs_a_host_and_an_unreadable_port_is_25(settings_of):
    mail = settings_of(smtp_host="smtp.example.nl", smtp_port="poort").mail()
    assert (mail.host, mail.port, mail.sender) == ("smtp.example.nl", 25, "kring@localhost")


@pytest.mark.parametrize(
    "env, security, port",
    [
        ({}, "none", 25),  # a relay on the same machine, as before
        ({"smtp_user": "kring"}, "starttls", 587),  # a password never goes out in plain text by default
        ({"smtp_security": "SSL"}, "ssl", 465),
        ({"smtp_security": "starttls", "smtp_port": "2525"}, "starttls", 2525),
        ({"smtp_security": "none", "smtp_user": "kring"}, "none", 25),  # asked for in so many words
        ({"smtp_security": "tls"}, "starttls", 587),  # a word we do not know: the safe choice, not plain text
        ({"smtp_port": "70000"}, "none", 25),
        ({"smtp_port": "-1", "smtp_security": "ssl"}, "ssl", 465),
    ],
)
def test_mail_security_and_its_port(settings_of, env, security, port):
    mail = settings_of(smtp_host="smtp.example.nl", **env).mail()
    assert (mail.security, mail.port) == (security, port)


def test_the_mail_password_is_passed_on_but_never_shown(settings_of):
    settings = settings_of(smtp_host="smtp.example.nl", smtp_user="kring", smtp_password="Geheim-42")
    mail = settings.mail()
    assert (mail.user, mail.password) == ("kring", "Geheim-42")
    assert "Geheim-42" not in repr(settings) and "Geheim-42" not in repr(mail)
