"""T24–T28, the figures after the plan (workflow.figures.after_plan): the Overijssel 2009 follow-up study
reproduced from a fixture, and each table on empty, old, new and odd records."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.unit import overijssel_2009 as o
from tests.unit.jaarcijfers_2022 import records_2022
from workflow import vocabulary as v
from workflow.figures import TABLE_IDS, Filters, cell_refs, pct, yearly_report
from workflow.figures.after_plan import latest_marks
from workflow.figures.tally import grouped, parse_text, tally_of, tally_text

YEAR = Filters.of(year=2022)


def whole_pct(n: int, base: int) -> int:
    """A percentage as the 2009 report prints it: a whole number, rounded half up."""
    return int((Decimal(n) * 100 / Decimal(base)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def report_2009():
    return yearly_report(o.records_2009(), YEAR)


def row_of(table, label):
    return next(row for row in [*table["rows"], table["total"]] if row["label"] == label)


@pytest.mark.parametrize(("table_id", "answers", "printed"), [(t, vocab, q) for t, _, vocab, q in o.QUESTIONS])
def test_the_2009_percentages_per_respondent_group(report_2009, table_id, answers, printed):
    table = report_2009["tables"][table_id]
    for group, (percentages, n, counts) in printed.items():
        row = row_of(table, group)
        assert row["n"] == n
        assert [row[a] for a in answers] == list(counts)
        for index, (answer, expected) in enumerate(zip(answers, percentages, strict=True)):
            assert row[f"{answer} %"] == pct(row[answer], n)
            shown = whole_pct(row[answer], n)
            if (table_id, group, index) in o.NOT_PRINTABLE:
                # No whole count of n rounds to the print: the nearest one is used and shown.
                assert abs(shown - expected) == 1
                assert all(whole_pct(k, n) != expected for k in range(n + 1))
            else:
                assert shown == expected, (table_id, group, answer)


@pytest.mark.parametrize(
    ("table_id", "answers", "printed"),
    [("T24", v.PLAN_CARRIED_OUT, o.Q1_TOTAL), ("T25", v.AGREEMENTS_CARRIED_OUT, o.Q2_TOTAL)],
)
def test_the_2009_totaal_rows(report_2009, table_id, answers, printed):
    percentages, n = printed
    total = report_2009["tables"][table_id]["total"]
    assert total["label"] == "Totaal" and total["n"] == n == report_2009["tables"][table_id]["base"]
    assert [whole_pct(total[a], n) for a in answers] == list(percentages)


def test_percentages_have_one_decimal_rounded_half_up(report_2009):
    aanmelders = row_of(report_2009["tables"]["T24"], o.AANMELDERS)
    assert aanmelders["geheel uitgevoerd %"] == 38.6  # 22 of 57
    assert aanmelders["niet uitgevoerd %"] == 3.5  # 2 of 57 = 3.508…
    assert row_of(report_2009["tables"]["T24"], "Totaal")["weet niet %"] == 8.9  # 24 of 270


def test_the_2009_answers_count_every_person_spoken_to(report_2009):
    assert report_2009["tables"]["T24"]["total"]["n"] == len(o.talks()) == 270
    assert report_2009["tables"]["T27"]["total"]["n"] == 54 + 69 + 134


def test_the_new_tables_follow_the_old_ones():
    assert TABLE_IDS[-5:] == ("T24", "T25", "T26", "T27", "T28")


# --- the tables on small records ------------------------------------------------------------------------------


def conference(**extra):
    """A fully registered conference of the 2022 fixture, with the new keys given."""
    record = next(r for r in records_2022() if r["fase"] == "conferentiefase" and r.get("plan"))
    record = {**record, "plan": {**record["plan"]}}
    for key, value in extra.items():
        if key == "afspraken":
            record["plan"]["afspraken"] = value
        elif key == "acceptatie":
            record["plan"]["acceptatie_professional"] = value
        else:
            record[key] = value
    return record


def check(*talks, marks=None):
    return {
        "datum": "2022-12-01",
        "bereikt": True,
        "pogingen": [],
        "gesprekken": list(talks),
        "afspraken_markering": marks or [],
        "vervolg_nodig": False,
        "vervolg_besluit": None,
    }


def talk(respondent, plan=None, agreements=None, situation=None):
    return {
        "respondent": respondent,
        "plan_uitgevoerd": plan,
        "afspraken_uitgevoerd": agreements,
        "situatie": situation,
    }


def agreement(what="boodschappen doen"):
    return {"wie": "Oma Jansen", "wie_soort": "netwerk", "wat": what, "wanneer": None, "evaluatie": None}


def tables_of(*records):
    return yearly_report(list(records), YEAR)["tables"]


def test_empty_data_gives_empty_tables():
    tables = tables_of()
    for table_id in ("T24", "T25", "T27"):
        assert [row["n"] for row in tables[table_id]["rows"]] == [0, 0, 0]
        assert tables[table_id]["total"]["n"] == tables[table_id]["base"] == 0
    assert tables["T24"]["total"]["geheel uitgevoerd %"] is None
    assert tables["T26"]["total"] == {"label": "Totaal", "n": 0, "pct": None}
    assert tables["T28"]["base"] == 0 and all(row["pct"] is None for row in tables["T28"]["rows"])


def test_old_records_without_the_new_keys_add_nothing():
    old = records_2022()
    assert all("drie_maanden" not in r and "besluiten" not in r for r in old)
    tables = yearly_report(old, YEAR)["tables"]
    assert all(tables[t]["base"] == 0 for t in ("T24", "T25", "T26", "T27", "T28"))
    plain_text = conference(
        afspraken="Oma haalt de kinderen op.",
        follow_up=[{"wie": "coordinator", "datum": "2022-12-01", "uitkomst": "positief", "toelichting": ""}],
    )
    assert latest_marks(plain_text) == []
    assert tables_of(plain_text)["T26"]["base"] == 0


def test_three_month_answers_by_group():
    record = conference(
        drie_maanden=check(
            talk("aanmelder/hulpverlener", "geheel uitgevoerd", "meer dan de helft", "verbeterd"),
            talk("minderjarige hoofdpersoon", "ten dele uitgevoerd", None, "hetzelfde gebleven"),
            talk("volwassen hoofdpersoon", "ten dele uitgevoerd", "ongeveer de helft", None),
            talk("sociaal netwerk", "weet niet", "anders/weet niet", "geen mening"),
        )
    )
    tables = tables_of(record)
    t24 = tables["T24"]
    assert row_of(t24, o.HOOFDPERSONEN)["ten dele uitgevoerd"] == 2 and row_of(t24, o.HOOFDPERSONEN)["n"] == 2
    assert row_of(t24, o.HOOFDPERSONEN)["ten dele uitgevoerd %"] == 100.0
    assert row_of(t24, "Totaal")["n"] == 4 and row_of(t24, "Totaal")["geheel uitgevoerd %"] == 25.0
    assert row_of(tables["T25"], "Totaal")["n"] == 3  # the minor gave no answer
    assert row_of(tables["T27"], o.FAMILIE)["geen mening"] == 1
    assert [c["title"] for c in t24["columns"]][:3] == ["Respondentgroep", "Geheel uitgevoerd", "%"]
    assert t24["columns"][-1] == {"key": "n", "title": "N"}


def test_unknown_values_are_ignored():
    record = conference(
        drie_maanden=check(
            talk("buurman", "geheel uitgevoerd"),
            talk("familielid", "half", "veel", "beter"),
            "geen object",
            talk("familielid", "niet uitgevoerd"),
        ),
        besluiten=[{"bijeenkomst": 1, "besluit": "misschien"}, "x", {"bijeenkomst": [1], "besluit": "geaccepteerd"}],
        afspraken=[agreement(), agreement()],
        follow_up=[
            {
                "wie": "coordinator",
                "datum": "2022-12-01",
                "uitkomst": "positief",
                "toelichting": "",
                "afspraken_markering": ["prima", "nagekomen", "extra"],
            }
        ],
    )
    tables = tables_of(record)
    assert row_of(tables["T24"], "Totaal")["n"] == 1 and row_of(tables["T24"], o.FAMILIE)["niet uitgevoerd"] == 1
    assert tables["T25"]["base"] == tables["T27"]["base"] == 0
    assert tables["T28"]["base"] == 1  # an odd meeting number still counts its decision once
    assert latest_marks(record) == [None, "nagekomen"]
    assert row_of(tables["T26"], "nagekomen")["n"] == 1 and tables["T26"]["base"] == 1
    for odd in ({"drie_maanden": "ja"}, {"drie_maanden": {"gesprekken": "veel"}}, {"besluiten": {"a": 1}}):
        assert tables_of(conference(**odd))["T24"]["base"] == 0


def test_the_latest_mark_of_each_agreement_counts():
    calls = [
        {
            "wie": "coordinator",
            "datum": "2022-11-01",
            "uitkomst": "positief",
            "toelichting": "",
            "afspraken_markering": ["deels nagekomen", "niet nagekomen", None],
        },
        {
            "wie": "regiomanager",
            "datum": "2022-11-20",
            "uitkomst": "neutraal",
            "toelichting": "",
            "afspraken_markering": ["nagekomen", None, None],
        },
    ]
    record = conference(
        afspraken=[agreement(), agreement(), agreement(), agreement()],
        follow_up=calls,
        drie_maanden=check(marks=[None, "weet niet", None, None]),
    )
    assert latest_marks(record) == ["nagekomen", "weet niet", None, None]
    report = yearly_report([record], YEAR)
    t26 = report["tables"]["T26"]
    assert [(r["label"], r["n"], r["pct"]) for r in t26["rows"]] == [
        ("nagekomen", 1, 50.0),
        ("deels nagekomen", 0, 0.0),
        ("niet nagekomen", 0, 0.0),
        ("weet niet", 1, 50.0),
    ]
    assert report["figures"]["pct_afspraken_nagekomen"] == 50.0
    assert report["figures"]["afspraken_zonder_markering"] == 2


def test_decisions_per_plan():
    decided = conference(
        besluiten=[
            {
                "bijeenkomst": 1,
                "besluit": "niet geaccepteerd",
                "reden": "onveilig",
                "door": "J. de Vries",
                "datum": "2022-10-01",
                "voorwaarden_antwoord": [],
            },
            {
                "bijeenkomst": 1,
                "besluit": "geaccepteerd na aanpassing",
                "reden": "",
                "door": "J. de Vries",
                "datum": "2022-10-08",
                "voorwaarden_antwoord": [],
            },
            {
                "bijeenkomst": 2,
                "besluit": "geaccepteerd",
                "reden": "",
                "door": "J. de Vries",
                "datum": "2022-11-08",
                "voorwaarden_antwoord": [],
            },
        ]
    )
    pending = conference(besluiten=[], acceptatie="nog af te stemmen", ref="EK-open")
    not_needed = conference(besluiten=[], acceptatie="niet nodig", ref="EK-niet-nodig")
    t28 = tables_of(decided, pending, not_needed)["T28"]
    assert [(r["label"], r["n"]) for r in t28["rows"]] == [
        ("geaccepteerd", 1),
        ("geaccepteerd na aanpassing", 1),
        ("niet geaccepteerd", 0),
        ("open", 1),
    ]
    assert t28["base"] == 3 and row_of(t28, "open")["pct"] == 33.3


def test_only_fully_registered_records_count():
    record = conference(drie_maanden=check(talk("familielid", "geheel uitgevoerd")))
    incomplete = {**record, "provincie": None}
    assert tables_of(incomplete)["T24"]["base"] == 0 and tables_of(record)["T24"]["base"] == 1


def test_every_count_links_to_its_cases(report_2009):
    records = o.records_2009()
    with_check = {r["ref"] for r in records if r.get("drie_maanden")}
    assert set(cell_refs(records, YEAR, "T24")) == with_check
    assert set(cell_refs(records, YEAR, "T24", "Totaal")) == with_check
    refs = cell_refs(records, YEAR, "T24", o.AANMELDERS, "weet niet")
    expected = {
        r["ref"]
        for r in records
        if any(
            t["respondent"] == "aanmelder/hulpverlener" and t["plan_uitgevoerd"] == "weet niet"
            for t in (r.get("drie_maanden") or {}).get("gesprekken", [])
        )
    }
    assert set(refs) == expected and refs
    assert set(cell_refs(records, YEAR, "T25", "Totaal", "ongeveer de helft")) == {
        r["ref"]
        for r in records
        if any(
            t["afspraken_uitgevoerd"] == "ongeveer de helft"
            for t in (r.get("drie_maanden") or {}).get("gesprekken", [])
        )
    }
    decided = conference(besluiten=[{"bijeenkomst": 1, "besluit": "geaccepteerd"}], ref="EK-besluit")
    assert cell_refs([decided], YEAR, "T28", "geaccepteerd") == ["EK-besluit"]
    assert cell_refs([decided], YEAR, "T28", "open") == []
    marked = conference(afspraken=[agreement()], drie_maanden=check(marks=["nagekomen"]), ref="EK-mark")
    assert cell_refs([marked], YEAR, "T26", "nagekomen") == ["EK-mark"]
    assert cell_refs([marked], YEAR, "T26", "Totaal") == ["EK-mark"]
    assert cell_refs([marked], YEAR, "T26", "weet niet") == []


def test_stored_tallies_read_back():
    for record in o.records_2009()[:40]:
        assert parse_text(tally_text(tally_of(record))) == grouped(tally_of(record))


def test_the_tables_read_no_free_text():
    talks = check(talk("familielid", "geheel uitgevoerd"), marks=["nagekomen"])
    base = conference(
        afspraken=[agreement("bij Piet")],
        drie_maanden=talks,
        besluiten=[{"bijeenkomst": 1, "besluit": "geaccepteerd", "reden": "Piet", "door": "Piet"}],
    )
    blanked = conference(
        afspraken=[agreement("[verwijderd]") | {"wie": ""}],
        drie_maanden=talks,
        besluiten=[{"bijeenkomst": 1, "besluit": "geaccepteerd", "reden": "[verwijderd]", "door": ""}],
    )
    assert tally_of(base) == tally_of(blanked)
