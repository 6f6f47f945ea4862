"""The rules an offer obeys before it is made: one open offer at a time, and matching's exclusions.

Matching (workflow.matching.hard_filters) excludes a coordinator for a reason: no free place, absent, a
conflict of interest, not qualified, not active, another region. The regiomanager may still offer the case
to them, but only deliberately: with a reason, which the case history keeps next to the exclusion it overrode.
Pure functions; the use case (usecases.offer_case) asks storage for the open offer and the exclusions.
"""

from typing import Any

from workflow.errors import GuardRefused, Missing, TriggerNotAllowedHere
from workflow.fields import FieldSpec, parse_one
from workflow.offers import MAX_REASON

MAX_OVERRIDE_REASON = MAX_REASON  # the same limit as every other offer reason (and the API's schema)
OVERRIDE_REASON = FieldSpec(
    "override_reason",
    "Reden om toch aan te bieden",
    "text",
    max_length=MAX_OVERRIDE_REASON,
    help="Alleen nodig als matching deze coördinator uitsluit.",
)


def refuse_while_open(open_offer: Any, coordinator_name: str) -> None:
    """A second offer waits until the open one is withdrawn (or answered): two coordinators never hold
    the same case in their hands at once."""
    if open_offer is None:
        return
    raise TriggerNotAllowedHere(
        f"Deze zaak is al aangeboden aan {coordinator_name} en dat aanbod staat nog open. "
        "Trek dat aanbod eerst in; daarna kunt u de zaak aan een ander aanbieden.",
        {"open_offer_id": getattr(open_offer, "id", None), "coordinator_id": open_offer.coordinator_id},
    )


def override_reason(raw: Any) -> str:
    """The typed reason, checked like every text field (control characters and length refused); '' if none."""
    return parse_one(OVERRIDE_REASON, raw) or ""


def exclusion_text(exclusions: list[str]) -> str:
    """The exclusions as one Dutch phrase: 'geen plek vrij (6 van 3 bezet); afwezig tot 12-05'."""
    return "; ".join(exclusions)


def check_override(coordinator_name: str, exclusions: list[str], reason: str) -> None:
    """Refuse an offer to an excluded coordinator unless a reason was given, naming why they are excluded."""
    if exclusions and not reason:
        raise GuardRefused(
            [
                Missing(
                    OVERRIDE_REASON.name,
                    f"matching sluit {coordinator_name} uit ({exclusion_text(exclusions)}); "
                    f"vul '{OVERRIDE_REASON.label}' in als u de zaak toch wilt aanbieden",
                )
            ]
        )


def offer_history_text(coordinator_name: str, exclusions: list[str], reason: str) -> str:
    """The history line of an offer; an override names what it overrode and why."""
    text = f"Aangeboden aan {coordinator_name}"
    if exclusions:
        text += f", ondanks uitsluiting door matching ({exclusion_text(exclusions)}). Reden: {reason}"
    return text
