"""Registration-v1 records whose three-month checks have the marginals of the Overijssel 2009 follow-up study
(research/overijssel-2009.md §5): 87 follow-up forms, 270 people spoken to (§5.1: 57 aanmelders, 35 adult
and 38 minor main persons, 102 relatives, 38 of the social network), and their answers to Q1 (plan carried
out, all 270), Q2 (agreements carried out, 256) and Q4 (situation of the main person, 257).

The counts are whole numbers chosen to round (half up) to the printed percentages. Where no whole number
can (the print's percentages come from a base we do not know), the nearest counts that still sum to N and
keep the Totaal row exact are used, and `NOT_PRINTABLE` lists the cells: Q1 aanmelders 38% and 41% of 57,
Q1 hoofdpersonen 46% and 6% of 73, Q2 hoofdpersonen 73% of 69.

The forms ride on the conferences of the 2022 fixture (tests/unit/jaarcijfers_2022.py: fully registered
records, so they count in the report), one check per conference, the people spoken to dealt out in turn.
"""

from itertools import cycle
from typing import Any

from tests.unit.jaarcijfers_2022 import records_2022
from workflow import vocabulary as v

AANMELDERS, HOOFDPERSONEN, FAMILIE = v.FOLLOW_UP_GROUPS
FORMS = 87
# §5.1 "Gesproken met": the respondents of each group.
SPOKEN_TO = {
    AANMELDERS: {"aanmelder/hulpverlener": 57},
    HOOFDPERSONEN: {"volwassen hoofdpersoon": 35, "minderjarige hoofdpersoon": 38},
    FAMILIE: {"familielid": 102, "sociaal netwerk": 38},
}
# Per table: group -> (the printed percentages, N, the counts we use), answers in vocabulary order.
Q1 = {
    AANMELDERS: ((38, 41, 4, 18), 57, (22, 23, 2, 10)),
    HOOFDPERSONEN: ((41, 46, 6, 7), 73, (30, 34, 4, 5)),
    FAMILIE: ((30, 58, 6, 6), 140, (42, 81, 8, 9)),
}
Q1_TOTAL = ((35, 51, 5, 9), 270)
Q2 = {
    AANMELDERS: ((50, 6, 17, 27), 52, (26, 3, 9, 14)),
    HOOFDPERSONEN: ((73, 7, 6, 14), 69, (50, 5, 4, 10)),
    FAMILIE: ((61, 7, 13, 20), 135, (82, 9, 17, 27)),
}
Q2_TOTAL = ((62, 7, 12, 20), 256)
# Q4 has no Totaal row in the print.
Q4 = {
    AANMELDERS: ((72, 15, 4, 9), 54, (39, 8, 2, 5)),
    HOOFDPERSONEN: ((80, 16, 1, 3), 69, (55, 11, 1, 2)),
    FAMILIE: ((75, 12, 5, 8), 134, (100, 16, 7, 11)),
}
# (table, group, answer index): the printed percentage no whole count of N rounds to.
NOT_PRINTABLE = {
    ("T24", AANMELDERS, 0),
    ("T24", AANMELDERS, 1),
    ("T24", HOOFDPERSONEN, 1),
    ("T24", HOOFDPERSONEN, 2),
    ("T25", HOOFDPERSONEN, 0),
}
QUESTIONS = (
    ("T24", "plan_uitgevoerd", v.PLAN_CARRIED_OUT, Q1),
    ("T25", "afspraken_uitgevoerd", v.AGREEMENTS_CARRIED_OUT, Q2),
)
QUESTIONS += (("T27", "situatie", v.SITUATION_AFTER, Q4),)


def answers(table: dict[str, tuple[Any, int, tuple[int, ...]]], group: str, vocabulary: tuple[str, ...]) -> list[Any]:
    """The group's answers in order (counts per answer), then None for those who gave no answer."""
    _, _, counts = table[group]
    given = [answer for answer, n in zip(vocabulary, counts, strict=True) for _ in range(n)]
    size = sum(sum(by.values()) for g, by in SPOKEN_TO.items() if g == group)
    return given + [None] * (size - len(given))


def talks() -> list[dict[str, Any]]:
    """The 270 people spoken to, each with their answers to Q1, Q2 and Q4."""
    found: list[dict[str, Any]] = []
    for group, respondents in SPOKEN_TO.items():
        people = [r for r, n in respondents.items() for _ in range(n)]
        columns = {name: answers(table, group, vocab) for _, name, vocab, table in QUESTIONS}
        for index, respondent in enumerate(people):
            found.append({"respondent": respondent, **{name: col[index] for name, col in columns.items()}})
    return found


def records_2009() -> list[dict[str, Any]]:
    """The 2022 fixture's records, 87 of its conferences carrying a three-month check (in registration-v1)."""
    records = records_2022()
    conferences = [r for r in records if r["fase"] == "conferentiefase" and r.get("plan")][:FORMS]
    checks = [[] for _ in conferences]
    for talk, check in zip(talks(), cycle(checks)):
        check.append(talk)
    for record, check in zip(conferences, checks, strict=True):
        record["drie_maanden"] = {
            "datum": record["afsluitdatum"],
            "bereikt": True,
            "pogingen": [record["afsluitdatum"]],
            "gesprekken": check,
            "afspraken_markering": [],
            "vervolg_nodig": False,
        }
    return records
