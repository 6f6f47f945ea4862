"""The money part of the API's contract (bureau only): funders, contracts and the budget overview as answers,
and the bodies that create and change funders and contracts. Amounts are text with a decimal point and two
decimals ("3895.00"), never a JSON number, so no client reads a price as a float. The limits are those of the
contract page's FieldSpecs (web.billing.forms), which also parse these bodies (web.billing.bodies)."""

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from web.billing.bodies import MAX_PRICE_LISTS
from web.billing.forms import CONTRACT_FIELDS, FUNDER_FIELDS, IDENTIFIER_SCHEMES
from web.contract.fields import field_type, one_of
from web.contract.requests import Id
from web.contract.responses import Answer
from workflow.billing.contracts import DOMAINS, Frequency, FunderKind
from workflow.billing.funnel import STEPS, UNITS
from workflow.billing.phases import BillablePhase

SPEC = {spec.name: spec for spec in (*FUNDER_FIELDS, *CONTRACT_FIELDS)}
PhaseName = one_of([p.value for p in BillablePhase])
# An amount as the API sends it: a credit (or a budget overspent) is negative.
AmountText = Annotated[str, Field(pattern=r"^-?\d{1,13}\.\d{2}$", description="Bedrag met twee decimalen")]
# What a body may send: no minus (a negative price is refused), a point before at most two decimals.
AmountInput = Annotated[
    str, Field(pattern=r"^\d{1,12}(\.\d{1,2})?$", description='Bedrag als tekst met een punt, zoals "3895.00"')
]
VatPercent = one_of(("21", "21.00", "9", "9.00"))


class ContractPrices(Answer):
    valid_from: dt.date
    prices: dict[PhaseName, AmountText]


class ContractTerms(Answer):
    id: int
    funder_id: int
    start: dt.date
    end: dt.date
    domains: list[one_of(DOMAINS)]
    prices: list[ContractPrices]
    purchased: dict[PhaseName, int]
    budget: AmountText | None = None
    reference: str
    vat_percent: AmountText | None = Field(None, description="null: vrijgesteld van btw")
    vat_reason: str
    frequency: one_of([f.value for f in Frequency])


class FunderContracts(Answer):
    id: int
    name: str
    kind: one_of([k.value for k in FunderKind])
    identifier: str
    contracts: list[ContractTerms]


class ContractList(Answer):
    """The funders with their contracts (bureau only)."""

    funders: list[FunderContracts]


class InvoiceSummary(Answer):
    id: int
    number: str | None = Field(description="null: een concept")
    state: one_of(("concept", "definitief"))
    contract_id: int
    contract: str = Field(description="De financier en de periode van het contract")
    period_start: dt.date
    period_end: dt.date
    issued_on: dt.date | None
    net: AmountText = Field(description="Bedrag excl. btw (creditregels negatief)")
    vat: AmountText
    gross: AmountText


class InvoiceList(Answer):
    """Every invoice (bureau only), newest period first."""

    invoices: list[InvoiceSummary]


class FunnelStep(Answer):
    count: int
    purchased: int | None = Field(description="Ingekocht aantal; null: niet afgesproken")


class Funnel(Answer):
    steps: create_model("FunnelSteps", __base__=Answer, **{key: (FunnelStep, ...) for key, _, _ in STEPS})
    conversion_percent: str | None = Field(
        description="Aanmelding → conferentie, in procenten; null: geen aanmeldingen"
    )
    invoiced: AmountText | None
    budget: AmountText | None = Field(description="Budgetplafond; null: geen")
    remaining: AmountText | None


class BudgetContract(Answer):
    id: int
    start: dt.date
    end: dt.date
    domains: list[str]
    reference: str
    funnel: Funnel


class BudgetFunder(Answer):
    id: int
    name: str
    municipalities: list[str]
    funnel: Funnel = Field(description="Alle contracten van de financier samen")
    contracts: list[BudgetContract]


YearCounts = create_model(
    "YearCounts", __base__=Answer, year=(int, ...), **{unit: (int, Field(description=label)) for unit, label in UNITS}
)


class BudgetOverview(Answer):
    """The bureau's budget use and funnel on a reference date (web/billing/budget_data.py builds it)."""

    peildatum: dt.date
    funders: list[BudgetFunder]
    uncovered_cases: int
    by_application_year: list[YearCounts]
    by_event_year: list[YearCounts]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FunderInput(Body):
    """A new funder; `municipalities` by name, as the municipalities list of Kring spells them."""

    name: field_type(SPEC["naam"], filled=True) = Field(description="Naam")
    kind: one_of([k.value for k in FunderKind])
    municipalities: list[Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^,\x00-\x1f\x7f]+$")]] = []
    identifier: field_type(SPEC["nummer"]) = Field("", description="OIN of KvK-nummer (voor de e-factuur)")
    scheme: one_of(tuple(IDENTIFIER_SCHEMES.values())) = Field("0190", description="0190: OIN, 0106: KvK-nummer")
    street: field_type(SPEC["straat"]) = ""
    postcode: field_type(SPEC["postcode"]) = ""
    city: field_type(SPEC["plaats"]) = ""


class PriceListInput(Body):
    valid_from: dt.date
    prices: Annotated[dict[PhaseName, AmountInput], Field(min_length=1)]


def _terms(required: bool) -> dict[str, Any]:
    """The fields of a contract's body; in a change each may be left out."""

    def need(kind: Any, description: str) -> tuple[Any, Any]:
        """Required in a whole body; in a change it may be left out, but not sent as null."""
        return (kind, Field(description=description) if required else Field(None, json_schema_extra=_no_default))

    return {
        "funder_id": need(Id, "De financier"),
        "start": need(dt.date, "Begindatum"),
        "end": need(dt.date, "Einddatum"),
        "domains": need(Annotated[list[one_of(DOMAINS)], Field(min_length=1)], "Domeinen"),
        "prices": need(
            Annotated[list[PriceListInput], Field(min_length=1, max_length=MAX_PRICE_LISTS)],
            "De afgesproken prijzen (vanaf de begindatum) en hoogstens één wijziging vanaf een latere datum",
        ),
        "purchased": (dict[PhaseName, Annotated[int, Field(ge=0, le=100_000)]] | None, Field(None)),
        "budget": (AmountInput | None, Field(None, description="Budgetplafond; null: geen")),
        "reference": (field_type(SPEC["inkoopordernummer"]) | None, Field(None, description="Inkoopordernummer")),
        "vat_percent": (VatPercent | None, Field(None, description="null: vrijgesteld van btw")),
        "vat_reason": (field_type(SPEC["btw_reden"]) | None, Field(None, description=SPEC["btw_reden"].label)),
        "frequency": (
            one_of([f.value for f in Frequency]),
            Field(None, description="Factureren per (standaard: maand)", json_schema_extra=_no_default),
        ),
    }


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _something_changes(schema: dict[str, Any]) -> None:
    schema["minProperties"] = 1


ContractBody = create_model(
    "ContractBody",
    __doc__="A contract's terms, whole: a new contract, or all the terms of one (PUT).",
    __base__=Body,
    **_terms(required=True),
)
ContractPatch = create_model(
    "ContractPatch",
    __doc__="Some terms of a contract; what is left out stays as it is.",
    __config__=ConfigDict(extra="forbid", json_schema_extra=_something_changes),
    **_terms(required=False),
)

MONEY_RESPONSES: tuple[type[BaseModel], ...] = (
    ContractList, ContractTerms, FunderContracts, BudgetOverview, InvoiceList,
)  # fmt: skip
MONEY_REQUESTS: tuple[type[BaseModel], ...] = (FunderInput, ContractBody, ContractPatch)
