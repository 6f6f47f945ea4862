"""The one place where domain errors become HTTP statuses, JSON errors and flash messages."""

from flask import Flask, jsonify, request

from workflow.errors import DomainError

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
