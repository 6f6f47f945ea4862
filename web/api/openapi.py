"""The OpenAPI 3.0 document of /api/v1, written by hand next to the routes it describes."""

from typing import Any

from web.forms import MUNICIPALITY_FILTER, REGION_FILTER
from workflow import vocabulary as vocab
from workflow.action_forms import STEP_REASON
from workflow.fields import text_pattern
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS
from workflow.offers import OFFER_REASON
from workflow.phases import Phase
from workflow.registration.schema import MEETING
from workflow.table import TRIGGERS

PHASES = [p.value for p in Phase]


def openapi_document() -> dict[str, Any]:
    """The whole document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kring API",
            "version": "1.0.0",
            "description": "Zaken van Eigen Kracht-conferenties: aanmelden, fasen doorlopen, aanbieden.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Token van `kring token create --email …`",
                }
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
            "parameters": PARAMETERS,
        },
    }


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _ref("responses", str(code)) for code in ("400", "401", *map(str, codes))}


def _body(schema_name: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref("schemas", schema_name)}}}


def _field_schema(spec) -> dict[str, Any]:
    """The JSON schema of one FieldSpec: its kind, value list and limits (the code's limits, from one source)."""
    numeric = {k: v for k, v in (("minimum", spec.minimum), ("maximum", spec.maximum)) if v is not None}
    string = {"type": "string", "maxLength": spec.max_length, "pattern": text_pattern(spec)}
    kinds = {
        "text": string,
        "line": string,
        "email": {**string, "format": "email"},
        "phone": string,
        "date": {"type": "string", "format": "date"},
        "bool": {"type": "boolean"},
        "choice": {"type": "string", "enum": list(spec.choices)},
        "multichoice": {"type": "array", "items": {"type": "string", "enum": list(spec.choices)}},
        "int": {"type": "integer", **numeric},
        "float": {"type": "number", **numeric},
        "counts": {
            "type": "object",
            "properties": {c: {"type": "integer", "minimum": 0, "maximum": 500} for c in spec.choices},
            "additionalProperties": False,
        },
    }
    return {**kinds[spec.kind], "nullable": not spec.required, "description": spec.label}


def _filter_schema(spec) -> dict[str, Any]:
    """A query parameter's schema from its FieldSpec (a parameter is left out, never null)."""
    return {k: v for k, v in _field_schema(spec).items() if k not in ("nullable", "description")}


def _record_schema(fields, **extra: Any) -> dict[str, Any]:
    """An object of the registration schema's fields (as the case's record holds them)."""
    return {"type": "object", "properties": {**{f.name: _field_schema(f) for f in fields}, **extra}}


def _intake_input() -> dict[str, Any]:
    flat = {s.name: _field_schema(s) for s in INTAKE_FIELDS}
    nested = {
        group: {
            "type": "object",
            "nullable": True,
            "additionalProperties": False,
            "properties": {
                name.removeprefix(group + "_"): schema for name, schema in flat.items() if name.startswith(group + "_")
            },
        }
        for group in ("aanmelder", "wensen_coordinator")
    }
    person = {
        "type": "object",
        "required": ["naam", "soort"],
        "properties": {s.name: _field_schema(s) for s in MAIN_PERSON_FIELDS},
    }
    return {
        "type": "object",
        "required": ["gemeente", "type_aanmelder", "vraag", "hoofdpersonen"],
        "additionalProperties": False,
        "properties": {
            **flat,
            **nested,
            "provincie": {"type": "string", "nullable": True, "description": "Afgeleid van de gemeente"},
            "hoofdpersonen": {"type": "array", "minItems": 1, "maxItems": 12, "items": person},
        },
    }


def _patch_input() -> dict[str, Any]:
    from workflow.editing import EDITABLE_FIELDS

    props = {s.name: _field_schema(s) for s in EDITABLE_FIELDS}
    nested = {
        group: {
            "type": "object",
            "nullable": True,
            "additionalProperties": False,
            "properties": {
                name.removeprefix(group + "_"): schema for name, schema in props.items() if name.startswith(group + "_")
            },
        }
        for group in ("aanmelder", "wensen_coordinator")
    }
    return {
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": {"version": {"type": "integer", "minimum": 0}, **props, **nested},
    }


STRING_N = {"type": "string", "nullable": True}
DATE_N = {"type": "string", "format": "date", "nullable": True}
TIME_N = {"type": "string", "format": "date-time", "nullable": True}
INT_N = {"type": "integer", "nullable": True}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string", "description": "Nederlands, voor mensen"},
                    "details": {
                        "type": "object",
                        "properties": {
                            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                            "missing": {"type": "array", "items": _ref("schemas", "Missing")},
                            "current_version": {"type": "integer"},
                            "phase": {"type": "string"},
                        },
                    },
                },
            }
        },
    },
    "Missing": {
        "type": "object",
        "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
    },
    "RegistrationImport": {
        "type": "object",
        "required": ["created", "updated", "unchanged", "errors"],
        "properties": {
            "created": {"type": "integer"},
            "updated": {"type": "integer"},
            "unchanged": {"type": "integer"},
            "skipped_lines": {"type": "integer"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["line", "field", "message"],
                    "properties": {
                        "line": {"type": "integer"},
                        "field": {"type": "string"},
                        "message": {"type": "string"},
                    },
                },
            },
        },
    },
    "CaseSummary": {
        "type": "object",
        "required": ["id", "ref", "phase", "version"],
        "properties": {
            "id": {"type": "integer"},
            "ref": {"type": "string"},
            "phase": {"type": "string", "enum": PHASES},
            "phase_label": {"type": "string"},
            "version": {"type": "integer"},
            "aanmelddatum": DATE_N,
            "provincie": STRING_N,
            "gemeente": STRING_N,
            "coordinator_id": INT_N,
            "co_coordinator_id": INT_N,  # the second coordinator of a herstel or groep conference
            "created_at": TIME_N,
            "updated_at": TIME_N,
            "closed_at": TIME_N,
        },
    },
    "CaseList": {
        "type": "object",
        "required": ["cases"],
        "properties": {"cases": {"type": "array", "items": _ref("schemas", "CaseSummary")}},
    },
    "Action": {
        "type": "object",
        "required": ["trigger", "label", "to", "ok", "missing", "fields"],
        "properties": {
            "trigger": {"type": "string", "enum": list(TRIGGERS)},
            "label": {"type": "string"},
            "to": {"type": "string", "enum": PHASES},
            "ok": {"type": "boolean"},
            "reason_required": {"type": "boolean"},
            "missing": {"type": "array", "items": _ref("schemas", "Missing")},
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "label": {"type": "string"},
                        "kind": {"type": "string"},
                        "choices": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
        },
    },
    "HistoryEntry": {
        "type": "object",
        "properties": {
            "at": TIME_N,
            "actor": {"type": "string"},
            "actor_id": INT_N,
            "trigger": {"type": "string"},
            "from": {"type": "string", "enum": PHASES},
            "to": {"type": "string", "enum": PHASES},
            "reason": {"type": "string"},
        },
    },
    "Meeting": _record_schema(MEETING, nummer={"type": "integer", "minimum": 1}),
    "MainPerson": {
        "type": "object",
        "properties": {
            "soort": {"type": "string", "enum": list(vocab.MAIN_PERSON_KINDS)},
            "geslacht": STRING_N,
            "ongeboren": {"type": "boolean"},
            "naam": STRING_N,
            "geboortedatum": DATE_N,
        },
    },
    "Case": {
        "allOf": [
            _ref("schemas", "CaseSummary"),
            {
                "type": "object",
                "required": ["allowed_triggers", "history", "hoofdpersonen"],
                "properties": {
                    "variant": {"type": "string"},
                    "type_aanmelder": {"type": "string"},
                    "type_organisatie": STRING_N,
                    "gedwongen_kader": {"type": "boolean"},
                    "eerdere_ekc": {"type": "boolean"},
                    "hoofdpersonen": {"type": "array", "items": _ref("schemas", "MainPerson")},
                    "vraag": STRING_N,
                    "zorgen": STRING_N,
                    "voorwaarden": STRING_N,
                    "aanmelder": {
                        "type": "object",
                        "properties": {k: STRING_N for k in ("naam", "organisatie", "telefoon", "email")},
                    },
                    "wensen_coordinator": {"type": "object", "additionalProperties": {"type": "string"}},
                    "bijeenkomsten": {"type": "array", "items": _ref("schemas", "Meeting")},
                    "plan": {"type": "object", "nullable": True},
                    "uitkomst": STRING_N,
                    "afgesloten_vanuit": STRING_N,
                    "persoonsgegevens_verwijderd_op": TIME_N,
                    "offers": {"type": "array", "items": _ref("schemas", "Offer")},
                    "allowed_triggers": {"type": "array", "items": _ref("schemas", "Action")},
                    "history": {"type": "array", "items": _ref("schemas", "HistoryEntry")},
                },
            },
        ]
    },
    "CaseInput": _intake_input(),
    "CasePatch": _patch_input(),
    "TransitionRequest": {
        "type": "object",
        "required": ["trigger", "version"],
        "additionalProperties": False,
        "properties": {
            "trigger": {"type": "string", "enum": list(TRIGGERS)},
            "version": {"type": "integer", "minimum": 0},
            "reason": {**_field_schema(STEP_REASON), "nullable": True},
            "data": {"type": "object", "nullable": True, "description": "De velden van het formulier van de stap"},
        },
    },
    "OfferRequest": {
        "type": "object",
        "required": ["coordinator_id"],
        "additionalProperties": False,
        "properties": {
            "coordinator_id": {"type": "integer", "minimum": 1},
            "version": {"type": "integer", "minimum": 0, "nullable": True},
        },
    },
    "DeclineRequest": {
        "type": "object",
        "required": ["reason"],
        "additionalProperties": False,
        "properties": {"reason": {**_field_schema(OFFER_REASON), "minLength": 1, "nullable": False}},
    },
    "Offer": {
        "type": "object",
        "required": ["id", "case_id", "coordinator_id", "state"],
        "properties": {
            "id": {"type": "integer"},
            "case_id": {"type": "integer"},
            "coordinator_id": {"type": "integer"},
            "state": {"type": "string", "enum": ["open", "accepted", "declined", "withdrawn", "expired"]},
            "offered_at": TIME_N,
            "deadline": TIME_N,
            "answered_at": TIME_N,
            "reason": {"type": "string"},
        },
    },
}

_DESCRIPTIONS = {
    "400": "Onjuist verzoek: geen geldige JSON, of velden die niet kloppen (`details.fields`)",
    "401": "Geen of een ongeldig API-token",
    "403": "Uw rol mag dit niet",
    "404": "Bestaat niet, of valt buiten uw zaken",
    "409": "De zaak is intussen gewijzigd (versie), of de stap kan niet in deze fase",
    "422": "Een voorwaarde van de stap is niet vervuld (`details.missing`), of de Idempotency-Key hoort bij een "
    "ander verzoek",
}
RESPONSES = {code: _json(_ref("schemas", "Error"), text) for code, text in _DESCRIPTIONS.items()}

_ID = {"in": "path", "required": True, "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}}
PARAMETERS = {
    "CaseId": {"name": "case_id", **_ID},
    "OfferId": {"name": "offer_id", **_ID},
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"},
        "description": (
            "Zelfde sleutel en zelfde verzoek binnen 24 uur: hetzelfde eerste antwoord, niets nieuws aangemaakt "
            "(kop `Idempotent-Replayed: true`). Zelfde sleutel, ander verzoek: 422."
        ),
    },
}
_IDEMPOTENT = [_ref("parameters", "IdempotencyKey")]
CASE = _json(_ref("schemas", "Case"), "De zaak")


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PATHS: dict[str, Any] = {
    "/openapi.json": {
        "get": {
            "summary": "Dit document",
            "security": [],
            "operationId": "openapi",
            "responses": {
                "200": {
                    "description": "OpenAPI 3-document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/cases": {
        "get": {
            "summary": "Zaken die u mag zien",
            "operationId": "listCases",
            "parameters": [
                _query("phase", {"type": "string", "enum": PHASES}, "Alleen zaken in deze fase"),
                _query("region", _filter_schema(REGION_FILTER), "Regio (provincie) op naam of id"),
                _query("coordinator", {"type": "integer", "minimum": 0, "maximum": 2147483647}, "Coördinator-id"),
            ],
            "responses": {"200": _json(_ref("schemas", "CaseList"), "De zaken"), **_errors()},
        },
        "post": {
            "summary": "Nieuwe aanmelding",
            "operationId": "createCase",
            "parameters": _IDEMPOTENT,
            "requestBody": _body("CaseInput"),
            "responses": {
                "201": _json(
                    {"anyOf": [_ref("schemas", "Case"), _ref("schemas", "CaseSummary")]},
                    "De nieuwe zaak, fase aanmelding",
                ),
                **_errors(403, 422),
            },
        },
    },
    "/cases/{case_id}": {
        "parameters": [_ref("parameters", "CaseId")],
        "get": {"summary": "Eén zaak", "operationId": "getCase", "responses": {"200": CASE, **_errors(404)}},
        "patch": {
            "summary": "Gegevens van de aanmelding wijzigen",
            "operationId": "updateCase",
            "requestBody": _body("CasePatch"),
            "responses": {"200": CASE, **_errors(403, 404, 409)},
        },
    },
    "/cases/{case_id}/transitions": {
        "parameters": [_ref("parameters", "CaseId")],
        "post": {
            "summary": "Een stap zetten",
            "operationId": "fireTransition",
            "parameters": _IDEMPOTENT,
            "requestBody": _body("TransitionRequest"),
            "responses": {"200": CASE, **_errors(403, 404, 409, 422)},
        },
    },
    "/cases/{case_id}/matches": {
        "parameters": [_ref("parameters", "CaseId")],
        "get": {
            "summary": "Coördinatoren gerangschikt voor de zaak, met score en redenen per criterium",
            "operationId": "caseMatches",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "case_id": {"type": "integer"},
                            "version": {"type": "integer"},
                            "needs": {"type": "object"},
                            "matches": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "position": {"type": "integer"},
                                        "coordinator_id": {"type": "integer"},
                                        "name": {"type": "string"},
                                        "score": {"type": "number"},
                                        "reasons": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "properties": {
                                                    "text": {"type": "string"},
                                                    "ok": {"type": "boolean"},
                                                    "points": {"type": "number"},
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                            "excluded": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                    "Gerangschikt (beste eerst) en uitgesloten met reden",
                ),
                **_errors(403, 404),
            },
        },
    },
    "/cases/{case_id}/offers": {
        "parameters": [_ref("parameters", "CaseId")],
        "post": {
            "summary": "De zaak aanbieden aan een coördinator",
            "operationId": "offerCase",
            "parameters": _IDEMPOTENT,
            "requestBody": _body("OfferRequest"),
            "responses": {"201": _json(_ref("schemas", "Offer"), "Het aanbod"), **_errors(403, 404, 409, 422)},
        },
    },
    "/offers/{offer_id}/accept": {
        "parameters": [_ref("parameters", "OfferId")],
        "post": {
            "summary": "Aanbod aannemen",
            "operationId": "acceptOffer",
            "parameters": _IDEMPOTENT,
            "responses": {"200": CASE, **_errors(403, 404, 409, 422)},
        },
    },
    "/offers/{offer_id}/decline": {
        "parameters": [_ref("parameters", "OfferId")],
        "post": {
            "summary": "Aanbod afwijzen, met reden",
            "operationId": "declineOffer",
            "parameters": _IDEMPOTENT,
            "requestBody": _body("DeclineRequest"),
            "responses": {
                "200": _json(_ref("schemas", "Offer"), "Het afgewezen aanbod"),
                **_errors(403, 404, 409, 422),
            },
        },
    },
    "/reminders": {
        "get": {
            "summary": "Mijn herinneringen (taken)",
            "operationId": "reminders",
            "parameters": [
                _query("due_before", {"type": "string"}, "Vervalt voor (datum of moment met tijdzone)"),
                _query("state", {"type": "string", "enum": ["open", "done", "cancelled"]}, "Status"),
            ],
            "responses": {
                "200": {
                    "description": "De herinneringen",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"reminders": {"type": "array", "items": {"type": "object"}}},
                            }
                        }
                    },
                },
                "400": _ref("responses", "400"),
                "401": _ref("responses", "401"),
            },
        }
    },
    "/reports/yearly": {
        "get": {
            "summary": "Jaarcijfers: tabellen T1–T23 en kerncijfers van de zaken die u mag zien",
            "operationId": "yearlyReport",
            "parameters": [
                _query("year", {"type": "integer", "minimum": 1990, "maximum": 2100}, "Jaar van de afsluitdatum"),
                _query("region", _filter_schema(REGION_FILTER), "Regio op naam of id"),
                _query("gemeente", _filter_schema(MUNICIPALITY_FILTER), "Gemeente"),
                _query("provincie", {"type": "string"}, "Provincie"),
                _query("type_organisatie", {"type": "string"}, "Type organisatie van de aanmelder"),
                _query("variant", {"type": "string", "enum": ["familie", "herstel", "groep"]}, "Variant"),
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "required": ["year", "filters", "tables", "figures"],
                        "properties": {
                            "year": {"type": "integer"},
                            "filters": {"type": "object"},
                            "tables": {"type": "object"},
                            "figures": {"type": "object"},
                        },
                    },
                    "Het jaaroverzicht",
                ),
                **_errors(403),
            },
        }
    },
    "/registrations": {
        "get": {
            "summary": "Anonieme registraties van een jaar (afsluitdatum), JSON Lines (registration-v1); "
            "bureau en regiomanagers",
            "operationId": "exportRegistrations",
            "parameters": [
                {
                    "name": "year",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1990, "maximum": 2100},
                    "description": "Jaar",
                }
            ],
            "responses": {
                "200": {
                    "description": "Eén registratie per regel",
                    "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
                },
                **_errors(403),
            },
        },
        "post": {
            "summary": "Registraties inlezen, JSON Lines (registration-v1); alleen het bureau. Bij een "
            "foute regel wordt niets ingelezen, tenzij skip_errors=true",
            "operationId": "importRegistrations",
            "parameters": [_query("skip_errors", {"type": "boolean"}, "De goede regels toch inlezen")],
            "requestBody": {"required": True, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
                **_errors(403),
                "200": _json(_ref("schemas", "RegistrationImport"), "Aantallen en fouten per regel"),
                "400": _json(_ref("schemas", "Error"), "Fouten per regel in details.errors; niets ingelezen"),
            },
        },
    },
}
