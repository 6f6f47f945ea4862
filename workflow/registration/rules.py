"""Rules that relate fields of the registration record, written once: the form, the step guards, closing and
the exchange format's validation all check them here."""

from collections.abc import Mapping
from typing import Any

from workflow.case import CaseLike

PRIVATE_LONGER = "het besloten deel kan niet langer duren dan het geheel"


def duration_problems(meeting: Mapping[str, Any]) -> dict[str, str]:
    """The private part of a meeting cannot last longer than the whole meeting."""
    total, private = meeting.get("duur_totaal_uur"), meeting.get("duur_besloten_uur")
    if _number(total) and _number(private) and private > total:
        return {"duur_besloten_uur": PRIVATE_LONGER}
    return {}


def conditions_apply(case: CaseLike) -> bool:
    """A professional set conditions on the plan, so the professional must accept it."""
    return bool(case.compulsory_framework or (case.conditions or "").strip())


def filled(value: Any) -> bool:
    """A field counts as filled in: a number (0 too), a non-empty text or list, a count object with someone."""
    if isinstance(value, Mapping):
        return any(_positive(n) for n in value.values())
    if isinstance(value, bool) or _number(value):
        return True
    return value not in (None, "", [], ())


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _positive(value: Any) -> bool:
    try:
        return int(value or 0) > 0
    except (TypeError, ValueError):
        return False
