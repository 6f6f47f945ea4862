"""The registration record of a case: its schema (every field described once), what the case records, what
closing needs, and the anonymous record in the exchange format registration-v1.

Modules: schema (the fields), rules (rules between fields), record (reading a case's record), completeness
(what closing needs), export (the anonymous record), format (registration-v1 validation and order).
"""

from workflow.registration.completeness import completeness
from workflow.registration.export import PLAN_OUTCOMES, age_of, meeting_record, to_registration
from workflow.registration.format import canonical, validate_registration
from workflow.registration.record import (
    acceptance,
    agreements,
    attendance_from_network,
    expected_outcome,
    person_extras,
    present_names,
)
from workflow.registration.rules import conditions_apply
from workflow.registration.schema import (
    AGREEMENT_ROW,
    CASE_FIELDS,
    GRADE_FIELDS,
    NETWORK_FIELDS,
    NETWORK_ROW,
    NETWORK_STATUSES,
    NOT_HELD_FIELDS,
    PERSON_FIELDS,
    PLAN_FIELDS,
    PLAN_SENT_FIELDS,
    SECTIONS,
    YES_NO,
)

__all__ = [
    "AGREEMENT_ROW",
    "CASE_FIELDS",
    "GRADE_FIELDS",
    "NETWORK_FIELDS",
    "NETWORK_ROW",
    "NETWORK_STATUSES",
    "NOT_HELD_FIELDS",
    "PERSON_FIELDS",
    "PLAN_FIELDS",
    "PLAN_OUTCOMES",
    "PLAN_SENT_FIELDS",
    "SECTIONS",
    "YES_NO",
    "acceptance",
    "age_of",
    "agreements",
    "attendance_from_network",
    "canonical",
    "completeness",
    "conditions_apply",
    "expected_outcome",
    "meeting_record",
    "person_extras",
    "present_names",
    "to_registration",
    "validate_registration",
]
