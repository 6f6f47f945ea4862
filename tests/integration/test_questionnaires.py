"""Satisfaction questionnaires: links made when a meeting is held, the public form with its defences, the
coordinator's page and results, and the yearly figures."""

import datetime as dt
import re

import pytest
from sqlmodel import Session, func, select

from storage import questionnaires as store
from storage.models import Case
from storage.questionnaires import QuestionnaireLink, QuestionnaireResponse
from tests.conftest import People
from tests.walks import team_in_nazorg
from web.config import load_settings
from workflow import questionnaires as qn
from workflow.meetings import correct_meeting_date
from workflow.phases import Role
from workflow.questionnaires import results as qr
from workflow.registration.schema import example_meeting

MEETING = example_meeting(
    datum="2026-03-02", duur_besloten_uur=1, uitgenodigd_niet_aanwezig=0, aanwezigen={"Ouders": 2}
)
ADULT = {
    "relatie": "oom_tante",
    "leeftijd": "41-60",
    "opleiding": "Mbo",
    "doel_duidelijk": "ja",
    "kon_zeggen": "deels",
    "cijfer_conferentie": "8",
    "cijfer_conferentie_toelichting": "Goed geregeld.",
    "cijfer_plan": "7",
    "aanmelder_professional": "ja",
    "cijfer_aanmelder": "6",
    "opmerkingen": "Dank aan iedereen.",
}


@pytest.fixture
def held(engine, clock, people):
    """A case whose meeting (2026-03-02) was held with a plan: its three links exist."""
    case, uow, _manager, coordinator = team_in_nazorg(engine, clock)
    people.make(Role.ADMIN, "admin@kring.test")
    return case.id, uow, coordinator


def links(engine, case_id) -> dict[str, QuestionnaireLink]:
    with Session(engine) as session:
        return {link.form: link for link in store.links_for_case(session, case_id)}


def token_of(app, link) -> str:
    return store.link_token(link, app.config["SECRET_KEY"])


def responses(engine) -> list[QuestionnaireResponse]:
    with Session(engine) as session:
        return list(session.exec(select(QuestionnaireResponse).order_by(QuestionnaireResponse.id)).all())


def fill(client, clock, token, answers, seconds=60, ip="10.0.0.1"):
    """Open the form, wait `seconds`, submit `answers` with the form's own stamp."""
    page = client.get(f"/v/{token}", environ_base={"REMOTE_ADDR": ip})
    assert page.status_code == 200
    stamp = re.search(r'name="stempel" value="([^"]+)"', page.text).group(1)
    clock.advance(seconds=seconds)
    return client.post(f"/v/{token}", data={**answers, "stempel": stamp}, environ_base={"REMOTE_ADDR": ip})


def test_holding_a_meeting_makes_one_link_per_form_storing_only_a_hash(held, engine, app, clock):
    case_id, *_ = held
    made = links(engine, case_id)
    assert set(made) == set(qn.FORM_TYPES)
    for link in made.values():
        token = token_of(app, link)
        assert len(token) >= 40 and token not in (link.token_hash, link.nonce)
        assert link.meeting_number == 1 and link.meeting_date == dt.date(2026, 3, 2)
        assert link.version == qn.CURRENT_VERSION
        assert link.expires_at - clock.now() == dt.timedelta(days=30)
    assert len({token_of(app, link) for link in made.values()}) == 3


def test_a_corrected_meeting_date_moves_the_links_year(held, engine, clock):
    case_id, uow, coordinator = held
    with Session(engine) as session:
        version = session.get(Case, case_id).version
    clock.advance(days=3)  # a later date: the meeting cannot lie before the application of 2 March
    correct_meeting_date(uow(), case_id, coordinator, version, 1, dt.date(2026, 3, 4))
    assert {link.meeting_date for link in links(engine, case_id).values()} == {dt.date(2026, 3, 4)}


def test_a_response_is_stored_anonymously_and_only_a_thank_you_comes_back(held, engine, app, clock):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.ADULTS])
    page = client.get(f"/v/{token}")
    assert "Wat bent u van de hoofdpersoon?" in page.text and "<fieldset" in page.text and "<legend>" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    answer = fill(client, clock, token, ADULT, ip="192.0.2.7")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/v/bedankt")
    thanks = client.get("/v/bedankt")
    assert "Bedankt" in thanks.text and "Goed geregeld" not in thanks.text
    (stored,) = responses(engine)
    assert stored.answers == {
        "relatie": "oom_tante",
        "leeftijd": "41-60",
        "opleiding": "Mbo",
        "doel_duidelijk": "ja",
        "kon_zeggen": "deels",
        "cijfer_conferentie": 8,
        "cijfer_conferentie_toelichting": "Goed geregeld.",
        "cijfer_plan": 7,
        "aanmelder_professional": "ja",
        "cijfer_aanmelder": 6,
        "opmerkingen": "Dank aan iedereen.",
    }
    assert "192.0.2.7" not in stored.ip_hash and len(stored.ip_hash) == 64 and not stored.flagged
    # Opening the link again shows an empty form, never the answers given.
    again = client.get(f"/v/{token}")
    assert "Goed geregeld" not in again.text and "Dank aan iedereen" not in again.text


def test_forged_and_expired_links_get_a_clear_page_and_store_nothing(held, engine, app, clock):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.MINORS])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "x", "a" * 500):
        page = client.get(f"/v/{bad}")
        assert page.status_code == 404 and "Deze link klopt niet" in page.text
        assert client.post(f"/v/{bad}", data={"op_gemak": "ja"}).status_code == 404
    clock.advance(days=30)
    page = client.get(f"/v/{token}")
    assert page.status_code == 410 and "Deze vragenlijst is gesloten" in page.text
    assert client.post(f"/v/{token}", data={"op_gemak": "ja"}).status_code == 410
    assert responses(engine) == []


def test_the_period_is_configurable(held, engine, clock, monkeypatch):
    case_id, *_ = held
    monkeypatch.setenv("KRING_VRAGENLIJST_DAGEN", "10")
    with Session(engine) as session:
        link = session.exec(select(QuestionnaireLink).where(QuestionnaireLink.case_id == case_id)).first()
        settings = load_settings()  # read after the environment changed, as the app would at its start
        store.renew_link(session, link, clock.now(), key=settings.secret_key, days=settings.vragenlijst_dagen)
        session.commit()
        assert link.expires_at == clock.now() + dt.timedelta(days=10)


def test_grades_outside_1_to_10_and_unknown_choices_are_refused_with_a_message(held, engine, app, clock):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.ADULTS])
    for bad in ("0", "11", "-3", "7.5", "acht", "1e1", "١٠"):
        answer = fill(client, clock, token, {**ADULT, "cijfer_plan": bad})
        assert answer.status_code == 400
        assert "Welk cijfer geeft u het plan: kies een cijfer van 1 tot en met 10." in answer.text
        assert 'value="Goed geregeld."' not in answer.text  # shown back in its textarea, not as an attribute
        assert "Goed geregeld." in answer.text
    answer = fill(client, clock, token, {**ADULT, "relatie": "directeur"})
    assert answer.status_code == 400 and "kies een van de antwoorden" in answer.text
    answer = fill(client, clock, token, {})
    assert answer.status_code == 400 and "Beantwoord minstens één vraag" in answer.text
    assert responses(engine) == []


def test_overlong_and_hostile_text(held, engine, app, clock, login):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.PROFESSIONALS])
    answer = fill(client, clock, token, {"rol": "aanmelder", "opmerkingen": "x" * 1001})
    assert answer.status_code == 400 and "maximaal 1000 tekens" in answer.text
    answer = fill(client, clock, token, {"rol": "aanmelder", "cijfer_plan_toelichting": "y" * 501})
    assert answer.status_code == 400 and "maximaal 500 tekens" in answer.text
    answer = fill(client, clock, token, {"rol": "aanmelder", "opmerkingen": "nul\x00byte"})
    assert answer.status_code == 400 and "niet zijn toegestaan" in answer.text
    assert responses(engine) == []
    hostile = "<script>alert(1)</script>' OR 1=1; DROP TABLE case; --"
    answer = fill(client, clock, token, {"rol": "aanmelder", "cijfer_coordinator": "9", "opmerkingen": hostile})
    assert answer.status_code == 302
    (stored,) = responses(engine)
    assert stored.answers["opmerkingen"] == hostile  # kept as text, as typed
    for _ in range(2):  # results show from three answers on
        fill(client, clock, token, {"rol": "aanmelder", "cijfer_coordinator": "8"})
    page = login("co@kring.test").get(f"/zaken/{case_id}/vragenlijsten")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_a_resubmitted_form_is_stored_once(held, engine, app, clock):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.MINORS])
    page = client.get(f"/v/{token}")
    stamp = re.search(r'name="stempel" value="([^"]+)"', page.text).group(1)
    clock.advance(seconds=30)
    for _ in range(3):  # a double click, the back button and a reload
        answer = client.post(f"/v/{token}", data={"op_gemak": "ja", "cijfer_plan": "9", "stempel": stamp})
        assert answer.status_code == 302
    assert len(responses(engine)) == 1
    # A new respondent on the same link (a new form) is stored too: the link is for many people.
    assert fill(client, clock, token, {"op_gemak": "deels"}).status_code == 302
    assert len(responses(engine)) == 2


def test_bots_honeypot_too_fast_and_forged_stamps_store_nothing(held, engine, app, clock):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.MINORS])
    answer = fill(client, clock, token, {"op_gemak": "ja", "website": "http://spam.example"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/v/bedankt?je=1")
    answer = fill(client, clock, token, {"op_gemak": "ja"}, seconds=1)
    assert answer.status_code == 400 and "Je hebt het formulier wel heel snel verstuurd" in answer.text
    answer = client.post(f"/v/{token}", data={"op_gemak": "ja"})
    assert answer.status_code == 400 and "Het formulier was verlopen" in answer.text
    answer = client.post(f"/v/{token}", data={"op_gemak": "ja", "stempel": "eyJsIjoxfQ.vervalst"})
    assert answer.status_code == 400
    other = token_of(app, links(engine, case_id)[qn.ADULTS])  # a stamp of another link does not count
    stamp = re.search(r'name="stempel" value="([^"]+)"', client.get(f"/v/{other}").text).group(1)
    clock.advance(seconds=30)
    assert client.post(f"/v/{token}", data={"op_gemak": "ja", "stempel": stamp}).status_code == 400
    assert fill(client, clock, token, {"op_gemak": "ja"}, seconds=25 * 3600).status_code == 400
    assert responses(engine) == []


def test_many_submissions_from_one_address_are_flagged_then_refused(held, engine, app, clock, login):
    case_id, *_ = held
    client = app.test_client()
    token = token_of(app, links(engine, case_id)[qn.MINORS])
    for _ in range(store.MAX_PER_LINK):
        assert fill(client, clock, token, {"cijfer_plan": "1"}, seconds=5, ip="203.0.113.9").status_code == 302
    refused = fill(client, clock, token, {"cijfer_plan": "1"}, seconds=5, ip="203.0.113.9")
    assert refused.status_code == 429 and "erg veel vragenlijsten verstuurd" in refused.text
    stored = responses(engine)
    assert len(stored) == store.MAX_PER_LINK
    assert sum(not r.flagged for r in stored) == store.FLAG_AFTER
    # Another address is not affected, and the flagged ones are left out of every figure.
    assert fill(client, clock, token, {"cijfer_plan": "9"}, ip="198.51.100.4").status_code == 302
    with Session(engine) as session:
        year = store.questionnaire_results(session, 2026)
        (meeting,) = store.meeting_results(session, case_id)
    assert year.groups[qn.MINORS].responses == store.FLAG_AFTER + 1
    assert year.flagged == store.MAX_PER_LINK - store.FLAG_AFTER
    assert meeting.forms[0].flagged == store.MAX_PER_LINK - store.FLAG_AFTER
    # Admins see them as suspect; the coordinator's page does not show them at all.
    admin_page = login("admin@kring.test").get(f"/zaken/{case_id}/vragenlijsten")
    assert f"{store.MAX_PER_LINK - store.FLAG_AFTER} verdacht" in admin_page.text
    assert "verdacht" not in login("co@kring.test").get(f"/zaken/{case_id}/vragenlijsten").text
    # An hour later the address may send again.
    clock.advance(hours=1)
    assert fill(client, clock, token, {"cijfer_plan": "8"}, ip="203.0.113.9").status_code == 302
    assert not responses(engine)[-1].flagged


def test_coordinator_page_shows_links_qr_codes_counts_and_results(held, engine, app, clock, login):
    case_id, *_ = held
    public = app.test_client()
    made = links(engine, case_id)
    adults = token_of(app, made[qn.ADULTS])
    fill(public, clock, adults, ADULT)
    fill(
        public,
        clock,
        adults,
        {**ADULT, "relatie": "hoofdpersoon", "cijfer_plan": "9", "kon_zeggen": "ja", "opmerkingen": ""},
    )
    fill(public, clock, adults, {"relatie": "vriend", "cijfer_plan": "8"})
    coordinator = login("co@kring.test")
    case_page = coordinator.get(f"/zaken/{case_id}")
    assert f"/zaken/{case_id}/vragenlijsten" in case_page.text
    page = coordinator.get(f"/zaken/{case_id}/vragenlijsten")
    assert page.status_code == 200
    assert page.text.count("<svg viewBox=") == 3 and f"/v/{adults}" in page.text
    assert (
        "Welk cijfer geeft u het plan?" in page.text and '<td class="num">8</td>' in page.text
    )  # mean of 7, 9 and 8, Dutch: no ".0"
    assert "Dank aan iedereen." in page.text and "8: Goed geregeld." in page.text
    assert "50%" in page.text  # kon zeggen: 1 ja, 1 deels (the third did not answer it)
    saved = coordinator.post(
        f"/zaken/{case_id}/vragenlijsten/link/{made[qn.ADULTS].id}/uitgedeeld",
        data={"uitgedeeld": "4"},
        follow_redirects=True,
    )
    assert "3</strong> ingevuld van" in saved.text and "(75% respons)" in saved.text
    bad = coordinator.post(
        f"/zaken/{case_id}/vragenlijsten/link/{made[qn.ADULTS].id}/uitgedeeld",
        data={"uitgedeeld": "-1"},
        follow_redirects=True,
    )
    assert "vul een heel getal in" in bad.text
    assert links(engine, case_id)[qn.ADULTS].handed_out == 4
    sheet = coordinator.get(f"/zaken/{case_id}/vragenlijsten/1/blad")
    assert sheet.status_code == 200 and sheet.text.count("<svg") == 3 and "Open de camera" in sheet.text


def test_renewing_a_link_stops_the_old_one_and_keeps_answers(held, engine, app, clock, login):
    case_id, *_ = held
    link = links(engine, case_id)[qn.MINORS]
    old = token_of(app, link)
    fill(app.test_client(), clock, old, {"cijfer_plan": "8"})
    coordinator = login("co@kring.test")
    assert coordinator.post(f"/zaken/{case_id}/vragenlijsten/link/{link.id}/vernieuwen").status_code == 302
    new = token_of(app, links(engine, case_id)[qn.MINORS])
    assert new != old
    assert app.test_client().get(f"/v/{old}").status_code == 404
    assert app.test_client().get(f"/v/{new}").status_code == 200
    assert len(responses(engine)) == 1


def test_others_cannot_see_or_change_a_cases_questionnaires(held, engine, app, clock, login):
    case_id, *_ = held
    People(engine).make(Role.COORDINATOR, "ander@kring.test")
    other = login("ander@kring.test")
    link = links(engine, case_id)[qn.ADULTS]
    assert other.get(f"/zaken/{case_id}/vragenlijsten").status_code == 404
    assert (
        other.post(f"/zaken/{case_id}/vragenlijsten/link/{link.id}/uitgedeeld", data={"uitgedeeld": "9"}).status_code
        == 404
    )
    assert app.test_client().get(f"/zaken/{case_id}/vragenlijsten").status_code == 302  # to the login page
    assert links(engine, case_id)[qn.ADULTS].handed_out is None


def test_yearly_results_per_group_with_percentages_means_and_response_rate(held, engine, app, clock):
    case_id, *_ = held
    made = links(engine, case_id)
    client = app.test_client()
    for relation, plan in (("hoofdpersoon", "9"), ("oom_tante", "7"), ("vriend", "8"), ("moeder", "6")):
        fill(client, clock, token_of(app, made[qn.ADULTS]), {**ADULT, "relatie": relation, "cijfer_plan": plan})
    fill(
        client,
        clock,
        token_of(app, made[qn.MINORS]),
        {"leeftijd": "10", "school": "Basisschool", "op_gemak": "ja", "cijfer_coordinator": "10"},
    )
    fill(client, clock, token_of(app, made[qn.PROFESSIONALS]), {"rol": "aanmelder", "juiste_beslissing": "deels"})
    fill(
        client, clock, token_of(app, made[qn.PROFESSIONALS]), {"rol": "andere_professional", "juiste_beslissing": "nee"}
    )
    with Session(engine) as session:
        store.set_handed_out(session, session.get(QuestionnaireLink, made[qn.ADULTS].id), 8)
        session.commit()
        results = store.questionnaire_results(session, 2026)
        assert store.questionnaire_results(session, 2025).groups[qn.ADULTS].responses == 0
        assert store.questionnaire_results(session, 2026, Case.province == "Limburg").groups[qn.ADULTS].responses == 0
        assert store.questionnaire_results(session, 2026, Case.id == case_id).groups[qn.ADULTS].responses == 4
    adults = results.groups[qn.ADULTS]
    assert isinstance(results, qr.QuestionnaireResults) and results.year == 2026
    assert adults.responses == 4 and adults.meetings == 1
    assert (adults.handed_out, adults.response_rate) == (8, 50.0)
    assert adults.grades["cijfer_plan"].mean == 7.5 and adults.grades["cijfer_plan"].n == 4
    assert adults.grades_by_subgroup["Hoofdpersonen"]["cijfer_plan"] == 9.0
    assert adults.grades_by_subgroup["Familieleden"]["cijfer_plan"] == 6.5
    assert adults.grades_by_subgroup["Sociaal netwerk"]["cijfer_plan"] == 8.0
    assert adults.grades_by_subgroup["Totaal"]["cijfer_plan"] == 7.5
    assert adults.scales["kon_zeggen"].percentages == {"ja": 0.0, "deels": 100.0, "nee": 0.0}
    assert adults.distributions["opleiding"]["Mbo"] == 4 and adults.distributions["opleiding"]["Onbekend"] == 0
    minors = results.groups[qn.MINORS]
    assert minors.distributions["leeftijd"]["9-12"] == 1 and minors.distributions["school"]["Basisschool"] == 1
    assert minors.grades["cijfer_coordinator"].mean == 10.0 and minors.handed_out is None
    professionals = results.groups[qn.PROFESSIONALS]
    # "juiste beslissing" is only for the referrer: the other professional's answer was dropped.
    assert professionals.scales["juiste_beslissing"].n == 1
    assert professionals.scales["juiste_beslissing"].percentages["deels"] == 100.0


def test_meetings_recorded_before_questionnaires_get_links_on_request(held, engine, login):
    case_id, *_ = held
    with Session(engine) as session:
        for link in session.exec(select(QuestionnaireLink)).all():
            session.delete(link)
        session.commit()
    coordinator = login("co@kring.test")
    assert "Links maken" in coordinator.get(f"/zaken/{case_id}/vragenlijsten").text
    coordinator.post(f"/zaken/{case_id}/vragenlijsten/1/maken")
    coordinator.post(f"/zaken/{case_id}/vragenlijsten/1/maken")
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(QuestionnaireLink)).one() == 3
    assert coordinator.post(f"/zaken/{case_id}/vragenlijsten/7/maken").status_code == 404


def results_part(page_text: str) -> str:
    """The page's results section (after the links with their counts)."""
    return page_text.split("<h3>Resultaten</h3>", 1)[1]


def test_results_show_only_from_three_answers_and_free_texts_name_nobody(held, engine, app, clock, login):
    case_id, *_ = held
    public, adults = app.test_client(), token_of(app, links(engine, case_id)[qn.ADULTS])
    coordinator = login("co@kring.test")
    texts = ("Eerste stem", "Tweede stem", "Derde stem")
    for number, text in enumerate(texts[:2], start=1):
        fill(public, clock, adults, {**ADULT, "opmerkingen": text}, ip=f"10.0.0.{number}")
    withheld = results_part(coordinator.get(f"/zaken/{case_id}/vragenlijsten").text)
    assert "Nog te weinig antwoorden (2 van minimaal 3) om resultaten te tonen" in withheld
    assert not any(text in withheld for text in texts[:2]) and "Goed geregeld" not in withheld
    assert "Welk cijfer" not in withheld and "%" not in withheld
    fill(public, clock, adults, {**ADULT, "opmerkingen": texts[2]}, ip="10.0.0.3")
    shown = results_part(coordinator.get(f"/zaken/{case_id}/vragenlijsten").text)
    assert "Nog te weinig antwoorden" not in shown and "Welk cijfer geeft u het plan?" in shown
    # The free texts: sorted (not in the order they came in), with nothing beside them that points at a person.
    found = re.findall(r'<li class="text">([^<]*)</li>', shown)
    assert [t for t in found if t.endswith("stem")] == sorted(texts)
    ids = [str(r.id) for r in responses(engine)]
    items = re.findall(r'<ul class="qn-texts">(.*?)</ul>', shown, re.S)
    assert items and not any(re.search(r"\d{1,2}:\d{2}|#\d|respondent", block) for block in items)
    assert not any(f"antwoord-{rid}" in shown or f"response-{rid}" in shown for rid in ids)


def test_a_group_below_three_stays_hidden_even_when_the_meeting_has_enough(held, engine, app, clock, login):
    case_id, *_ = held
    public, made = app.test_client(), links(engine, case_id)
    for number in range(3):
        fill(public, clock, token_of(app, made[qn.ADULTS]), {**ADULT, "cijfer_plan": "7"}, ip=f"10.0.1.{number}")
    fill(public, clock, token_of(app, made[qn.MINORS]), {"cijfer_plan": "2", "opmerkingen": "Alleen ik"})
    shown = results_part(login("co@kring.test").get(f"/zaken/{case_id}/vragenlijsten").text)
    assert "Welk cijfer geeft u het plan?" in shown  # adults: three
    assert "Nog te weinig antwoorden (1 van minimaal 3) om resultaten te tonen" in shown  # the one child
    assert "Alleen ik" not in shown and "Welk cijfer geef je het plan?" not in shown
    with Session(engine) as session:
        (meeting,) = store.meeting_results(session, case_id)
    child = next(f for f in meeting.forms if f.link.form == qn.MINORS)
    assert child.withheld and child.results.responses == 1
    assert child.results.texts == {} and child.results.grades["cijfer_plan"].n == 0


def test_the_childrens_form_and_its_thanks_say_je(held, engine, app, clock):
    case_id, *_ = held
    client, token = app.test_client(), token_of(app, links(engine, case_id)[qn.MINORS])
    formal = re.compile(r"\b(u|uw)\b", re.IGNORECASE)

    def words(html: str) -> str:
        return re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])

    page = client.get(f"/v/{token}")
    assert not formal.search(words(page.text)) and "Na het versturen kun je je antwoorden" in page.text
    nothing = fill(client, clock, token, {})
    assert nothing.status_code == 400 and not formal.search(words(nothing.text))
    assert "Je hebt nog niets ingevuld" in nothing.text
    done = fill(client, clock, token, {"op_gemak": "ja"})
    thanks = client.get(done.headers["Location"])
    assert "Je antwoorden zijn goed aangekomen" in thanks.text and not formal.search(words(thanks.text))
    clock.advance(days=31)
    closed = client.get(f"/v/{token}")
    assert closed.status_code == 410 and "Je kunt hem daarom niet meer invullen" in closed.text
    assert not formal.search(words(closed.text))
    adults = client.get(f"/v/{token_of(app, links(engine, case_id)[qn.ADULTS])}")
    assert formal.search(words(adults.text)), "the adults' pages still say u (the check can fail)"
