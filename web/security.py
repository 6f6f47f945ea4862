"""Security headers on every response and the end of a session after inactivity."""

import datetime as dt

from flask import Flask, Response, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from web.context import clock

IDLE_LIMIT = dt.timedelta(minutes=30)
# No inline scripts anywhere; inline style attributes are allowed (bar widths in reports).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.before_request(_expire_idle_session)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure or request.host_url.startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user and getattr(current_user, "is_authenticated", False):
        response.headers.setdefault("Cache-Control", "no-store")  # case data stays off shared caches
    return response


def _expire_idle_session():
    """Log out a user who did nothing for IDLE_LIMIT; the clock seam lets tests move past it."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = clock().now()
    last_seen = session.get("last_seen")
    if last_seen is not None and now - dt.datetime.fromisoformat(last_seen) > IDLE_LIMIT:
        logout_user()
        session.pop("last_seen", None)
        if request.path.startswith("/api/"):
            return None
        flash("U was een half uur niet actief en bent uitgelogd. Log opnieuw in.")
        return redirect(url_for("auth.login", next=request.path if request.method == "GET" else None))
    session["last_seen"] = now.isoformat()
    return None
