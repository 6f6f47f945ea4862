"""The OpenAPI components generated from the contract's models: the answers as they are dumped
(serialization), the request bodies as they are read (validation); JSON Schema 2020-12, as OpenAPI 3.1 takes it."""

from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import models_json_schema

from web.contract.fields import field_type
from web.contract.money import MONEY_REQUESTS, MONEY_RESPONSES
from web.contract.requests import REQUEST_MODELS
from web.contract.responses import RESPONSE_MODELS
from workflow.fields import FieldSpec

REF = "#/components/schemas/{model}"


def component_schemas() -> dict[str, Any]:
    """Every model's schema by name, each `$ref` pointing into components/schemas."""
    answers, bodies = (*RESPONSE_MODELS, *MONEY_RESPONSES), (*REQUEST_MODELS, *MONEY_REQUESTS)
    pairs = [(m, "serialization") for m in answers] + [(m, "validation") for m in bodies]
    _, top = models_json_schema(pairs, ref_template=REF)
    return top["$defs"]


def value_schema(spec: FieldSpec) -> dict[str, Any]:
    """A query parameter's schema from its FieldSpec (a parameter is left out, never null)."""
    return TypeAdapter(field_type(spec)).json_schema()


def ref(name: str, kind: str = "schemas") -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}
