"""The registration schema: its examples are valid values, and what derives from it stays consistent."""

import datetime as dt

import pytest

from workflow.fields import parse_value
from workflow.registration import schema
from workflow.registration.format import FIELDS, validate_registration

ALL_FIELDS = (
    *schema.MEETING,
    *schema.PLANNED_MEETING,
    *schema.CASE_FIELDS,
    *schema.PERSON_FIELDS,
    *schema.PLAN_FIELDS,
    *schema.GRADE_FIELDS,
    *schema.NOT_HELD_FIELDS,
    *schema.FOLLOW_UP,
)


@pytest.mark.parametrize("field", [f for f in ALL_FIELDS if f.example is not None], ids=lambda f: f.name)
def test_every_example_is_a_value_its_field_accepts(field):
    parsed = parse_value(field, field.example, dt.date(2026, 6, 1))  # a bad example raises ValueError here
    empty_text = field.example == "" and parsed is None
    assert empty_text or parsed == field.example or str(parsed) == str(field.example), (parsed, field.example)


def test_the_examples_make_a_meeting_the_step_accepts_and_the_format_exports():
    meeting = schema.example_meeting()
    assert set(meeting) >= {f.name for f in schema.MEETING if f.step_message}
    assert "resultaat" not in meeting, "the step sets the result itself"


def test_the_exchange_layout_lists_every_field_once_in_the_documented_order():
    assert len(FIELDS) == len(set(FIELDS)) == 22
    assert FIELDS[:3] == ("ref", "variant", "aanmelddatum") and FIELDS[-1] == "follow_up"


def test_a_required_field_left_out_is_still_missing():
    assert ("fase", "ontbreekt") in validate_registration({"ref": "EK-1"})


def test_every_missing_item_closing_can_name_has_a_place_to_fill_it_in():
    named = [f.name for fields in (schema.CASE_FIELDS, schema.NOT_HELD_FIELDS, schema.GRADE_FIELDS) for f in fields]
    assert all(schema.section_of(name) for name in named)
    assert schema.section_of("afspraken") == "plan" and schema.section_of("provincie") is None
