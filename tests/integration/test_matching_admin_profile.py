"""The admin's part of a coordinator's matching profile: qualifications, target groups, municipalities, pools."""

import pytest
from sqlmodel import Session, select

from storage import matching as store
from storage.models import Coordinator
from tests.conftest import COORDINATOR
from workflow.phases import Role


@pytest.fixture
def setup(admin_client, people, engine):
    """The admin's browser, the id of a coordinator's profile, the database."""
    _, coordinator = people.make(Role.COORDINATOR, COORDINATOR)
    return admin_client, coordinator.coordinator_id, engine


def test_saved_profile_feeds_the_matching_profile(setup):
    client, cid, engine = setup
    response = client.post(
        f"/beheer/coordinatoren/{cid}/matching",
        data={
            "kwalificaties": ["basis", "EK-2"],
            "doelgroepen": ["Psychiatrie"],
            "gemeenten": "Zaanstad, arnhem",
            "pools": "Jeugdbescherming Noord, Veilig Thuis",
        },
    )
    assert response.status_code == 303
    with Session(engine) as session:
        profile = store.profile_for(session, session.get(Coordinator, cid))
    assert profile.qualifications == frozenset({"basis", "EK-2"})
    assert profile.target_groups == frozenset({"Psychiatrie"}) and len(profile.municipality_ids) == 2
    assert profile.pools == frozenset({"Jeugdbescherming Noord", "Veilig Thuis"})
    page = client.get(f"/beheer/coordinatoren/{cid}/matching").get_data(as_text=True)
    assert "Arnhem, Zaanstad" in page


@pytest.mark.parametrize(
    "form, message",
    [
        ({"gemeenten": "Atlantis"}, "Onbekende gemeente: Atlantis"),
        ({"kwalificaties": ["EK-9"]}, "onbekende keuze"),
        ({"doelgroepen": ["<script>alert(1)</script>"]}, "onbekende keuze"),
        ({"pools": "x" * 1001}, "maximaal 1000 tekens"),
        ({"pools": ", ".join(f"org{i}" for i in range(41))}, "Maximaal 40 namen"),
    ],
)
def test_bad_values_are_refused_in_dutch_and_nothing_is_saved(setup, form, message):
    client, cid, engine = setup
    response = client.post(f"/beheer/coordinatoren/{cid}/matching", data=form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.exec(select(store.CoordinatorSkills)).all() == []
        assert session.exec(select(store.CoordinatorPool)).all() == []


def test_only_the_admin_may(setup, regiomanager_client):
    _client, cid, _ = setup
    other = regiomanager_client
    assert other.get(f"/beheer/coordinatoren/{cid}/matching").status_code == 403
    assert other.post(f"/beheer/coordinatoren/{cid}/matching", data={"pools": "X"}).status_code == 403
