"""The additions after the plan (workflow.registration.after_plan) in the SPSS file: one string variable holding
them as JSON, so a registration goes to .sav and back unchanged (the lists in lists, agreement marks per call
and per agreement, do not fit the file's numbered slots). A record without additions (an older one) leaves it
empty and comes back without them; a file without the variable reads as such records.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workflow.registration.after_plan import AGREEMENTS, MARKS, TOP_LEVEL

NAME = "na_het_plan"
LABEL = "Na het plan (JSON): voorwaarden, besluiten, afspraken, markeringen, drie-maandencheck"
CALL_MARKS = "follow_up_" + MARKS


def additions(record: Mapping[str, Any]) -> dict[str, Any]:
    """What of `record` the variable holds (only the keys the record has)."""
    found = {key: record[key] for key in TOP_LEVEL if key in record}
    plan = record.get("plan")
    if isinstance(plan, Mapping) and AGREEMENTS in plan:
        found[AGREEMENTS] = plan[AGREEMENTS]
    calls = record.get("follow_up")
    if isinstance(calls, list) and any(isinstance(c, Mapping) and MARKS in c for c in calls):
        found[CALL_MARKS] = [c.get(MARKS) if isinstance(c, Mapping) else None for c in calls]
    return found


def encode(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """The variable's column: the additions as compact JSON, "" for a record without any."""
    texts = []
    for record in records:
        found = additions(record)
        texts.append(json.dumps(found, ensure_ascii=False, separators=(",", ":")) if found else "")
    return texts


def decode(records: list[dict[str, Any]], column: Callable[[str], list[Any]]) -> None:
    """Put the additions of the variable's column back into the decoded `records`. A text that is no JSON
    object stays under the variable's own name, so the format's check names it ("onbekend veld")."""
    for record, text in zip(records, column(NAME), strict=True):
        if not isinstance(text, str) or not text.strip():
            continue
        try:
            found = json.loads(text)
        except ValueError:
            found = None
        if not isinstance(found, dict):
            record[NAME] = text[:80]
            continue
        _restore(record, found)


def _restore(record: dict[str, Any], found: dict[str, Any]) -> None:
    for key in TOP_LEVEL:
        if key in found:
            record[key] = found[key]
    if AGREEMENTS in found and isinstance(record.get("plan"), dict):
        record["plan"][AGREEMENTS] = found[AGREEMENTS]
    marks = found.get(CALL_MARKS)
    calls = record.get("follow_up")
    if isinstance(marks, list) and isinstance(calls, list):
        for call, mark in zip(calls, marks, strict=False):
            if isinstance(call, dict) and mark is not None:
                call[MARKS] = mark
