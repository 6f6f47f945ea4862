"""Writes from the web go through a unit of work: the request's session sees them, storage functions own
their transaction, one helper maps a refusal for a form page, and no web module commits by itself."""

import datetime as dt
import os
from pathlib import Path

import pytest
from flask import Flask, get_flashed_messages
from sqlmodel import Session, select

from storage import admin as change
from storage import matching as store
from storage.login_throttle import record_failed_login
from storage.matching_changes import add_absence, remove_absence, save_kept_profile
from storage.models import Case, Coordinator, LoginAttempt, Region, User
from storage.registrations import ImportedRegistration, import_registration_lines
from storage.settings import load_timings
from storage.uow import SqlUnitOfWork
from tests.conftest import People
from tests.walks import INTAKE
from web.bootstrap import bootstrap
from web.errors import STALE_NOTE, refused
from workflow.errors import CaseNotFound, GuardRefused, InvalidInput, Missing, StaleCase
from workflow.phases import Role
from workflow.reminder_rules import ReminderTimings
from workflow.usecases import create_application

FAST = os.environ["KRING_PASSWORD_METHOD"]  # the fast hash tests/conftest.py sets


def test_a_shared_session_reads_what_its_unit_of_work_wrote(any_engine, clock):
    _, manager = People(any_engine).make(Role.REGIOMANAGER, "rm@x.nl")
    case_id = create_application(SqlUnitOfWork(any_engine, clock, bootstrap()), INTAKE, manager).id
    with Session(any_engine, expire_on_commit=False) as request_session:
        case = request_session.get(Case, case_id)  # the page's read transaction starts here
        with Session(any_engine) as other:  # meanwhile another request changes the case
            other.get(Case, case_id).question = "Van een ander"
            other.commit()
        uow = SqlUnitOfWork(any_engine, clock, bootstrap()).sharing(request_session)
        with uow:
            found = uow.cases.get_for(manager, case_id)
            assert found is case and found.question == "Van een ander", "the write starts from the latest state"
            found.concerns = "Zorgen"
            uow.commit()
        assert request_session.get(Case, case_id).concerns == "Zorgen"
        with pytest.raises(CaseNotFound), uow:
            uow.cases.get_for(manager, 999999)
        assert request_session.get(Case, case_id).concerns == "Zorgen", "still open after a refused write"


def test_admin_changes_each_own_their_transaction(engine, clock, people):
    people.make(Role.COORDINATOR, "co@x.nl")
    data = {"email": "CO@x.nl", "name": "Co", "role": "regiomanager", "password": "geheim-wachtwoord", "regions": []}
    with pytest.raises(InvalidInput):
        change.add_user(SqlUnitOfWork(engine, clock, bootstrap()), data, password_method=FAST)
    user = change.add_user(
        SqlUnitOfWork(engine, clock, bootstrap()), {**data, "email": "nieuw@x.nl"}, password_method=FAST
    )
    coordinator = find(engine, User, User.email == "co@x.nl")
    change.set_active(SqlUnitOfWork(engine, clock, bootstrap()), coordinator.id, False)
    assert change.set_active(SqlUnitOfWork(engine, clock, bootstrap()), 999999, False) is None
    with pytest.raises(InvalidInput):
        change.add_region(SqlUnitOfWork(engine, clock, bootstrap()), "Noord-Holland")
    change.add_region(SqlUnitOfWork(engine, clock, bootstrap()), "Waddeneilanden")
    assert (
        change.move_municipality(SqlUnitOfWork(engine, clock, bootstrap()), "Zaanstad", "Waddeneilanden")
        == "Noord-Holland"
    )
    change.set_reminder_timings(SqlUnitOfWork(engine, clock, bootstrap()), ReminderTimings(follow_up_days=21))
    with Session(engine) as session:
        assert session.get(User, user.id).email == "nieuw@x.nl"
        after = session.get(User, coordinator.id)
        assert not after.active and after.session_token != coordinator.session_token
        assert not session.exec(select(Coordinator).where(Coordinator.user_id == coordinator.id)).one().active
        assert session.exec(select(Region).where(Region.name == "Waddeneilanden")).one()
        assert load_timings(session).follow_up_days == 21


def test_matching_changes_refuse_without_storing(engine, clock, people):
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    _, other = people.make(Role.COORDINATOR, "co2@x.nl")
    values = {"kwalificaties": ["basis"], "doelgroepen": [], "gemeenten": ["Zaanstad", "Atlantis"], "pools": ["X"]}
    with pytest.raises(InvalidInput) as refused_profile:
        save_kept_profile(SqlUnitOfWork(engine, clock, bootstrap()), coordinator.coordinator_id, values)
    assert refused_profile.value.errors == {"gemeenten": "Onbekende gemeente: Atlantis"}
    absence = {"start": dt.date(2026, 4, 1), "end": dt.date(2026, 4, 5), "note": ""}
    add_absence(SqlUnitOfWork(engine, clock, bootstrap()), coordinator.coordinator_id, absence)
    with Session(engine) as session:
        assert session.exec(select(store.CoordinatorSkills)).all() == []
        (row,) = session.exec(select(store.CoordinatorAbsence)).all()
    assert not remove_absence(SqlUnitOfWork(engine, clock, bootstrap()), other.coordinator_id, row.id), (
        "not their absence"
    )
    assert remove_absence(SqlUnitOfWork(engine, clock, bootstrap()), coordinator.coordinator_id, row.id)


def test_failed_login_and_refused_import_in_their_own_unit_of_work(engine, clock):
    record_failed_login(SqlUnitOfWork(engine, clock, bootstrap()), "a@x.nl", "127.0.0.1")
    report = import_registration_lines(SqlUnitOfWork(engine, clock, bootstrap()), [b"{}", b"geen json"])
    assert report.errors
    with Session(engine) as session:
        assert [(a.email, a.at) for a in session.exec(select(LoginAttempt))] == [("a@x.nl", clock.now())]
        assert session.exec(select(ImportedRegistration)).all() == []


@pytest.mark.parametrize(
    "problem, flash_with, status, text, errors, flashed",
    [
        (InvalidInput({"a": "A fout", "b": "B fout"}), "summary", 400, "A fout B fout", {"a": "A fout", "b": "B fout"},
         ["Niet alle velden zijn goed ingevuld."]),
        (InvalidInput({"a": "A fout"}), "text", 400, "A fout", {"a": "A fout"}, ["A fout"]),
        (GuardRefused([Missing("reden", "geef een reden")]), None, 422, "Deze stap kan nog niet: geef een reden.",
         {"reden": "geef een reden"}, []),
        (StaleCase("Gewijzigd."), "text", 409, "Gewijzigd.", {}, [f"Gewijzigd. {STALE_NOTE}"]),
    ],
)  # fmt: skip
def test_one_helper_maps_a_refusal_for_a_form_page(problem, flash_with, status, text, errors, flashed):
    app = Flask(__name__)
    app.secret_key = "test"
    with app.test_request_context():
        refusal = refused(problem, flash_with)
        assert (refusal.status, refusal.text, refusal.errors) == (status, text, errors)
        assert refusal.stale is isinstance(problem, StaleCase)
        assert get_flashed_messages() == flashed


def test_a_missing_case_stays_the_apps_404():
    with pytest.raises(CaseNotFound):
        refused(CaseNotFound("Weg."))


def test_no_web_module_commits_or_rolls_back_by_itself():
    """Only the command-line modules keep their own transactions."""
    web = Path(__file__).parents[2] / "web"
    offenders = [
        str(path.relative_to(web))
        for path in web.rglob("*.py")
        if path.relative_to(web).parts[0] != "cli"
        and (".commit()" in path.read_text() or ".rollback()" in path.read_text())
    ]
    assert offenders == []


def find(engine, model, *where):
    with Session(engine) as session:
        return session.exec(select(model).where(*where)).one()
