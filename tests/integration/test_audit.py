"""The audit trail records changed fields with who and when; the access log records every read of a case."""

import html
import re

import pytest
from sqlmodel import Session, select

from storage.audit import AccessLogEntry, AuditEntry, set_actor
from storage.uow import SqlUnitOfWork
from tests.conftest import People, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import INTAKE
from web.bootstrap import bootstrap  # noqa: E402
from workflow.editing import update_case
from workflow.phases import Role
from workflow.usecases import advance, create_application


@pytest.fixture
def case(any_engine, clock):
    _, manager = People(any_engine).make(Role.REGIOMANAGER, "rm@x.nl")
    created = create_application(SqlUnitOfWork(any_engine, clock, bootstrap()), INTAKE, manager)
    return any_engine, created, manager


def test_a_changed_field_is_audited_with_old_new_and_who(case, clock):
    engine, created, manager = case
    set_actor(manager.user_id)
    try:
        update_case(
            SqlUnitOfWork(engine, clock, bootstrap()),
            created.id,
            manager,
            created.version,
            {"vraag": "Een andere vraag", "gedwongen_kader": True},
        )
    finally:
        set_actor(None)
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.case_id == created.id)).all()
    changed = {e.field: (e.old, e.new, e.user_id) for e in entries}
    assert changed["question"] == (INTAKE["vraag"], "Een andere vraag", manager.user_id)
    assert changed["compulsory_framework"] == (False, True, manager.user_id)


def test_reads_by_page_and_api_are_logged_and_refusals_are_not(engine, clock, people, login):
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, other = people.make(Role.REGIOMANAGER, "ander@x.nl", regions=("Limburg",))
    created = create_application(SqlUnitOfWork(engine, clock, bootstrap()), INTAKE, manager)
    client = login("rm@x.nl")
    assert client.get(f"/zaken/{created.id}").status_code == 200
    stranger = login("ander@x.nl")
    assert stranger.get(f"/zaken/{created.id}").status_code == 404
    with Session(engine) as session:
        log = session.exec(select(AccessLogEntry)).all()
    assert [(e.case_id, e.user_id, e.via, e.at) for e in log] == [(created.id, manager.user_id, "pagina", clock.now())]
    assert other.user_id not in {e.user_id for e in log}


def test_admin_sees_the_log_per_case_and_per_user_and_others_may_not(engine, clock, people, login):
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    people.make(Role.ADMIN, "admin@x.nl", regions=())
    created = create_application(SqlUnitOfWork(engine, clock, bootstrap()), INTAKE, manager)
    reader = login("rm@x.nl")
    reader.get(f"/zaken/{created.id}")
    assert reader.get(f"/beheer/zaken/{created.id}/logboek").status_code == 403
    admin = login("admin@x.nl")
    page = admin.get(f"/beheer/zaken/{created.id}/logboek").get_data(as_text=True)
    assert "Rm" in page and f"/zaken/{created.id}" in page
    assert created.ref in admin.get(f"/beheer/gebruikers/{manager.user_id}/logboek").get_data(as_text=True)
    assert admin.get("/beheer/zaken/999999/logboek").status_code == 404


def test_the_log_names_fields_as_the_forms_do_with_readable_values_in_local_time(engine, clock, people, login):
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    people.make(Role.ADMIN, "admin@x.nl", regions=())
    created = create_application(SqlUnitOfWork(engine, clock, bootstrap()), INTAKE, manager)
    fill_registration(units_of_work(engine, clock), created.id, manager)
    set_actor(manager.user_id)
    try:
        data = {"uitkomst": "ingetrokken", "follow_up_uitkomst": "positief", "follow_up_datum": "2026-03-02"}
        advance(SqlUnitOfWork(engine, clock, bootstrap()), created.id, "close", manager, None, "Ingetrokken", data)
    finally:
        set_actor(None)
    with Session(engine) as session:
        fields = {e.field for e in session.exec(select(AuditEntry).where(AuditEntry.case_id == created.id))}
    assert {"outcome", "closed_at", "record.follow_up"} <= fields  # what the audit stores …
    admin = login("admin@x.nl")
    for url in (f"/beheer/zaken/{created.id}/logboek", f"/beheer/gebruikers/{manager.user_id}/logboek"):
        page = html.unescape(admin.get(url).get_data(as_text=True))
        cells = re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)
        # … and how it reads: the forms' labels, Dutch values, Amsterdam time (clock: 2 March 2026, 09:00 UTC)
        assert {"Uitkomst", "Afgesloten op", "Registratie: Follow-up", "Aanmelding ingetrokken"} <= set(cells)
        closed = cells.index("Afgesloten op")
        assert cells[closed + 1 : closed + 3] == ["—", "02-03-2026 10:00"]  # was nothing, became local time
        assert (
            "Wie belde: EK-coördinator met hoofdpersoon; Datum follow-up gesprek: 02-03-2026; Uitkomst: positief"
            in cells
        )
        for raw in ("outcome", "closed_at", "record.follow_up", '{"', "[", "+00:00", "null"):
            assert not any(cell == raw or raw in cell for cell in cells if cell), raw
