"""The admin pages (/beheer): admin only; forms refuse bad input in Dutch and store nothing half-way."""

import pytest
from sqlmodel import Session, select

from storage.models import Coordinator, CoordinatorRegion, Municipality, Region, User
from tests.conftest import ADMIN, PASSWORD, count_rows
from workflow.phases import Role

GET_PAGES = [
    "/beheer/",
    "/beheer/gebruikers",
    "/beheer/gebruikers/nieuw",
    "/beheer/coordinatoren",
    "/beheer/coordinatoren/1",
    "/beheer/regios",
]
POSTS = [
    "/beheer/gebruikers/nieuw",
    "/beheer/gebruikers/1/deactiveren",
    "/beheer/gebruikers/1/activeren",
    "/beheer/coordinatoren/1",
    "/beheer/regios/nieuw",
    "/beheer/regios/gemeente-verplaatsen",
]
VALID_USER = {
    "email": "nieuw@kring.test",
    "name": "Nieuwe Regiomanager",
    "role": "regiomanager",
    "regions": ["Utrecht"],
    "password": "een-lang-wachtwoord",
}


def logged_in(client) -> bool:
    """Whether the client's session still counts: an ended session is sent to the login page."""
    response = client.get("/")
    return not (response.status_code == 302 and "/login" in response.headers["Location"])


@pytest.mark.parametrize("role", [Role.REGIOMANAGER, Role.COORDINATOR])
def test_only_admins_reach_any_admin_page_or_form(people, engine, role, login):
    people.make(Role.COORDINATOR, "pool@kring.test")  # coordinator 1 exists, so 403 is not a 404
    people.make(role, "ander@kring.test")
    client = login("ander@kring.test")
    for path in GET_PAGES:
        assert client.get(path).status_code == 403, path
    users_before = count_rows(engine, User)
    for path in POSTS:
        assert client.post(path, data=VALID_USER | {"name": "X", "capacity": "5"}).status_code == 403, path
    assert count_rows(engine, User) == users_before
    assert count_rows(engine, User, User.active.is_(False)) == 0


def test_anonymous_visitors_are_sent_to_login(app):
    response = app.test_client().get("/beheer/gebruikers")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_sees_users_and_creates_one(admin_client, engine, login):
    page = admin_client.get("/beheer/gebruikers")
    assert page.status_code == 200 and ADMIN in page.text
    response = admin_client.post("/beheer/gebruikers/nieuw", data=VALID_USER)
    assert response.status_code == 302
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "nieuw@kring.test")).one()
        assert user.role == "regiomanager" and user.password_hash != VALID_USER["password"]
    assert "nieuw@kring.test" in admin_client.get("/beheer/gebruikers").text
    login("nieuw@kring.test", VALID_USER["password"])


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"email": "geen-e-mailadres"}, "email", "geldig e-mailadres"),
        ({"email": ""}, "email", "E-mailadres: vul dit in"),
        ({"email": ADMIN}, "email", "er is al een gebruiker met dit e-mailadres"),
        ({"email": ADMIN.upper() + " "}, "email", "er is al een gebruiker met dit e-mailadres"),
        ({"password": "kort-genoeg"}, "password", "minstens 12 tekens"),
        ({"role": "superuser"}, "role", "Rol: kies een van de mogelijkheden"),
        ({"name": "x" * 5000}, "name", "maximaal 120 tekens"),
        ({"name": ""}, "name", "Naam: vul dit in"),
        ({"name": "Ab\x00Cd"}, "name", "tekens die niet zijn toegestaan"),
        ({"regions": ["Atlantis"]}, "regions", "onbekende keuze"),
        ({"regions": []}, "regions", "kies minstens één regio"),
    ],
)
def test_create_user_refuses_bad_input_in_dutch_and_stores_nothing(admin_client, engine, changes, field, message):
    before = count_rows(engine, User)
    response = admin_client.post("/beheer/gebruikers/nieuw", data=VALID_USER | changes)
    assert response.status_code == 400
    assert message in response.text
    assert f'id="{field}-fout"' in response.text
    assert count_rows(engine, User) == before


def test_hostile_input_is_escaped_and_kept_on_the_form(admin_client, engine):
    script = "<script>alert('x')</script>"
    response = admin_client.post("/beheer/gebruikers/nieuw", data=VALID_USER | {"name": script, "password": "kort"})
    assert response.status_code == 400
    assert script not in response.text
    assert "&lt;script&gt;alert(" in response.text  # kept, escaped
    assert 'value="nieuw@kring.test"' in response.text
    assert count_rows(engine, User) == 1


def test_deactivation_ends_the_users_sessions_and_reactivation_lets_them_in(app, admin_client, people, engine, login):
    user, _ = people.make(Role.REGIOMANAGER, "weg@kring.test")
    their_client = login("weg@kring.test")
    assert logged_in(their_client)
    assert admin_client.post(f"/beheer/gebruikers/{user.id}/deactiveren").status_code == 303
    assert not logged_in(their_client)
    assert app.test_client().post("/login", data={"email": "weg@kring.test", "password": PASSWORD}).status_code == 401
    with Session(engine) as session:
        assert session.get(User, user.id).session_token != user.session_token
    admin_client.post(f"/beheer/gebruikers/{user.id}/activeren")
    assert logged_in(login("weg@kring.test"))


def test_admin_cannot_deactivate_themselves(admin_client, engine):
    with Session(engine) as session:
        me = session.exec(select(User).where(User.email == ADMIN)).one()
    admin_client.post(f"/beheer/gebruikers/{me.id}/deactiveren")
    assert count_rows(engine, User, User.active.is_(True)) == 1
    assert admin_client.get("/beheer/gebruikers").status_code == 200


def test_coordinator_profile_is_edited_and_bad_values_refused(admin_client, people, engine):
    people.make(Role.COORDINATOR, "carla@kring.test", regions=("Utrecht",))
    with Session(engine) as session:
        profile = session.exec(select(Coordinator)).one()
    assert "Carla" in admin_client.get("/beheer/coordinatoren").text
    form = {
        "gender": "vrouw",
        "birth_year": "1975",
        "languages": "Nederlands, Turks , nederlands",
        "cultural_background": "Turks-Nederlands",
        "capacity": "4",
        "regions": ["Gelderland", "Utrecht"],
        "active": "ja",
    }
    bad = form | {"capacity": "21", "birth_year": "negentien", "gender": "robot", "regions": ["Atlantis"]}
    response = admin_client.post(f"/beheer/coordinatoren/{profile.id}", data=bad)
    assert response.status_code == 400
    for message in (
        "Capaciteit: maximaal 20",
        "Geboortejaar: dit moet een heel getal zijn",
        "Geslacht: kies een van de mogelijkheden",
        "Regio&#39;s: onbekende keuze",
    ):
        assert message in response.text
    assert 'value="negentien"' in response.text
    with Session(engine) as session:
        assert session.get(Coordinator, profile.id).capacity == 3  # untouched

    assert admin_client.post(f"/beheer/coordinatoren/{profile.id}", data=form).status_code == 303
    with Session(engine) as session:
        saved = session.get(Coordinator, profile.id)
        assert (saved.gender, saved.birth_year, saved.capacity) == ("vrouw", 1975, 4)
        assert saved.languages == ["Nederlands", "Turks"]
        regions = session.exec(
            select(Region.name).join(CoordinatorRegion).where(CoordinatorRegion.coordinator_id == profile.id)
        ).all()
        assert sorted(regions) == ["Gelderland", "Utrecht"]
    assert admin_client.get("/beheer/coordinatoren/999").status_code == 404


def test_regions_move_a_municipality_and_create_a_region(admin_client, engine):
    page = admin_client.get("/beheer/regios")
    assert page.status_code == 200 and "Noord-Holland" in page.text
    assert admin_client.post("/beheer/regios/nieuw", data={"name": "Amstelland"}).status_code == 303
    response = admin_client.post("/beheer/regios/nieuw", data={"name": "amstelland"})
    assert response.status_code == 400 and "er is al een regio" in response.text
    assert admin_client.post("/beheer/regios/nieuw", data={"name": "x" * 81}).status_code == 400
    assert count_rows(engine, Region, Region.name.ilike("amstelland")) == 1

    response = admin_client.post(
        "/beheer/regios/gemeente-verplaatsen", data={"municipality": "Atlantis", "region": "Amstelland"}
    )
    assert response.status_code == 400 and "onbekende gemeente" in response.text
    response = admin_client.post(
        "/beheer/regios/gemeente-verplaatsen", data={"municipality": "amstelveen", "region": "Amstelland"}
    )
    assert response.status_code == 303
    with Session(engine) as session:
        moved = session.exec(select(Municipality).where(Municipality.name == "Amstelveen")).one()
        assert session.get(Region, moved.region_id).name == "Amstelland"
    assert "Amstelland</td><td>1</td>" in admin_client.get("/beheer/regios").text


def test_user_management_asks_for_a_fresh_login_after_a_quarter_of_an_hour(admin_client, clock):
    client = admin_client
    assert client.get("/beheer/gebruikers/nieuw").status_code == 200
    clock.advance(minutes=14)
    assert client.get("/beheer/gebruikers").status_code == 200  # keeps the session alive
    clock.advance(minutes=2)
    response = client.get("/beheer/gebruikers/nieuw")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    client.post("/login", data={"email": ADMIN, "password": PASSWORD})
    assert client.get("/beheer/gebruikers/nieuw").status_code == 200
