"""The Dutch a person reads for what Kring stores: a label for every code, and numbers in Dutch notation.

The codes live where they are defined (phases.py, vocabulary.py, table.py); this module only gathers their
labels into one look-up, so pages, downloads and the audit log say the same thing. `label(code)` answers the
code itself when it has no label (a value that already is Dutch, or free text).
"""

import math
from typing import Any

from workflow.phases import OUTCOME_LABELS, PHASE_LABELS, Role
from workflow.table import TRIGGERS, steps_for
from workflow.vocabulary import FOLLOW_UP_CALLER_LABELS, VARIANT_LABELS

# History lines that are not steps of the phase table.
HISTORY_TRIGGER_LABELS: dict[str, str] = {
    "aanmelding": "Aanmelding ontvangen",
    "registratie": "Registratie",
    "offer": "Aangeboden aan coördinator",
    "decline_offer": "Aanbod afgewezen",
    "withdraw_offer": "Aanbod ingetrokken",
    "bewaartermijn_verlengd": "Bewaartermijn verlengd",
    "persoonsgegevens_verwijderd": "Persoonsgegevens verwijderd",
    "plan_gedeeld": "Plan gedeeld",  # workflow/plan_sharing.py
    "plan_link_ingetrokken": "Link naar het plan ingetrokken",
}
OFFER_STATE_LABELS: dict[str, str] = {
    "open": "open",
    "accepted": "aangenomen",
    "withdrawn": "ingetrokken",
    "declined": "afgewezen",
    "expired": "verlopen",
}

# Per kind of code: its labels. A kind is needed only where one code means two things ('coordinator').
LABELS_BY_KIND: dict[str, dict[str, str]] = {
    "fase": {p.value: text for p, text in PHASE_LABELS.items()},
    "uitkomst": {o.value: text for o, text in OUTCOME_LABELS.items()},
    "variant": dict(VARIANT_LABELS),
    "stap": {**{t: steps_for(t)[0].label for t in TRIGGERS}, **HISTORY_TRIGGER_LABELS},
    "aanbod": OFFER_STATE_LABELS,
    "rol": {r.value: r.label for r in Role},
    "beller": dict(FOLLOW_UP_CALLER_LABELS),
}
# Without a kind: the codes that mean one thing wherever they appear (roles and callers need their kind).
CODE_LABELS: dict[str, str] = {
    code: text
    for kind in ("aanbod", "stap", "variant", "uitkomst", "fase")  # later kinds win: 'aanmelding' is the phase
    for code, text in LABELS_BY_KIND[kind].items()
}


def label(code: Any, kind: str | None = None) -> Any:
    """The Dutch label of a code (of `kind` when given); anything else is handed back as it is."""
    if not isinstance(code, str):
        return code
    labels = LABELS_BY_KIND[kind] if kind else CODE_LABELS
    return labels.get(code, code)


def codes_with_labels() -> dict[str, str]:
    """Every code whose label differs from it (what a person should never read raw), with that label."""
    return {code: text for labels in LABELS_BY_KIND.values() for code, text in labels.items() if code != text}


def dutch_number(value: Any, decimals: int = 2) -> str:
    """A number as Dutch people write it: decimal comma, no '.0' on a whole number, at most `decimals`
    decimals ('4', '1,5', '12,35'); None is '', anything not a number is shown as text."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{round(value, decimals):.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")
