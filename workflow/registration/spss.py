"""registration-v1 as one flat row per registration, the shape of an SPSS data file: the variables, their
Dutch labels and value labels, derived from the exchange format's schema (schema.EXCHANGE), never listed.

- A choice is a numeric code (1, 2, ... in the vocabulary's order) whose value labels are the vocabulary's
  labels exactly; a flag (bool) and each answer of a multi-answer field is 1 = "ja" / 0 = "nee" (the
  answers of one field form a multiple-dichotomy set, its variables labelled with the answers).
- Lists of rows (main persons, meetings, residence changes, follow-up calls) are numbered slots
  (`hoofdpersoon1_soort`, `bijeenkomst2_datum` ...), as many as the records need (`Layout`).
- Counts and amounts are numbers, dates are dates, free texts strings.
- Missing is declared with two codes: NOT_ASKED (-1, the question did not apply: a slot beyond the list,
  the plan of a case without one, the organisation type of a family's referral) and UNKNOWN (-9, asked but
  not filled in). Both read back as "absent".

The storage layer (storage.spss) writes and reads the file; this module only maps records to the file's
columns (`encode_columns`) and columns of *labels* back to records (`decode_columns`), so that an older
file's own codes only need translating to labels (a mapping file) to come in the same way. Both work a column
at a time: 100,000 registrations are some 20 million values.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workflow import vocabulary as vocab
from workflow.registration import schema, spss_after_plan
from workflow.registration.schema import RecordField

NOT_ASKED_CODE, UNKNOWN_CODE = -1, -9
MISSING_LABELS = {NOT_ASKED_CODE: "niet gevraagd", UNKNOWN_CODE: "onbekend (niet ingevuld)"}
YES, NO = schema.YES_NO
FLAG_CODES = {YES: 1, NO: 0}


class _NotAsked:
    """The label row's value of a question that did not apply (None is an unanswered one)."""

    def __repr__(self) -> str:
        return "NOT_ASKED"


NOT_ASKED: Any = _NotAsked()


@dataclass(frozen=True)
class Variable:
    """One SPSS variable. `kind`: "string", "code" (labels in `choices`, coded 1..n, or a ja/nee flag),
    "number" (`integer` or not), "date". `mr_set`: the multiple-dichotomy set it belongs to, (name, label)."""

    name: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    integer: bool = True
    flag: bool = False
    mr_set: tuple[str, str] | None = None
    codes: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def value_labels(self) -> dict[int, str]:
        """Code -> label, with the two missing codes (numbers have only those)."""
        if self.kind == "code":
            return {code: label for label, code in self.codes.items()} | MISSING_LABELS
        return dict(MISSING_LABELS) if self.kind == "number" else {}

    @property
    def missing(self) -> bool:
        """Whether the variable declares the missing codes (strings and dates are missing when empty)."""
        return self.kind in ("code", "number")

    @property
    def measure(self) -> str:
        return {"code": "nominal", "number": "scale", "date": "scale"}.get(self.kind, "nominal")

    @property
    def format(self) -> str:
        if self.kind == "date":
            return "DATE11"
        if self.kind == "code":
            return "F3.0"
        return "F8.0" if self.integer else "F8.2" if self.kind == "number" else ""


def _code_variable(name: str, label: str, choices: Sequence[str], **extra: Any) -> Variable:
    return Variable(name, label, "code", tuple(choices), codes={c: i for i, c in enumerate(choices, 1)}, **extra)


def _flag_variable(name: str, label: str, **extra: Any) -> Variable:
    return Variable(name, label, "code", (NO, YES), flag=True, codes=dict(FLAG_CODES), **extra)


@dataclass(frozen=True)
class Layout:
    """How many slots each list gets (at least one, so every variable is in every file)."""

    persons: int = 1
    meetings: int = 1
    changes: int = 1
    follow_ups: int = 1

    @classmethod
    def for_records(cls, records: Iterable[Mapping[str, Any]]) -> "Layout":
        persons = meetings = changes = follow_ups = 1
        for r in records:
            persons = max(persons, len(r.get("hoofdpersonen") or ()))
            meetings = max(meetings, len(r.get("bijeenkomsten") or ()))
            changes = max(changes, len((r.get("plan") or {}).get("verblijfplaatswijzigingen") or ()))
            follow_ups = max(follow_ups, len(r.get("follow_up") or ()))
        return cls(persons, meetings, changes, follow_ups)

    @classmethod
    def of_names(cls, names: Iterable[str]) -> "Layout":
        """The layout of a file from its variable names (the highest slot number of each list)."""
        found = {prefix: 1 for prefix in SLOT_PREFIXES.values()}
        for name in names:
            match = _SLOT.match(name)
            if match and match.group(1) in found:
                found[match.group(1)] = max(found[match.group(1)], int(match.group(2)))
        return cls(*(found[SLOT_PREFIXES[part]] for part in ("persons", "meetings", "changes", "follow_ups")))


SLOT_PREFIXES = {
    "persons": "hoofdpersoon",
    "meetings": "bijeenkomst",
    "changes": "plan_verblijfplaatswijziging",
    "follow_ups": "follow_up",
}
_SLOT = re.compile(r"^(hoofdpersoon|bijeenkomst|plan_verblijfplaatswijziging|follow_up)(\d+)(?:_|$)")
PERSON_EXPORT = tuple(f for f in schema.PERSON_FIELDS if f.exported)
MEETING_EXPORT = tuple(f for f in schema.MEETING if f.exported)
FOLLOW_UP_EXPORT = tuple(f for f in schema.FOLLOW_UP if f.exported)
PLAN_PREFIX = "plan_"


# --- the variables -------------------------------------------------------------------------------------------


def field_variables(spec: RecordField, prefix: str = "", suffix: str = "") -> list[Variable]:
    """The variables of one field: `prefix` before its name (a slot), `suffix` after its label."""
    name, label = prefix + spec.name, spec.label + suffix
    if spec.kind in ("line", "text"):
        return [Variable(name, label, "string")]
    if spec.kind == "choice":
        return [_code_variable(name, label, spec.choices)]
    if spec.kind == "bool":
        return [_flag_variable(name, label)]
    if spec.kind == "date":
        return [Variable(name, label, "date")]
    if spec.kind in ("int", "float"):
        return [Variable(name, label, "number", integer=spec.kind == "int")]
    if spec.kind == "multichoice":
        answers = (name, label)
        return [_flag_variable(f"{name}_{i:02d}", c, mr_set=answers) for i, c in enumerate(spec.choices, 1)]
    if spec.kind == "counts":
        return [
            Variable(f"{name}_{i:02d}", f"{spec.label}: {c}{suffix}", "number") for i, c in enumerate(spec.choices, 1)
        ]
    raise ValueError(f"no SPSS variable for kind {spec.kind}")


def _plan_fields() -> tuple[RecordField, ...]:
    """The plan's acceptance and its questions (yes/no on the form, flags in the exchange format)."""
    return (schema.ACCEPTANCE, *(RecordField(q.name, q.label, "bool") for q in schema.PLAN_QUESTIONS))


CHANGE = RecordField("richting", "Verblijfplaatswijziging in het plan: richting", "choice",
                     choices=vocab.RESIDENCE_CHANGE_DIRECTIONS)  # fmt: skip


def variables(layout: Layout) -> list[Variable]:
    """Every variable of a file in `layout`, in the exchange format's order."""
    out: list[Variable] = []
    for _name, spec in schema.EXCHANGE:
        if spec is schema.PERSON_FIELDS:
            for n in range(1, layout.persons + 1):
                for f in PERSON_EXPORT:
                    out += field_variables(f, f"hoofdpersoon{n}_", f" (hoofdpersoon {n})")
        elif spec is schema.MEETING:
            for n in range(1, layout.meetings + 1):
                for f in MEETING_EXPORT:
                    out += field_variables(f, f"bijeenkomst{n}_", f" (bijeenkomst {n})")
        elif spec is schema.PLAN_EXPORT:
            for f in _plan_fields():
                out += field_variables(f, PLAN_PREFIX, " (plan)")
            for n in range(1, layout.changes + 1):
                out.append(_code_variable(f"plan_verblijfplaatswijziging{n}", f"{CHANGE.label} {n}", CHANGE.choices))
        elif spec is schema.FOLLOW_UP:
            for n in range(1, layout.follow_ups + 1):
                for f in FOLLOW_UP_EXPORT:
                    out += field_variables(f, f"follow_up{n}_", f" (follow-up {n})")
        else:
            out += field_variables(spec)
    return [*out, Variable(spss_after_plan.NAME, spss_after_plan.LABEL, "string")]


def mr_sets(variables_: Iterable[Variable]) -> list[tuple[str, str, list[str]]]:
    """The multiple-dichotomy sets: (set name, label, its variables), in order."""
    sets: dict[tuple[str, str], list[str]] = {}
    for variable in variables_:
        if variable.mr_set:
            sets.setdefault(variable.mr_set, []).append(variable.name)
    return [(name, label, names) for (name, label), names in sets.items()]


# --- records as columns (column by column: 100,000 records are some 20 million values) -------------------------

Column = list[Any]


def encode_columns(records: Sequence[Mapping[str, Any]], layout: Layout) -> dict[str, Column]:
    """Every variable of `layout` as the file stores it: codes (1..n, 1/0 for ja/nee), numbers, ISO dates
    (None when empty), strings; NOT_ASKED_CODE where the question did not apply, UNKNOWN_CODE where it was
    not answered."""
    out: dict[str, Column] = {}
    organisation = [r.get("type_aanmelder") == "Organisatie" for r in records]
    for _name, spec in schema.EXCHANGE:
        if spec is schema.PERSON_FIELDS:
            for n in range(1, layout.persons + 1):
                persons = _nth([r.get("hoofdpersonen") for r in records], n)
                for f in PERSON_EXPORT:
                    skip = [_person_not_asked(f, p) for p in persons]
                    out |= _encoded(f, f"hoofdpersoon{n}_", persons, skip)
        elif spec is schema.MEETING:
            for n in range(1, layout.meetings + 1):
                meetings = _nth([r.get("bijeenkomsten") for r in records], n)
                skip = [m is None for m in meetings]
                for f in MEETING_EXPORT:
                    out |= _encoded(f, f"bijeenkomst{n}_", meetings, skip)
        elif spec is schema.PLAN_EXPORT:
            plans = [r.get("plan") if isinstance(r.get("plan"), dict) else None for r in records]
            skip = [p is None for p in plans]
            for f in _plan_fields():
                out |= _encoded(f, PLAN_PREFIX, plans, skip)
            for n in range(1, layout.changes + 1):
                changes = _nth([(p or {}).get("verblijfplaatswijzigingen") for p in plans], n)
                out |= _encoded(CHANGE, f"plan_verblijfplaatswijziging{n}", changes, [c is None for c in changes])
        elif spec is schema.FOLLOW_UP:
            for n in range(1, layout.follow_ups + 1):
                calls = _nth([r.get("follow_up") for r in records], n)
                skip = [c is None for c in calls]
                for f in FOLLOW_UP_EXPORT:
                    out |= _encoded(f, f"follow_up{n}_", calls, skip)
        else:
            skip = [_not_asked(spec, r, o) for r, o in zip(records, organisation, strict=True)]
            out |= _encoded(spec, "", records, skip)
    out[spss_after_plan.NAME] = spss_after_plan.encode(records)
    return out


def _nth(lists: Sequence[Any], n: int) -> list[dict[str, Any] | None]:
    """The n-th row of each list (None where the list is shorter or the row no object)."""
    return [v[n - 1] if isinstance(v, list) and len(v) >= n and isinstance(v[n - 1], dict) else None for v in lists]


def _not_asked(spec: RecordField, record: Mapping[str, Any], organisation: bool) -> bool:
    if spec.name == "type_organisatie" or spec.organisation_only:
        return not organisation
    if spec.name == "redenen_niet_doorgaan":
        return record.get("fase") == "conferentiefase"
    return False


def _person_not_asked(spec: RecordField, person: Mapping[str, Any] | None) -> bool:
    if person is None:
        return True
    minor = person.get("soort") == "minderjarig"
    if spec.name == "culturele_achtergrond":
        return minor
    if spec.name in ("ongeboren", "herkomst_ouders"):
        return not minor
    return spec.name == "leeftijd" and person.get("ongeboren") is True


def _encoded(spec: RecordField, prefix: str, sources: Sequence[Any], skip: Sequence[bool]) -> dict[str, Column]:
    """The columns of one field of `sources` (rows, None where absent); `skip`: not asked in that row."""
    name = spec.name if spec is not CHANGE else ""
    name, kind = prefix + name, spec.kind
    values = [None if s is None else s.get(spec.name) for s in sources]
    na, unknown = NOT_ASKED_CODE, UNKNOWN_CODE
    if kind == "multichoice":
        chosen = [set(v) if isinstance(v, list) else set() for v in values]
        return {
            f"{name}_{i:02d}": [na if k else 1 if c in s else 0 for s, k in zip(chosen, skip, strict=True)]
            for i, c in enumerate(spec.choices, 1)
        }
    if kind == "counts":
        counts = [v if isinstance(v, dict) else {} for v in values]
        return {
            f"{name}_{i:02d}": [na if k else d.get(c) or 0 for d, k in zip(counts, skip, strict=True)]
            for i, c in enumerate(spec.choices, 1)
        }
    if kind in ("line", "text"):
        return {name: ["" if v is None else str(v) for v in values]}
    if kind == "date":
        return {name: [v if isinstance(v, str) else None for v in values]}
    if kind == "choice":
        codes = {c: i for i, c in enumerate(spec.choices, 1)}
        return {name: [unknown if v is None and not k else na if k else codes.get(v, unknown) for v, k in
                       zip(values, skip, strict=True)]}  # fmt: skip
    if kind == "bool":
        return {name: [na if k and not v else unknown if v is None else 1 if v else 0 for v, k in
                       zip(values, skip, strict=True)]}  # fmt: skip
    return {name: [na if k and v is None else unknown if v is None else v for v, k in zip(values, skip, strict=True)]}


def decode_columns(columns: Mapping[str, Column], layout: Layout, count: int) -> list[dict[str, Any]]:
    """The registration-v1 records of label columns: per variable its labels ("ja"/"nee" for flags),
    numbers, dates or strings, None where unanswered and NOT_ASKED where not asked; a variable the columns
    lack reads as not asked. Multi-answer lists come back in the vocabulary's order."""
    records: list[dict[str, Any]] = [{} for _ in range(count)]

    def column(name: str) -> Column:
        found = columns.get(name)
        return found if found is not None else [NOT_ASKED] * count

    for name, spec in schema.EXCHANGE:
        if spec is schema.PERSON_FIELDS:
            lists: list[list[Any]] = [[] for _ in range(count)]
            for n in range(1, layout.persons + 1):
                rows = _decoded_rows(PERSON_EXPORT, f"hoofdpersoon{n}_", column, count)
                present = [v is not None and v is not NOT_ASKED for v in column(f"hoofdpersoon{n}_soort")]
                for row, here, into in zip(rows, present, lists, strict=True):
                    if here:
                        row["ongeboren"] = bool(row["ongeboren"])
                        into.append(row)
            _set(records, name, lists)
        elif spec is schema.MEETING:
            _set(records, name, _slots(MEETING_EXPORT, "bijeenkomst", layout.meetings, column, count))
        elif spec is schema.PLAN_EXPORT:
            rows = _decoded_rows(_plan_fields(), PLAN_PREFIX, column, count)
            present = _present_rows(_plan_fields(), PLAN_PREFIX, column, count)
            changes: list[list[Any]] = [[] for _ in range(count)]
            for n in range(1, layout.changes + 1):
                for into, value in zip(changes, column(f"plan_verblijfplaatswijziging{n}"), strict=True):
                    if value is not None and value is not NOT_ASKED:
                        into.append({"richting": value})
            plans = []
            for row, here, moves in zip(rows, present, changes, strict=True):
                if here or moves:
                    row["verblijfplaatswijzigingen"] = moves
                    plans.append(row)
                else:
                    plans.append(None)
            _set(records, name, plans)
        elif spec is schema.FOLLOW_UP:
            _set(records, name, _slots(FOLLOW_UP_EXPORT, "follow_up", layout.follow_ups, column, count))
        else:
            _set(records, name, _decoded(spec, "", column, count))
    spss_after_plan.decode(records, column)
    return records


def _set(records: list[dict[str, Any]], name: str, values: Column) -> None:
    for record, value in zip(records, values, strict=True):
        record[name] = value


def _slots(fields: Sequence[RecordField], stem: str, slots: int, column: Callable, count: int) -> list[list[Any]]:
    lists: list[list[Any]] = [[] for _ in range(count)]
    for n in range(1, slots + 1):
        rows = _decoded_rows(fields, f"{stem}{n}_", column, count)
        present = _present_rows(fields, f"{stem}{n}_", column, count)
        for row, here, into in zip(rows, present, lists, strict=True):
            if here:
                into.append(row)
    return lists


def _decoded_rows(fields: Sequence[RecordField], prefix: str, column: Callable, count: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{} for _ in range(count)]
    for f in fields:
        _set(rows, f.name, _decoded(f, prefix, column, count))
    return rows


def _present_rows(fields: Sequence[RecordField], prefix: str, column: Callable, count: int) -> list[bool]:
    """Whether the slot holds anything in each row (a value that is neither missing nor empty)."""
    present = [False] * count
    for name in _names(fields, prefix):
        values = column(name)
        present = [p or v not in _EMPTY for p, v in zip(present, values, strict=True)]
    return present


def _names(fields: Sequence[RecordField], prefix: str) -> list[str]:
    names = []
    for f in fields:
        if f.kind in ("multichoice", "counts"):
            names += [f"{prefix}{f.name}_{i:02d}" for i in range(1, len(f.choices) + 1)]
        else:
            names.append(prefix + f.name)
    return names


def _decoded(spec: RecordField, prefix: str, column: Callable, count: int) -> Column:
    """One field's values from its label columns."""
    name, kind = prefix + spec.name, spec.kind
    if kind == "multichoice":
        lists: list[list[str]] = [[] for _ in range(count)]
        for i, choice in enumerate(spec.choices, 1):
            for into, value in zip(lists, column(f"{name}_{i:02d}"), strict=True):
                if value == YES:
                    into.append(choice)
        return lists
    if kind == "counts":
        dicts: list[dict[str, Any]] = [{} for _ in range(count)]
        for i, choice in enumerate(spec.choices, 1):
            for into, value in zip(dicts, column(f"{name}_{i:02d}"), strict=True):
                into[choice] = (
                    0 if value in _EMPTY else int(value) if value.__class__ is float and value.is_integer() else value
                )
        return dicts
    values = [None if v is NOT_ASKED else v for v in column(name)]
    if kind in ("line", "text"):
        empty = None if spec.nullable else ""
        return [empty if v is None or v == "" else str(v) for v in values]
    if kind == "bool":
        return [True if v == YES else False if v == NO else v for v in values]
    if kind == "date":
        return [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    if kind == "int":  # SPSS numbers are floats: whole ones back to int, others as they are (the check names them)
        return [int(v) if v.__class__ is float and v.is_integer() else v for v in values]
    if kind == "float":
        return [float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in values]
    return values


_EMPTY = frozenset({None, "", NOT_ASKED})  # a label column's values that fill nothing (all hashable)
