"""Multiple-response sets in an SPSS .sav file that pyreadstat wrote.

pyreadstat (ReadStat) reads multiple-response sets but cannot write them, so the export adds them after
writing: the dictionary of a .sav file is a run of records ending in record type 999, and the sets are one
more record before it (type 7, subtype 7: one line per set, "$name=D<len> <counted> <len> <label> <vars>\\n",
as SPSS itself writes them). The walk below reads only the records' lengths, never the data.
"""

import struct
from collections.abc import Sequence
from pathlib import Path

HEADER = 176


class SavLayoutError(ValueError):
    """The file is not a .sav file as ReadStat writes it (little-endian, uncompressed dictionary)."""


def add_mr_sets(path: str | Path, sets: Sequence[tuple[str, str, Sequence[str]]], counted: int = 1) -> None:
    """Add multiple-dichotomy sets (name, label, variables) to the .sav file at `path`, in place."""
    if not sets:
        return
    data = Path(path).read_bytes()
    end, short_names = _dictionary_end(data)
    lines = []
    for name, label, variables in sets:
        label_bytes = label.encode("utf-8")
        value = str(counted).encode()
        names = b" ".join(short_names.get(v, v).lower().encode("utf-8") for v in variables)
        lines.append(
            b"$" + name.encode("utf-8") + b"=D" + str(len(value)).encode() + b" " + value + b" "
            + str(len(label_bytes)).encode() + b" " + label_bytes + b" " + names + b"\n"
        )  # fmt: skip
    body = b"".join(lines)
    record = struct.pack("<iiii", 7, 7, 1, len(body)) + body
    Path(path).write_bytes(data[:end] + record + data[end:])


def _dictionary_end(data: bytes) -> tuple[int, dict[str, str]]:
    """The offset of the record 999 that ends the dictionary, and each long variable name's short name."""
    if data[:4] not in (b"$FL2", b"$FL3") or struct.unpack_from("<i", data, 64)[0] != 2:
        raise SavLayoutError("not a little-endian .sav file")
    at, shorts, longs = HEADER, [], {}
    while True:
        (kind,) = struct.unpack_from("<i", data, at)
        if kind == 999:
            return at, {longs.get(s, s): s for s in shorts}
        if kind == 2:
            width, has_label, missing = struct.unpack_from("<iii", data, at + 4)
            short = data[at + 24 : at + 32].decode("utf-8", "replace").rstrip()
            at += 32
            if width >= 0:  # -1: the continuation of a long string, not a variable of its own
                shorts.append(short)
            if has_label:
                (length,) = struct.unpack_from("<i", data, at)
                at += 4 + (length + 3) // 4 * 4
            at += abs(missing) * 8
        elif kind == 3:
            (count,) = struct.unpack_from("<i", data, at + 4)
            at += 8
            for _ in range(count):
                length = data[at + 8]
                at += 8 + (length + 1 + 7) // 8 * 8
        elif kind == 4:
            (count,) = struct.unpack_from("<i", data, at + 4)
            at += 8 + 4 * count
        elif kind == 6:
            (count,) = struct.unpack_from("<i", data, at + 4)
            at += 8 + 80 * count
        elif kind == 7:
            subtype, size, count = struct.unpack_from("<iii", data, at + 4)
            body = data[at + 16 : at + 16 + size * count]
            if subtype == 13:  # long variable names: SHORT=Long, tab-separated
                for pair in body.decode("utf-8", "replace").split("\t"):
                    short, _, long = pair.partition("=")
                    longs[short] = long
            at += 16 + size * count
        else:
            raise SavLayoutError(f"unknown record type {kind} at {at}")
