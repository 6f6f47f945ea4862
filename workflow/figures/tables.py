"""One generic count table over the records' facts (workflow.figures.facts).

A count table is described by a `CountSpec`: which records it counts (its population), which raw value of
each record it counts (`key`, a path such as "record.provincie" or "meeting.locatie": a `Facts` field, then
keys of that mapping), how that value becomes row label(s) (`derive`), and how it is printed (order, sorting,
phase columns). Counting is done by `collections.Counter` over C-level `map`s of the path, and `derive` runs
once per *distinct* value (a year has a few hundred dates, a handful of durations), not once per record. The
same path and `derive` serve both the counting and the drill-down from a cell to the cases behind it
(`cell_refs`), so the two can never disagree.
"""
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from workflow.figures.common import ACTIVERING, CONFERENTIE, TOTAL, pct

Facts = Any  # workflow.figures.facts.Facts (not imported: that module imports the table modules)
Derive = Callable[[Any], Iterable[tuple[str, int]]]
_PHASE = attrgetter("fase")


def getters(path: str) -> tuple[Callable[[Any], Any], ...]:
    """"meeting.locatie" -> (Facts.meeting, dict.get("locatie")): a Facts field, then keys of that mapping."""
    first, *keys = path.split(".")
    return (attrgetter(first), *(methodcaller("get", key) for key in keys))


def column(facts: Iterable[Facts], path: str) -> Iterator[Any]:
    """The value at `path` of every fact, lazily and at C speed."""
    values: Iterable[Any] = facts
    for get in getters(path):
        values = map(get, values)
    return iter(values)


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
      giving the base from the population's facts (T6/T7: the number of persons);
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
    base: str | Callable[[Sequence[Facts]], int] = "records"
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

    def labels_of(self, fact: Facts) -> dict[str, int]:
        """The label -> count one record contributes (used by the drill-down)."""
        found: Counter = Counter()
        for value in self.values((fact,)):
            for label, weight in self.derive(value):
                found[label] += weight
        return {label: n for label, n in found.items() if n}


def count(spec: CountSpec, facts: Sequence[Facts]) -> Counter:
    """label -> count (or (phase, label) -> count for split tables) over the population's `facts`."""
    counts: Counter = Counter()
    if spec.split:
        pairs = Counter((f.fase, value) for f in facts for value in spec.values((f,))) if spec.multi \
            else Counter(zip(map(_PHASE, facts), spec.values(facts), strict=True))
        for (phase, value), times in pairs.items():
            for label, weight in spec.derive(value):
                counts[phase, label] += weight * times
        return counts
    for value, times in Counter(spec.values(facts)).items():
        for label, weight in spec.derive(value):
            counts[label] += weight * times
    return counts


def count_table(spec: CountSpec, facts: Sequence[Facts]) -> dict[str, Any]:
    """The table in the JSON shape of API.md: title, base, columns, rows, total."""
    counts = count(spec, facts)
    if spec.split:
        return _split_table(spec, facts, counts)
    counts.pop(None, None)
    labels = _row_labels(spec, counts)
    items = sum(counts.values())
    if spec.base == "records":
        base = len(facts)
    elif spec.base == "items":
        base = items
    else:
        base = spec.base(facts)
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


def _row_labels(spec: CountSpec, counts: Mapping[Any, int]) -> list[str]:
    extra = sorted(str(k) for k in counts if k is not None and k not in spec.labels)
    labels = [*spec.labels, *extra]
    if spec.sort:
        head = [label for label in labels if label not in spec.last]
        head.sort(key=lambda label: -counts.get(label, 0))
        labels = head + [label for label in labels if label in spec.last]
    if spec.omit_zero:
        labels = [label for label in labels if counts.get(label, 0)]
    return labels


def _split_table(spec: CountSpec, facts: Sequence[Facts], counts: Counter) -> dict[str, Any]:
    per_label: dict[str, Counter] = {}
    for (phase, label), n in counts.items():
        if label is not None:
            per_label.setdefault(label, Counter())[phase] += n
    labels = _row_labels(spec, {label: sum(c.values()) for label, c in per_label.items()})
    base = len(facts)
    rows = []
    for label in labels:
        c = per_label.get(label, Counter())
        total = c[ACTIVERING] + c[CONFERENTIE]
        rows.append({"label": label, ACTIVERING: c[ACTIVERING], CONFERENTIE: c[CONFERENTIE], "totaal": total,
                     "n": total, "pct": pct(total, base)})
    phases = Counter(map(_PHASE, facts))
    total_row = {"label": spec.total_label, ACTIVERING: phases[ACTIVERING], CONFERENTIE: phases[CONFERENTIE],
                 "totaal": base, "n": base, "pct": 100.0 if base else None}
    columns = [{"key": "label", "title": spec.column}, {"key": ACTIVERING, "title": "Activeringsfase"},
               {"key": CONFERENTIE, "title": "Conferentiefase"}, {"key": "totaal", "title": "Totaal"},
               {"key": "pct", "title": "%"}]
    return {"title": spec.title, "base": base, "columns": columns, "rows": rows, "total": total_row}


def cell_refs(spec: CountSpec, facts: Iterable[Facts], label: str | None, column: str | None = None) -> list[str]:
    """The refs of the records behind one cell: the row `label` (a subtotal row takes its members; the total
    row or None takes every record contributing to the table) and, for split tables, the phase `column`."""
    members: set[str] | None = None
    if label is not None and label != spec.total_label:
        members = set(dict(spec.groups).get(label, (label,)))
    refs = []
    for fact in facts:
        if column in (ACTIVERING, CONFERENTIE) and fact.fase != column:
            continue
        contributed = spec.labels_of(fact)
        hit = members & contributed.keys() if members is not None else contributed or label == spec.total_label
        if hit:
            refs.append(fact.ref)
    return [ref for ref in refs if ref]
