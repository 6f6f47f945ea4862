"""The professional's conditions on the plan (bodemeisen, DOMAIN.md §10) as items: each a text and who set it.

They live in `record["voorwaarden"]`; the old text column `case.conditions` keeps the texts joined by newlines
for old readers (the API's `voorwaarden`, the registration rules), and a case that only has that column reads
as one condition."""

from typing import Any

from workflow.case import CaseLike, record_get, record_set
from workflow.fields import FieldSpec

CONDITION_ITEM = (
    FieldSpec("tekst", "Voorwaarde", "text", required=True, max_length=2000),
    FieldSpec("gesteld_door", "Gesteld door", "line", max_length=120),
)
SET_BY = FieldSpec(
    "voorwaarden_gesteld_door",
    "Voorwaarden gesteld door (naam van de professional)",
    "line",
    max_length=120,
    help="Geldt voor elke voorwaarde zonder eigen naam; leeg: de aanmelder.",
)


def conditions_field(max_length: int) -> FieldSpec:
    """The conditions as a form asks them: one per line of a textarea, or (API) a list of items."""
    return FieldSpec(
        "voorwaarden",
        "Voorwaarden van de professional (één per regel)",
        "items",
        max_length=max_length,
        items=CONDITION_ITEM,
    )


def conditions_of(case: CaseLike) -> list[dict[str, str]]:
    """The case's conditions as items; an old case with only the text column has that text as one item."""
    items = record_get(case, "voorwaarden")
    if isinstance(items, list):
        return [dict(item) for item in items if isinstance(item, dict)]
    text = (case.conditions or "").strip()
    return [{"tekst": text, "gesteld_door": ""}] if text else []


def set_conditions(case: CaseLike, items: list[dict[str, Any]], set_by: str | None = None) -> None:
    """Record the conditions; an item without a name gets `set_by`, else the aanmelder (who usually sets them).
    The text column follows, for old readers."""
    default = (set_by or getattr(case, "referrer_name", None) or "").strip()
    kept = [
        {"tekst": item["tekst"], "gesteld_door": (item.get("gesteld_door") or default)}
        for item in items
        if (item.get("tekst") or "").strip()
    ]
    record_set(case, voorwaarden=kept)
    case.conditions = "\n".join(item["tekst"] for item in kept) or None


def conditions_text(case: CaseLike) -> str:
    """The conditions as a form's textarea shows them: one per line."""
    return "\n".join(item["tekst"] for item in conditions_of(case))
