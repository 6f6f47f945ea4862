"""Parsing of form and API input, and the diagram drawn from the table."""

import datetime as dt

import pytest

from workflow.diagram import mermaid
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.phases import Phase
from workflow.table import STEPS

TODAY = dt.date(2026, 3, 2)
SPECS = (
    FieldSpec("naam", "Naam", "line", required=True, max_length=20),
    FieldSpec("datum", "Datum", "date", not_in_future=True),
    FieldSpec("aantal", "Aantal", "int", minimum=0, maximum=50),
    FieldSpec("uren", "Uren", "float", minimum=0.25, maximum=24),
    FieldSpec("keuze", "Keuze", "choice", choices=("a", "b")),
    FieldSpec("meer", "Meer", "multichoice", choices=("x", "y")),
    FieldSpec("ja", "Ja", "bool"),
)


def errors_for(data):
    with pytest.raises(InvalidInput) as refusal:
        parse_fields(SPECS, data, TODAY)
    return refusal.value.errors


def test_valid_input_is_typed():
    values = parse_fields(
        SPECS,
        {
            "naam": " Ali ",
            "datum": "2026-03-01",
            "aantal": "3",
            "uren": "1,5",
            "keuze": "b",
            "meer": ["y", "x", "y"],
            "ja": "on",
        },
        TODAY,
    )
    assert values == {
        "naam": "Ali",
        "datum": dt.date(2026, 3, 1),
        "aantal": 3,
        "uren": 1.5,
        "keuze": "b",
        "meer": ["x", "y"],
        "ja": True,
    }


@pytest.mark.parametrize(
    "data, field, text",
    [
        ({}, "naam", "vul dit in"),
        ({"naam": "x" * 21}, "naam", "maximaal 20 tekens"),
        ({"naam": "a\nb"}, "naam", "één regel"),
        ({"naam": 42}, "naam", "tekst"),
        ({"naam": "a", "datum": "2026-13-01"}, "datum", "geen geldige datum"),
        ({"naam": "a", "datum": "2026-03-03"}, "datum", "toekomst"),
        ({"naam": "a", "aantal": "drie"}, "aantal", "heel getal"),
        ({"naam": "a", "aantal": "51"}, "aantal", "maximaal 50"),
        ({"naam": "a", "aantal": True}, "aantal", "getal"),
        ({"naam": "a", "aantal": 10**30}, "aantal", "maximaal"),
        ({"naam": "a", "uren": "nan"}, "uren", "getal"),
        ({"naam": "a", "keuze": "<script>"}, "keuze", "kies een van"),
        ({"naam": "a", "meer": ["z"]}, "meer", "onbekende keuze"),
        ({"naam": "a", "meer": {"x": 1}}, "meer", "kies uit de lijst"),
        ({"naam": "a", "ja": "misschien"}, "ja", "ja of nee"),
    ],
)
def test_bad_input_names_the_field_in_dutch(data, field, text):
    errors = errors_for(data)
    assert text in errors[field]


def test_mermaid_diagram_has_every_row_and_marks_the_current_phase():
    text = mermaid(Phase.NAZORG)
    assert text.splitlines()[3] == "stateDiagram-v2"
    for step in STEPS:
        assert f"{step.sources[0].value} --> " in text
        assert step.trigger in text
    assert "Class nazorg s_active" in text
