"""Building blocks of the yearly figures: rounding, dates and buckets, and one generic count table.

A count table is described by a `CountSpec`: which records it counts (its population), which row label(s)
each record contributes (`key`), and how it is printed (order, sorting, phase columns). The same `key` serves
both the counting and the drill-down from a cell to the cases behind it (`cell_refs`), so the two can never
disagree.
"""
import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain
from typing import Any

from workflow import vocabulary as v

Record = Mapping[str, Any]
ACTIVERING, CONFERENTIE = v.PHASES_OF_REGISTRATION
TOTAL = "Totaal"


def pct(n: float, base: float) -> float | None:
    """n as a percentage of base, one decimal, rounded half up (as the report does); None when base is 0."""
    if not base:
        return None
    return float((Decimal(n) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def mean(total: float, count: int) -> float | None:
    """total / count to one decimal, rounded half up; None when count is 0."""
    if not count:
        return None
    return float((Decimal(str(total)) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or ISO text; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lead_time_band(applied: dt.date | None, met: dt.date | None) -> str | None:
    """T2: months from application to the first meeting, in the bands [0,1), [1,2), [2,3), 3 or more."""
    if applied is None or met is None:
        return None
    for months, label in zip((1, 2, 3), v.LEAD_TIME_BANDS[:3], strict=True):
        if met < add_months(applied, months):
            return label
    return v.LEAD_TIME_BANDS[3]


def hours_band(hours: Any, bands: Sequence[str]) -> str | None:
    """T15/T16: "x tot y uur" means from x up to (not including) y; the last band also takes anything longer."""
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours < 0:
        return None
    for label in bands:
        upper = int(label.split(" tot ")[1].split()[0])
        if hours < upper:
            return label
    return bands[-1]


def minor_age_band(person: Record) -> str:
    """T6 "Leeftijd": ongeboren, 0-4, 5 t/m 12, 13 t/m 17 (t/m = inclusive); "onbekend" without an age."""
    if person.get("ongeboren"):
        return v.MINOR_AGE_BANDS[0]
    age = person.get("leeftijd")
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        return "onbekend"
    return v.MINOR_AGE_BANDS[1] if age <= 4 else v.MINOR_AGE_BANDS[2] if age <= 12 else v.MINOR_AGE_BANDS[3]


def adult_age_band(person: Record) -> str:
    """T7 "Leeftijd": 18 t/m 25, 26 t/m 40, 41 t/m 60, 61 en ouder; "onbekend" without an age."""
    age = person.get("leeftijd")
    if not isinstance(age, int) or isinstance(age, bool):
        return "onbekend"
    for upper, label in zip((25, 40, 60), v.ADULT_AGE_BANDS[:3], strict=True):
        if age <= upper:
            return label
    return v.ADULT_AGE_BANDS[3]


def first_meeting(record: Record) -> Mapping[str, Any] | None:
    """The registration's conference: its first meeting (follow-up meetings are not counted separately)."""
    meetings = record.get("bijeenkomsten") or ()
    return meetings[0] if meetings else None


# --------------------------------------------------------------------------------------------- count tables

@dataclass(frozen=True)
class CountSpec:
    """One count table.

    - `population`: which records it counts: "all" (every closed case, T1), "complete" (fully registered),
      "activering"/"conferentie" (complete and closed in that phase), "organisatie" (complete, referred by
      an organisation);
    - `key(record)`: the row label (or None), or with `multi` an iterable of labels (each counted once per
      occurrence), or with `weighted` a mapping label -> count;
    - `labels`: the rows in printed order; labels met in the data but not listed are added after them;
    - `base`: "records" (percentages of the population), "items" (of the summed counts: T17) or a callable
      giving the base from the population (T6/T7: the number of persons);
    - `split`: one column per phase (T4, T10); `pct`: print a % column; `sort`: by N descending (stable on
      the printed order) with `last` kept at the end; `omit_zero`: leave rows with N = 0 out (T3);
    - `groups`: subtotal rows (label, member labels), printed after their last member (T17).
    """

    id: str
    title: str
    column: str
    labels: tuple[str, ...]
    key: Callable[[Record], Any]
    population: str = "complete"
    multi: bool = False
    weighted: bool = False
    base: str | Callable[[Sequence[Record]], int] = "records"
    split: bool = False
    pct: bool = True
    sort: bool = False
    last: tuple[str, ...] = ()
    omit_zero: bool = False
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    total_label: str = TOTAL

    def labels_of(self, record: Record) -> dict[str, int]:
        """The label -> count this record contributes (used by the drill-down)."""
        found = self.key(record)
        if found is None:
            return {}
        if self.weighted:
            return {k: n for k, n in found.items() if n}
        if self.multi:
            return dict(Counter(found))
        return {found: 1}


def count(spec: CountSpec, records: Sequence[Record]) -> Counter:
    """label -> count (or (phase, label) -> count for split tables) over `records`."""
    key = spec.key
    if spec.weighted:
        counts: Counter = Counter()
        for found in map(key, records):
            if found:
                counts.update(found)
        return counts
    if spec.split:
        if spec.multi:
            return Counter(chain.from_iterable(((r["fase"], label) for label in key(r) or ()) for r in records))
        return Counter((r.get("fase"), key(r)) for r in records)
    if spec.multi:
        return Counter(chain.from_iterable(filter(None, map(key, records))))
    return Counter(map(key, records))


def count_table(spec: CountSpec, records: Sequence[Record]) -> dict[str, Any]:
    """The table in the JSON shape of API.md: title, base, columns, rows, total."""
    counts = count(spec, records)
    if spec.split:
        return _split_table(spec, records, counts)
    counts.pop(None, None)
    labels = _row_labels(spec, counts)
    items = sum(counts.values())
    if spec.base == "records":
        base = len(records)
    elif spec.base == "items":
        base = items
    else:
        base = spec.base(records)
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


def _split_table(spec: CountSpec, records: Sequence[Record], counts: Counter) -> dict[str, Any]:
    per_label: dict[str, Counter] = {}
    for (phase, label), n in counts.items():
        if label is not None:
            per_label.setdefault(label, Counter())[phase] += n
    labels = _row_labels(spec, {label: sum(c.values()) for label, c in per_label.items()})
    base = len(records)
    rows = []
    for label in labels:
        c = per_label.get(label, Counter())
        total = c[ACTIVERING] + c[CONFERENTIE]
        rows.append({"label": label, ACTIVERING: c[ACTIVERING], CONFERENTIE: c[CONFERENTIE], "totaal": total,
                     "n": total, "pct": pct(total, base)})
    phases = Counter(r.get("fase") for r in records)
    total_row = {"label": spec.total_label, ACTIVERING: phases[ACTIVERING], CONFERENTIE: phases[CONFERENTIE],
                 "totaal": base, "n": base, "pct": 100.0 if base else None}
    columns = [{"key": "label", "title": spec.column}, {"key": ACTIVERING, "title": "Activeringsfase"},
               {"key": CONFERENTIE, "title": "Conferentiefase"}, {"key": "totaal", "title": "Totaal"},
               {"key": "pct", "title": "%"}]
    return {"title": spec.title, "base": base, "columns": columns, "rows": rows, "total": total_row}


def cell_refs(spec: CountSpec, records: Iterable[Record], label: str | None, column: str | None = None) -> list[str]:
    """The refs of the records behind one cell: the row `label` (a subtotal row takes its members; the total
    row or None takes every record contributing to the table) and, for split tables, the phase `column`."""
    members: set[str] | None = None
    if label is not None and label != spec.total_label:
        members = set(dict(spec.groups).get(label, (label,)))
    refs = []
    for record in records:
        if column in (ACTIVERING, CONFERENTIE) and record.get("fase") != column:
            continue
        contributed = spec.labels_of(record)
        hit = members & contributed.keys() if members is not None else contributed or label == spec.total_label
        if hit:
            refs.append(record.get("ref"))
    return [ref for ref in refs if ref]
