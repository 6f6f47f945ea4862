"""The public questionnaire pages `/v/<token>`: no login, phone-first, rate-limited, with bot defences.

A submitted form only ever leads to a thank-you page; nothing of what anyone answered is shown back through a
link. Bots meet a honeypot field, a signed timestamp that must be at least MIN_FILL old (and at most
MAX_FORM_AGE) and carries a one-time nonce, a per-address limit per link, and anomaly flagging."""

import datetime as dt
import secrets

from flask import current_app, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from storage import questionnaires as store
from web.context import clock, db, engine, settings
from web.questionnaires.blueprint import bp
from workflow import questionnaires as qn
from workflow.errors import InvalidInput

HONEYPOT = "website"
STAMP = "stempel"
MIN_FILL = dt.timedelta(seconds=4)
MAX_FORM_AGE = dt.timedelta(hours=24)
LIMIT = (
    "Vanaf dit adres zijn in het afgelopen uur al erg veel vragenlijsten verstuurd. Probeer het over een uur opnieuw."
)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kring-vragenlijst")


def _stamp(link_id: int) -> str:
    return _serializer().dumps({"l": link_id, "t": clock().now().timestamp(), "n": secrets.token_urlsafe(16)})


def _read_stamp(raw: str, link_id: int, wording: qn.Wording) -> tuple[str | None, str | None]:
    """(form nonce, problem): the nonce of a good stamp, or the Dutch message why it is not good."""
    try:
        data = _serializer().loads(raw[:500])
        if not isinstance(data, dict) or data.get("l") != link_id:
            raise BadSignature("andere link")
        age = clock().now() - dt.datetime.fromtimestamp(float(data["t"]), dt.UTC)
        nonce = str(data["n"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None, wording.stamp_expired
    if age < MIN_FILL:
        return None, wording.too_fast
    if age > MAX_FORM_AGE:
        return None, wording.stamp_expired
    return nonce, None


@bp.route("/v/bedankt")
def thanks():
    """The thank-you page, in "je" after a children's form (?je=1), else in "u"."""
    wording = qn.INFORMAL if request.args.get("je") == "1" else qn.FORMAL
    return _no_store(render_template("questionnaires/thanks.html", wording=wording))


@bp.route("/v/<token>", methods=["GET", "POST"])
def public_form(token: str):
    link = store.find_link(db(), token)
    if link is None:
        return _no_store(render_template("questionnaires/closed.html", reason="onbekend")), 404
    qs = qn.question_set(link.form, link.version)
    if link.expired(clock().now()):
        return _no_store(render_template("questionnaires/closed.html", reason="verlopen", wording=qs.wording)), 410
    if request.method == "GET":
        return _no_store(_page(qs, link, token, {}, {}))
    if request.form.get(HONEYPOT, "").strip():
        return _thanks(qs)  # looks the same to a bot; nothing stored
    raw = _raw(qs)
    nonce, stamp_problem = _read_stamp(request.form.get(STAMP, ""), link.id, qs.wording)
    try:
        answers = qn.validate(qs, raw)
    except InvalidInput as wrong:
        return _no_store(_page(qs, link, token, raw, wrong.errors, notice=stamp_problem)), 400
    if stamp_problem:
        return _no_store(_page(qs, link, token, raw, {}, notice=stamp_problem)), 400
    address = (request.remote_addr or "onbekend")[:64]
    outcome = store.submit(engine(), link.id, answers, address, nonce, clock().now(), key=settings().secret_key)
    if outcome == store.LIMITED:
        return _no_store(_page(qs, link, token, raw, {}, notice=LIMIT)), 429
    return _thanks(qs)


def _thanks(qs: qn.QuestionSet):
    return redirect(url_for("questionnaires.thanks", je="1" if qs.wording is qn.INFORMAL else None))


def _raw(qs: qn.QuestionSet) -> dict[str, str]:
    names = [q.key for q in qs.questions] + [q.explanation_key for q in qs.questions if q.explain]
    return {name: request.form.get(name, "") for name in names}


def _page(
    qs: qn.QuestionSet,
    link: store.QuestionnaireLink,
    token: str,
    values: dict[str, str],
    errors: dict[str, str],
    notice: str | None = None,
) -> str:
    return render_template(
        "questionnaires/form.html",
        qs=qs,
        qn=qn,
        token=token,
        values=values,
        errors=errors,
        notice=notice,
        stamp=_stamp(link.id),
        honeypot=HONEYPOT,
        stamp_name=STAMP,
    )


def _no_store(body):
    response = current_app.make_response(body)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response
