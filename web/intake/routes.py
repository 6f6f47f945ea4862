"""The public intake page `/aanmelden`: no login, rate-limited per address, a honeypot for bots."""

from flask import redirect, render_template, request, url_for
from sqlmodel import select

from storage.intake_limits import MAX_PER_IP, release_slot, reserve_slot
from storage.models import Municipality
from web.context import clock, db, engine, uow
from web.errors import refused
from web.intake import form
from web.intake.blueprint import bp
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.usecases import create_application

LIMIT_MESSAGE = (
    f"Er zijn vanaf dit adres al {MAX_PER_IP} aanmeldingen verstuurd in het afgelopen uur. "
    "Probeer het over een uur opnieuw, of bel ons."
)


@bp.route("/aanmelden", methods=["GET", "POST"])
def apply():
    """The form; on success only a thank-you page, never the submitted data."""
    if request.method == "GET":
        return _form_page({}, {})
    if form.is_bot(request.form):
        return redirect(url_for("intake.thanks"))  # looks the same to the bot, stores nothing
    values = form.read_form(request.form)
    try:
        data = form.to_application(values, local_today(clock().now()))
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _form_page(values, refusal.errors), refusal.status
    slot = reserve_slot(engine(), _client_ip(), clock().now())
    if slot is None:
        return _form_page(values, {}, limit=LIMIT_MESSAGE), 429
    try:
        create_application(uow(), data, actor=None)
    except BaseException as problem:
        release_slot(engine(), slot)
        if isinstance(problem, InvalidInput):
            return _form_page(values, form.form_errors(problem)), 400
        raise
    return redirect(url_for("intake.thanks"))


@bp.route("/aanmelden/bedankt")
def thanks():
    return render_template("intake/thanks.html")


def _form_page(values: dict[str, str], errors: dict[str, str], limit: str | None = None) -> str:
    municipalities = db().exec(select(Municipality.name).order_by(Municipality.name)).all()
    return render_template(
        "intake/apply.html", values=values, errors=errors, limit=limit, form=form, municipalities=municipalities
    )


def _client_ip() -> str:
    return (request.remote_addr or "onbekend")[:64]
