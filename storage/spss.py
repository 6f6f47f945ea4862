"""Anonymous registrations as an SPSS file (.sav), out and in, with pyreadstat.

Out: `write_sav` lays the records out as workflow.registration.spss describes (one row per registration,
labelled variables and values, multiple-dichotomy sets, declared missing codes).
In: `read_sav` reads such a file, or a file in an older layout described by a mapping file (`Mapping`:
which variable is which, which code is which label, how multi-answer sets are coded), into records of
registration-v1; `import_sav` then stores them as the JSON Lines import does (storage.registrations):
all or nothing unless bad rows are skipped, idempotent by ref. Every value the vocabulary does not know is
reported per variable with its count and the allowed labels.
"""

import datetime as dt
import os
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyreadstat
from pandas import DataFrame, to_datetime

from storage.registrations import ImportReport, import_parsed
from storage.report_tallies import gc_paused
from storage.sav_mrsets import add_mr_sets
from workflow.registration import validate_registration
from workflow.registration.spss import (
    NO,
    NOT_ASKED,
    NOT_ASKED_CODE,
    UNKNOWN_CODE,
    YES,
    Layout,
    Variable,
    decode_columns,
    encode_columns,
    mr_sets,
    variables,
)

FILE_LABEL = "Kring: registraties (registration-v1)"
MAX_MAPPING_BYTES = 1_000_000


# --- out -----------------------------------------------------------------------------------------------------


def write_sav(records: list[dict[str, Any]], path: str | Path) -> list[Variable]:
    """Write `records` (registration-v1) to `path` as a .sav file; the variables written."""
    layout = Layout.for_records(records)
    found = variables(layout)
    with gc_paused():
        columns = encode_columns(records, layout)
    frame = DataFrame(columns, columns=[v.name for v in found])
    del columns
    for v in found:
        if v.kind == "date":  # datetime64 with NaT: pyreadstat types a column of dates and None by its values
            frame[v.name] = to_datetime(frame[v.name], format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=FILE_LABEL,
        row_compress=True,  # SPSS's bytecode compression: most values are small codes (about a sixth of the size)
        column_labels={v.name: v.label for v in found},
        variable_value_labels={v.name: v.value_labels for v in found if v.value_labels},
        missing_ranges={v.name: [NOT_ASKED_CODE, UNKNOWN_CODE] for v in found if v.missing},
        variable_measure={v.name: v.measure for v in found},
        variable_format={v.name: v.format for v in found if v.format},
    )
    add_mr_sets(path, mr_sets(found))
    return found


def sav_bytes(records: list[dict[str, Any]]) -> bytes:
    """`write_sav` into memory (a download)."""
    handle, name = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        write_sav(records, name)
        return Path(name).read_bytes()
    finally:
        os.unlink(name)


# --- the mapping of an older layout -------------------------------------------------------------------------


class MappingError(ValueError):
    """The mapping file cannot be used (the message is Dutch)."""


@dataclass
class Mapping:
    """How an older file's variables become Kring's (the variable names of `write_sav`'s layout):

    - `variables`: Kring variable -> the file's variable;
    - `values`: Kring variable (or multi-answer field) -> {the file's code: label}; without one the file's
      own value labels are used;
    - `labels`: Kring variable (or field) -> {the file's label: Kring's label}, for labels spelt otherwise;
    - `sets`: multi-answer field (e.g. "achtergrondproblemen", "hoofdpersoon1_herkomst_ouders") ->
      {"coding": "dichotomies", "counted": 1, "variables": {file variable: label}} (one variable per answer)
      or {"coding": "categories", "variables": [file variables]} (each holds the code of one answer);
    - `constants`: Kring variable -> a value for every row (e.g. variant = "familie").
    """

    variables: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[Any, str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> "Mapping":
        """A mapping from a TOML (.toml) or YAML (.yaml, .yml) file."""
        path = Path(path)
        raw = path.read_bytes()
        if len(raw) > MAX_MAPPING_BYTES:
            raise MappingError("het mapping-bestand is te groot")
        try:
            if path.suffix.lower() in (".yaml", ".yml"):
                import yaml

                data = yaml.safe_load(raw.decode("utf-8"))
            else:
                data = tomllib.loads(raw.decode("utf-8"))
        except Exception as problem:  # any parser's error: the file is not readable as such
            raise MappingError(f"het mapping-bestand is niet te lezen: {problem}") from problem
        return cls.of(data)

    @classmethod
    def of(cls, data: Any) -> "Mapping":
        if not isinstance(data, dict):
            raise MappingError("het mapping-bestand moet secties hebben (variables, values, sets, constants)")
        unknown = set(data) - {"variables", "values", "labels", "sets", "constants"}
        if unknown:
            raise MappingError(f"onbekende sectie(s) in het mapping-bestand: {', '.join(sorted(map(str, unknown)))}")
        values = {name: {_code(k): str(v) for k, v in table.items()} for name, table in _dicts(data, "values")}
        return cls(
            {str(k): str(v) for k, v in (data.get("variables") or {}).items()},
            values,
            {name: {str(k): str(v) for k, v in table.items()} for name, table in _dicts(data, "labels")},
            dict(_dicts(data, "sets")),
            dict(data.get("constants") or {}),
        )

    def source(self, name: str) -> str:
        return self.variables.get(name, name)


def _dicts(data: dict[str, Any], section: str) -> list[tuple[str, dict[str, Any]]]:
    found = data.get(section) or {}
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        raise MappingError(f"sectie '{section}': per naam een tabel verwacht")
    return [(str(k), v) for k, v in found.items()]


def _code(key: Any) -> Any:
    """A code as the file holds it: numbers as floats (SPSS numbers are floats), other codes as text."""
    try:
        return float(key)
    except (TypeError, ValueError):
        return str(key)


# --- in ------------------------------------------------------------------------------------------------------


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


@dataclass
class SavRead:
    """What was read: per row (case number, record, problems), and the unknown values per variable."""

    rows: list[tuple[int, dict[str, Any], list[tuple[str, str]]]]
    unknown: list[UnknownValue]


class _Reader:
    """Reads the columns of one file into label rows, remembering unknown values per variable and row."""

    def __init__(self, columns: dict[str, list[Any]], meta: Any, mapping: Mapping | None):
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
            return [None if v is None else missing.get(v, v) if v in missing else v for v in values]
        if variable.kind == "date":
            return [_date(v) for v in values]
        return ["" if v is None else str(v) for v in values]

    def _codes(self, variable: Variable, source: str, values: list[Any]) -> list[Any]:
        """Codes (or labels, in a text variable) as Kring's labels through one lookup per value; a value the
        lookup lacks is unknown."""
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
        out = [lookup.get(value, _BAD) for value in values]
        if _BAD in out:
            for row, label in enumerate(out):
                if label is _BAD:
                    self._unknown(row, source, variable, values[row])
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
            counted = _code(spec.get("counted", 1))
            members = spec.get("variables") or {}
            if not isinstance(members, dict):
                raise MappingError(f"set {field_name}: 'variables' moet per variabele een label geven")
            for source, label in members.items():
                if label not in by_label:
                    raise MappingError(
                        f"set {field_name}: '{label}' is geen antwoord; toegestaan: {', '.join(by_label)}"
                    )
                values = self._column(field_name, str(source))
                out[by_label[label]] = [YES if _code(v) == counted else NO for v in values]
            return out
        if coding != "categories":
            raise MappingError(f"set {field_name}: coding moet 'dichotomies' of 'categories' zijn")
        table = dict(self.mapping.values.get(field_name) or {}) if self.mapping else {}
        rename = self.mapping.labels.get(field_name, {}) if self.mapping else {}
        choices = tuple(by_label)
        for source in spec.get("variables") or []:
            values = self._column(field_name, str(source))
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

    def _column(self, field_name: str, source: str) -> list[Any]:
        if source not in self.columns:
            raise MappingError(f"set {field_name}: variabele '{source}' staat niet in het bestand")
        return self.columns[source]

    def unknown_values(self) -> list[UnknownValue]:
        return [
            UnknownValue(source, value, count, self.allowed[source])
            for (source, value), count in sorted(self.unknown.items(), key=lambda item: (item[0][0], str(item[0][1])))
        ]


_MISSING: Any = object()
_BAD: Any = type("_Bad", (), {"__eq__": lambda self, other: self is other, "__hash__": object.__hash__})()


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


def read_sav(path: str | Path, mapping: Mapping | None = None) -> SavRead:
    """The records of a .sav file: Kring's own layout, or an older one described by `mapping`."""
    try:
        columns, meta = pyreadstat.read_sav(str(path), user_missing=True, output_format="dict")
    except Exception as problem:  # pyreadstat's ReadstatError and friends
        raise MappingError(f"het bestand is geen leesbaar SPSS-bestand (.sav): {problem}") from problem
    columns = dict(columns)
    if mapping is None and "ref" not in columns:
        raise MappingError("dit is geen registratiebestand van Kring: geef een mapping-bestand (--mapping)")
    if mapping is not None:
        absent = sorted({s for s in mapping.variables.values() if s not in columns})
        if absent:
            raise MappingError(f"variabele(n) uit de mapping staan niet in het bestand: {', '.join(absent)}")
        names: Iterable[str] = [*mapping.variables, *mapping.constants, *mapping.sets, *mapping.values]
    else:
        names = columns
    layout = Layout.of_names(names)
    reader = _Reader(columns, meta, mapping)
    found = variables(layout)
    by_name = {v.name: reader.labels_of(v) for v in found if not (mapping and v.mr_set and v.mr_set[0] in mapping.sets)}
    for set_name, spec in (mapping.sets if mapping else {}).items():
        targets = [v for v in found if v.mr_set and v.mr_set[0] == set_name]
        if not targets:
            raise MappingError(f"set '{set_name}' is geen meerkeuzeveld van Kring")
        by_name |= reader.set_columns(set_name, spec, targets)
    del columns  # the file's values (a float object each) are labels now: free them before the records come
    reader.columns = {}
    with gc_paused():  # hundreds of thousands of new dicts and lists, no cycles: collections would only scan
        records = decode_columns(by_name, layout, reader.count)
    del by_name
    rows = [
        (number, record, reader.bad_rows.get(number - 1) or validate_registration(record))
        for number, record in enumerate(records, 1)
    ]
    return SavRead(rows, reader.unknown_values())


def import_sav(
    uow: Any, path: str | Path, mapping: Mapping | None = None, skip_errors: bool = False
) -> tuple[ImportReport, list[UnknownValue]]:
    """Read and store a .sav file as `import_lines` stores JSON Lines (the caller commits `uow`)."""
    read = read_sav(path, mapping)
    with gc_paused():
        report = import_parsed(uow, read.rows, skip_errors=skip_errors)
    return report, read.unknown
