"""What the cases are about: T8 background problems, T9 topics, T11 reasons a conference did not take place.
The labels are the record's own lists."""

from collections.abc import Iterator
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import mean
from workflow.figures.tables import CountSpec, Facts, Groups

T8 = CountSpec(
    "T8",
    "Genoemde achtergrondproblemen",
    "Achtergrondprobleem",
    v.BACKGROUND_PROBLEMS,
    "achtergrondproblemen",
    multi=True,
    pct=False,
    sort=True,
    last=("Anders",),
)
T9 = CountSpec(
    "T9",
    "Genoemde onderwerpen",
    "Onderwerp",
    v.TOPICS,
    "onderwerpen",
    multi=True,
    pct=False,
    sort=True,
    last=("Overige onderwerpen",),
)
T11 = CountSpec(
    "T11",
    "Redenen van niet doorgaan EK-c, meerdere antwoorden mogelijk",
    "Reden",
    v.REASONS_NOT_HELD,
    "redenen_niet_doorgaan",
    population="activering",
    multi=True,
    pct=False,
)
SPECS = (T8, T9, T11)
# The lists whose length is summed (the mean number of problems and topics per case).
SUMMED = ("achtergrondproblemen", "onderwerpen")


def stats(fact: Facts, member: frozenset[str]) -> Iterator[tuple[str, str, int]]:
    """What a fully registered record adds to the means: its numbers of problems and topics."""
    if "complete" in member:
        for name in SUMMED:
            yield "sum", name, len(getattr(fact, name) or ())


def content_figures(groups: Groups) -> dict[str, Any]:
    """§2.6 text: the mean number of problems and topics per case."""
    complete, sums = groups["pop"]["complete"], groups["sum"]
    return {
        "gemiddeld_aantal_problemen": mean(sums["achtergrondproblemen"], complete),
        "gemiddeld_aantal_onderwerpen": mean(sums["onderwerpen"], complete),
    }
