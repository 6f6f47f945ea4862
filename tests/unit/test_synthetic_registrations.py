"""The varied benchmark records (bench/synthetic_registrations.py): valid, repeatable, varied, and reportable."""

import pytest

from bench.synthetic_registrations import varied_records
from workflow.figures import Filters, yearly_report
from workflow.registration import validate_registration

SIZE = 300


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return varied_records(SIZE)


def test_every_record_validates_and_refs_are_unique(records):
    problems = {r["ref"]: p for r in records if (p := validate_registration(r))}
    assert problems == {}
    assert len({r["ref"] for r in records}) == SIZE
    assert records[0]["ref"] == "EK-2022-000001"


def test_same_seed_same_records_other_seed_other_records(records):
    assert varied_records(SIZE) == records
    assert varied_records(SIZE, seed=2) != records


def test_records_are_varied(records):
    assert len({r["afsluitdatum"] for r in records}) >= 100
    assert {r["afsluitdatum"][:4] for r in records} == {"2022"}
    assert len({frozenset(r["achtergrondproblemen"]) for r in records}) >= 50
    assert len({frozenset(r["onderwerpen"]) for r in records}) >= 50
    assert len({p["leeftijd"] for r in records for p in r["hoofdpersonen"]}) >= 60
    assert len({r["gemeente"] for r in records}) >= 100
    assert {r["fase"] for r in records} == {"activeringsfase", "conferentiefase"}


def test_yearly_report_counts_every_record_in_t1_and_only_complete_ones_elsewhere(records):
    report = yearly_report(records, Filters.of(year=2022))
    t1 = report["tables"]["T1"]
    assert t1["total"]["n"] == SIZE == sum(row["n"] for row in t1["rows"])
    # the incomplete records are the activeringsfase ones without reasons: T1 only
    incomplete = sum(r["fase"] == "activeringsfase" and not r["redenen_niet_doorgaan"] for r in records)
    assert 0 < incomplete < SIZE // 10
    assert report["tables"]["T3"]["base"] == SIZE - incomplete


def test_other_year():
    records = varied_records(20, year=2023, seed=7)
    assert {r["afsluitdatum"][:4] for r in records} == {"2023"}
    assert records[-1]["ref"] == "EK-2023-000020"
    assert not [p for r in records for p in validate_registration(r)]
