"""The columns of a .sav file as columns of Kring's labels (storage.spss turns those into records).

pyreadstat reads the file into a data frame, so each numeric column is one array of floats rather than a
Python float per value (100,000 registrations are some 20 million values, and a float object per value,
created row by row, scatters every column over the whole heap). A coded column becomes labels through one
lookup per *distinct* value (pandas.factorize), not one per row; only the rows with a value the vocabulary
does not know are visited one by one, to name them.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat

from storage.sav_mapping import Mapping, MappingError, code_of
from workflow.registration.spss import NO, NOT_ASKED, NOT_ASKED_CODE, UNKNOWN_CODE, YES, Variable

Column = np.ndarray


@dataclass(frozen=True)
class UnknownValue:
    """A value of the file's `variable` the vocabulary does not know, `count` times."""

    variable: str
    value: Any
    count: int
    allowed: tuple[str, ...]

    def message(self) -> str:
        value = int(self.value) if isinstance(self.value, float) and self.value.is_integer() else self.value
        return (
            f"variabele {self.variable}: onbekende waarde '{value}' ({self.count} keer); "
            f"toegestaan: {', '.join(self.allowed)}"
        )


def read_columns(path: str) -> tuple[dict[str, Column], Any]:
    """The file's columns (an array each: floats for numbers, objects for strings and dates; NaN where the
    file holds no value) and its metadata."""
    try:
        frame, meta = pyreadstat.read_sav(path, user_missing=True)
    except Exception as problem:  # pyreadstat's ReadstatError and friends
        raise MappingError(f"het bestand is geen leesbaar SPSS-bestand (.sav): {problem}") from problem
    return {name: _array(frame[name]) for name in frame.columns}, meta


def _array(column: pd.Series) -> Column:
    if column.dtype.kind == "M":  # date-times (an older file's): as datetime objects, NaT where none
        return column.astype(object).to_numpy()
    return column.to_numpy()


def listed(values: Column) -> list[Any]:
    """A column as a list of Python values, None where the file holds no value (NaN in the array)."""
    out = values.tolist()
    empty = np.isnan(values) if values.dtype.kind == "f" else pd.isna(values)
    for row in np.flatnonzero(empty).tolist():
        out[row] = None
    return out


def mapped(values: Column, lookup: Any) -> tuple[list[Any], np.ndarray, list[Any]]:
    """`lookup(value)` of every row (None for no value), computed once per distinct value; with the row's
    index into the distinct values (-1: no value) and those values, to find the rows of one."""
    index, distinct = pd.factorize(values)
    found = [lookup(value) for value in distinct.tolist()]
    table = np.fromiter([*found, lookup(None)], dtype=object, count=len(found) + 1)
    return table[index].tolist(), index, found


class ColumnReader:
    """Reads the columns of one file into label columns, remembering unknown values per variable and row."""

    def __init__(self, columns: dict[str, Column], meta: Any, mapping: Mapping | None):
        self.columns, self.meta, self.mapping = columns, meta, mapping
        self.count = len(next(iter(columns.values()))) if columns else 0
        self.unknown: dict[tuple[str, Any], int] = Counter()
        self.allowed: dict[str, tuple[str, ...]] = {}
        self.bad_rows: dict[int, list[tuple[str, str]]] = {}

    def labels_of(self, variable: Variable) -> list[Any]:
        """The column of a Kring variable as labels (codes), numbers, dates or strings."""
        if self.mapping is not None:
            if variable.name in self.mapping.constants:
                return [_constant(variable, self.mapping.constants[variable.name])] * self.count
            source = self.mapping.source(variable.name)
        else:
            source = variable.name
        values = self.columns.get(source)
        if values is None:
            return [NOT_ASKED if variable.kind in ("code", "number") else None] * self.count
        if variable.kind == "code":
            return self._codes(variable, source, values)
        if variable.kind == "number":
            native = self.mapping is None
            missing = {NOT_ASKED_CODE: NOT_ASKED, UNKNOWN_CODE: None} if native else self._file_missing(source)
            return _numbers(values, missing)
        if variable.kind == "date":
            return mapped(values, _date)[0]
        return ["" if v is None else str(v) for v in listed(values)]

    def _codes(self, variable: Variable, source: str, values: Column) -> list[Any]:
        """Codes (or labels, in a text variable) as Kring's labels through one lookup per distinct value; a
        value the lookup lacks is unknown."""
        rename = self.mapping.labels.get(variable.name, {}) if self.mapping else {}
        allowed = set(variable.choices)
        lookup: dict[Any, Any] = {None: None, "": None}
        for code, label in self._table(variable, source).items():
            if label is NOT_ASKED or label is _MISSING:
                lookup[code] = NOT_ASKED if label is NOT_ASKED else None
            elif rename.get(label, label) in allowed:
                lookup[code] = rename.get(label, label)
        for label in allowed:  # a text variable holding the labels themselves
            lookup.setdefault(label, label)
        for old, new in rename.items():
            if new in allowed:
                lookup.setdefault(old, new)
        out, index, found = mapped(values, lambda value: lookup.get(value, _BAD))
        for number, label in enumerate(found):
            if label is _BAD:
                rows = np.flatnonzero(index == number).tolist()
                value = values[rows[0]]
                value = value.item() if isinstance(value, np.generic) else value
                for row in rows:
                    self._unknown(row, source, variable, value)
                    out[row] = None
        return out

    def _table(self, variable: Variable, source: str) -> dict[Any, Any]:
        """The file's code -> label of a Kring code variable (native: Kring's own codes)."""
        if self.mapping is None:
            table: dict[Any, Any] = {float(code): label for label, code in variable.codes.items()}
            return table | {float(NOT_ASKED_CODE): NOT_ASKED, float(UNKNOWN_CODE): _MISSING}
        table = dict(self.mapping.values.get(variable.name) or _file_labels(self.meta, source))
        return table | {code: _MISSING for code in self._file_missing(source)}

    def _file_missing(self, source: str) -> dict[Any, Any]:
        """The file's declared user-missing codes of a variable: all read as "unknown"."""
        found: dict[Any, Any] = {}
        for item in (getattr(self.meta, "missing_ranges", None) or {}).get(source, []):
            if isinstance(item, dict) and item.get("lo") == item.get("hi"):
                found[item["lo"]] = None
        for code in (getattr(self.meta, "missing_user_values", None) or {}).get(source, []):
            found[code] = None
        return found

    def _unknown(self, row: int, source: str, variable: Variable, value: Any) -> None:
        self.unknown[(source, value)] += 1
        self.allowed[source] = variable.choices
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        self.bad_rows.setdefault(row, []).append((source, f"onbekende waarde '{shown}'"))

    def set_columns(self, field_name: str, spec: dict[str, Any], targets: list[Variable]) -> dict[str, list[Any]]:
        """The dichotomies of a multi-answer field from the file's coding of the set."""
        coding = spec.get("coding", "dichotomies")
        by_label = {v.label: v.name for v in targets}
        out = {v.name: [NO] * self.count for v in targets}
        if coding == "dichotomies":
            counted = code_of(spec.get("counted", 1))
            members = spec.get("variables") or {}
            if not isinstance(members, dict):
                raise MappingError(f"set {field_name}: 'variables' moet per variabele een label geven")
            for source, label in members.items():
                if label not in by_label:
                    raise MappingError(
                        f"set {field_name}: '{label}' is geen antwoord; toegestaan: {', '.join(by_label)}"
                    )
                values = self._column(field_name, str(source))
                out[by_label[label]] = mapped(values, lambda v: YES if code_of(v) == counted else NO)[0]
            return out
        if coding != "categories":
            raise MappingError(f"set {field_name}: coding moet 'dichotomies' of 'categories' zijn")
        table = dict(self.mapping.values.get(field_name) or {}) if self.mapping else {}
        rename = self.mapping.labels.get(field_name, {}) if self.mapping else {}
        choices = tuple(by_label)
        for source in spec.get("variables") or []:
            values = listed(self._column(field_name, str(source)))
            labels = table or _file_labels(self.meta, str(source))
            missing = self._file_missing(str(source))
            for row, value in enumerate(values):
                if value is None or value == "" or value in missing:
                    continue
                label = labels.get(value, value if isinstance(value, str) else None)
                label = rename.get(label, label)
                if label in by_label:
                    out[by_label[label]][row] = YES
                else:
                    self._unknown(row, str(source), Variable(str(source), "", "code", choices), value)
        return out

    def _column(self, field_name: str, source: str) -> Column:
        if source not in self.columns:
            raise MappingError(f"set {field_name}: variabele '{source}' staat niet in het bestand")
        return self.columns[source]

    def unknown_values(self) -> list[UnknownValue]:
        return [
            UnknownValue(source, value, count, self.allowed[source])
            for (source, value), count in sorted(self.unknown.items(), key=lambda item: (item[0][0], str(item[0][1])))
        ]


_MISSING: Any = object()
_BAD: Any = object()


def _numbers(values: Column, missing: dict[Any, Any]) -> list[Any]:
    """A number column with the file's missing codes read as what they mean (not asked, unknown)."""
    out = listed(values)
    if values.dtype.kind != "f":
        return [None if v is None else missing.get(v, v) if v in missing else v for v in out]
    for code, meaning in missing.items():
        if isinstance(code, int | float):
            for row in np.flatnonzero(values == code).tolist():
                out[row] = meaning
    return out


def _file_labels(meta: Any, source: str) -> dict[Any, str]:
    return dict((getattr(meta, "variable_value_labels", None) or {}).get(source, {}))


def _constant(variable: Variable, value: Any) -> Any:
    if variable.kind == "date":
        return _date(value)
    if variable.kind == "code" and isinstance(value, bool):
        return YES if value else NO
    return value


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
