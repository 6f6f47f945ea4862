"""Property tests: whatever arrives, parsing either gives typed values or a Dutch InvalidInput, never a crash."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.action_forms import CLOSING, MEETING_PLAN, MEETING_RECORD, STEP_REASON
from workflow.errors import InvalidInput
from workflow.fields import EMAIL_PATTERN, PHONE_PATTERN, REFUSED_CHARACTERS, FieldSpec, parse_fields, parse_value
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS
from workflow.offers import OFFER_REASON

TODAY = dt.date(2026, 3, 2)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
FORMS = [INTAKE_FIELDS, MAIN_PERSON_FIELDS, MEETING_RECORD, MEETING_PLAN, CLOSING]


@settings(max_examples=300, deadline=None)
@given(form=st.sampled_from(FORMS), data=st.data())
def test_parsing_any_json_gives_values_or_dutch_field_errors(form, data):
    raw = {spec.name: data.draw(ANY_JSON) for spec in form if data.draw(st.booleans())}
    try:
        values = parse_fields(form, raw, TODAY)
    except InvalidInput as refusal:
        assert refusal.errors and set(refusal.errors) <= {spec.name for spec in form}
        assert all(isinstance(message, str) and message for message in refusal.errors.values())
        return
    for spec in form:
        value = values[spec.name]
        if spec.kind in ("text", "line") and value is not None:
            assert isinstance(value, str) and len(value) <= spec.max_length
        if spec.kind == "choice" and value is not None:
            assert value in spec.choices
        if spec.kind == "date" and value is not None and spec.not_in_future:
            assert value <= TODAY


# --- control characters: refused by every text kind, with the same Dutch message ---------------------------------

TEXT_SPECS = [
    spec
    for form in (*FORMS, (STEP_REASON, OFFER_REASON))
    for spec in form
    if spec.kind in ("text", "line", "email", "phone")
]
CONTROL = st.characters(categories=("Cc",)) | st.characters(categories=("Cs",))
PLAIN = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(spec=st.sampled_from(TEXT_SPECS), before=PLAIN, char=CONTROL, after=PLAIN)
def test_a_control_character_anywhere_is_refused_except_line_breaks_in_text(spec, before, char, after):
    raw = before + char + after
    if spec.kind == "text" and char in "\t\n\r":
        return
    try:
        parse_value(spec, raw, TODAY)
    except ValueError as refusal:
        assert str(refusal) in (REFUSED_CHARACTERS, "één regel tekst")
        return
    raise AssertionError(f"{spec.name} took {raw!r}")


@settings(max_examples=200, deadline=None)
@given(text=PLAIN, lines=st.lists(PLAIN, min_size=2, max_size=4))
def test_text_without_control_characters_passes_and_lines_pass_in_text(text, lines):
    line = FieldSpec("x", "X", "line", max_length=40)
    assert parse_value(line, text, TODAY) == (text.strip() or None)
    several = "\r\n\t".join(lines)
    assert parse_value(FieldSpec("y", "Y", "text"), several, TODAY) == (several.strip() or None)


@settings(max_examples=300, deadline=None)
@given(raw=st.emails() | st.text(max_size=40))
def test_an_email_is_taken_exactly_when_it_matches_the_one_pattern(raw):
    spec = FieldSpec("email", "E-mail", "email", max_length=254)
    try:
        value = parse_value(spec, raw, TODAY)
    except ValueError:
        assert not raw.strip() or re.fullmatch(EMAIL_PATTERN, raw.strip()) is None or len(raw.strip()) > 254
        return
    assert value is None or re.fullmatch(EMAIL_PATTERN, value)


@settings(max_examples=300, deadline=None)
@given(raw=st.from_regex(PHONE_PATTERN, fullmatch=True) | st.text(max_size=25))
def test_a_phone_number_is_taken_exactly_when_it_matches_the_one_pattern(raw):
    spec = FieldSpec("telefoon", "Telefoon", "phone", max_length=30)
    try:
        value = parse_value(spec, raw, TODAY)
    except ValueError:
        assert not raw.strip() or re.fullmatch(PHONE_PATTERN, raw.strip()) is None
        return
    assert value is None or re.fullmatch(PHONE_PATTERN, value)
