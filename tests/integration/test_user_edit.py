"""The bureau edits a user (/beheer/gebruikers/<id>): name, role, regions, active; every change in the audit;
wrong, missing and hostile values refused in Dutch with nothing saved; an admin cannot demote or deactivate
themselves; a coordinator with open cases keeps the role. On SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, select

from storage.accounts import actor_for
from storage.audit import UserAuditEntry
from storage.models import Coordinator, CoordinatorRegion, Region, User, UserRegion
from tests.conftest import ADMIN, PASSWORD, units_of_work
from tests.walks import case_in_nazorg
from workflow.phases import Role


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def region_ids(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {name: rid for rid, name in session.exec(select(Region.id, Region.name)).all()}


@pytest.fixture
def manager(people):
    return people.make(Role.REGIOMANAGER, "rm@kring.test", regions=("Utrecht",))[0]


def me(engine) -> User:
    with Session(engine) as session:
        return session.exec(select(User).where(User.email == ADMIN)).one()


def state(engine, user_id: int) -> tuple:
    """(name, role, active, sorted region names) as the domain sees the user."""
    with Session(engine) as session:
        user = session.get(User, user_id)
        regions = session.exec(select(Region.name).join(UserRegion).where(UserRegion.user_id == user_id)).all()
        regions += session.exec(
            select(Region.name)
            .join(CoordinatorRegion)
            .join(Coordinator, Coordinator.id == CoordinatorRegion.coordinator_id)
            .where(Coordinator.user_id == user_id)
        ).all()
        return user.name, user.role, user.active, sorted(regions)


def audit(engine, user_id: int) -> list[tuple]:
    with Session(engine) as session:
        rows = session.exec(select(UserAuditEntry).where(UserAuditEntry.user_id == user_id)).all()
        return sorted((r.field, r.old, r.new, r.actor_id) for r in rows)


def form(region_ids, **changes) -> dict:
    values = {"name": "Rita Manager", "role": "regiomanager", "regions": [str(region_ids["Utrecht"])], "active": "ja"}
    return values | changes


def test_the_edit_page_shows_the_user_and_saves_every_change_in_the_audit(admin_client, engine, manager, region_ids):
    users = admin_client.get("/beheer/gebruikers")
    assert f'href="/beheer/gebruikers/{manager.id}"' in users.text
    page = admin_client.get(f"/beheer/gebruikers/{manager.id}")
    assert page.status_code == 200 and 'value="Rm"' in page.text and "rm@kring.test" in page.text
    assert f'value="{region_ids["Utrecht"]}" checked' in page.text
    regions = [str(region_ids["Utrecht"]), str(region_ids["Gelderland"])]
    saved = admin_client.post(f"/beheer/gebruikers/{manager.id}", data=form(region_ids, regions=regions))
    assert saved.status_code == 303
    assert state(engine, manager.id) == ("Rita Manager", "regiomanager", True, ["Gelderland", "Utrecht"])
    admin = me(engine).id
    assert audit(engine, manager.id) == [
        ("name", "Rm", "Rita Manager", admin),
        ("regions", ["Utrecht"], ["Gelderland", "Utrecht"], admin),
    ]
    with Session(engine) as session:
        assert actor_for(session, session.get(User, manager.id)).region_ids == set(
            region_ids[r] for r in ("Utrecht", "Gelderland")
        )
    log = admin_client.get(f"/beheer/gebruikers/{manager.id}/logboek")
    assert "Wijzigingen aan dit account" in log.text and "Rita Manager" in log.text
    again = admin_client.post(f"/beheer/gebruikers/{manager.id}", data=form(region_ids, regions=regions))
    assert again.status_code == 303 and len(audit(engine, manager.id)) == 2, "no change, no audit line"


def test_deactivation_here_ends_the_sessions_and_a_role_change_moves_the_regions(
    app, admin_client, engine, manager, region_ids, login
):
    theirs = login("rm@kring.test")
    assert admin_client.post(f"/beheer/gebruikers/{manager.id}", data=form(region_ids, active="")).status_code == 303
    assert theirs.get("/mijn-account").status_code == 302, "their session ended"
    assert app.test_client().post("/login", data={"email": "rm@kring.test", "password": PASSWORD}).status_code == 401
    # Back, as a coordinator: a profile in the pool with the regions; a regiomanager's regions are gone.
    coordinator = form(region_ids, role="coordinator")
    assert admin_client.post(f"/beheer/gebruikers/{manager.id}", data=coordinator).status_code == 303
    assert state(engine, manager.id) == ("Rita Manager", "coordinator", True, ["Utrecht"])
    with Session(engine) as session:
        profile = session.exec(select(Coordinator).where(Coordinator.user_id == manager.id)).one()
        assert profile.active and profile.name == "Rita Manager"
        assert session.exec(select(UserRegion).where(UserRegion.user_id == manager.id)).all() == []
    assert ("role", "regiomanager", "coordinator", me(engine).id) in audit(engine, manager.id)
    assert ("active", False, True, me(engine).id) in audit(engine, manager.id)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Naam: vul dit in"),
        ({"name": "x" * 121}, "name", "maximaal 120 tekens"),
        ({"name": "Ri\x00ta"}, "name", "tekens die niet zijn toegestaan"),
        ({"name": "Ri\u202eta"}, "name", "tekens die niet zijn toegestaan"),
        ({"role": "superuser"}, "role", "Rol: kies een van de mogelijkheden"),
        ({"role": ""}, "role", "Rol: vul dit in"),
        ({"regions": ["999999"]}, "regions", "onbekende regio"),
        ({"regions": ["Utrecht"]}, "regions", "onbekende regio"),  # names are no ids
        ({"regions": ["1\x00"]}, "regions", "onbekende regio"),
        ({"regions": []}, "regions", "kies minstens één regio"),
        ({"active": "misschien"}, "active", "Actief: kies ja of nee"),
    ],
)
def test_wrong_missing_and_hostile_values_are_refused_in_dutch_and_change_nothing(
    admin_client, engine, manager, region_ids, changes, field, message
):
    before = state(engine, manager.id)
    response = admin_client.post(
        f"/beheer/gebruikers/{manager.id}", data=form(region_ids, name="Nieuwe naam") | changes
    )
    assert response.status_code == 400 and message in response.text
    assert f'id="{field}-fout"' in response.text
    assert state(engine, manager.id) == before and audit(engine, manager.id) == []


def test_hostile_names_are_shown_back_escaped(admin_client, engine, manager, region_ids):
    script = "<script>alert('x')</script>"
    response = admin_client.post(f"/beheer/gebruikers/{manager.id}", data=form(region_ids, name=script, role="x"))
    assert response.status_code == 400 and script not in response.text and "&lt;script&gt;" in response.text


def test_an_admin_cannot_demote_or_deactivate_themselves(admin_client, engine, region_ids):
    admin = me(engine)
    page = admin_client.get(f"/beheer/gebruikers/{admin.id}")
    assert "Uw eigen beheerrol kunt u niet weghalen" in page.text
    for changes, message in (
        ({"role": "regiomanager"}, "u kunt uw eigen beheerrol niet weghalen"),
        ({"role": "coordinator"}, "u kunt uw eigen beheerrol niet weghalen"),
        ({"role": "admin", "active": ""}, "u kunt uw eigen account niet deactiveren"),
    ):
        response = admin_client.post(f"/beheer/gebruikers/{admin.id}", data=form(region_ids, **changes))
        assert response.status_code == 400 and message in response.text
    assert state(engine, admin.id)[1:3] == ("admin", True)
    renamed = admin_client.post(f"/beheer/gebruikers/{admin.id}", data=form(region_ids, role="admin", regions=[]))
    assert renamed.status_code == 303 and state(engine, admin.id)[:3] == ("Rita Manager", "admin", True)


def test_a_coordinator_with_open_cases_keeps_the_role(admin_client, engine, clock, people, region_ids):
    manager, coordinator = people.team(manager="rm2@kring.test", coordinator="co@kring.test")
    case_in_nazorg(units_of_work(engine, clock), manager, coordinator)
    refused = admin_client.post(
        f"/beheer/gebruikers/{coordinator.user_id}",
        data=form(region_ids, role="regiomanager", regions=[str(region_ids["Noord-Holland"])]),
    )
    assert refused.status_code == 400 and "heeft nog 1 lopende zaak" in refused.text
    assert state(engine, coordinator.user_id)[1] == "coordinator"


def test_others_and_unknown_users(admin_client, people, login, region_ids, manager):
    assert admin_client.get("/beheer/gebruikers/999999").status_code == 404
    assert admin_client.post("/beheer/gebruikers/999999", data=form(region_ids)).status_code == 404
    people.make(Role.REGIOMANAGER, "ander@kring.test")
    other = login("ander@kring.test")
    assert other.get(f"/beheer/gebruikers/{manager.id}").status_code == 403
    assert other.post(f"/beheer/gebruikers/{manager.id}", data=form(region_ids, name="Gekaapt")).status_code == 403


def test_the_buttons_on_the_users_list_are_in_the_audit_too(admin_client, engine, manager):
    assert admin_client.post(f"/beheer/gebruikers/{manager.id}/deactiveren").status_code == 303
    assert admin_client.post(f"/beheer/gebruikers/{manager.id}/activeren").status_code == 303
    admin = me(engine).id
    assert audit(engine, manager.id) == [("active", False, True, admin), ("active", True, False, admin)]
