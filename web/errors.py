"""The one place where domain errors and HTTP errors become statuses, JSON errors (under /api/), Dutch pages
and flash messages."""

from contextlib import suppress
from dataclasses import dataclass
from typing import Literal

from flask import Flask, Response, current_app, flash, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from web.forms import field_errors
from workflow.errors import DomainError, InvalidInput, StaleCase

STATUS = {
    "not_found": 404,
    "forbidden": 403,
    "unknown_trigger": 400,
    "invalid_input": 400,
    "invalid_transition": 409,
    "stale": 409,
    "conflict": 409,
    "guard_refused": 422,
}


def status_of(error: DomainError) -> int:
    """The HTTP status for a domain error."""
    return STATUS.get(error.code, 400)


STALE_NOTE = "(Uw wijziging is niet opgeslagen.)"


@dataclass(frozen=True)
class Refusal:
    """What a form page shows again after a domain refusal."""

    status: int
    text: str  # every field's message for invalid input, else the refusal's own message
    errors: dict[str, str]  # the messages per field (input errors and what a guard misses)
    stale: bool  # the case changed meanwhile: show its new state, not the refused input


def refused(problem: DomainError, flash_with: Literal["summary", "text"] | None = "summary") -> Refusal:
    """Map a refusal for a form page and flash it (the summary, or `text` where the page shows no field
    messages); a case or offer out of reach is raised again, so it stays the app's 404."""
    if problem.code == "not_found":
        raise problem
    text = " ".join(problem.errors.values()) if isinstance(problem, InvalidInput) else problem.message
    refusal = Refusal(status_of(problem), text, field_errors(problem), isinstance(problem, StaleCase))
    if flash_with and refusal.stale:
        flash(f"{problem.message} {STALE_NOTE}", "error")
    elif flash_with:
        flash(text if flash_with == "text" else problem.message, "error")
    return refusal


def json_error(code: str, message: str, status: int, details: dict | None = None):
    """The API's error body: {"error": {"code", "message", "details"}}."""
    return jsonify({"error": {"code": code, "message": message, "details": details or {}}}), status


PAGES = {
    400: ("Verzoek niet begrepen", "Dit verzoek kunnen we niet verwerken. Ga terug en probeer het opnieuw."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer). Controleer het adres."),
    405: ("Dit kan hier niet", "Deze pagina kan niet op deze manier worden gebruikt. Gebruik de knoppen op de pagina."),
    413: ("Te veel tegelijk", "Wat u verstuurde is te groot. Verstuur minder tegelijk."),
    429: ("Even wachten", "U heeft het te vaak achter elkaar geprobeerd. Wacht even en probeer het dan opnieuw."),
    500: (
        "Er ging iets mis",
        "Er ging aan onze kant iets mis; uw laatste wijziging is mogelijk niet opgeslagen. Probeer het opnieuw. "
        "Blijft het misgaan, neem dan contact op met het bureau.",
    ),
    503: (
        "Even niet bereikbaar",
        "De database is nu niet bereikbaar, dus Kring kan niets tonen of opslaan. Probeer het over een paar "
        "minuten opnieuw. Blijft het misgaan, neem dan contact op met het bureau.",
    ),
}
CSRF_PAGE = (
    "Formulier verlopen",
    "Dit formulier is verlopen of kwam niet van deze site, en is niet verwerkt. Ga terug, laad de pagina "
    "opnieuw en probeer het nog eens.",
)
OTHER_PAGE = ("Er ging iets mis", "Dit verzoek kon niet worden verwerkt.")
DUTCH_HTTP = {
    400: ("malformed", "Het verzoek is niet goed opgebouwd."),
    401: ("unauthorized", "Log in met een geldig API-token."),
    403: ("forbidden", "U heeft hier geen toegang toe."),
    404: ("not_found", "Dit adres bestaat niet in de API."),
    405: ("method_not_allowed", "Deze methode kan niet op dit adres."),
    413: ("payload_too_large", "Het verzoek is te groot."),
    415: ("unsupported_media_type", "Stuur JSON."),
    500: ("internal_error", "Er ging iets mis aan onze kant."),
}
DATABASE_DOWN = "De database is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."
DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)
# The layout failed too (it asks the database who is logged in): still a Dutch page, without the layout.
PLAIN_PAGE = (
    '<!doctype html>\n<html lang="nl"><meta charset="utf-8"><title>{title} · Kring</title>'
    "<h1>{title}</h1><p>{message}</p>"
)
SERVER_NAME = "Kring"  # no server software or version for a scanner to look up


def register_error_handlers(app: Flask) -> None:
    """JSON errors under /api/, Dutch pages in the app's layout elsewhere; never a bare 500 or a banner."""
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    for database_error in DATABASE_ERRORS:
        app.register_error_handler(database_error, _database_unreachable)
    app.after_request(_neutral_server)


def _for_api() -> bool:
    return request.path.startswith("/api/")


def _domain_error(error: DomainError):
    if _for_api():
        return json_error(error.code, error.message, status_of(error), error.details)
    title, _ = PAGES.get(status_of(error), OTHER_PAGE)
    return error_page(status_of(error), title, error.message)


def _http_error(error: HTTPException):
    """An HTTP error (404, 405, 413, the CSRF refusal, 500 for an unhandled exception …) as JSON or a page."""
    status = error.code or 500
    if status >= 500:
        _drop_request_session()
    response = _api_http_error(error, status) if _for_api() else error_page(status, *_page_text(error, status))
    for name, value in error.get_headers():  # Allow (405), Retry-After (429), WWW-Authenticate …
        if name.lower() != "content-type":
            response.headers.setdefault(name, value)
    return response


def _page_text(error: HTTPException, status: int) -> tuple[str, str]:
    return CSRF_PAGE if isinstance(error, CSRFError) else PAGES.get(status, OTHER_PAGE)


def _api_http_error(error: HTTPException, status: int) -> Response:
    code, message = DUTCH_HTTP.get(status, (f"http_{status}", "Het verzoek kon niet worden verwerkt."))
    if getattr(error, "dutch", False) and error.description:
        message = error.description
    response = _json_response(code, message, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kring"'
    return response


def _database_unreachable(error: Exception):
    """503 with a Dutch message, never a traceback; logged for the operator."""
    current_app.logger.error("Database niet bereikbaar: %s", error)
    _forget_user()
    if _for_api():
        response = _json_response("database_unavailable", DATABASE_DOWN, 503)
    else:
        response = error_page(503, *PAGES[503])
    response.headers["Retry-After"] = "60"
    return response


def _json_response(code: str, message: str, status: int) -> Response:
    response, _ = json_error(code, message, status)
    response.status_code = status
    return response


def _drop_request_session() -> None:
    """Close the request's session: its failed transaction must not break the error page's own queries."""
    session = g.pop("db", None)
    if session is not None:
        with suppress(Exception):  # best effort: the page falls back to its plain form if the database is gone
            session.close()


def _forget_user() -> None:
    """Draw the page as for a visitor: the layout would ask the unreachable database who is logged in."""
    _drop_request_session()
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login's cache of the current user


def error_page(status: int, title: str, message: str) -> Response:
    """A Dutch error page in the app's layout (plain when the layout itself fails)."""
    try:
        body = render_template("errors/page.html", status=status, title=title, message=message)
    except Exception:  # whatever broke the request may break the layout too
        body = PLAIN_PAGE.format(title=escape(title), message=escape(message))
    return Response(body, status=status, mimetype="text/html")


def _neutral_server(response: Response) -> Response:
    response.headers["Server"] = SERVER_NAME
    return response
