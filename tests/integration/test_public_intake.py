"""The public intake page /aanmelden: no login, only a thank-you back, a rate limit and a honeypot."""

import pytest
from sqlmodel import Session, func, select

from storage.models import Case, CaseEvent, MainPerson, PublicSubmission, Region
from tests.conftest import count_rows, make_app
from workflow.phases import Phase

VALID = {
    "type_aanmelder": "Familielid of sociaal netwerk",
    "aanmelder_naam": "Tante Marijke",
    "aanmelder_telefoon": "06 12345678",
    "aanmelder_email": "",
    "gemeente": "Arnhem",
    "vraag": "Wij willen met de familie een plan maken voor Sem.",
    "hoofdpersoon_naam": "Sem Oosterhout",
    "hoofdpersoon_soort": "minderjarig",
    "wensen_coordinator_talen": "Nederlands, Papiaments",
    "wensen_coordinator_geslacht": "vrouw",
}


def test_the_form_is_public_and_dutch(client):
    page = client.get("/aanmelden")
    assert page.status_code == 200
    assert "Hoofdpersoon zelf" in page.text and "Familielid of sociaal netwerk" in page.text
    assert '<option value="Arnhem">' in page.text  # the municipalities' datalist


def test_a_valid_submission_lands_in_the_regions_inbox_and_shows_nothing_back(client, engine):
    response = client.post("/aanmelden", data=VALID, follow_redirects=True)
    assert response.status_code == 200
    assert "Bedankt" in response.text
    for submitted in ("Marijke", "Sem", "Oosterhout", "06 12345678", "Arnhem", "plan maken", "EK-"):
        assert submitted not in response.text
    with Session(engine) as session:
        (case,) = session.exec(select(Case)).all()
        assert case.phase is Phase.AANMELDING
        assert session.get(Region, case.region_id).name == "Gelderland"
        assert case.referrer_type == "Familielid of sociaal netwerk" and case.referrer_name == "Tante Marijke"
        assert case.wishes == {"talen": "Nederlands, Papiaments", "geslacht": "vrouw"}
        person = session.exec(select(MainPerson).where(MainPerson.case_id == case.id)).one()
        assert (person.name, person.kind) == ("Sem Oosterhout", "minderjarig")
        event = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
        assert event.actor_id is None


def test_the_main_person_may_apply_with_only_an_email_address(client, engine):
    data = VALID | {
        "type_aanmelder": "Hoofdpersoon zelf",
        "aanmelder_telefoon": "",
        "aanmelder_email": "ik@voorbeeld.nl",
        "hoofdpersoon_soort": "volwassen",
        "wensen_coordinator_talen": "",
        "wensen_coordinator_geslacht": "",
    }
    assert client.post("/aanmelden", data=data).status_code == 302
    assert count_rows(engine, Case) == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"aanmelder_naam": ""}, "Naam aanmelder: vul dit in"),
        ({"vraag": "  "}, "Vraag voor de conferentie: vul dit in"),
        ({"hoofdpersoon_naam": ""}, "Naam hoofdpersoon: vul dit in"),
        ({"hoofdpersoon_soort": ""}, "Minderjarig of volwassen: vul dit in"),
        ({"hoofdpersoon_soort": "baby"}, "Minderjarig of volwassen: kies een van de mogelijkheden"),
        ({"type_aanmelder": "Organisatie"}, "kies hoofdpersoon zelf of familielid"),
        ({"type_aanmelder": ""}, "kies hoofdpersoon zelf of familielid"),
        ({"aanmelder_telefoon": "", "aanmelder_email": ""}, "Vul een telefoonnummer of e-mailadres in"),
        ({"aanmelder_telefoon": "bel me maar"}, "geldig telefoonnummer"),
        ({"aanmelder_email": "niet@geldig"}, "geldig e-mailadres"),
        ({"gemeente": "Atlantis"}, "onbekende gemeente"),
        ({"gemeente": ""}, "Gemeente: vul dit in"),
        ({"vraag": "x" * 2001}, "maximaal 2000 tekens"),
        ({"aanmelder_naam": "y" * 50000}, "maximaal 120 tekens"),
        ({"aanmelder_naam": "Tante\x00Marijke"}, "tekens die niet zijn toegestaan"),
        ({"aanmelder_naam": "Tante\nMarijke"}, "één regel tekst"),
        ({"wensen_coordinator_geslacht": "robot"}, "Voorkeur geslacht coördinator"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(client, engine, changes, message):
    response = client.post("/aanmelden", data=VALID | changes)
    assert response.status_code == 400
    assert message in response.text
    assert count_rows(engine, Case) == 0
    with Session(engine) as session:  # a refused submission does not count towards the limit
        assert session.exec(select(func.count()).select_from(PublicSubmission)).one() == 0


def test_every_wrong_field_is_named_at_once_and_input_is_kept_escaped(client, engine):
    script = "<script>alert(1)</script>"
    response = client.post(
        "/aanmelden",
        data=VALID | {"aanmelder_naam": script, "gemeente": "", "hoofdpersoon_soort": "", "aanmelder_telefoon": ""},
    )
    assert response.status_code == 400
    assert "Gemeente: vul dit in" in response.text
    assert "Minderjarig of volwassen: vul dit in" in response.text
    assert "Vul een telefoonnummer of e-mailadres in" in response.text
    assert script not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "Wij willen met de familie een plan maken voor Sem." in response.text  # kept for the retry
    assert count_rows(engine, Case) == 0


def test_a_filled_honeypot_looks_the_same_but_stores_nothing(client, engine):
    response = client.post("/aanmelden", data=VALID | {"website": "http://spam.example"}, follow_redirects=True)
    assert response.status_code == 200 and "Bedankt" in response.text
    assert count_rows(engine, Case) == 0


def test_the_sixth_submission_in_an_hour_from_one_address_is_refused(client, engine, clock):
    for _ in range(5):
        assert client.post("/aanmelden", data=VALID).status_code == 302
    refused = client.post("/aanmelden", data=VALID)
    assert refused.status_code == 429
    assert "Probeer het over een uur opnieuw" in refused.text
    assert count_rows(engine, Case) == 5
    other = client.post("/aanmelden", data=VALID, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302  # the limit is per address
    clock.advance(minutes=59)
    assert client.post("/aanmelden", data=VALID).status_code == 429
    clock.advance(hours=1)
    assert client.post("/aanmelden", data=VALID).status_code == 302
    assert count_rows(engine, Case) == 7
    with Session(engine) as session:  # addresses are kept no longer than the window
        assert session.exec(select(func.count()).select_from(PublicSubmission)).one() == 1


def test_the_limit_holds_across_app_instances_sharing_the_database(engine, clock):
    first, second = make_app(engine, clock), make_app(engine, clock)
    for index in range(5):
        assert (first if index % 2 else second).test_client().post("/aanmelden", data=VALID).status_code == 302
    assert second.test_client().post("/aanmelden", data=VALID).status_code == 429
