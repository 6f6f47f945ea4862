"""Configuration from the environment; the secret key is generated on first run when none is given."""

import os
import secrets
from pathlib import Path

from storage.engine import database_url


def secret_key(instance: Path) -> str:
    """KRING_SECRET_KEY, or a key generated once and kept in the instance folder (never in the repo)."""
    if os.environ.get("KRING_SECRET_KEY"):
        return os.environ["KRING_SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def settings(instance: Path) -> dict:
    """The app's settings: secure cookies, CSRF, and the database."""
    https = os.environ.get("KRING_HTTPS", "0") == "1"
    return {
        "SECRET_KEY": secret_key(instance),
        "DATABASE_URL": database_url(),
        "BASE_URL": os.environ.get("KRING_BASE_URL", "http://127.0.0.1:5000"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
