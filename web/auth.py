"""Accounts: Flask-Login setup, login with a throttle that holds across processes, logout that ends the
session on the server, role checks."""

import datetime as dt
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from sqlmodel import select

from storage.accounts import end_sessions, user_with_password
from storage.login_throttle import forget_failed_logins, record_failed_login, seconds_to_wait
from storage.models import User
from web.context import clock, db, settings, uow
from web.forms import login_values
from workflow.phases import Role

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in om verder te gaan."
login_manager.session_protection = "strong"

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
    if request.method == "GET":
        return render_template("auth/login.html", error=None)
    email, password = login_values(request.form)
    wait = seconds_to_wait(db(), email, client_ip(), clock().now())
    if wait:
        page = render_template("auth/login.html", error=throttled_message(wait))
        return page, 429, {"Retry-After": str(wait)}
    user = user_with_password(db(), email, password, settings().password_method)
    if user is None:
        record_failed_login(uow(), email, client_ip())
        return render_template("auth/login.html", error=GENERIC_FAILURE), 401
    forget_failed_logins(uow(), email, client_ip())
    start_session(user)
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out, and end the session on the server too: a copy of the cookie opens nothing any more."""
    end_sessions(uow(), current_user.id)
    logout_user()
    flash("U bent uitgelogd.")
    return redirect(url_for("auth.login"))


def throttled_message(seconds: int) -> str:
    """The Dutch refusal of an attempt that came too soon after failed ones."""
    return f"Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw."


def start_session(user: User) -> None:
    """Log `user` in on this browser, with the user's current session token."""
    now = clock().now()
    login_user(user)
    session["login_at"] = now.isoformat()
    session["last_seen"] = now.isoformat()  # a fresh login is activity: an old idle mark must not log out


def client_ip() -> str:
    """The address the request came from (the proxy's, unless trusted proxy headers say otherwise)."""
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
