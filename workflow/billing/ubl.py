"""The e-invoice as Dutch municipalities receive it: UBL 2.1 under Peppol BIS Billing 3.0 and the Dutch CIUS
(NLCIUS, EN 16931). Built with the standard library; tests check it against the OASIS UBL 2.1 schema and the
EN 16931 / Peppol rules that can be checked offline.

UBL is an ordered schema: the elements below are written in the sequence the schema declares. Amounts are
two decimals. VAT is one category for the whole invoice: exempt (E, with the reason) or standard (S)."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from workflow.billing.invoices import Line, Totals
from workflow.billing.money import cents

NS = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
KVK, OIN = "0106", "0190"  # Peppol identifier schemes: Dutch chamber of commerce number, government OIN
PAYMENT_TERM_DAYS = 30


@dataclass(frozen=True)
class Party:
    """A party on the invoice: the organisation (KvK) or a funder (OIN, else KvK)."""

    name: str
    identifier: str
    scheme: str
    street: str
    postcode: str
    city: str
    vat_number: str = ""  # the supplier's NL…B01 number
    iban: str = ""


@dataclass(frozen=True)
class EInvoice:
    number: str
    issued_on: dt.date
    period: tuple[dt.date, dt.date]
    order_reference: str
    supplier: Party
    customer: Party
    lines: Sequence[tuple[str, Line]]  # (description, line)
    totals: Totals
    vat_percent: Decimal | None  # None: exempt
    vat_reason: str


def ubl_invoice(invoice: EInvoice) -> bytes:
    """The UBL 2.1 Invoice document, UTF-8 with an XML declaration."""
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(_q("", "Invoice"))
    _basic(root, "CustomizationID", CUSTOMIZATION)
    _basic(root, "ProfileID", PROFILE)
    _basic(root, "ID", invoice.number)
    _basic(root, "IssueDate", invoice.issued_on.isoformat())
    _basic(root, "DueDate", (invoice.issued_on + dt.timedelta(days=PAYMENT_TERM_DAYS)).isoformat())
    _basic(root, "InvoiceTypeCode", "380")
    _basic(root, "DocumentCurrencyCode", "EUR")
    _basic(root, "BuyerReference", invoice.order_reference or invoice.number)
    period = _aggregate(root, "InvoicePeriod")
    _basic(period, "StartDate", invoice.period[0].isoformat())
    _basic(period, "EndDate", invoice.period[1].isoformat())
    if invoice.order_reference:
        _basic(_aggregate(root, "OrderReference"), "ID", invoice.order_reference)
    _party(_aggregate(root, "AccountingSupplierParty"), invoice.supplier, supplier=True)
    _party(_aggregate(root, "AccountingCustomerParty"), invoice.customer, supplier=False)
    _payment(root, invoice)
    _tax_total(root, invoice)
    _monetary_total(root, invoice.totals)
    for number, (description, line) in enumerate(invoice.lines, start=1):
        _line(root, number, description, line, invoice)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _basic(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, _q("cbc", name), attributes)
    element.text = text
    return element


def _aggregate(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, _q("cac", name))


def _amount(parent: ET.Element, name: str, amount: Decimal) -> None:
    _basic(parent, name, f"{cents(amount):.2f}", currencyID="EUR")


def _party(holder: ET.Element, who: Party, supplier: bool) -> None:
    party = _aggregate(holder, "Party")
    _basic(party, "EndpointID", who.identifier, schemeID=who.scheme)
    _basic(_aggregate(party, "PartyName"), "Name", who.name)
    address = _aggregate(party, "PostalAddress")
    _basic(address, "StreetName", who.street)
    _basic(address, "CityName", who.city)
    _basic(address, "PostalZone", who.postcode)
    _basic(_aggregate(address, "Country"), "IdentificationCode", "NL")
    if supplier and who.vat_number:
        tax = _aggregate(party, "PartyTaxScheme")
        _basic(tax, "CompanyID", who.vat_number)
        _basic(_aggregate(tax, "TaxScheme"), "ID", "VAT")
    legal = _aggregate(party, "PartyLegalEntity")
    _basic(legal, "RegistrationName", who.name)
    _basic(legal, "CompanyID", who.identifier, schemeID=who.scheme)


def _payment(root: ET.Element, invoice: EInvoice) -> None:
    means = _aggregate(root, "PaymentMeans")
    _basic(means, "PaymentMeansCode", "30")  # credit transfer
    _basic(means, "PaymentID", invoice.number)
    _basic(_aggregate(means, "PayeeFinancialAccount"), "ID", invoice.supplier.iban)


def _category(parent: ET.Element, name: str, invoice: EInvoice, with_reason: bool) -> None:
    category = _aggregate(parent, name)
    exempt = invoice.vat_percent is None
    _basic(category, "ID", "E" if exempt else "S")
    _basic(category, "Percent", "0" if exempt else f"{invoice.vat_percent:.2f}")
    if exempt and with_reason:
        _basic(category, "TaxExemptionReason", invoice.vat_reason)
    _basic(_aggregate(category, "TaxScheme"), "ID", "VAT")


def _tax_total(root: ET.Element, invoice: EInvoice) -> None:
    total = _aggregate(root, "TaxTotal")
    _amount(total, "TaxAmount", invoice.totals.vat)
    subtotal = _aggregate(total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", invoice.totals.net)
    _amount(subtotal, "TaxAmount", invoice.totals.vat)
    _category(subtotal, "TaxCategory", invoice, with_reason=True)


def _monetary_total(root: ET.Element, totals: Totals) -> None:
    total = _aggregate(root, "LegalMonetaryTotal")
    _amount(total, "LineExtensionAmount", totals.net)
    _amount(total, "TaxExclusiveAmount", totals.net)
    _amount(total, "TaxInclusiveAmount", totals.gross)
    _amount(total, "PayableAmount", totals.gross)


def _line(root: ET.Element, number: int, description: str, line: Line, invoice: EInvoice) -> None:
    element = _aggregate(root, "InvoiceLine")
    _basic(element, "ID", str(number))
    _basic(element, "InvoicedQuantity", "1" if line.amount >= 0 else "-1", unitCode="C62")
    _amount(element, "LineExtensionAmount", line.amount)
    item = _aggregate(element, "Item")
    _basic(item, "Name", description[:100])
    _category(item, "ClassifiedTaxCategory", invoice, with_reason=False)
    _amount(_aggregate(element, "Price"), "PriceAmount", abs(line.amount))
