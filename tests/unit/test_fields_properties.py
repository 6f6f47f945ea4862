"""Property tests: whatever arrives, parsing either gives typed values or a Dutch InvalidInput, never a crash."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.action_forms import CLOSING, MEETING_PLAN, MEETING_RECORD
from workflow.errors import InvalidInput
from workflow.fields import parse_fields
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS

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
