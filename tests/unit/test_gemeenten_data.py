"""Sanity checks for the municipality reference data (CBS indeling 1 januari 2024)."""

import csv
from collections import Counter
from pathlib import Path

import pytest

CSV_PATH = Path(__file__).parents[2] / "storage/data/gemeenten.csv"

EXPECTED_PER_PROVINCE = {
    "Groningen": 10,
    "Friesland": 18,
    "Drenthe": 12,
    "Overijssel": 25,
    "Flevoland": 6,
    "Gelderland": 51,
    "Utrecht": 26,
    "Noord-Holland": 44,
    "Zuid-Holland": 50,
    "Zeeland": 13,
    "Noord-Brabant": 56,
    "Limburg": 31,
}


@pytest.fixture(scope="module")
def rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["gemeente", "provincie"]
        return list(reader)


def test_total_count(rows):
    assert len(rows) == 342


def test_counts_per_province(rows):
    counts = Counter(row["provincie"] for row in rows)
    assert dict(counts) == EXPECTED_PER_PROVINCE


def test_no_duplicate_names(rows):
    counts = Counter(row["gemeente"] for row in rows)
    duplicates = sorted(name for name, n in counts.items() if n > 1)
    assert duplicates == []


def test_no_blank_fields(rows):
    for row in rows:
        assert row["gemeente"].strip() == row["gemeente"] != ""
        assert row["provincie"] in EXPECTED_PER_PROVINCE


@pytest.mark.parametrize(
    "gemeente, provincie",
    [
        ("Amsterdam", "Noord-Holland"),
        ("Zaanstad", "Noord-Holland"),
        ("Arnhem", "Gelderland"),
        ("Maastricht", "Limburg"),
        ("Nuenen, Gerwen en Nederwetten", "Noord-Brabant"),
        ("'s-Hertogenbosch", "Noord-Brabant"),
        ("Súdwest-Fryslân", "Friesland"),
        ("Voorne aan Zee", "Zuid-Holland"),
    ],
)
def test_known_municipalities(rows, gemeente, provincie):
    lookup = {row["gemeente"]: row["provincie"] for row in rows}
    assert lookup.get(gemeente) == provincie


@pytest.mark.parametrize("opgeheven", ["Weesp", "Beemster", "Heerhugowaard", "Langedijk", "Brielle", "Uden", "Boxmeer"])
def test_merged_municipalities_absent(rows, opgeheven):
    assert opgeheven not in {row["gemeente"] for row in rows}
