"""The Idempotency-Key header of the API's creating requests (README, "API notes"): a retried request with the
same key gets the first answer again and writes nothing; the same key with another request is refused (422)."""

import re
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, g, make_response, request

from storage.idempotency import (
    Claim,
    IdempotencyKey,
    IdempotentUnitOfWork,
    KeyInUse,
    request_hash,
    stored_answer,
)
from storage.uow import SqlUnitOfWork
from web.context import clock, db, engine, uow
from web.errors import json_error
from workflow.errors import InvalidInput

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x20-\x7e]{1,200}")  # printable ASCII: what every HTTP client sends unchanged
REUSED = "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Kies voor een nieuw verzoek een nieuwe sleutel."
IN_PROGRESS = "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het zo opnieuw."


def idempotent(view: Callable) -> Callable:
    """Run the view once per (user, key); a repeat gets the stored answer, another request with the key 422."""

    @wraps(view)
    def wrapped(**kwargs):
        claim = _claim()
        if claim is None:
            return view(**kwargs)
        stored = stored_answer(db(), claim.user_id, claim.key, clock().now())
        if stored is not None:
            return _replay(stored, claim)
        g.idempotency_claim = claim
        try:
            return _answer_once(view, kwargs)
        except KeyInUse:  # a request with the same key committed while this one waited for it
            return _replay(stored_answer(db(), claim.user_id, claim.key, clock().now()), claim)

    return wrapped


def action_uow() -> SqlUnitOfWork:
    """The unit of work of the request's action: one that stores its answer under the key, when one was sent."""
    claim = g.get("idempotency_claim")
    if claim is None:
        return uow()
    unit = IdempotentUnitOfWork(engine(), clock(), current_app.extensions["kring.bus"], claim).sharing(db())
    g.idempotent_uow = unit
    return unit


def _claim() -> Claim | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY.fullmatch(key):
        raise InvalidInput({"idempotency_key": "Idempotency-Key: geef 1 tot 200 leesbare tekens (ASCII)"})
    return Claim(g.actor.user_id, key, request_hash(request.method, request.path, request.get_data(cache=True)))


def _answer_once(view: Callable, kwargs: dict) -> Response:
    """The view's answer, committed together with its write and the stored answer (a refusal stores nothing)."""
    try:
        response = make_response(view(**kwargs))
    except BaseException:
        _abandon()
        raise
    unit: IdempotentUnitOfWork | None = g.pop("idempotent_uow", None)
    if unit is not None and unit.written:
        unit.finish(response.status_code, response.get_data(as_text=True))
    return response


def _abandon() -> None:
    unit: IdempotentUnitOfWork | None = g.pop("idempotent_uow", None)
    if unit is not None:
        unit.abandon()


def _replay(stored: IdempotencyKey | None, claim: Claim) -> Response | tuple[Response, int]:
    if stored is None:
        return json_error("idempotency_in_progress", IN_PROGRESS, 409)
    if stored.request_hash != claim.request_hash:
        return json_error("idempotency_key_reused", REUSED, 422)
    response = Response(stored.response, status=stored.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response
