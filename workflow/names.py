"""The names a case knows, and blanking them out of texts that leave the case (the anonymous registration, the
record kept after retention). Pure: no dates, no schema, so both the export and retention can use it."""

import re
from collections.abc import Iterable
from typing import Any

NAME_MARK = "[naam]"
# Name parts too common to blank on their own (tussenvoegsels); whole names are always blanked.
PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "ten",
        "ter",
        "te",
        "op",
        "in",
        "aan",
        "bij",
        "uit",
        "la",
        "le",
        "du",
        "da",
        "di",
        "von",
        "el",
        "al",
        "'t",
        "en",
    }
)


def names_of(case: Any) -> list[str]:
    """Every name the case holds: main persons, the referrer, the network, the plan's who and addressees."""
    record = case.record or {}
    plan = record.get("plan") or {}
    found = [getattr(p, "name", None) for p in case.main_persons]
    found.append(getattr(case, "referrer_name", None))
    found += [row.get("naam") for row in record.get("netwerk") or [] if isinstance(row, dict)]
    if isinstance(plan.get("afspraken"), list):
        found += [row.get("wie") for row in plan["afspraken"] if isinstance(row, dict)]
    found += list((record.get("plan_verstuurd") or {}).get("aan") or [])
    return [n.strip() for n in found if isinstance(n, str) and n.strip()]


def name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """A pattern matching each whole name and each of its parts (3+ letters, not a tussenvoegsel)."""
    parts = set()
    for name in names:
        parts.add(name)
        for word in re.split(r"[\s,;/()]+", name):
            for piece in {word, *word.split("-")}:
                piece = piece.strip(".'\"")
                if len(piece) >= 3 and piece.casefold() not in PARTICLES:
                    parts.add(piece)
    if not parts:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(value: Any, pattern: re.Pattern | None) -> Any:
    """`value` with every known name replaced by [naam], in strings at any depth."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(NAME_MARK, value)
    if isinstance(value, dict):
        return {k: redact(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, pattern) for v in value]
    return value
