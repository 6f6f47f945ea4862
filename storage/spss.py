"""Anonymous registrations as an SPSS file (.sav), out and in, with pyreadstat.

Out: `write_sav` lays the records out as workflow.registration.spss describes (one row per registration,
labelled variables and values, multiple-dichotomy sets, declared missing codes).
In: `read_sav` reads such a file, or a file in an older layout described by a mapping file (`Mapping`:
which variable is which, which code is which label, how multi-answer sets are coded), into records of
registration-v1; `import_sav` then stores them as the JSON Lines import does (storage.registrations):
all or nothing unless bad rows are skipped, idempotent by ref. Every value the vocabulary does not know is
reported per variable with its count and the allowed labels.
"""

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyreadstat
from pandas import DataFrame, to_datetime

from storage.registrations import ImportReport, import_parsed
from storage.report_tallies import gc_paused
from storage.sav_mapping import Mapping, MappingError
from storage.sav_mrsets import add_mr_sets
from storage.sav_reader import ColumnReader, UnknownValue, read_columns
from workflow.registration import validate_registration
from workflow.registration.spss import (
    NOT_ASKED_CODE,
    UNKNOWN_CODE,
    Layout,
    Variable,
    decode_columns,
    encode_columns,
    mr_sets,
    variables,
)

__all__ = ["Mapping", "MappingError", "SavRead", "UnknownValue", "import_sav", "read_sav", "sav_bytes", "write_sav"]
FILE_LABEL = "Kring: registraties (registration-v1)"
# Records laid out (or made and checked) at a time: one column after another touches every record, and over
# 100,000 records each pass would miss the cache at every one (twice the time).
CHUNK = 2_000


# --- out -----------------------------------------------------------------------------------------------------


def write_sav(records: list[dict[str, Any]], path: str | Path) -> list[Variable]:
    """Write `records` (registration-v1) to `path` as a .sav file; the variables written."""
    layout = Layout.for_records(records)
    found = variables(layout)
    columns: dict[str, list[Any]] = {v.name: [] for v in found}
    with gc_paused():
        for start in range(0, len(records), CHUNK):  # a chunk's records stay in the cache for all its columns
            for name, values in encode_columns(records[start : start + CHUNK], layout).items():
                columns[name] += values
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


# --- in ------------------------------------------------------------------------------------------------------


@dataclass
class SavRead:
    """What was read: per row (case number, record, problems), and the unknown values per variable."""

    rows: list[tuple[int, dict[str, Any], list[tuple[str, str]]]]
    unknown: list[UnknownValue]


def read_sav(path: str | Path, mapping: Mapping | None = None) -> SavRead:
    """The records of a .sav file: Kring's own layout, or an older one described by `mapping`."""
    columns, meta = read_columns(str(path))
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
    reader = ColumnReader(columns, meta, mapping)
    found = variables(layout)
    with gc_paused():  # hundreds of thousands of new dicts and lists, no cycles: collections would only scan
        by_name = {
            v.name: reader.labels_of(v) for v in found if not (mapping and v.mr_set and v.mr_set[0] in mapping.sets)
        }
        for set_name, spec in (mapping.sets if mapping else {}).items():
            targets = [v for v in found if v.mr_set and v.mr_set[0] == set_name]
            if not targets:
                raise MappingError(f"set '{set_name}' is geen meerkeuzeveld van Kring")
            by_name |= reader.set_columns(set_name, spec, targets)
        del columns  # the file's values are labels now: free them before the records come
        reader.columns = {}
        rows = []
        for start in range(0, reader.count, CHUNK):
            part = {name: labels[start : start + CHUNK] for name, labels in by_name.items()}
            records = decode_columns(part, layout, min(CHUNK, reader.count - start))
            rows += [
                (number, record, reader.bad_rows.get(number - 1) or validate_registration(record))
                for number, record in enumerate(records, start + 1)
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
