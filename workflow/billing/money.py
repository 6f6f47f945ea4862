"""Amounts: Decimal end to end, rounded to the cent half up (as bookkeeping does), parsed from Dutch input."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
LIMIT = Decimal("1e12")  # no price or budget comes near a trillion euro; beyond it is a typing error


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> Decimal | None:
    """'3.895,00', '1.200', '3895', '€ 3895,5', '300.25' → Decimal; None when it is not an amount. A comma is
    the decimal sign and dots group thousands (Dutch notation); without a comma, a dot before one or two digits
    is read as a decimal point, as people paste amounts from elsewhere."""
    cleaned = str(text).replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned or len(cleaned) > 20:
        return None
    if "," in cleaned or THOUSANDS.fullmatch(cleaned):  # Dutch: 3.895,00 or 1.200 (dots group thousands)
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
        return cents(value) if value.is_finite() and abs(value) < LIMIT else None
    except InvalidOperation:
        return None


def euro(amount: Decimal) -> str:
    """€ 3.895,00 (Dutch notation, minus sign before the euro sign for credits)."""
    sign = "-" if amount < 0 else ""
    whole, fraction = f"{abs(cents(amount)):,.2f}".split(".")
    return f"{sign}€ {whole.replace(',', '.')},{fraction}"
