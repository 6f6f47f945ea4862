""" "Wachtwoord vergeten?": ask for a link by e-mail, and set a new password with it.

The answer to asking is the same whether or not the address has an account (and takes about as long: the
mail goes out beside the request, notifications/outbox.py). Asking is throttled per address and per client.
A link works once, for an hour; setting a password with it ends every session of the user."""

from flask import Blueprint, Response, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from notifications.mail import PasswordResetMail
from storage import password_reset as resets
from storage.accounts import MIN_PASSWORD
from storage.login_throttle import forget_failed_logins
from web.auth import client_ip
from web.context import clock, db, settings, uow
from web.forms import LOGIN_EMAIL
from workflow.errors import InvalidInput
from workflow.fields import parse_one

bp = Blueprint("password_reset", __name__)

MAX_RAW = 1000  # longer input is refused by its rule; this only bounds what is looked at
SENT = (
    "Als dit adres bij ons bekend is, ontvangt u een e-mail met een link om een nieuw wachtwoord in te stellen. "
    "De link werkt een uur en één keer. Geen e-mail gekregen? Kijk ook bij de ongewenste e-mail."
)
PROBLEMS = {
    resets.UNKNOWN: (
        "Deze link werkt niet",
        "Deze link om een nieuw wachtwoord in te stellen klopt niet. Misschien is hij niet helemaal goed "
        "overgenomen uit de e-mail, of hoort hij niet bij een account.",
        404,
    ),
    resets.EXPIRED: (
        "Deze link is verlopen",
        "Een link om een nieuw wachtwoord in te stellen werkt een uur. Deze is te oud.",
        410,
    ),
    resets.FOREIGN: (
        "Deze link hoort bij een ander account",
        "U bent in deze browser ingelogd met een ander account dan dat van deze link. Log eerst uit en open de "
        "link dan opnieuw.",
        403,
    ),
    resets.USED: (
        "Deze link is al gebruikt",
        "Een link om een nieuw wachtwoord in te stellen werkt één keer. Met deze link is al een wachtwoord "
        "ingesteld, of er is een nieuwere link gebruikt.",
        410,
    ),
}
PASSWORD_FIELDS = ("new_password", "new_password_repeat")


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def ask():
    """Ask for a reset link by e-mail address."""
    if request.method == "GET":
        return _private(render_template("auth/forgot.html", email="", error=None))
    raw = request.form.get("email", "")[:MAX_RAW]
    try:
        email = _email(raw)
    except InvalidInput as problem:
        return _private(render_template("auth/forgot.html", email=raw, error=problem.errors["email"])), 400
    wait = resets.seconds_to_wait(db(), email, client_ip(), clock().now())
    if wait:
        page = render_template("auth/forgot.html", email=raw, error=_throttled(wait))
        return _private(page), 429, {"Retry-After": str(wait)}
    link = resets.request_reset(uow(), email, client_ip())
    if link is not None:
        minutes = int(resets.VALID_FOR.total_seconds() // 60)
        current_app.extensions["kring.outbox"].put(PasswordResetMail(link.email, link.name, link.token, minutes))
    return _private(render_template("auth/forgot_sent.html", message=SENT))


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Set a new password with a link from the mail."""
    token = token[:MAX_RAW]
    if request.method == "GET":
        problem = resets.link_problem(db(), token, clock().now(), _logged_in())
        return _refused(problem) if problem else _form(token, {})
    values = {name: request.form.get(name, "")[:MAX_RAW] for name in PASSWORD_FIELDS}
    try:
        user = resets.reset_password(uow(), token, values, settings().password_method, _logged_in())
    except InvalidInput as problem:
        if "token" in problem.errors:
            return _refused(problem.errors["token"])
        return _form(token, problem.errors, status=400)
    forget_failed_logins(uow(), user.email, client_ip())  # the owner's own wrong guesses before asking
    logout_user()  # this browser too: the flash below asks to log in with the new password
    flash("Uw nieuwe wachtwoord is ingesteld. U bent op al uw apparaten uitgelogd; log in met het nieuwe wachtwoord.")
    return redirect(url_for("auth.login"), 303)


def _logged_in() -> int | None:
    """The id of the user logged in on this browser, if any: a link of another account is refused."""
    return current_user.id if current_user.is_authenticated else None


def _email(raw: str) -> str:
    """The address asked for (lower case), or InvalidInput: empty, too long, control characters, no address."""
    email = (parse_one(LOGIN_EMAIL, raw) or "").lower()
    if not email:
        raise InvalidInput({"email": "E-mailadres: vul uw e-mailadres in"})
    local, _at, domain = email.rpartition("@")
    if not local or "." not in domain or " " in email:
        raise InvalidInput({"email": "E-mailadres: vul een volledig e-mailadres in, zoals naam@voorbeeld.nl"})
    return email


def _throttled(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return f"U heeft al een paar keer een link gevraagd. Probeer het over {minutes} minuten opnieuw."


def _form(token: str, errors: dict[str, str], status: int = 200):
    page = render_template("auth/reset.html", token=token, errors=errors, min_password=MIN_PASSWORD)
    return _private(page), status


def _refused(problem: str):
    title, text, status = PROBLEMS[problem]
    return _private(render_template("auth/reset_refused.html", title=title, text=text)), status


def _private(body) -> Response:
    """No caching, and the token in the address never leaves in a Referer header."""
    response = make_response(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
