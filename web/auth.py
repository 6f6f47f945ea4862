"""Accounts: Flask-Login setup, login with a throttle that holds across processes, logout, role checks."""

import datetime as dt
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlmodel import func, select

from storage.accounts import find_user, password_matches, record_failed_login
from storage.models import LoginAttempt, User
from web.context import clock, db, uow
from web.forms import login_values
from workflow.phases import Role

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in om verder te gaan."
login_manager.session_protection = "strong"

THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 20
GENERIC_FAILURE = "E-mailadres of wachtwoord klopt niet."


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    user = db().exec(select(User).where(User.session_token == session_token)).first()
    return user if user is not None and user.active else None


FRESH_LOGIN = dt.timedelta(minutes=15)


def login_is_recent() -> bool:
    """Whether the password was typed in the last quarter of an hour (for user management)."""
    logged_in = session.get("login_at")
    return bool(logged_in) and clock().now() - dt.datetime.fromisoformat(logged_in) <= FRESH_LOGIN


def ask_fresh_login():
    """Send the user to log in again, coming back to where they were."""
    logout_user()
    flash("Log voor gebruikersbeheer opnieuw in (uw laatste inlog is langer dan een kwartier geleden).")
    return redirect(url_for("auth.login", next=request.path if request.method == "GET" else None))


def role_required(*roles: Role):
    """Only users with one of `roles`; others get 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if Role(current_user.role) not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("cases.home"))
    error = None
    if request.method == "POST":
        email, password = login_values(request.form)
        error = _attempt_login(email, password)
        if error is None:
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), 401 if error else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out."""
    logout_user()
    flash("U bent uitgelogd.")
    return redirect(url_for("auth.login"))


def _attempt_login(email: str, password: str) -> str | None:
    """None when logged in, else the Dutch message to show."""
    now = clock().now()
    if _throttled(email, _client_ip(), now):
        return "Te veel mislukte pogingen. Wacht een kwartier en probeer het opnieuw."
    user = find_user(db(), email) if email else None
    if user is None or not user.active or not password_matches(user, password):
        record_failed_login(uow(), email, _client_ip())
        return GENERIC_FAILURE
    login_user(user)
    session["login_at"] = now.isoformat()
    session["last_seen"] = now.isoformat()  # a fresh login is activity: an old idle mark must not log out
    return None


def _throttled(email: str, ip: str, now: dt.datetime) -> bool:
    since = now - THROTTLE_WINDOW

    def count(*where):
        query = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since, *where)
        return db().exec(query).one()

    return (
        count(LoginAttempt.email == email) >= MAX_FAILURES_PER_EMAIL
        or count(LoginAttempt.ip == ip) >= MAX_FAILURES_PER_IP
    )


def _client_ip() -> str:
    return (request.remote_addr or "onbekend")[:64]


def _safe_next(target: str | None) -> str:
    """Only a local path: an absolute URL or //host in `next` would send the user elsewhere."""
    if (
        not target
        or urlsplit(target).netloc
        or urlsplit(target).scheme
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("cases.home")
    return target
