"""The mapping file of an older SPSS layout (TOML or YAML): which of the file's variables is which of Kring's,
which code is which label, how multi-answer sets are coded (storage.spss reads the file with it)."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_MAPPING_BYTES = 1_000_000


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
        values = {name: {code_of(k): str(v) for k, v in table.items()} for name, table in _dicts(data, "values")}
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


def code_of(key: Any) -> Any:
    """A code as the file holds it: numbers as floats (SPSS numbers are floats), other codes as text."""
    try:
        return float(key)
    except (TypeError, ValueError):
        return str(key)
