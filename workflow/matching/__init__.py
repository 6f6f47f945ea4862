"""Matching: rank the coordinators for one case, with the reason behind every point (DOMAIN.md §4).

Pure functions over plain values: no Flask, no database. The storage layer turns its rows into
`CoordinatorProfile`s and the intake into `CaseNeeds`; `rank` does the rest.

- values.py: the value lists (target groups, qualifications) and the value types (profile, needs, reasons);
- criteria.py: the weighted criteria as one table, and the admin's `Weights` derived from it;
- scores.py: how each criterion scores a profile;
- ranking.py: the hard filters, the scoring by the table, and the order.
"""

from workflow.matching.criteria import CRITERIA, WEIGHT_LABELS, WEIGHTS, Criterion, Weight, Weights
from workflow.matching.ranking import hard_filters, rank
from workflow.matching.scores import ABSENCE_NOTICE_DAYS
from workflow.matching.values import (
    GENDERS,
    NOT_OK,
    OK,
    QUALIFICATIONS,
    REQUIRED_QUALIFICATIONS,
    TARGET_GROUPS,
    CaseNeeds,
    CoordinatorProfile,
    Excluded,
    Ranked,
    Reason,
)

__all__ = [
    "ABSENCE_NOTICE_DAYS",
    "CRITERIA",
    "GENDERS",
    "NOT_OK",
    "OK",
    "QUALIFICATIONS",
    "REQUIRED_QUALIFICATIONS",
    "TARGET_GROUPS",
    "WEIGHTS",
    "WEIGHT_LABELS",
    "CaseNeeds",
    "CoordinatorProfile",
    "Criterion",
    "Excluded",
    "Ranked",
    "Reason",
    "Weight",
    "Weights",
    "hard_filters",
    "rank",
]
