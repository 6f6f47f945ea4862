"""FieldSpecs as pydantic types: the kind, limits and value list of a field, from the one place they are
defined (workflow.fields, workflow.registration.schema), for the answers and the request bodies alike."""

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from workflow.fields import CONTROL_IN_LINE, CONTROL_IN_TEXT, MAX_ITEMS, FieldSpec, text_pattern

TEXT_KINDS = ("text", "line", "email", "phone")
MAX_COUNT = 500  # one category's count (workflow.fields._counts)


def one_of(values: Sequence[str]) -> Any:
    """A value list as a Literal: an `enum` in the schema."""
    return Literal[tuple(values)]


# Blanks the parser strips from a value's ends before it checks the value (no control characters: those it refuses).
STRIPPED = rf"[^\S{CONTROL_IN_LINE}]*"


def sent_pattern(spec: FieldSpec) -> str:
    """The characters a text kind accepts as sent: an e-mail address or phone number may have blanks around it."""
    pattern = text_pattern(spec)
    if spec.kind in ("email", "phone"):
        return f"^{STRIPPED}(?:{pattern[1:-1]}){STRIPPED}$"
    return pattern


def filled_pattern(spec: FieldSpec) -> str:
    """A required text: the allowed characters, at least one of them not blank (the parser strips)."""
    if spec.kind in ("email", "phone"):
        return sent_pattern(spec)
    refused = CONTROL_IN_TEXT if spec.kind == "text" else CONTROL_IN_LINE
    return rf"^[^{refused}]*[^\s{refused}][^{refused}]*$"


def field_type(spec: FieldSpec, filled: bool = False) -> Any:
    """The pydantic type of one field's value (without null); `filled`: a required text may not be blank."""
    if spec.kind in TEXT_KINDS:
        pattern = filled_pattern(spec) if filled else sent_pattern(spec)
        return Annotated[str, Field(max_length=spec.max_length, pattern=pattern)]
    if spec.kind == "items":
        return items_type(spec)
    numeric = {"ge": spec.minimum, "le": spec.maximum}
    kinds = {
        "date": dt.date,
        "bool": bool,
        "int": Annotated[int, Field(**numeric)],
        "float": Annotated[float, Field(**numeric)],
        "choice": one_of(spec.choices) if spec.choices else str,
        "multichoice": list[one_of(spec.choices)],
        "counts": dict[one_of(spec.choices), Annotated[int, Field(ge=0, le=MAX_COUNT)]],
    }
    return kinds[spec.kind]


def items_type(spec: FieldSpec) -> Any:
    """A list of items (each by `spec.items`); when the first item field is text, also one text with an item per
    line (workflow.fields._items: what a textarea and an old client send)."""
    name = "".join(part.title() for part in spec.name.split("_")) + "Item"
    item = create_model(
        name,
        __config__=ConfigDict(extra="forbid"),
        **{part.name: (required_field(part) if part.required else optional_field(part)) for part in spec.items},
    )
    listed = Annotated[list[item], Field(max_length=MAX_ITEMS)]
    if spec.items[0].kind in TEXT_KINDS:
        return Annotated[str, Field(max_length=spec.max_length, pattern=sent_pattern(spec))] | listed
    return listed


def describe(spec: FieldSpec) -> str:
    """The label, and for a date the bound on today that no JSON Schema keyword states."""
    if spec.kind == "date":
        return spec.label + (
            " (vanaf 1900, niet in de toekomst)" if spec.not_in_future else " (vanaf 1900, tot 5 jaar vooruit)"
        )
    return spec.label


def optional_field(spec: FieldSpec) -> tuple[Any, Any]:
    """A field that may be left out or null (a create_model field definition)."""
    return field_type(spec) | None, Field(None, description=describe(spec))


def required_field(spec: FieldSpec) -> tuple[Any, Any]:
    """A field that must be given and filled in."""
    return field_type(spec, filled=True), Field(description=describe(spec))


def spec_field(spec: FieldSpec) -> tuple[Any, Any]:
    """The field as a request body states it: required when the spec is."""
    return required_field(spec) if spec.required else optional_field(spec)


def record_model(
    name: str, specs: Sequence[FieldSpec], extra: Literal["allow", "forbid", "ignore"] = "ignore", **more: Any
) -> type[BaseModel]:
    """A model of `specs` (each optional: a record holds what was filled in so far), plus `more` fields."""
    fields = {spec.name: optional_field(spec) for spec in specs}
    return create_model(name, __config__=ConfigDict(extra=extra), **fields, **more)
