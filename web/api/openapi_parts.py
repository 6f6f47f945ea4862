"""The pieces every operation of the OpenAPI document is built from (web.api.openapi, web.api.openapi_money)."""

from typing import Any

from web.contract.components import ref


def json_answer(model: str, description: str, links: dict | None = None) -> dict[str, Any]:
    answer = {"description": description, "content": {"application/json": {"schema": ref(model)}}}
    return answer | ({"links": links} if links else {})


def error_answers(*codes: int) -> dict[str, Any]:
    return {str(code): ref(str(code), "responses") for code in (400, 401, *codes)}


def request_body(model: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": ref(model)}}}


def query(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
    """A query parameter; an optional one sent empty (`?phase=`) counts as not sent, as a form's empty field."""
    empty = {} if required else {"allowEmptyValue": True}
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description, **empty}


def operation(operation_id: str, summary: str, responses: dict, **more: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "summary": summary, **more, "responses": responses}


def creating(operation_id: str, summary: str, responses: dict, **more: Any) -> dict[str, Any]:
    """A POST that takes an Idempotency-Key."""
    return operation(operation_id, summary, responses, parameters=[ref("IdempotencyKey", "parameters")], **more)
