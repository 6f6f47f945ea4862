"""One generic count table, laid out from the summed tallies of the records (workflow.figures.tally).

A count table is described by a `CountSpec`: which records it counts (its population), which raw value of
each record it counts (`key`, a `Facts` field, then keys of that mapping: "meeting_aanwezigen"), how that
value becomes row label(s) (`derive`), and how it is printed (order, sorting, phase columns). A record's tally
holds the labels its value derives to (`CountSpec.values` and `derive`, once per record when it is saved);
this module turns the sum of those into the table, and tells whether one record's tally counts in a cell
(the drill-down), so the two can never disagree.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from workflow.figures.common import ACTIVERING, CONFERENTIE, TOTAL, pct

Facts = Any  # workflow.figures.facts.Facts (not imported: that module imports the table modules)
Groups = Mapping[str, Counter]  # workflow.figures.tally.Groups: group -> label -> count
Derive = Callable[[Any], Iterable[tuple[str, int]]]
PHASES = (ACTIVERING, CONFERENTIE)
PHASE_POPULATIONS = {ACTIVERING: "activering", CONFERENTIE: "conferentie"}


def getters(path: str) -> tuple[Callable[[Any], Any], ...]:
    """ "plan.noodplan" -> (Facts.plan, dict.get("noodplan")): a Facts field, then keys of that mapping."""
    first, *keys = path.split(".")
    return (attrgetter(first), *(methodcaller("get", key) for key in keys))


def as_label(value: Any) -> tuple[tuple[Any, int], ...]:
    """The default `derive`: the value is the row label."""
    return () if value is None else ((value, 1),)


@dataclass(frozen=True)
class CountSpec:
    """One count table.

    - `population`: which records it counts: "all" (every closed case, T1), "complete" (fully registered),
      "activering"/"conferentie" (complete and closed in that phase), "organisatie" (complete, referred by
      an organisation);
    - `key`: the path of the raw value counted (see `getters`); with `multi` a sequence of values (each
      counted once per occurrence), with `weighted` a mapping label -> count (T17);
    - `derive(value)`: the (row label, weight) pairs one value counts in (default: the value itself, once);
    - `labels`: the rows in printed order; labels met in the data but not listed are added after them;
    - `base`: "records" (percentages of the population), "items" (of the summed counts: T17) or a callable
      giving the base from the summed groups (T6/T7: the number of persons);
    - `split`: one column per phase (T4, T10); `pct`: print a % column; `sort`: by N descending (stable on
      the printed order) with `last` kept at the end; `omit_zero`: leave rows with N = 0 out (T3);
    - `groups`: subtotal rows (label, member labels), printed after their last member (T17).
    """

    id: str
    title: str
    column: str
    labels: tuple[str, ...]
    key: str
    derive: Derive = as_label
    population: str = "complete"
    multi: bool = False
    weighted: bool = False
    base: str | Callable[[Groups], int] = "records"
    split: bool = False
    pct: bool = True
    sort: bool = False
    last: tuple[str, ...] = ()
    omit_zero: bool = False
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    total_label: str = TOTAL
    path: tuple[Callable[[Any], Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", getters(self.key))

    def values(self, facts: Iterable[Facts]) -> Iterator[Any]:
        """The raw values the population's facts contribute (flattened for multi and weighted tables)."""
        values: Iterable[Any] = facts
        for get in self.path:
            values = map(get, values)
        if self.weighted:
            return chain.from_iterable(map(dict.items, filter(None, values)))
        if self.multi:
            return chain.from_iterable(filter(None, values))
        return iter(values)


def spec_group(spec: CountSpec, phase: Any) -> str:
    """The tally group of a table: its id, or "<id>/<phase>" for a table split by phase."""
    return f"{spec.id}/{phase}" if spec.split else spec.id


def count_table(spec: CountSpec, groups: Groups) -> dict[str, Any]:
    """The table in the JSON shape of API.md (title, base, columns, rows, total) from the summed tallies."""
    if spec.split:
        return _split_table(spec, groups)
    counts = groups[spec.id]
    labels = _row_labels(spec, counts)
    items = sum(counts.values())
    if spec.base == "records":
        base = groups["pop"][spec.population]
    elif spec.base == "items":
        base = items
    else:
        base = spec.base(groups)
    rows = []
    for label in labels:
        rows.append(_row(label, counts.get(label, 0), base, spec.pct))
        for group_label, members in spec.groups:
            if label == members[-1]:
                row = _row(group_label, sum(counts.get(m, 0) for m in members), base, spec.pct)
                rows.append({**row, "subtotal": True})
    total = {"label": spec.total_label, "n": base if callable(spec.base) else items}
    if spec.pct:
        total["pct"] = 100.0 if base else None
    columns = [{"key": "label", "title": spec.column}, {"key": "n", "title": "N"}]
    if spec.pct:
        columns.append({"key": "pct", "title": "%"})
    return {"title": spec.title, "base": base, "columns": columns, "rows": rows, "total": total}


def _row(label: str, n: int, base: int, with_pct: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"label": label, "n": n}
    if with_pct:
        row["pct"] = pct(n, base)
    return row


def _row_labels(spec: CountSpec, counts: Mapping[str, int]) -> list[str]:
    extra = sorted(label for label, n in counts.items() if n and label not in spec.labels)
    labels = [*spec.labels, *extra]
    if spec.sort:
        head = [label for label in labels if label not in spec.last]
        head.sort(key=lambda label: -counts.get(label, 0))
        labels = head + [label for label in labels if label in spec.last]
    if spec.omit_zero:
        labels = [label for label in labels if counts.get(label, 0)]
    return labels


def _split_table(spec: CountSpec, groups: Groups) -> dict[str, Any]:
    by_phase = {phase: groups[spec_group(spec, phase)] for phase in PHASES}
    totals = by_phase[ACTIVERING] + by_phase[CONFERENTIE]
    labels = _row_labels(spec, totals)
    population = groups["pop"]
    base = population[spec.population]
    phases = {phase: population[name] for phase, name in PHASE_POPULATIONS.items()}
    rows = []
    for label in labels:
        activering, conferentie = by_phase[ACTIVERING][label], by_phase[CONFERENTIE][label]
        total = activering + conferentie
        rows.append(
            {
                "label": label,
                ACTIVERING: activering,
                CONFERENTIE: conferentie,
                "totaal": total,
                "n": total,
                "pct": pct(total, base),
            }
        )
    total_row = {
        "label": spec.total_label,
        ACTIVERING: phases[ACTIVERING],
        CONFERENTIE: phases[CONFERENTIE],
        "totaal": base,
        "n": base,
        "pct": 100.0 if base else None,
    }
    columns = [
        {"key": "label", "title": spec.column},
        {"key": ACTIVERING, "title": "Activeringsfase"},
        {"key": CONFERENTIE, "title": "Conferentiefase"},
        {"key": "totaal", "title": "Totaal"},
        {"key": "pct", "title": "%"},
    ]
    return {"title": spec.title, "base": base, "columns": columns, "rows": rows, "total": total_row}


def counts_in_cell(spec: CountSpec, record: Groups, label: str | None, column: str | None = None) -> bool:
    """Whether one record (its tally, grouped) counts in a cell: the row `label` (a subtotal row takes its
    members; the total row takes every record of the population, None every record adding to the table)
    and, for split tables, the phase `column`."""
    if not record["pop"][spec.population] or (column in PHASES and not record["fase"][column]):
        return False
    if spec.split:
        phases = (column,) if column in PHASES else PHASES
        if label == spec.total_label:
            return any(record["pop"][PHASE_POPULATIONS[phase]] for phase in phases)
        contributed = set(chain.from_iterable(record[spec_group(spec, phase)] for phase in phases))
    else:
        if label == spec.total_label:
            return True
        contributed = set(record[spec.id])
    if label is None:
        return bool(contributed)
    return bool(contributed & set(dict(spec.groups).get(label, (label,))))
