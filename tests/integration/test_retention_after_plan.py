"""Retention with the data after the plan: a case holding conditions, a decision, agreements with their marks
and a three-month check, every text naming the family. After removal no name is left anywhere, and the yearly
figures (T24–T28 among them) and the registrations export are byte-identical (SQLite and PostgreSQL)."""

import json

from sqlmodel import Session

from notifications.scheduler import scan_once
from storage.models import Case
from tests.conftest import People, make_app
from tests.integration.test_registrations_after_plan import AFTER_PLAN, AGREEMENTS
from tests.integration.test_retention import NAME, closed_case, hits, load, report_and_export, world
from workflow.case import record_set
from workflow.phases import Role
from workflow.retention import RetentionPeriod, removal_moment


def named(value):
    """`value` with every name of the fixture replaced by the family's (Zoë Zandvoort-Unieknaam)."""
    text = json.dumps(value, ensure_ascii=False)
    for name in ("Piet", "Oma Jansen", "mevrouw De Wit", "Oma", "Tante", "Wijkteam"):
        text = text.replace(name, NAME)
    return json.loads(text)


def add_named_after_plan(engine, case_id):
    with Session(engine) as session:
        case = session.get(Case, case_id)
        plan = {**case.record.get("plan", {}), "afspraken": named(AGREEMENTS)}
        calls = [{**call, "afspraken_markering": ["deels nagekomen", "nagekomen"]} for call in case.record["follow_up"]]
        record_set(case, plan=plan, follow_up=calls, **named(AFTER_PLAN))
        session.add(case)
        session.commit()


def test_the_figures_after_the_plan_survive_removal_byte_identical(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    people = People(any_engine)
    admin, _ = people.make(Role.ADMIN, "bureau@kring.test", regions=())
    case_id = closed_case(any_engine, clock, uow, manager, coordinator)
    add_named_after_plan(any_engine, case_id)
    assert any(table == "case" for table, _column, _text in hits(any_engine, (NAME,)))
    app = make_app(any_engine, clock)
    token = people.token(admin.id)
    report_before, export_before = report_and_export(app, any_engine, token)
    tables = json.loads(report_before)["tables"]
    assert tables["T24"]["total"]["n"] == 2 and tables["T25"]["total"]["n"] == 1 and tables["T27"]["total"]["n"] == 1
    assert tables["T26"]["base"] == 3 and tables["T28"]["total"]["n"] == 1
    assert NAME not in export_before and '"drie_maanden": {' in export_before

    closed_at = load(any_engine, case_id).closed_at
    clock.set(removal_moment(closed_at, RetentionPeriod(), extended=False))
    clock.advance(minutes=1)
    scan_once(any_engine, clock)
    assert load(any_engine, case_id).personal_data_removed_at is not None
    assert hits(any_engine, (NAME, "Zandvoort-Unieknaam")) == []
    assert report_and_export(app, any_engine, token) == (report_before, export_before)
