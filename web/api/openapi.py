"""The OpenAPI 3.1 document of /api/v1: the operations here, the schemas generated from the contract's pydantic
models (web.contract). OpenAPI 3.1 because its schemas are JSON Schema 2020-12, which pydantic writes: no
conversion (`nullable`, `anyOf` with null) between the models and the document."""

import copy
from functools import cache, lru_cache
from typing import Any

from storage.case_search import MIN_LENGTH, SEARCH_TEXT
from web.api.openapi_money import money_paths
from web.api.openapi_parts import creating, error_answers, json_answer, operation, query, request_body
from web.api.reference import Reference
from web.contract.components import component_schemas, ref, value_schema
from web.contract.fields import STRIPPED
from web.contract.requests import MAX_ID
from web.contract.responses import REMINDER_STATES
from web.forms import MUNICIPALITY_FILTER, REGION_FILTER
from workflow import vocabulary as vocab
from workflow.fields import CONTROL_IN_LINE
from workflow.phases import Phase

ERRORS = {
    "400": "Onjuist verzoek: geen geldige JSON, of velden die niet kloppen (`details.fields`)",
    "401": "Geen of een ongeldig API-token",
    "403": "Uw rol mag dit niet",
    "404": "Bestaat niet, of valt buiten uw zaken",
    "409": "De zaak is intussen gewijzigd (versie), de stap kan niet in deze fase, of er staat al een aanbod open",
    "422": "Een voorwaarde van de stap is niet vervuld (`details.missing`), of de Idempotency-Key hoort bij een "
    "ander verzoek",
}
ID = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
YEAR = {"type": "integer", "minimum": 1990, "maximum": 2100}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x20-\\x7e]+$"},
    "description": (
        "Zelfde sleutel en zelfde verzoek binnen 24 uur: hetzelfde eerste antwoord, niets nieuws aangemaakt "
        "(kop `Idempotent-Replayed: true`). Zelfde sleutel, ander verzoek: 422."
    ),
}
CASE_ID = "$response.body#/id"
VERSION = {"version": "$response.body#/version"}
# What can follow an answer (clients, and schemathesis' stateful runs, follow these): from a case to its page,
# its change and steps (with the version just read), its ranking and an offer; from the ranking to an offer to
# its best coordinator; from an offer to its answer.
CASE_LINKS = {
    "GetCase": {"operationId": "getCase", "parameters": {"case_id": CASE_ID}},
    "UpdateCase": {"operationId": "updateCase", "parameters": {"case_id": CASE_ID}, "requestBody": VERSION},
    "FireTransition": {"operationId": "fireTransition", "parameters": {"case_id": CASE_ID}, "requestBody": VERSION},
    "OfferCase": {"operationId": "offerCase", "parameters": {"case_id": CASE_ID}},
    "CaseMatches": {"operationId": "caseMatches", "parameters": {"case_id": CASE_ID}},
}
MATCH_LINKS = {
    "OfferToBest": {
        "operationId": "offerCase",
        "parameters": {"case_id": "$response.body#/case_id"},
        "requestBody": {"coordinator_id": "$response.body#/matches/0/coordinator_id"},
    }
}
OFFER_LINKS = {
    name: {"operationId": operation, "parameters": {"offer_id": "$response.body#/id"}}
    for name, operation in (("AcceptOffer", "acceptOffer"), ("DeclineOffer", "declineOffer"))
}
NO_REFERENCE = Reference()


@lru_cache(maxsize=8)
def openapi_document(reference: Reference = NO_REFERENCE) -> dict[str, Any]:
    """The whole document, with the database's lists as the values of the fields that name them."""
    document = copy.deepcopy(code_document())
    if reference.municipalities:
        document["components"]["schemas"]["CaseInput"]["properties"]["gemeente"]["enum"] = list(
            reference.municipalities
        )
    if reference.regions:
        report = document["paths"]["/reports/yearly"]["get"]["parameters"]
        next(p for p in report if p["name"] == "region")["schema"]["enum"] = list(reference.regions)
    return document


@cache
def code_document() -> dict[str, Any]:
    """The document as the code alone describes it (built once)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kring API",
            "version": "1.0.0",
            "description": "Zaken van Eigen Kracht-conferenties: aanmelden, fasen doorlopen, aanbieden.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths(),
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Token van `kring token create --email …`",
                }
            },
            "schemas": component_schemas(),
            "responses": {code: json_answer("Error", text) for code, text in ERRORS.items()},
            "parameters": {
                "CaseId": {"name": "case_id", "in": "path", "required": True, "schema": ID},
                "OfferId": {"name": "offer_id", "in": "path", "required": True, "schema": ID},
                "ContractId": {"name": "contract_id", "in": "path", "required": True, "schema": ID},
                "InvoiceId": {"name": "invoice_id", "in": "path", "required": True, "schema": ID},
                "IdempotencyKey": IDEMPOTENCY_KEY,
            },
        },
    }


# The search text as storage.case_search reads it: no control characters, blanks around it stripped, then
# empty (no search) or at least MIN_LENGTH characters.
_INNER = rf"[^\s{CONTROL_IN_LINE}](?:[^{CONTROL_IN_LINE}]{{{MIN_LENGTH - 2},}}[^\s{CONTROL_IN_LINE}])"
SEARCH = {
    "type": "string",
    "maxLength": SEARCH_TEXT.max_length,
    "pattern": rf"^{STRIPPED}(?:{_INNER})?{STRIPPED}$",
}


def paths() -> dict[str, Any]:
    """Every operation of /api/v1."""
    case = json_answer("Case", "De zaak", CASE_LINKS)
    return {
        "/openapi.json": {
            "get": operation(
                "openapi",
                "Dit document",
                {"200": {"description": "OpenAPI 3.1-document", "content": {"application/json": {}}}},
                security=[],
            )
        },
        "/cases": {
            "get": operation(
                "listCases",
                "Zaken die u mag zien",
                {"200": json_answer("CaseList", "De zaken"), **error_answers()},
                parameters=[
                    query("phase", {"type": "string", "enum": [p.value for p in Phase]}, "Alleen zaken in deze fase"),
                    query("region", value_schema(REGION_FILTER), "Regio (provincie) op naam of id"),
                    query("coordinator", ID, "Coördinator-id"),
                    query("q", SEARCH, "Zoek op zaak, naam van een hoofdpersoon, aanmelder of gemeente"),
                ],
            ),
            "post": creating(
                "createCase",
                "Nieuwe aanmelding",
                {
                    "201": json_answer("Case", "De nieuwe zaak, fase aanmelding", CASE_LINKS),
                    "202": json_answer(
                        "CaseSummary",
                        "Ontvangen voor de inbox van een andere regio (de gemeente ligt buiten uw regio's): alleen "
                        "id en referentie, de zaak zelf ziet u niet",
                    ),
                    **error_answers(403, 422),
                },
                requestBody=request_body("CaseInput"),
            ),
        },
        "/cases/{case_id}": {
            "parameters": [ref("CaseId", "parameters")],
            "get": operation("getCase", "Eén zaak", {"200": case, **error_answers(404)}),
            "patch": operation(
                "updateCase",
                "Gegevens van de aanmelding wijzigen",
                {"200": case, **error_answers(403, 404, 409)},
                requestBody=request_body("CasePatch"),
            ),
        },
        "/cases/{case_id}/transitions": {
            "parameters": [ref("CaseId", "parameters")],
            "post": creating(
                "fireTransition",
                "Een stap zetten",
                {"200": case, **error_answers(403, 404, 409, 422)},
                requestBody=request_body("TransitionRequest"),
                description="Datums moeten kloppen (workflow/dates.py): aanmelddatum ≤ informatief gesprek ≤ "
                "bijeenkomsten, een follow-up gesprek minstens het door het bureau ingestelde aantal weken na de "
                "bijeenkomst. Een datum die niet past geeft 400 met per veld de reden in details.fields; er wordt "
                "niets opgeslagen.",
            ),
        },
        "/cases/{case_id}/matches": {
            "parameters": [ref("CaseId", "parameters")],
            "get": operation(
                "caseMatches",
                "Coördinatoren gerangschikt voor de zaak, met score en redenen per criterium",
                {
                    "200": json_answer("Matches", "Gerangschikt (beste eerst) en uitgesloten met reden", MATCH_LINKS),
                    **error_answers(403, 404),
                },
            ),
        },
        "/cases/{case_id}/offers": {
            "parameters": [ref("CaseId", "parameters")],
            "post": creating(
                "offerCase",
                "De zaak aanbieden aan een coördinator",
                {"201": json_answer("Offer", "Het aanbod", OFFER_LINKS), **error_answers(403, 404, 409, 422)},
                requestBody=request_body("OfferRequest"),
            ),
        },
        "/offers/{offer_id}/accept": {
            "parameters": [ref("OfferId", "parameters")],
            "post": creating("acceptOffer", "Aanbod aannemen", {"200": case, **error_answers(403, 404, 409, 422)}),
        },
        "/offers/{offer_id}/decline": {
            "parameters": [ref("OfferId", "parameters")],
            "post": creating(
                "declineOffer",
                "Aanbod afwijzen, met reden",
                {"200": json_answer("Offer", "Het afgewezen aanbod"), **error_answers(403, 404, 409, 422)},
                requestBody=request_body("DeclineRequest"),
            ),
        },
        **_reading_paths(),
        **money_paths(),
    }


def _reading_paths() -> dict[str, Any]:
    """Reminders, the yearly report and the registrations."""
    moment = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    return {
        "/reminders": {
            "get": operation(
                "reminders",
                "Mijn herinneringen (taken)",
                {"200": json_answer("Reminders", "De herinneringen"), **error_answers()},
                parameters=[
                    query("due_before", moment, "Vervalt voor (datum, of moment met tijdzone)"),
                    query("state", {"type": "string", "enum": list(REMINDER_STATES)}, "Status"),
                ],
            )
        },
        "/reports/yearly": {
            "get": operation(
                "yearlyReport",
                "Jaarcijfers: tabellen T1–T23 en kerncijfers van de zaken die u mag zien",
                {"200": json_answer("YearlyReport", "Het jaaroverzicht"), **error_answers(403)},
                parameters=[
                    query("year", YEAR, "Jaar van de afsluitdatum"),
                    query("region", value_schema(REGION_FILTER), "Een van uw regio's, op naam of id"),
                    query("gemeente", value_schema(MUNICIPALITY_FILTER), "Gemeente"),
                    query("provincie", {"type": "string", "enum": list(vocab.PROVINCES)}, "Provincie"),
                    query(
                        "type_organisatie",
                        {"type": "string", "enum": list(vocab.ORGANISATION_TYPES)},
                        "Type organisatie van de aanmelder",
                    ),
                    query("variant", {"type": "string", "enum": list(vocab.VARIANTS)}, "Variant"),
                ],
            )
        },
        "/registrations": {
            "get": operation(
                "exportRegistrations",
                "Anonieme registraties van een jaar (afsluitdatum), JSON Lines (registration-v1); "
                "bureau en regiomanagers",
                {
                    "200": {
                        "description": "Eén registratie per regel",
                        "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
                    },
                    **error_answers(403),
                },
                parameters=[query("year", YEAR, "Jaar", required=True)],
            ),
            "post": operation(
                "importRegistrations",
                "Registraties inlezen, JSON Lines (registration-v1); alleen het bureau. Bij een foute regel wordt "
                "niets ingelezen, tenzij skip_errors=true",
                {
                    **error_answers(403),
                    "200": json_answer("RegistrationImport", "Aantallen en fouten per regel"),
                    "400": json_answer("Error", "Fouten per regel in details.errors; niets ingelezen"),
                },
                parameters=[query("skip_errors", {"type": "boolean"}, "De goede regels toch inlezen")],
                requestBody={"required": True, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
            ),
        },
        "/registrations.sav": {
            "get": operation(
                "exportRegistrationsSav",
                "Anonieme registraties als SPSS-bestand (.sav, gelabelde variabelen en waarden); alleen het bureau. "
                "Zonder year: alle jaren; filters als de rapportage",
                {
                    "200": {
                        "description": "Eén rij per registratie",
                        "content": {"application/x-spss-sav": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **error_answers(403),
                },
                parameters=[
                    query("year", YEAR, "Jaar (afsluitdatum)"),
                    query(
                        "provincie",
                        {"type": "array", "items": {"type": "string", "enum": list(vocab.PROVINCES)}},
                        "Alleen deze provincies",
                    ),
                    query(
                        "gemeente",
                        {"type": "array", "items": value_schema(MUNICIPALITY_FILTER)},
                        "Alleen deze gemeenten",
                    ),
                    query(
                        "type_organisatie",
                        {"type": "string", "enum": list(vocab.ORGANISATION_TYPES)},
                        "Type organisatie aanmelder",
                    ),
                    query("variant", {"type": "string", "enum": list(vocab.VARIANTS)}, "Variant"),
                ],
            )
        },
    }
