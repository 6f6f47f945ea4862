"""Amounts: Decimal end to end, rounded to the cent half up (as bookkeeping does), parsed from Dutch input."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
LIMIT = Decimal("1e12")  # no price or budget comes near a trillion euro; beyond it is a typing error


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> Decimal | None:
    """'3.895,00', '3895', '€ 3895,5' → Decimal; None when it is not an amount. A comma is the decimal sign;
    dots are thousands separators (Dutch notation)."""
    cleaned = str(text).replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned or len(cleaned) > 20:
        return None
    cleaned = cleaned.replace(".", "").replace(",", ".") if "," in cleaned else cleaned
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
