"""The money operations of the OpenAPI document (bureau only): funders, contracts and the budget overview."""

from typing import Any

from web.api.openapi_parts import creating, error_answers, json_answer, operation, query, request_body
from web.contract.components import ref

CONTRACT_RULES = (
    "De controles van de contractpagina: een periode die overlapt met een ander contract van dezelfde financier "
    "voor een domein, een negatieve prijs, een einddatum vóór de begindatum of prijzen buiten de periode geven "
    "400 met per veld de reden (details.fields, in het Nederlands); er wordt niets opgeslagen. Elke wijziging "
    "staat in het audittrail van het geld."
)
DOCUMENTS = (
    "application/pdf",
    "application/xml",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
CONTRACT = json_answer("ContractTerms", "Het contract zoals het nu is opgeslagen (bedragen als tekst)")


def money_paths() -> dict[str, Any]:
    return {
        "/funders": {
            "post": creating(
                "createFunder",
                "Nieuwe financier (gemeente, samenwerkingsverband of fonds); alleen het bureau",
                {
                    "201": json_answer("FunderContracts", "De nieuwe financier, nog zonder contracten"),
                    **error_answers(403, 422),
                },
                requestBody=request_body("FunderInput"),
                description="Gemeenten op naam. Een naam die al bestaat of een onbekende gemeente geeft 400.",
            )  # fmt: skip
        },
        "/contracts": {
            "get": operation(
                "contracts",
                "Financiers met hun contracten, prijzen per datum, ingekochte aantallen en budget; alleen het bureau",
                {
                    "200": json_answer("ContractList", "De financiers en hun contracten (bedragen als tekst)"),
                    **error_answers(403),
                },
            ),
            "post": creating(
                "createContract",
                "Nieuw contract van een financier; alleen het bureau",
                {"201": CONTRACT, **error_answers(403, 422)},
                requestBody=request_body("ContractBody"),
                description=CONTRACT_RULES,
            ),
        },
        "/contracts/{contract_id}": {
            "parameters": [ref("ContractId", "parameters")],
            "put": operation(
                "replaceContract",
                "Alle voorwaarden van een contract opnieuw vastleggen (zoals de contractpagina); alleen het bureau",
                {"200": CONTRACT, **error_answers(403, 404)},
                requestBody=request_body("ContractBody"),
                description=CONTRACT_RULES,
            ),
            "patch": operation(
                "changeContract",
                "Enkele voorwaarden wijzigen, bijvoorbeeld `prices` met een prijswijziging vanaf een datum",
                {"200": CONTRACT, **error_answers(403, 404)},
                requestBody=request_body("ContractPatch"),
                description=CONTRACT_RULES,
            ),
        },
        "/invoices": {
            "get": operation(
                "invoices",
                "Alle facturen, nieuwste periode eerst: nummer (null voor een concept), status, totalen; alleen het "
                "bureau",
                {"200": json_answer("InvoiceList", "De facturen (bedragen als tekst)"), **error_answers(403)},
            )
        },
        "/invoices/{invoice_id}/document": {
            "parameters": [ref("InvoiceId", "parameters")],
            "get": operation(
                "invoiceDocument",
                "Een factuur als PDF, e-factuur (UBL 2.1), of CSV of XLSX voor de boekhouding; zonder namen",
                {
                    "200": {
                        "description": "Het document",
                        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in DOCUMENTS},
                    },
                    **error_answers(403, 404, 409),
                },
                parameters=[
                    query("format", {"type": "string", "enum": ["pdf", "xml", "csv", "xlsx"]}, "Formaat", required=True)
                ],
                description="409: de gegevens van de organisatie (nodig voor PDF en e-factuur) ontbreken nog.",
            ),
        },
        "/budget": {
            "get": operation(
                "budget",
                "Budgetbesteding en trechter per financier en contract, op een peildatum; alleen het bureau",
                {
                    "200": json_answer(
                        "BudgetOverview",
                        "Per financier en contract: aantallen per stap, ingekocht, "
                        "gefactureerd en resterend (bedragen als tekst met twee decimalen); de telleenheden per jaar",
                    ),
                    **error_answers(403),
                },
                parameters=[query("peildatum", {"type": "string", "format": "date"}, "Peildatum (standaard: vandaag)")],
            )
        },
    }
