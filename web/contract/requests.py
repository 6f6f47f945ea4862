"""The API's request bodies as pydantic models, built from the FieldSpecs the use cases parse with: the
document's limits are the code's. (The use cases still parse the bodies; these classes describe them.)"""

from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model

from web.contract.fields import field_type, one_of, optional_field, required_field, sent_pattern, spec_field
from workflow import vocabulary as vocab
from workflow.action_forms import STEP_REASON
from workflow.editing import EDITABLE_FIELDS
from workflow.fields import FieldSpec
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS, NESTED
from workflow.offer_rules import OVERRIDE_REASON
from workflow.offers import OFFER_REASON
from workflow.table import STEPS, TRIGGERS

MAX_ID = 2**31 - 1  # the largest id (and version) the API takes: beyond it no whole number is a row
MAX_PERSONS = 12  # workflow.intake.check_intake
Id = Annotated[int, Field(ge=0, le=MAX_ID)]
TALEN = "talen"
# A list of languages is joined with ", " into the one line of 120 characters: this many, this long, fit.
MAX_LANGUAGES, MAX_LANGUAGE = 5, 20


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def present_filled(spec: FieldSpec) -> tuple[Any, Any]:
    """A required field that a change may leave out, but not empty when it names it."""
    kind, _ = required_field(spec)
    return kind, Field(None, description=spec.label, json_schema_extra=_without_default)


def _group(group: str, specs: Sequence[FieldSpec]) -> dict[str, FieldSpec]:
    """The specs of a nested object (aanmelder_naam → naam)."""
    return {s.name.removeprefix(group + "_"): s for s in specs if s.name.startswith(group + "_")}


def _languages(spec: FieldSpec) -> Any:
    """Gewenste talen: one line, or a list of languages the API joins into one."""
    language = Annotated[str, Field(max_length=MAX_LANGUAGE, pattern=sent_pattern(spec))]
    listed = Annotated[list[language], Field(max_length=MAX_LANGUAGES)]
    return field_type(spec) | listed | None, Field(None, description=spec.label)


def nested_model(name: str, group: str, specs: Sequence[FieldSpec], change: bool) -> type[BaseModel]:
    """`aanmelder` or `wensen_coordinator`: at intake its required fields are required, in a change optional."""
    fields = {}
    for key, spec in _group(group, specs).items():
        if key == TALEN:
            fields[key] = _languages(spec)
        elif spec.required:
            fields[key] = present_filled(spec) if change else required_field(spec)
        else:
            fields[key] = optional_field(spec)
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def _gender_fits(schema: dict[str, Any]) -> None:
    """A main person's gender fits minor or adult (workflow.intake.check_intake)."""
    genders = {"minderjarig": vocab.MINOR_GENDERS, "volwassen": vocab.ADULT_GENDERS}
    schema["allOf"] = [
        {
            "if": {"properties": {"soort": {"const": kind}}, "required": ["soort"]},
            "then": {"properties": {"geslacht": {"anyOf": [{"enum": list(allowed)}, {"type": "null"}]}}},
        }
        for kind, allowed in genders.items()
    ]


MainPersonInput = create_model(
    "MainPersonInput",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_gender_fits),
    **{spec.name: spec_field(spec) for spec in MAIN_PERSON_FIELDS},
)


def _organisation_named(schema: dict[str, Any]) -> None:
    """A referring organisation names its type (workflow.intake.check_intake)."""
    schema["if"] = {"properties": {"type_aanmelder": {"const": "Organisatie"}}, "required": ["type_aanmelder"]}
    schema["then"] = {
        "required": ["type_organisatie"],
        "properties": {"type_organisatie": {"enum": list(vocab.ORGANISATION_TYPES)}},
    }


ReferrerInput = nested_model("ReferrerInput", "aanmelder", INTAKE_FIELDS, change=False)
WishesInput = nested_model("WishesInput", "wensen_coordinator", INTAKE_FIELDS, change=False)
CaseInput = create_model(
    "CaseInput",
    __doc__="A new application: the intake fields, the referrer and the wishes as objects, the main persons.",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_organisation_named),
    **{s.name: spec_field(s) for s in INTAKE_FIELDS if not s.name.startswith(tuple(g + "_" for g in NESTED))},
    aanmelder=(ReferrerInput, Field(description="De aanmelder")),
    wensen_coordinator=(WishesInput | None, Field(None, description="Wensen voor de coördinator")),
    provincie=(
        one_of(vocab.PROVINCES) | None,
        Field(None, description="Wordt afgeleid van de gemeente; een meegestuurde provincie telt niet"),
    ),
    hoofdpersonen=(list[MainPersonInput], Field(min_length=1, max_length=MAX_PERSONS)),
)


def _something_changes(schema: dict[str, Any]) -> None:
    """A change names at least one field (workflow.editing.parse_changes); a nested object counts with a key."""
    flat = [{"required": [name]} for name in schema["properties"] if name not in ("version", *NESTED)]
    nested = [{"required": [g], "properties": {g: {"type": "object", "minProperties": 1}}} for g in NESTED]
    schema["anyOf"] = flat + nested


def _change_field(spec: FieldSpec) -> tuple[Any, Any]:
    return present_filled(spec) if spec.required else optional_field(spec)


CasePatch = create_model(
    "CasePatch",
    __doc__="A change of the intake data that may change; `version` is the version it was based on.",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_something_changes),
    version=(Id, Field(description="De versie van de zaak waarop de wijziging is gebaseerd")),
    **{s.name: _change_field(s) for s in EDITABLE_FIELDS if not s.name.startswith(tuple(g + "_" for g in NESTED))},
    aanmelder=(nested_model("ReferrerChange", "aanmelder", EDITABLE_FIELDS, change=True) | None, None),
    wensen_coordinator=(nested_model("WishesChange", "wensen_coordinator", EDITABLE_FIELDS, change=True) | None, None),
)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


def step_fields(trigger: str) -> tuple[FieldSpec, ...]:
    """The fields of a step's form (every row of the trigger), each once."""
    fields = {f.name: f for step in STEPS if step.trigger == trigger for f in step.fields}
    return tuple(fields.values())


def _title(trigger: str) -> str:
    return "".join(part.title() for part in trigger.split("_"))


def _step_request(trigger: str) -> type[BaseModel]:
    """The body of one step: its trigger, the version, a reason, and `data` with the fields of its form (the
    phase table's FieldSpecs), all optional at the step: what it needs first is its guards' (422)."""
    data = create_model(
        "StepData" + _title(trigger),
        __config__=ConfigDict(extra="forbid"),
        **{spec.name: optional_field(spec) for spec in step_fields(trigger)},
    )
    return create_model(
        "Step" + _title(trigger),
        __config__=ConfigDict(extra="forbid"),
        trigger=(Literal[trigger], ...),
        version=(Id, ...),
        reason=(field_type(STEP_REASON) | None, Field(None, description=STEP_REASON.label)),
        data=(data | None, Field(None, description="De velden van het formulier van de stap")),
    )


STEP_REQUESTS = {trigger: _step_request(trigger) for trigger in TRIGGERS}
STEP_DATA = {trigger: model.model_fields["data"].annotation.__args__[0] for trigger, model in STEP_REQUESTS.items()}


class TransitionRequest(RootModel[Annotated[Union[tuple(STEP_REQUESTS.values())], Field(discriminator="trigger")]]):  # noqa: UP007
    """One step of the phase table: which one (`trigger`) decides the fields `data` may hold."""


class OfferRequest(Request):
    coordinator_id: Id
    version: Id | None = None
    override_reason: field_type(OVERRIDE_REASON) | None = Field(
        None, description=OVERRIDE_REASON.label + ": alleen nodig als matching deze coördinator uitsluit"
    )


class DeclineRequest(Request):
    reason: field_type(OFFER_REASON, filled=True) = Field(description=OFFER_REASON.label)


REQUEST_MODELS: tuple[type[BaseModel], ...] = (
    CaseInput,
    CasePatch,
    TransitionRequest,
    OfferRequest,
    DeclineRequest,
)
