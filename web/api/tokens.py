"""Bearer authentication and the API's request parsing: every refusal is a JSON error, never a 500."""

import json
from typing import Any

from flask import g, request
from werkzeug.exceptions import BadRequest, Unauthorized

from storage.accounts import actor_for
from storage.audit import set_actor
from storage.tokens import needs_use_noted, note_use, token_and_user
from web.context import clock, db, uow
from web.contract.requests import MAX_ID
from workflow.errors import InvalidInput
from workflow.guards import Actor


class Malformed(BadRequest):
    """A body or parameter that is not what the API reads; the description is Dutch."""

    dutch = True


class NotAuthenticated(Unauthorized):
    dutch = True
    description = "Log in met een geldig API-token: stuur de kop 'Authorization: Bearer <token>'."


def authenticate() -> Actor:
    """The actor of the request's bearer token; 401 for a missing, unknown, revoked or expired token."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated()
    now = clock().now()
    found = token_and_user(db(), token.strip(), now)
    if found is None:
        raise NotAuthenticated("Dit API-token is onbekend, ingetrokken of verlopen, of het account is niet actief.")
    row, user = found
    if needs_use_noted(row, now):
        note_use(uow(), row.id)
    g.actor = actor_for(db(), user)
    set_actor(user.id)
    return g.actor


def json_body() -> dict[str, Any]:
    """The request's JSON object; 400 for anything else (empty, malformed, an array, bad characters)."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise Malformed("De body is leeg; stuur een JSON-object.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise Malformed("De body is geen geldige JSON.") from None
    if not isinstance(body, dict):
        raise Malformed("De body moet een JSON-object zijn ({...}).")
    _check_text(body)
    return body


def _check_text(body: Any) -> None:
    """Refuse NUL characters and lone surrogates anywhere: databases cannot store them."""
    pending = [body]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += list(item.keys()) + list(item.values())
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise Malformed("De body bevat ongeldige tekens.") from None
            if "\x00" in item:
                raise Malformed("De body bevat een ongeldig teken (NUL).")


def only_keys(body: dict[str, Any], allowed: set[str]) -> None:
    """Refuse keys the endpoint does not know, naming them."""
    unknown = sorted(k for k in body if k not in allowed)
    if unknown:
        raise InvalidInput({k[:80]: "dit veld bestaat niet of kan hier niet worden meegegeven" for k in unknown[:20]})


def whole_number(body: dict[str, Any], name: str, label: str, required: bool = True) -> int | None:
    """A whole number from the body (not a boolean, not text), within the range an id can have. 7.0 is one too:
    JSON has one kind of number, and JSON Schema's "integer" is any number without a fraction."""
    value = body.get(name)
    if value is None and not required:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise InvalidInput({name: f"{label}: geef een heel getal"})
    return value


def optional_text(body: dict[str, Any], name: str, label: str) -> str:
    """Text from the body, or the empty string when left out."""
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput({name: f"{label}: dit moet tekst zijn"})
    return value


def query_id(name: str, label: str) -> int | None:
    """A whole-number query parameter, or None when absent."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if len(value) > 10 or not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise InvalidInput({name: f"{label}: geef een heel getal"})
    return int(value)
