"""Logs every successful read of a case, by page or API, after the response is made, in the request's own
database session (one connection per request: the line cannot wait on the request it logs)."""

from flask import Flask, Response, g, request

from storage.audit import log_access, set_actor
from web.context import clock, db


def init_app(app: Flask) -> None:
    app.after_request(_log_case_read)
    app.teardown_request(lambda _exc: set_actor(None))


def _log_case_read(response: Response) -> Response:
    case_id = (request.view_args or {}).get("case_id")
    actor = g.get("actor")
    if case_id is not None and actor is not None and request.method == "GET" and response.status_code == 200:
        via = "api" if request.path.startswith("/api/") else "pagina"
        log_access(db(), case_id, actor.user_id, clock().now(), via, request.path)
    return response
