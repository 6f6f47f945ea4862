"""The user's own account page (/mijn-account), for every role: change the password, and keep API tokens
(list, create with a name shown once, revoke)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from storage.accounts import MIN_PASSWORD, change_password
from storage.calendar_feeds import feed_of, renew_feed_for
from storage.login_throttle import record_failed_login, seconds_to_wait
from storage.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MAX_NAME,
    create_token_for,
    name_problem,
    revoke_token_of,
    state_of,
    tokens_of,
)
from web.auth import client_ip, start_session, throttled_message
from web.context import clock, db, settings, uow
from web.errors import refused
from web.today.calendar import feed_url
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields

bp = Blueprint("account", __name__)

PASSWORD_FIELDS = ("current_password", "new_password", "new_password_repeat")
MAX_RAW = 1000  # a longer password or name is refused by its rule; this only bounds what is looked at
TOKEN_SPECS = (
    FieldSpec("name", "Naam", "line", required=True, max_length=MAX_NAME),
    FieldSpec("days", "Geldig (dagen)", "int", minimum=1, maximum=MAX_DAYS),
)


@bp.route("/mijn-account")
@login_required
def page():
    """The account page: password form and tokens."""
    return _page()


@bp.route("/mijn-account/wachtwoord", methods=["POST"])
@login_required
def password():
    """Change the password; every other session of the user ends, this one goes on."""
    values = {name: request.form.get(name, "")[:MAX_RAW] for name in PASSWORD_FIELDS}
    wait = seconds_to_wait(db(), current_user.email, client_ip(), clock().now())
    if wait:  # a stolen session must not become a way to guess the password
        return _page(password_errors={"current_password": throttled_message(wait)}), 429, {"Retry-After": str(wait)}
    try:
        user = change_password(uow(), current_user.id, values, settings().password_method)
    except InvalidInput as problem:
        if "current_password" in problem.errors and values["current_password"]:
            record_failed_login(uow(), current_user.email, client_ip())
        refusal = refused(problem, flash_with=None)
        return _page(password_errors=refusal.errors), refusal.status
    start_session(user)
    flash("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
    return redirect(url_for("account.page"), 303)


@bp.route("/mijn-account/tokens", methods=["POST"])
@login_required
def new_token():
    """Create an API token and show it once (on this answer only: never in a cookie or a flash)."""
    values = {"name": request.form.get("name", "")[:MAX_RAW], "days": request.form.get("days", "")[:MAX_RAW]}
    try:
        data = _parse_token(values)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _page(token_values=values, token_errors=refusal.errors), refusal.status
    secret = create_token_for(uow(), current_user.id, data["name"], data["days"] or DEFAULT_DAYS)
    return _page(new_secret=secret), 201


@bp.route("/mijn-account/tokens/<int:token_id>/intrekken", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's own tokens (someone else's is 404)."""
    token = revoke_token_of(uow(), current_user.id, token_id) or abort(404)
    flash(f"Token '{token.name}' is ingetrokken; het werkt niet meer.")
    return redirect(url_for("account.page"), 303)


@bp.route("/mijn-account/agenda", methods=["POST"])
@login_required
def renew_calendar():
    """Make a new calendar feed URL (an earlier one stops working) and show it once, on this answer only."""
    secret = renew_feed_for(uow(), current_user.id)
    return _page(new_feed_url=feed_url(secret)), 201


def _parse_token(values: dict[str, str]) -> dict:
    data = parse_fields(TOKEN_SPECS, values, local_today(clock().now()))
    problem = name_problem(data["name"])
    if problem:
        raise InvalidInput({"name": problem})
    return data


def _page(**form) -> str:
    now = clock().now()
    tokens = [(token, state_of(token, now)) for token in tokens_of(db(), current_user.id)]
    form.setdefault("token_values", {"days": str(DEFAULT_DAYS)})
    return render_template(
        "account/page.html",
        tokens=tokens,
        min_password=MIN_PASSWORD,
        max_days=MAX_DAYS,
        max_name=MAX_NAME,
        feed=feed_of(db(), current_user.id),
        **{"password_errors": {}, "token_errors": {}, "new_secret": None, "new_feed_url": None, **form},
    )
