"""The report's count tables by id (T1–T18; T19–T22 come from the questionnaires, T23 and T24–T28 are laid out
apart)."""

from workflow.figures import after_plan, cases, content, meetings, persons
from workflow.figures.tables import CountSpec

SPECS: dict[str, CountSpec] = {
    spec.id: spec
    for spec in sorted((*cases.SPECS, *persons.SPECS, *content.SPECS, *meetings.SPECS), key=lambda s: int(s.id[1:]))
}
# The tables laid out apart: T19–T22 (questionnaires), T23 (follow-up) and T24–T28 (after the plan).
OTHER_TABLES = ("T19", "T20", "T21", "T22", "T23", *after_plan.TABLE_IDS)
TABLE_IDS = tuple(sorted({*SPECS, *OTHER_TABLES}, key=lambda table_id: int(table_id[1:])))
# A split table's total row counts the population per phase, read from the "pop" group: so its population must
# be "complete" (whose phases are exactly the "activering" and "conferentie" populations).
assert all(spec.population == "complete" for spec in SPECS.values() if spec.split)
