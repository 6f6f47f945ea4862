"""Dutch for people: code labels (workflow.labels), Dutch numbers, the audit log's field names and values
(workflow.audit_view), and the report downloads' labels (workflow.report_format)."""

import datetime as dt

import pytest

from workflow.audit_view import field_label, readable
from workflow.labels import codes_with_labels, dutch_number, label
from workflow.phases import Outcome, Phase
from workflow.report_format import figure_label, filter_lines


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (4.0, 2, "4"),
        (1.5, 2, "1,5"),
        (12.345, 2, "12,35"),
        (65.1, 1, "65,1"),
        (100.0, 1, "100"),
        (0.04, 1, "0"),
        (-0.001, 2, "0"),
        (7, 2, "7"),
        (8.0, 0, "8"),
        (None, 2, ""),
        ("1,5", 2, "1,5"),
        (float("nan"), 2, "nan"),
    ],
)
def test_numbers_in_dutch_notation(value, decimals, text):
    assert dutch_number(value, decimals) == text


def test_every_outcome_phase_and_variant_has_its_label():
    for outcome in Outcome:
        assert label(outcome.value) == outcome.label == label(outcome.value, "uitkomst")
    for phase in Phase:
        assert label(phase.value, "fase") == phase.label
    assert label("herstel") == "Herstelconferentie"
    assert label("coordinator", "rol") == "Coördinator"
    assert label("coordinator", "beller") == "EK-coördinator met hoofdpersoon"
    assert label("vrije tekst") == "vrije tekst" and label(3) == 3


def test_the_codes_to_hide_are_those_whose_label_differs():
    codes = codes_with_labels()
    assert codes["zelf_verder"] == "Na informatief gesprek zelf verder"
    assert "hold_meeting" in codes and "accepted" in codes
    assert "open" not in codes  # its label is itself


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("outcome", "Uitkomst"),
        ("closed_at", "Afgesloten op"),
        ("question", "Vraag voor de conferentie"),
        ("record.follow_up", "Registratie: Follow-up"),
        ("record.achtergrondproblemen", "Registratie: Genoemde achtergrondproblemen"),
        ("hoofdpersoon[1].birth_date", "Hoofdpersoon 2: Geboortedatum"),
        ("iets_nieuws", "iets_nieuws"),  # unknown: shown, never hidden
    ],
)
def test_audit_fields_are_named_as_the_forms_name_them(field, text):
    assert field_label(field) == text


def test_audit_values_read_as_dutch_text():
    assert readable(None) == "—" and readable(True) == "ja" and readable(False) == "nee"
    assert readable(["Opvoeding", "Wonen"]) == "Opvoeding, Wonen"
    assert readable("2026-03-01") == "01-03-2026"
    assert readable("2026-07-01T10:30:00+00:00", "closed_at") == "01-07-2026 12:30"  # summer time
    assert readable(dt.datetime(2026, 1, 1, 10, 30), "closed_at") == "01-01-2026 11:30"  # naive = UTC
    assert readable("zelf_verder", "outcome") == "Na informatief gesprek zelf verder"
    assert readable("verbinden_en_activeren", "closed_from") == "Verbinden en activeren"
    assert readable(4.0, "record.duur_totaal_uur") == "4" and readable(1.5) == "1,5"
    assert readable(7, "coordinator_id", {"coordinator_id": {7: "Anna"}}) == "Anna"
    follow_up = [{"wie": "regiomanager", "datum": "2026-04-01", "uitkomst": "neutraal", "toelichting": ""}]
    assert readable(follow_up, "record.follow_up") == (
        "Wie belde: EK-regiomanager met toeleider; Datum follow-up gesprek: 01-04-2026; Uitkomst: neutraal"
    )
    assert readable({"talen": "Turks"}, "wishes") == "Gewenste taal of talen: Turks"


def test_report_figures_and_filters_have_dutch_labels():
    assert figure_label("aantal_afgesloten") == "Afgesloten zaken"
    assert figure_label("pct_binnen_twee_maanden") == "% binnen twee maanden"
    assert figure_label("cijfer_coordinator_volwassenen") == "Cijfer coördinator volwassenen"
    lines = list(filter_lines({"provincies": ["Utrecht"], "gemeenten": None, "variant": "groep"}))
    assert lines == [
        ["Provincie", "Utrecht"],
        ["Gemeente", "alle"],
        ["Type organisatie", "alle"],
        ["Variant", "Groeps- of buurtconferentie"],
    ]
