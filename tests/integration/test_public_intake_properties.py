"""Property test of the public intake page: any form input gives a thank-you or a Dutch refusal, never a
server error, and a refusal stores nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.models import Case
from tests.conftest import count_rows
from web.intake.form import HONEYPOT, TEXT_FIELDS

FIELDS = [*TEXT_FIELDS, HONEYPOT]  # every field of the form, and the trap for robots
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["", "Amsterdam", "Hoofdpersoon zelf", "minderjarig", "<script>alert(1)</script>", "x" * 5000]
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(form=st.fixed_dictionaries({}, optional={name: TEXT for name in FIELDS}))
def test_any_input_is_refused_in_dutch_or_accepted_never_a_crash(app, engine, form):
    before = count_rows(engine, Case)
    response = app.test_client().post("/aanmelden", data=form, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code in (200, 302, 400, 429)
    after = count_rows(engine, Case)
    if response.status_code in (400, 429):
        assert after == before
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
