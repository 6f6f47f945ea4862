"""The matching pages over HTTP: ranked list, offer and withdraw, the coordinator's answers and profile,
the admin's weights, the API endpoint; wrong, missing and hostile input gives a Dutch message, 400 and no change."""

import pytest
from sqlmodel import Session, select

from storage import matching as store
from storage.models import Case, CaseEvent, Coordinator, Offer
from storage.uow import SqlUnitOfWork
from tests.conftest import units_of_work
from tests.integration.test_case_pages import INTAKE
from web.bootstrap import bootstrap  # noqa: E402
from workflow.offers import accept_offer
from workflow.phases import Phase, Role
from workflow.usecases import create_application, offer_case

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def staff(people):
    return {
        "rm": people.make(Role.REGIOMANAGER, "rm@x.nl"),
        "rm_gld": people.make(Role.REGIOMANAGER, "rm-gld@x.nl", regions=("Gelderland",)),
        "anna": people.make(Role.COORDINATOR, "anna@x.nl"),
        "bert": people.make(Role.COORDINATOR, "bert@x.nl"),
        "admin": people.make(Role.ADMIN, "admin@x.nl", regions=()),
    }


def _case(engine, clock, staff):
    data = {k: v for k, v in INTAKE.items() if not k.startswith("hoofdpersonen-")}
    data["hoofdpersonen"] = [{"naam": "Sam", "soort": "minderjarig"}]
    data["wensen_coordinator"] = {"talen": "Arabisch"}
    return create_application(SqlUnitOfWork(engine, clock, bootstrap()), data, staff["rm"][1]).id


@pytest.fixture
def case(engine, clock, staff):
    return _case(engine, clock, staff)


def _offers(engine, case_id):
    with Session(engine) as session:
        return [
            (o.coordinator_id, o.state, o.reason)
            for o in session.exec(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id))
        ]


def _version(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id).version


def test_match_page_ranks_with_reasons_and_offers(engine, staff, case, login):
    with Session(engine) as session:
        anna = session.get(Coordinator, staff["anna"][1].coordinator_id)
        anna.languages = ["Arabisch"]
        session.commit()
    client = login("rm@x.nl")
    page = client.get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert page.index("Anna") < page.index("Bert")
    assert "spreekt Arabisch ✓" in page and "spreekt geen Arabisch ✗" in page
    assert "Uitgesloten" not in page  # nobody excluded
    assert "Coördinator zoeken" in client.get(f"/zaken/{case}").get_data(as_text=True)
    response = client.post(
        f"/zaken/{case}/matchen/aanbieden",
        data={"coordinator_id": staff["anna"][1].coordinator_id, "version": _version(engine, case)},
    )
    assert response.status_code == 303
    assert _offers(engine, case) == [(staff["anna"][1].coordinator_id, "open", "")]
    page = client.get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert "De zaak is aangeboden aan Anna" in page and "Aanbod intrekken" in page


def test_excluded_coordinators_are_listed_with_their_reason(engine, staff, case, clock, login):
    with Session(engine) as session:
        session.get(Coordinator, staff["bert"][1].coordinator_id).capacity = 0
        store.mark_conflict(session, staff["anna"][1].coordinator_id, case, "familie", clock.now())
        session.commit()
    page = login("rm@x.nl").get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert "Uitgesloten (2)" in page and "geen plek vrij (0 van 0 bezet)" in page
    assert "belangenverstrengeling gemeld" in page and "Geen enkele coördinator" in page


def test_offer_form_refuses_bad_values(engine, staff, case, login):
    client = login("rm@x.nl")
    for data, status in [
        ({"coordinator_id": "abc"}, 400),
        ({"coordinator_id": "999999"}, 400),
        ({"coordinator_id": SCRIPT}, 400),
        ({"coordinator_id": staff["anna"][1].coordinator_id, "version": "7"}, 409),
    ]:
        response = client.post(f"/zaken/{case}/matchen/aanbieden", data={"version": _version(engine, case), **data})
        assert response.status_code == status, data
        assert "<script>alert" not in response.get_data(as_text=True)
    assert _offers(engine, case) == []
    assert login("rm-gld@x.nl").get(f"/zaken/{case}/matchen").status_code == 404
    assert login("anna@x.nl").get(f"/zaken/{case}/matchen").status_code == 403


def test_withdraw_needs_a_reason(engine, clock, staff, case, login):
    offer = offer_case(SqlUnitOfWork(engine, clock, bootstrap()), case, staff["anna"][1].coordinator_id, staff["rm"][1])
    client = login("rm@x.nl")
    response = client.post(f"/aanbod/{offer.id}/intrekken", data={"reden": "  "})
    assert response.status_code == 422 and "geef een reden op waarom u het aanbod intrekt" in response.get_data(
        as_text=True
    )
    response = client.post(f"/aanbod/{offer.id}/intrekken", data={"reden": "x" * 5000})
    assert response.status_code == 400 and "maximaal 2000 tekens" in response.get_data(as_text=True)
    assert _offers(engine, case)[0][1] == "open"
    assert client.post(f"/aanbod/{offer.id}/intrekken", data={"reden": "Andere regio"}).status_code == 303
    assert _offers(engine, case)[0][1:] == ("withdrawn", "Andere regio")
    assert login("anna@x.nl").post(f"/aanbod/{offer.id}/intrekken", data={"reden": "x"}).status_code == 403


def test_coordinator_accepts_and_declines_from_mijn_zaken(engine, clock, staff, case, login):
    uow = units_of_work(engine, clock)
    offer = offer_case(uow(), case, staff["anna"][1].coordinator_id, staff["rm"][1])
    anna = login("anna@x.nl")
    page = anna.get("/mijn-zaken").get_data(as_text=True)
    assert "Aannemen" in page and "Aanbod afwijzen" in page
    assert login("bert@x.nl").post(f"/aanbod/{offer.id}/afwijzen", data={"reden": "x"}).status_code == 404
    response = anna.post(f"/aanbod/{offer.id}/afwijzen", data={"reden": ""})
    assert response.status_code == 422 and "geef een reden op" in response.get_data(as_text=True)
    response = anna.post(f"/aanbod/{offer.id}/afwijzen", data={"reden": "y" * 5000})
    assert response.status_code == 400 and "maximaal 2000 tekens" in response.get_data(as_text=True)
    assert _offers(engine, case)[0][1] == "open"
    response = anna.post(f"/aanbod/{offer.id}/afwijzen", data={"reden": SCRIPT})
    assert response.status_code == 303
    assert _offers(engine, case)[0][1:] == ("declined", SCRIPT)  # free text, kept as typed …
    page = login("rm@x.nl").get(f"/zaken/{case}").get_data(as_text=True)
    assert SCRIPT not in page and "&lt;script&gt;" in page  # … and shown escaped
    second = offer_case(uow(), case, staff["bert"][1].coordinator_id, staff["rm"][1])
    bert = login("bert@x.nl")
    response = bert.post(f"/aanbod/{second.id}/accepteren")
    assert response.status_code == 303
    with Session(engine) as session:
        stored = session.get(Case, case)
        assert stored.phase is Phase.INFORMATIEF_GESPREK and stored.coordinator_id == staff["bert"][1].coordinator_id
        triggers = [e.trigger for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case))]
    assert triggers == ["aanmelding", "offer", "decline_offer", "offer", "accept_match"]


def test_my_profile_saves_languages_capacity_and_absences(engine, staff, login):
    client = login("anna@x.nl")
    assert "Mijn profiel" in client.get("/mijn-profiel").get_data(as_text=True)
    response = client.post(
        "/mijn-profiel", data={"languages": "Arabisch, Turks", "capacity": "5", "target_groups": ["Schulden"]}
    )
    assert response.status_code == 303
    response = client.post(
        "/mijn-profiel/afwezigheid", data={"start": "2026-04-01", "end": "10-04-2026", "note": "vakantie"}
    )
    assert response.status_code == 303
    with Session(engine) as session:
        profile = store.profile_for(session, session.get(Coordinator, staff["anna"][1].coordinator_id))
        absence_id = session.exec(select(store.CoordinatorAbsence.id)).one()
    assert profile.languages == {"Arabisch", "Turks"} and profile.capacity == 5
    assert profile.target_groups == {"Schulden"} and profile.absences[0][1].day == 10
    assert "vakantie" in client.get("/mijn-profiel").get_data(as_text=True)
    assert login("bert@x.nl").post(f"/mijn-profiel/afwezigheid/{absence_id}/verwijderen").status_code == 404
    assert client.post(f"/mijn-profiel/afwezigheid/{absence_id}/verwijderen").status_code == 303
    with Session(engine) as session:
        assert session.exec(select(store.CoordinatorAbsence)).all() == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"languages": "Arabisch", "capacity": "-1"}, "Capaciteit: geef een heel getal van 0 tot en met 20"),
        ({"languages": "Arabisch", "capacity": ""}, "Capaciteit: vul het aantal zaken in"),
        ({"languages": "Arabisch", "capacity": "drie"}, "Capaciteit: geef een heel getal"),
        ({"languages": "Arabisch", "capacity": "21"}, "Capaciteit: geef een heel getal"),
        ({"languages": "A" * 5000, "capacity": "3"}, "Talen: maximaal 600 tekens"),
        ({"languages": SCRIPT, "capacity": "3"}, "Talen: de tekens &lt; en &gt; zijn niet toegestaan"),
        ({"languages": "Arabisch", "capacity": "3", "target_groups": ["Hackers"]}, "Doelgroepen: kies uit de lijst"),
    ],
)
def test_my_profile_refuses_wrong_values(engine, staff, data, message, login):
    client = login("anna@x.nl")
    response = client.post("/mijn-profiel", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "<script>alert" not in page
    with Session(engine) as session:
        coordinator = session.get(Coordinator, staff["anna"][1].coordinator_id)
        assert coordinator.capacity == 3 and coordinator.languages == []
        assert session.exec(select(store.CoordinatorSkills)).all() == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"start": "2026-04-10", "end": "2026-04-01"}, "Tot en met: deze datum ligt vóór de begindatum"),
        ({"start": "", "end": ""}, "Van: vul een datum in"),
        ({"start": "31-02-2026", "end": "2026-04-01"}, "Van: geef een datum als dd-mm-jjjj"),
        ({"start": "2026-01-01", "end": "2026-01-05"}, "deze afwezigheid is al voorbij"),
        ({"start": "2026-04-01", "end": "2028-04-01"}, "een afwezigheid duurt hooguit een jaar"),
        ({"start": "2026-04-01", "end": "2026-04-02", "note": "n" * 5000}, "Toelichting: maximaal 200 tekens"),
        ({"start": "2026-04-01", "end": "2026-04-02", "note": SCRIPT}, "Toelichting: de tekens &lt; en &gt;"),
        ({"start": SCRIPT, "end": "2026-04-02"}, "Van: geef een datum als dd-mm-jjjj"),
    ],
)
def test_absence_form_refuses_wrong_values(engine, staff, data, message, login):
    response = login("anna@x.nl").post("/mijn-profiel/afwezigheid", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "<script>alert" not in page
    with Session(engine) as session:
        assert session.exec(select(store.CoordinatorAbsence)).all() == []


def test_profile_is_for_coordinators_only(app, staff, login):
    assert login("rm@x.nl").get("/mijn-profiel").status_code == 403
    assert app.test_client().get("/mijn-profiel").status_code == 302


def test_admin_sets_the_weights(engine, staff, login):
    client = login("admin@x.nl")
    page = client.get("/beheer/matching-gewichten").get_data(as_text=True)
    assert "Spreekt een gewenste taal (per taal)" in page
    values = {name: "1" for name in store.Weights().to_dict()}
    response = client.post("/beheer/matching-gewichten", data={**values, "language": "4,5"})
    assert response.status_code == 303
    with Session(engine) as session:
        assert store.load_weights(session).language == 4.5 and store.load_weights(session).region == 1
    assert login("rm@x.nl").get("/beheer/matching-gewichten").status_code == 403


@pytest.mark.parametrize(
    "wrong, message",
    [
        ("-1", "geef een getal van 0 tot en met 100"),
        ("", "vul een getal in"),
        ("veel", "geef een getal"),
        ("nan", "geef een getal van 0 tot en met 100"),
        ("1e400", "geef een getal van 0 tot en met 100"),
        (SCRIPT, "geef een getal"),
        ("9" * 5000, "geef een getal van 0 tot en met 100"),
    ],
)
def test_weights_form_refuses_wrong_values(engine, staff, wrong, message, login):
    values = {name: "1" for name in store.Weights().to_dict()}
    response = login("admin@x.nl").post("/beheer/matching-gewichten", data={**values, "pool": wrong})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and "<script>alert" not in page
    with Session(engine) as session:
        assert session.get(store.MatchingWeights, 1) is None


def test_case_needs_form(engine, staff, case, login):
    client = login("rm@x.nl")
    response = client.post(f"/zaken/{case}/matchen/behoeften", data={"target_groups": ["Hackers"]})
    assert response.status_code == 400 and "Doelgroepen: kies uit de lijst" in response.get_data(as_text=True)
    assert (
        client.post(
            f"/zaken/{case}/matchen/behoeften", data={"target_groups": ["Schulden"], "urgent": "ja"}
        ).status_code
        == 303
    )
    page = client.get(f"/zaken/{case}/matchen").get_data(as_text=True)
    assert "geen ervaring met Schulden ✗" in page and "spoed:" in page


def test_api_matches(client, people, clock, staff, case):
    rm_token = people.token(staff["rm"][0].id, clock.now())
    anna_token = people.token(staff["anna"][0].id, clock.now())
    response = client.get(f"/api/v1/cases/{case}/matches", headers={"Authorization": f"Bearer {rm_token}"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [m["name"] for m in body["matches"]] == ["Anna", "Bert"] and body["excluded"] == []
    first = body["matches"][0]
    assert first["position"] == 1 and first["score"] == round(sum(r["points"] for r in first["reasons"]), 2)
    assert {"text": "spreekt geen Arabisch ✗", "ok": False, "points": 0.0} in first["reasons"]
    response = client.get(f"/api/v1/cases/{case}/matches", headers={"Authorization": f"Bearer {anna_token}"})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    response = client.get("/api/v1/cases/99999/matches", headers={"Authorization": f"Bearer {rm_token}"})
    assert response.status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "200" in spec["paths"]["/cases/{case_id}/matches"]["get"]["responses"]


def test_inbox_shows_lead_times_and_flags_late_ones(engine, clock, staff, case, login):
    client = login("rm@x.nl")
    page = client.get("/inbox").get_data(as_text=True)
    assert "nog geen aanbod" in page and "over doel" not in page  # applied 01-03, today 02-03
    clock.advance(days=3)
    client = login("rm@x.nl")  # sessions expire when idle
    page = client.get("/inbox").get_data(as_text=True)
    assert "over doel" in page
    offer = offer_case(SqlUnitOfWork(engine, clock, bootstrap()), case, staff["anna"][1].coordinator_id, staff["rm"][1])
    accept_offer(SqlUnitOfWork(engine, clock, bootstrap()), case, offer.id, staff["anna"][1])
    clock.advance(days=3)
    page = login("rm@x.nl").get("/inbox").get_data(as_text=True)
    assert "Aangenomen, wacht op het informatief gesprek" in page and "over doel" in page


def test_refused_needs_and_conflict_forms_keep_what_was_typed(engine, staff, case, login):
    client = login("rm@x.nl")
    response = client.post(
        f"/zaken/{case}/matchen/behoeften", data={"target_groups": ["Schulden", "Hackers"], "urgent": "ja"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Schulden" checked' in page and 'name="urgent" value="ja" checked' in page
    anna = staff["anna"][1].coordinator_id
    note = "Is de buurvrouw van de moeder"
    response = client.post(
        f"/zaken/{case}/matchen/belangenverstrengeling",
        data={"coordinator_id": str(anna), "toelichting": note + "\x00"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "tekens die niet zijn toegestaan" in page
    assert f'value="{note}' in page and '<details class="conflict" open>' in page
