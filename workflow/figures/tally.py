"""A record's contribution to the yearly report as a multiset of keys (its *tally*), and the sum of many.

Every table and text figure of the report is a sum over the records: a count per row label, a number of
persons, the distribution of lead times or grades (from which the minimum, maximum and mean follow). So the
report is built in two steps:

1. `tally_of(record)`: what the record adds, as a Counter of keys "<group>\\t<label>" with their weights,
   e.g. {"pop\\tcomplete": 1, "T3\\tGelderland": 1, "T6\\tGeslacht: jongen": 2, "lead_days\\t45": 1}.
   All the work per record is here (dates, bands, labels, completeness) and it is done once, when a
   registration is saved: storage keeps `tally_text(tally)` beside the record.
2. The tallies of the selection are added up and `grouped` into one Counter per group, from which
   workflow.figures.report lays out the tables. Adding texts (`add_text`) is str.split and Counter.update,
   both at C speed; labels the report knows are stored as codes of one or two characters (`CODEBOOK`), so a
   record's text is short and a line cheap to hash.

Groups: "pop" (the report's bases, labels all/complete/activering/conferentie/organisatie), one per count
table ("T3"; "T4/<phase>" for tables split by phase; "T23"), and the statistics of the text figures
(see the `stats` functions of the cases, persons, content and meetings modules).
"""

import string
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from workflow import vocabulary as v
from workflow.figures import after_plan, cases, content, meetings, persons
from workflow.figures.catalogue import SPECS
from workflow.figures.common import Record
from workflow.figures.facts import Facts, facts_of, memberships
from workflow.figures.tables import PHASES, CountSpec, spec_group

# Bump LOGIC_VERSION whenever what a record adds changes (a key, a band, a rule): tests/unit/test_tally.py
# fails until you do. Stored tallies carry TALLY_VERSION (this and the codebook); a stored tally of another
# version is recomputed from its record.
LOGIC_VERSION = 1
SEP = "\t"
WEIGHT = "*"
BUNDLE = "\x1f"
_NEWLINE = "\n"
# Groups whose keys a record stores on one line: fewer lines to count, and as each group has few labels,
# few distinct lines to decode (about 4,000 at most per bundle).
BUNDLED = (
    (
        "pop",
        "fase",
        "T1",
        "T4/activeringsfase",
        "T4/conferentiefase",
        "T10/activeringsfase",
        "T10/conferentiefase",
        "flag",
    ),
    ("T12", "T13", "T14", "T15", "T16", "T18"),
    ("T3", "T5", "persons"),
    ("T2", "lead_days"),
    ("present", "T23"),
    ("sum", "minors_per_case"),
    ("grade_aanmelder", "grade_regiomanager"),
    ("plan", "richting"),
)
# T24–T28 are not bundled: a record's answers and marks combine in so many ways that bundles would make most
# lines distinct (measured: 20,000 records with checks add up in 120 ms unbundled, 300 ms bundled).
_RESERVED = (SEP, _NEWLINE, "\r", WEIGHT, BUNDLE)
_AS_SPACE = str.maketrans({char: " " for char in _RESERVED})
_BUNDLE_OF = {group: number for number, groups in enumerate(BUNDLED) for group in groups}
_CODE_CHARS = string.digits + string.ascii_letters
STAT_SOURCES = (cases.stats, persons.stats, content.stats, meetings.stats, after_plan.stats)


class Groups(dict[str, Counter]):
    """group -> Counter(label -> count); a group nobody added to reads as an empty Counter."""

    def __missing__(self, group: str) -> Counter:
        return Counter()


def key(group: str, label: Any) -> str:
    """The tally key of one row label (the characters the text form uses become spaces)."""
    text = label if isinstance(label, str) else str(label)
    if any(char in text for char in _RESERVED):
        text = " ".join(text.translate(_AS_SPACE).split())
    return f"{group}{SEP}{text}"


def _known_keys() -> list[str]:
    """Every key whose labels the report knows beforehand (any other key is stored as it is)."""
    keys = [key("pop", name) for name in ("all", "complete", "activering", "conferentie", "organisatie")]
    keys += [key("fase", phase) for phase in PHASES] + [key("flag", f) for f in ("eerdere_ekc", "gedwongen_kader")]
    for spec in SPECS.values():
        groups = [spec_group(spec, phase) for phase in PHASES] if spec.split else [spec.id]
        keys += [key(group, label) for group in groups for label in spec.labels]
    keys += [key("T23", cell) for cell in cases.FOLLOW_UP_CELLS.values()]
    keys += [key(group, label) for group, label in after_plan.known_cells()]
    keys += [key("persons", kind) for kind in v.MAIN_PERSON_KINDS]
    keys += [key("plan", name) for name in meetings.PLAN_KEYS]
    keys += [key("richting", d) for d in (*v.RESIDENCE_CHANGE_DIRECTIONS, "onbekend")]
    keys += [key("sum", name) for name in (*content.SUMMED, *meetings.SUMMED)]
    keys += [key(f"grade_{name}", grade) for name in meetings.GRADED for grade in range(1, 11)]
    keys += [key("minors_per_case", n) for n in range(21)] + [key("present", n) for n in range(151)]
    keys += [key("lead_days", n) for n in range(731)]
    return list(dict.fromkeys(keys))


def _code(index: int) -> str:
    high, low = divmod(index, len(_CODE_CHARS))
    return _CODE_CHARS[low] if not high else _CODE_CHARS[high - 1] + _CODE_CHARS[low]


CODEBOOK: dict[str, str] = {known: _code(i) for i, known in enumerate(_known_keys())}
DECODE: dict[str, str] = {code: known for known, code in CODEBOOK.items()}
assert len(DECODE) == len(CODEBOOK) and all(SEP not in code and WEIGHT not in code for code in DECODE)
TALLY_VERSION = zlib.crc32(f"{LOGIC_VERSION}\n{chr(10).join(CODEBOOK)}".encode()) & 0x7FFFFFFF


def tally_of(record: Record) -> Counter:
    """Everything `record` adds to the report (nothing about it is read again when the report is built)."""
    return tally_of_facts(facts_of(record))


def tally_of_facts(fact: Facts) -> Counter:
    member = memberships(fact)
    tally: dict[str, int] = {_POP_KEYS[name]: 1 for name in member}
    get = tally.get
    for spec, value_of in _SPEC_VALUES:
        if spec.population in member:
            group = spec_group(spec, fact.fase)
            keys = _KEYS.get(group) or _keys_of(group)
            for value in value_of(fact):
                for label, weight in spec.derive(value):
                    if label is not None and weight:
                        known = keys.get(label) if label.__class__ is str else None
                        if known is None:
                            known = _new_key(keys, group, label)
                        tally[known] = get(known, 0) + weight
    for stats in STAT_SOURCES:
        for group, label, weight in stats(fact, member):
            if weight:
                keys = _KEYS.get(group) or _keys_of(group)
                known = keys.get(label) if label.__class__ is str else None
                if known is None:
                    known = _new_key(keys, group, label)
                tally[known] = get(known, 0) + weight
    return Counter(tally)


# The keys made so far, per group and label (a record's tally has some fifty: `key` for each cost more than
# the rest of the tally). Only text labels are kept (1, 1.0 and True are one dict key but not one label), and
# at most _MAX_KEYS per group (free-text labels, such as a municipality the vocabulary lacks, are unbounded).
_KEYS: dict[str, dict[str, str]] = {}
_MAX_KEYS = 10_000
_POP_KEYS = {name: key("pop", name) for name in ("all", "complete", "activering", "conferentie", "organisatie")}


def _keys_of(group: str) -> dict[str, str]:
    return _KEYS.setdefault(group, {})


def _new_key(keys: dict[str, str], group: str, label: Any) -> str:
    made = key(group, label)
    if label.__class__ is str and len(keys) < _MAX_KEYS:
        keys[label] = made
    return made


def _value_of(spec: CountSpec) -> Callable[[Facts], Iterable[Any]]:
    """`spec.values` of one record's facts (the same values, without an iterator chain per record)."""
    path = spec.path

    def values(fact: Facts) -> Iterable[Any]:
        found = fact
        for get in path:
            found = get(found)
        if spec.weighted:
            return dict.items(found) if found else ()
        if spec.multi:
            return found or ()
        return (found,)

    return values


_SPEC_VALUES = tuple((spec, _value_of(spec)) for spec in SPECS.values())


def sum_tallies(records: Iterable[Record]) -> Counter:
    """The tallies of `records` added up (the in-memory way; storage adds stored texts with `add_text`)."""
    total: Counter = Counter()
    for record in records:
        total.update(tally_of(record))
    return total


def tally_text(tally: Counter) -> str:
    """The tally as text to store: per key its code (or the key itself, "<group>\\t<label>"), then
    "*<weight>" unless the weight is 1; a line per key, the keys of a bundle (BUNDLED) on one line."""
    lines: list[str] = []
    bundles: list[list[str]] = [[] for _ in BUNDLED]
    for known, n in sorted(tally.items()):
        if n:
            part, bundle = _PLACES.get(known) or _place(known)
            part = part if n == 1 else f"{part}{WEIGHT}{n}"
            (lines if bundle is None else bundles[bundle]).append(part)
    return _NEWLINE.join([*lines, *(BUNDLE.join(parts) for parts in bundles if parts)])


def _place(known: str) -> tuple[str, int | None]:
    """A key's part of the text (its code, or itself) and the bundle whose line it goes on (None: its own)."""
    return CODEBOOK.get(known, known), _BUNDLE_OF.get(known.partition(SEP)[0])


_PLACES = {known: _place(known) for known in CODEBOOK}


def add_text(total: Counter, text: str) -> None:
    """Add one stored tally to `total`. The lines are counted as they are; `grouped` reads their weights."""
    if text:
        total.update(text.split(_NEWLINE))


def grouped(total: Counter) -> Groups:
    """A sum of tallies (weighted keys, or lines of stored texts counted) as one Counter per group."""
    groups = Groups()
    for line, times in total.items():
        for part in line.split(BUNDLE) if BUNDLE in line else (line,):
            known, _, weight = part.partition(WEIGHT)
            group, _, label = DECODE.get(known, known).partition(SEP)
            counter = groups.get(group)
            if counter is None:
                counter = groups[group] = Counter()
            counter[label] += (int(weight) if weight else 1) * times
    return groups


def parse_text(text: str) -> Groups:
    """One stored tally as groups (the drill-down reads a record's tally this way)."""
    lines: Counter = Counter()
    add_text(lines, text)
    return grouped(lines)
