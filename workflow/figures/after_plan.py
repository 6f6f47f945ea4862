"""After the plan (DOMAIN.md §10; research/overijssel-2009.md §5.2): the three-month check's answers by
respondent group (T24 plan carried out, T25 agreements carried out, T27 situation of the main person), the
share of agreements kept from the marks on each agreement (T26) and the professional's decision per plan
(T28).

Like every table, these are sums over the records' tallies: `cells(record)` reads a registration once (only
its coded values: texts never count, so the figures survive the removal of personal data unchanged) and
`stats` adds the cells of fully registered cases. Records from before these fields (no `drie_maanden`, no
`besluiten`, plain-text agreements) add nothing. Values outside the vocabulary are ignored (the exchange
format refuses them at import, and T23 ignores unknown callers and outcomes the same way).
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from workflow import vocabulary as v
from workflow.figures.common import TOTAL, Record, pct
from workflow.figures.tables import Facts, Groups

# The tables by answer: (id, title, the gesprek's key, the answers in printed order).
ANSWER_TABLES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("T24", "Uitvoering van het plan na drie maanden", "plan_uitgevoerd", v.PLAN_CARRIED_OUT),
    ("T25", "Uitgevoerde afspraken na drie maanden", "afspraken_uitgevoerd", v.AGREEMENTS_CARRIED_OUT),
    ("T27", "Situatie van de hoofdpersoon na drie maanden", "situatie", v.SITUATION_AFTER),
)
KEPT, DECISIONS = "T26", "T28"
OPEN = "open"
DECISION_LABELS: tuple[str, ...] = (*v.PLAN_DECISIONS, OPEN)
PENDING_ACCEPTANCE = v.PLAN_ACCEPTANCE[2]  # "nog af te stemmen": the plan still waits for the professional
UNMARKED = "zonder markering"
TITLES = {
    **{table_id: title for table_id, title, _, _ in ANSWER_TABLES},
    KEPT: "Nagekomen afspraken (laatste markering per afspraak)",
    DECISIONS: "Besluit van de professional over het plan",
}
TABLE_IDS = tuple(sorted(TITLES, key=lambda table_id: int(table_id[1:])))
# Every column key that holds a count (the reports page links those to their cases).
COUNT_COLUMNS = frozenset(answer for _, _, _, answers in ANSWER_TABLES for answer in answers)


def known_cells() -> list[tuple[str, str]]:
    """Every (group, label) these tables add (the tally's codebook stores them as short codes)."""
    found = [(tid, f"{g}|{a}") for tid, _, _, answers in ANSWER_TABLES for g in v.FOLLOW_UP_GROUPS for a in answers]
    found += [(KEPT, mark) for mark in (*v.AGREEMENT_MARKS, UNMARKED)]
    return found + [(DECISIONS, label) for label in DECISION_LABELS]


# --- what one record adds ------------------------------------------------------------------------------------


def cells(record: Record) -> tuple[tuple[str, str, int], ...]:
    """The (group, label, weight) cells of one registration (read once, when its tally is made)."""
    return (*_answer_cells(record.get("drie_maanden")), *_kept_cells(record), *_decision_cells(record))


def _answer_cells(check: Any) -> Iterator[tuple[str, str, int]]:
    """Per person spoken to at the three-month check: their group and answer to each question."""
    talks = check.get("gesprekken") if isinstance(check, Mapping) else None
    for talk in talks if isinstance(talks, list) else ():
        if not isinstance(talk, Mapping) or talk.get("respondent") not in v.FOLLOW_UP_RESPONDENTS:
            continue
        group = v.respondent_group(talk["respondent"])
        for table_id, _, name, answers in ANSWER_TABLES:
            if talk.get(name) in answers:
                yield table_id, f"{group}|{talk[name]}", 1


def latest_marks(record: Record) -> list[str | None]:
    """Per agreement of the plan its latest mark: the four-week calls in order, then the three-month check
    (a call without a mark for an agreement leaves the earlier mark standing)."""
    plan = record.get("plan")
    agreements = plan.get("afspraken") if isinstance(plan, Mapping) else None
    rounds = [call.get("afspraken_markering") for call in _dicts(record.get("follow_up"))]
    check = record.get("drie_maanden")
    if isinstance(check, Mapping):
        rounds.append(check.get("afspraken_markering"))
    rounds = [marks for marks in rounds if isinstance(marks, list)]
    size = len(agreements) if isinstance(agreements, list) else max(map(len, rounds), default=0)
    latest: list[str | None] = [None] * size
    for marks in rounds:
        for index, mark in enumerate(marks[:size]):
            if mark in v.AGREEMENT_MARKS:
                latest[index] = mark
    return latest


def _kept_cells(record: Record) -> Iterator[tuple[str, str, int]]:
    latest = latest_marks(record)
    for label in (*v.AGREEMENT_MARKS, UNMARKED):
        count = latest.count(None if label == UNMARKED else label)
        if count:
            yield KEPT, label, count


def _decision_cells(record: Record) -> Iterator[tuple[str, str, int]]:
    """Per plan (a held meeting's) its latest decision; a plan still to be agreed with no decision is open.
    A record without the list (from before decisions were recorded) adds nothing."""
    recorded = record.get("besluiten")
    if not isinstance(recorded, list):
        return
    decisions: dict[str, str] = {}
    for decision in _dicts(recorded):
        if decision.get("besluit") in v.PLAN_DECISIONS:
            decisions[repr(decision.get("bijeenkomst"))] = decision["besluit"]  # repr: any value, hashable
    for label in v.PLAN_DECISIONS:
        count = list(decisions.values()).count(label)
        if count:
            yield DECISIONS, label, count
    plan = record.get("plan")
    pending = isinstance(plan, Mapping) and plan.get("acceptatie_professional") == PENDING_ACCEPTANCE
    if pending and not decisions:
        yield DECISIONS, OPEN, 1


def _dicts(items: Any) -> list[Mapping[str, Any]]:
    return [item for item in items if isinstance(item, Mapping)] if isinstance(items, list) else []


def stats(fact: Facts, member: frozenset[str]) -> Iterator[tuple[str, str, int]]:
    """What a fully registered record adds to T24–T28 (STAT_SOURCES of workflow.figures.tally)."""
    if "complete" in member:
        yield from fact.after_plan


# --- the tables ----------------------------------------------------------------------------------------------


def tables(groups: Groups) -> dict[str, dict[str, Any]]:
    """T24–T28 in the JSON shape of the other tables."""
    laid_out = {
        table_id: answer_table(groups, table_id, title, answers) for table_id, title, _, answers in ANSWER_TABLES
    }
    laid_out[KEPT] = _count_table(groups[KEPT], TITLES[KEPT], "Markering", v.AGREEMENT_MARKS)
    laid_out[DECISIONS] = _count_table(groups[DECISIONS], TITLES[DECISIONS], "Besluit", DECISION_LABELS)
    return {table_id: laid_out[table_id] for table_id in TABLE_IDS}


def answer_table(groups: Groups, table_id: str, title: str, answers: Sequence[str]) -> dict[str, Any]:
    """Rows: the respondent groups, then Totaal; per answer its count and its % of the row's N."""
    counts = groups[table_id]
    rows = [_answer_row(group, [counts[f"{group}|{a}"] for a in answers], answers) for group in v.FOLLOW_UP_GROUPS]
    totals = [sum(row[a] for row in rows) for a in answers]
    columns = [{"key": "label", "title": "Respondentgroep"}]
    for answer in answers:
        columns += [{"key": answer, "title": answer[:1].upper() + answer[1:]}, {"key": f"{answer} %", "title": "%"}]
    columns.append({"key": "n", "title": "N"})
    total = _answer_row(TOTAL, totals, answers)
    return {"title": title, "base": total["n"], "columns": columns, "rows": rows, "total": total}


def _answer_row(label: str, counts: Sequence[int], answers: Sequence[str]) -> dict[str, Any]:
    n = sum(counts)
    row: dict[str, Any] = {"label": label}
    for answer, count in zip(answers, counts, strict=True):
        row[answer], row[f"{answer} %"] = count, pct(count, n)
    row["n"] = n
    return row


def _count_table(counts: Mapping[str, int], title: str, column: str, labels: Sequence[str]) -> dict[str, Any]:
    base = sum(counts.get(label, 0) for label in labels)
    rows = [{"label": label, "n": counts.get(label, 0), "pct": pct(counts.get(label, 0), base)} for label in labels]
    columns = [{"key": "label", "title": column}, {"key": "n", "title": "N"}, {"key": "pct", "title": "%"}]
    total = {"label": TOTAL, "n": base, "pct": 100.0 if base else None}
    return {"title": title, "base": base, "columns": columns, "rows": rows, "total": total}


def figures(groups: Groups) -> dict[str, Any]:
    """The text figures: the share of marked agreements kept, and the agreements not marked yet."""
    kept = groups[KEPT]
    marked = sum(kept[mark] for mark in v.AGREEMENT_MARKS)
    return {
        "pct_afspraken_nagekomen": pct(kept[v.AGREEMENT_MARKS[0]], marked),
        "afspraken_zonder_markering": kept[UNMARKED],
    }


# --- the drill-down ------------------------------------------------------------------------------------------


def in_cell(record: Groups, table_id: str, label: str | None, column: str | None) -> bool:
    """Whether one record (its grouped tally) counts in a cell of T24–T28: a group row (or Totaal) and an
    answer column (or N); for T26/T28 a row (or Totaal)."""
    contributed = {cell for cell, n in record[table_id].items() if n}
    whole = not label or label == TOTAL
    if table_id in (KEPT, DECISIONS):
        if table_id == KEPT:
            contributed.discard(UNMARKED)
        return bool(contributed) and (whole or label in contributed)
    return any(
        (whole or cell.partition("|")[0] == label) and (column in (None, "n") or cell.partition("|")[2] == column)
        for cell in contributed
    )
