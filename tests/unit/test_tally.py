"""A record's tally (workflow.figures.tally): what it adds to the report, its stored text, and the sum of many."""

import hashlib
from collections import Counter

import pytest

from bench.synthetic_registrations import varied_records
from tests.unit.jaarcijfers_2022 import records_2022
from workflow.figures import Filters, report_from_tally, tally, yearly_report
from workflow.figures.tally import (
    BUNDLE,
    CODEBOOK,
    DECODE,
    LOGIC_VERSION,
    add_text,
    grouped,
    parse_text,
    sum_tallies,
    tally_of,
    tally_text,
)

# What the 2022 records add, as readable keys. When this changes, what stored rows hold is outdated: bump
# LOGIC_VERSION (stored tallies of the old version are then recounted) and put the new digest here.
DIGEST_2022 = (1, "10a182c334950c7e547a2b4dd3fff637")


def digest(records):
    text = "\n\n".join("\n".join(f"{k}={n}" for k, n in sorted(tally_of(r).items())) for r in records)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def test_what_a_record_adds_is_pinned_to_the_logic_version():
    assert (LOGIC_VERSION, digest(records_2022())) == DIGEST_2022


def test_stored_texts_add_up_to_the_same_groups_as_the_tallies():
    records = varied_records(400, 2022, seed=9)
    summed = Counter()
    for record in records:
        add_text(summed, tally_text(tally_of(record)))
    assert grouped(summed) == grouped(sum_tallies(records))
    assert report_from_tally(summed, Filters.of(year=2022)) == yearly_report(records, Filters.of(year=2022))


def test_a_record_text_reads_back_as_its_tally():
    for record in varied_records(50, 2022, seed=3) + records_2022()[:20]:
        tally = tally_of(record)
        assert parse_text(tally_text(tally)) == grouped(tally)


def test_known_labels_are_short_codes_and_others_stay_readable():
    record = dict(records_2022()[0], provincie="Provincie\tmet*rare\x1ftekens\nen regels")
    text = tally_text(tally_of(record))
    assert "T3\tProvincie met rare tekens en regels" in text.replace(BUNDLE, "\n").split("\n")
    assert all(len(code) <= 2 for code in DECODE) and len(DECODE) == len(CODEBOOK)
    assert parse_text(text)["T3"] == Counter({"Provincie met rare tekens en regels": 1})


@pytest.mark.parametrize("weight", [1, 2, 37])
def test_weights_survive_the_text(weight):
    tally = Counter({"T17\tOuders": weight, "lead_days\t9999": weight})
    assert parse_text(tally_text(tally)) == {"T17": Counter({"Ouders": weight}), "lead_days": Counter({"9999": weight})}


def test_keys_made_once_are_the_keys_of_their_labels(monkeypatch):
    """Keys are kept per group and label after the first record: a label with the text form's characters
    keeps its cleaned key, and past the cap new labels are still counted, only not kept."""
    odd = dict(records_2022()[0], provincie="Noord\tHolland*")
    first, again = tally_of(odd), tally_of(dict(odd))
    assert first == again and first["T3\tNoord Holland"] == 1
    monkeypatch.setattr(tally, "_KEYS", {})
    monkeypatch.setattr(tally, "_MAX_KEYS", 2)
    for name in ("Een", "Twee", "Drie", "Vier"):
        assert tally_of(dict(odd, provincie=name))[f"T3\t{name}"] == 1
    assert len(tally._KEYS["T3"]) == 2
