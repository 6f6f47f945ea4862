"""Rank the coordinators for one case, with the reason behind every point (DOMAIN.md §4).

1. Hard filters exclude a coordinator, each with its reason: not active, absent on the start date, no
   free place, not qualified for the variant, a marked conflict of interest, not serving the case's region
   nor its municipality. Every failing filter is listed, not only the first.
2. Everyone left is scored by the criteria table (criteria.py). Each criterion gives its `Reason`s (met ✓ or
   not ✗) carrying the points they add; the score is exactly the sum of those points, so what the
   regiomanager reads is what was counted.
3. The order is deterministic: score (high first), then fewer active cases, then name, then id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from workflow.matching.criteria import CRITERIA, Weights
from workflow.matching.scores import Setting
from workflow.matching.values import (
    REQUIRED_QUALIFICATIONS,
    CaseNeeds,
    CoordinatorProfile,
    Excluded,
    Ranked,
    Reason,
    short_date,
)

# How to name each variant, and the qualification it needs, in the reason for an exclusion.
_VARIANT_WORDS: dict[str, str] = {
    "familie": "EK-c",
    "herstel": "herstelconferentie",
    "groep": "groeps- of buurtconferentie",
}
_QUALIFICATION_WORDS: dict[str, str] = {
    "familie": "basistraining nodig",
    "herstel": "EK-2 nodig",
    "groep": "EK-2 nodig",
}


def rank(
    needs: CaseNeeds,
    profiles: Iterable[CoordinatorProfile],
    weights: Weights | None = None,
    *,
    today: dt.date,
) -> tuple[list[Ranked], list[Excluded]]:
    """Rank the coordinators for a case: (ranked best first, excluded by name) with reasons in Dutch.

    `today` gives the coordinators' ages; the start date (default: today) decides who is absent.
    """
    start = needs.start_date or today
    if not isinstance(profiles, list | tuple):
        profiles = list(profiles)  # read twice below
    org = needs.referrer_organisation
    pool_exists = org is not None and any(org in p.pools for p in profiles)
    setting = Setting(needs, weights or Weights(), today, start, pool_exists)
    scores = [score for criterion in CRITERIA if (score := criterion.prepare(setting)) is not None]
    ranked: list[Ranked] = []
    excluded: list[Excluded] = []
    for profile in profiles:
        blocking = hard_filters(profile, needs, start)
        if blocking:
            excluded.append(Excluded(profile, tuple(blocking)))
            continue
        reasons: tuple[Reason, ...] = ()
        for score in scores:
            reasons += score(profile)
        ranked.append(Ranked(profile, round(sum(r.points for r in reasons), 2), reasons))
    ranked.sort(key=_ranked_key)
    excluded.sort(key=lambda e: (e.profile.name.casefold(), e.profile.name, e.profile.id))
    return ranked, excluded


def hard_filters(p: CoordinatorProfile, needs: CaseNeeds, start: dt.date) -> list[Reason]:
    """Every reason this coordinator cannot take the case at all (none: they are ranked)."""
    out: list[Reason] = []
    if not p.active:
        out.append(Reason("niet actief", 0.0, False))
    if p.absences:
        until = max((end for begin, end in p.absences if begin <= start <= end), default=None)
        if until is not None:
            out.append(Reason(f"afwezig tot {short_date(until, start)}", 0.0, False))
    if p.active_cases >= p.capacity:
        out.append(Reason(f"geen plek vrij ({p.active_cases} van {p.capacity} bezet)", 0.0, False))
    if p.qualifications.isdisjoint(REQUIRED_QUALIFICATIONS[needs.variant]):
        words = f"{_VARIANT_WORDS[needs.variant]} ({_QUALIFICATION_WORDS[needs.variant]})"
        out.append(Reason(f"niet gekwalificeerd voor {words}", 0.0, False))
    if needs.case_id in p.conflicts:
        out.append(Reason("belangenverstrengeling gemeld", 0.0, False))
    if needs.case_id in p.withdrawn_from:
        out.append(Reason("teruggetrokken uit deze zaak", 0.0, False))
    if (
        needs.region_id is not None
        and needs.region_id not in p.region_ids
        and (needs.municipality_id is None or needs.municipality_id not in p.municipality_ids)
    ):
        out.append(Reason("werkt niet in deze regio", 0.0, False))
    return out


def _ranked_key(r: Ranked) -> tuple:
    p = r.profile
    return (-r.score, p.active_cases, p.name.casefold(), p.name, p.id)
