"""The one place where domain errors become HTTP statuses, JSON errors and flash messages."""

from dataclasses import dataclass
from typing import Literal

from flask import Flask, flash, jsonify, request

from web.forms import field_errors
from workflow.errors import DomainError, InvalidInput, StaleCase

STATUS = {
    "not_found": 404,
    "forbidden": 403,
    "unknown_trigger": 400,
    "invalid_input": 400,
    "invalid_transition": 409,
    "stale": 409,
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


def register_error_handlers(app: Flask) -> None:
    """JSON errors under /api, plain pages elsewhere; never a bare 500 for a domain refusal."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if request.path.startswith("/api/"):
            return json_error(error.code, error.message, status_of(error), error.details)
        return error.message, status_of(error)
