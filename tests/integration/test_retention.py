"""Retention: a closed case's personal data leaves every table after the period, the figures and the
registrations export stay byte-identical, the warning comes a week ahead, one extension with a reason."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

import web.app  # noqa: F401  (every table's model is loaded, so the metadata is complete)
from notifications.scan import run_scan
from notifications.scheduler import scan_once
from storage import inzage, plan_shares, retention  # noqa: F401
from storage.models import Case, CaseEvent
from storage.questionnaires import QuestionnaireLink, submit
from storage.registrations import dump_line, export_year
from storage.reminders import Reminder, tasks_for
from storage.retention import extend_retention, purge_due, retention_status
from tests.conftest import People, count_rows, make_app, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import TYPED_MEETING
from web.config import load_settings
from workflow import questionnaires as qn
from workflow.clock import AMSTERDAM
from workflow.editing import update_case
from workflow.errors import CaseNotFound, GuardRefused, InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.offers import decline_offer
from workflow.phases import Phase, Role
from workflow.plan_sharing import Recipient
from workflow.recording import record_registration
from workflow.reminder_rules import RETENTION_WARNING, retention_warning_due
from workflow.retention import RetentionPeriod, removal_date, removal_moment
from workflow.usecases import advance, create_application, offer_case

NAME = "Zoë Zandvoort-Unieknaam"
NEEDLES = (
    "Zoë",
    "Zandvoort-Unieknaam",
    "Unieknaam",
    "Verwijsterman",
    "Kwakernaat",
    "Bommelvliet",
    "Xandrijn",
    "Unieknaamstraat",
    "0612345678",
    "2016-05-01",
)
INTAKE = {
    "gemeente": "Zaanstad",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {
        "naam": "Rudolf Verwijsterman",
        "organisatie": "Wijkteam Verwijsterman",
        "telefoon": "0612345678",
        "email": "rudolf@verwijsterman.nl",
    },
    "vraag": "Hoe houden we Zoë veilig thuis?",
    "zorgen": "Zorgen om Zandvoort-Unieknaam thuis",
    "hoofdpersonen": [
        {"naam": NAME, "soort": "minderjarig", "geslacht": "meisje", "geboortedatum": "2016-05-01"},
        {"naam": "Petra Zandvoort-Unieknaam", "soort": "volwassen", "geslacht": "vrouw"},
    ],
}
MEETING = TYPED_MEETING
NETWORK = {
    "netwerk": [
        {"naam": "Opa Bommelvliet", "relatie": "Grootouders", "status": "aanwezig"},
        {"naam": "Karel Kwakernaat", "relatie": "Overige familieleden", "status": "afgezegd"},
    ],
    "niet_samen": "Bommelvliet mag Kwakernaat niet ontmoeten",
}
PLAN = {
    "afspraken": [{"wie": "Tante Xandrijn", "wie_soort": "netwerk", "wat": "brengt Zoë elke dag naar school"}],
    "evaluatieafspraken": "ja",
    "noodplan": "ja",
    "vraag_professionele_hulp": "nee",
    "acceptatie_professional": "niet nodig",
    "verblijfplaatswijzigingen": {"zelfde niveau": "1"},
}


def world(engine, clock):
    manager, coordinator = People(engine).team()
    return units_of_work(engine, clock), manager, coordinator


def closed_case(engine, clock, uow, manager, coordinator, names=True, share=False):
    """A case with names everywhere, walked to closing with a plan (`share`: sent by link and code, opened)."""
    case = create_application(uow(), INTAKE, manager)
    offer = offer_case(uow(), case.id, coordinator.coordinator_id, manager)
    decline_offer(uow(), case.id, offer.id, coordinator, "Ik ken Bommelvliet persoonlijk")
    offer_case(uow(), case.id, coordinator.coordinator_id, manager)
    advance(uow(), case.id, "accept_match", coordinator, None)
    update_case(uow(), case.id, coordinator, None, {"vraag": f"Hoe helpen we {NAME} verder?"})
    advance(
        uow(),
        case.id,
        "start_activation",
        coordinator,
        None,
        "Gesprek met Zoë gehad",
        {"informatief_gesprek_datum": "2026-03-02"},
    )
    record_registration(uow(), case.id, coordinator, None, "netwerk", NETWORK)
    advance(
        uow(),
        case.id,
        "plan_meeting",
        coordinator,
        None,
        "",
        {
            "datum": "2026-03-05",
            "uitgenodigd": "9",
            "locatie": "Buurthuis of wijkcentrum",
            "adres": "Unieknaamstraat 5, Zaandam",
        },
    )
    clock.advance(days=5)
    advance(uow(), case.id, "hold_meeting", coordinator, None, "Zandvoort-Unieknaam was er", MEETING)
    fill_registration(uow, case.id, coordinator)
    record_registration(uow(), case.id, coordinator, None, "plan", PLAN)
    record_registration(
        uow(),
        case.id,
        coordinator,
        None,
        "plan_verstuurd",
        {"datum": "2026-03-06", "aan": "Tante Xandrijn\nKarel Kwakernaat"},
    )
    if share:
        share_the_plan(uow, case.id, coordinator)
    record_registration(
        uow(),
        case.id,
        coordinator,
        None,
        "cijfers",
        {
            "cijfer_samenwerking_aanmelder": "8",
            "toelichting_samenwerking_aanmelder": "Verwijsterman belde vaak",
            "cijfer_samenwerking_regiomanager": "9",
        },
    )
    with Session(engine) as session:
        link = session.exec(
            select(QuestionnaireLink).where(QuestionnaireLink.case_id == case.id, QuestionnaireLink.form == qn.ADULTS)
        ).first()
    submit(
        engine,
        link.id,
        {
            "rol": "familie",
            "cijfer_conferentie": 8,
            "cijfer_conferentie_toelichting": "Dankzij Opa Bommelvliet",
            "opmerkingen": f"{NAME} lachte weer",
        },
        "10.0.0.1",
        "nonce-1",
        clock.now(),
        key=load_settings().secret_key,
    )
    advance(
        uow(),
        case.id,
        "close",
        coordinator,
        None,
        "",
        {
            "uitkomst": "plan",
            "follow_up_uitkomst": "positief",
            "drie_maanden_onbereikbaar": "ja",
            "follow_up_toelichting": f"{NAME} en Opa Bommelvliet doen het goed, school gaat beter",
        },
    )
    return case.id


def share_the_plan(uow, case_id, coordinator):
    """The plan sent to Tante Xandrijn by link and code (a PDF holding names), and opened once."""
    recipient = Recipient("Tante Xandrijn", "xandrijn@unieknaam.nl", "+31612345678")
    (made,) = plan_shares.share_plan(uow(), case_id, coordinator, [recipient], lambda _c: b"%PDF Zandvoort-Unieknaam")
    assert plan_shares.try_code(uow(), made.token, made.code).pdf


def stored_texts(engine):
    """Every value of every column of every table, as text (JSON decoded, so escaped letters count)."""
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                for column, value in row._mapping.items():
                    if value is not None:
                        text = (
                            json.dumps(value, ensure_ascii=False, default=str)
                            if isinstance(value, dict | list)
                            else str(value)
                        )
                        yield table.name, column, text


def hits(engine, needles=NEEDLES):
    folded = [n.casefold() for n in needles]
    return [
        (table, column, text[:80])
        for table, column, text in stored_texts(engine)
        if any(n in text.casefold() for n in folded)
    ]


def report_and_export(app, engine, token):
    body = app.test_client().get("/api/v1/reports/yearly?year=2026", headers={"Authorization": f"Bearer {token}"})
    assert body.status_code == 200
    with Session(engine) as session:
        export = "\n".join(dump_line(r) for r in export_year(session, 2026))
    return body.data, export


def load(engine, case_id):
    with Session(engine) as session:
        case = session.get(Case, case_id)
        case.main_persons  # noqa: B018  (loaded while the session is open)
        return case


def test_removal_leaves_no_name_in_any_table_and_the_figures_byte_identical(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    people = People(any_engine)
    admin, _ = people.make(Role.ADMIN, "bureau@kring.test", regions=())
    case_id = closed_case(any_engine, clock, uow, manager, coordinator, share=True)
    tables = set(sa.inspect(any_engine).get_table_names()) - {"alembic_version"}
    assert tables <= set(SQLModel.metadata.tables), "every table in the database is searched"
    found = {table for table, _column, _text in hits(any_engine)}
    shared = {"plan_share", "plan_share_document"}
    assert {"case", "mainperson", "caseevent", "auditentry", "offer", "questionnaireresponse", *shared} <= found, (
        "the walk really put names everywhere"
    )
    token = people.token(admin.id)
    app = make_app(any_engine, clock)
    report_before, export_before = report_and_export(app, any_engine, token)
    assert json.loads(report_before)["figures"]["aantal_afgesloten"] == 1
    assert NAME not in export_before and "[naam] en [naam] doen het goed" in export_before

    closed_at = load(any_engine, case_id).closed_at
    clock.set(removal_moment(closed_at, RetentionPeriod(), extended=False) - dt.timedelta(minutes=1))
    scan_once(any_engine, clock)
    assert load(any_engine, case_id).personal_data_removed_at is None, "not a minute early"
    clock.advance(minutes=2)
    scan_once(any_engine, clock)

    case = load(any_engine, case_id)
    assert case.personal_data_removed_at == clock.now() and case.phase is Phase.AFGESLOTEN
    assert hits(any_engine) == []
    assert report_and_export(app, any_engine, token) == (report_before, export_before)
    for model in (plan_shares.PlanShare, plan_shares.PlanShareOpen, plan_shares.PlanShareDocument):
        assert count_rows(any_engine, model) == 0, f"{model.__tablename__}: no row stays"
    assert [p.name for p in case.main_persons] == [None, None]
    with Session(any_engine) as session:
        last = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id.desc())).first()
    assert last.trigger == "persoonsgegevens_verwijderd"
    assert purge_due(any_engine, clock.now()) == 0, "done once"


def test_a_case_reopened_within_the_period_keeps_everything(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    case_id = closed_case(any_engine, clock, uow, manager, coordinator)
    before = load(any_engine, case_id)
    clock.advance(days=20)
    advance(uow(), case_id, "reopen", manager, None, "Familie vraagt om een vervolg")
    clock.set(removal_moment(before.closed_at, RetentionPeriod(), False) + dt.timedelta(days=30))
    scan_once(any_engine, clock)
    after = load(any_engine, case_id)
    assert after.personal_data_removed_at is None and after.phase is Phase.NAZORG
    assert after.main_persons[0].name == NAME and after.record["netwerk"] == before.record["netwerk"]
    with Session(any_engine) as session:
        warnings = session.exec(select(Reminder).where(Reminder.kind == RETENTION_WARNING)).all()
    assert [(w.state, w.cancel_reason) for w in warnings] == [("cancelled", "heropend")]


def test_the_warning_arrives_a_week_ahead_and_moves_with_a_new_closing(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    case_id = closed_case(any_engine, clock, uow, manager, coordinator)
    closed_at = load(any_engine, case_id).closed_at
    day = removal_date(closed_at, RetentionPeriod(), False)
    due = retention_warning_due(day)
    assert due.astimezone(AMSTERDAM).timetuple()[:4] == (day - dt.timedelta(days=7)).timetuple()[:3] + (9,)

    def warnings():
        with Session(any_engine) as session:
            return [r for r, _case in tasks_for(session, manager.user_id, clock.now()) if r.kind == RETENTION_WARNING]

    clock.set(due - dt.timedelta(minutes=1))
    assert warnings() == []
    clock.set(due)
    assert len(warnings()) == 1
    assert run_scan(any_engine, clock.now(), None).sent == 1
    assert load(any_engine, case_id).personal_data_removed_at is None, "a warning, not yet the removal"


def test_extension_once_with_a_reason_in_the_history(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    _, stranger = People(any_engine).make(Role.REGIOMANAGER, "utrecht@kring.test", regions=("Utrecht",))
    case_id = closed_case(any_engine, clock, uow, manager, coordinator)
    closed_at = load(any_engine, case_id).closed_at
    with pytest.raises(NotPermitted):
        extend_retention(uow(), case_id, coordinator, "Nog nodig")
    with pytest.raises(CaseNotFound):
        extend_retention(uow(), case_id, stranger, "Nog nodig")
    with pytest.raises(GuardRefused):
        extend_retention(uow(), case_id, manager, "   ")
    with pytest.raises(InvalidInput):
        extend_retention(uow(), case_id, manager, ["lijst"])
    extend_retention(uow(), case_id, manager, "Rechter vraagt het dossier op")
    with pytest.raises(TriggerNotAllowedHere):
        extend_retention(uow(), case_id, manager, "Nog een keer")
    case = load(any_engine, case_id)
    new_day = removal_date(closed_at, RetentionPeriod(), True)
    assert (
        retention_status(case).removal_date
        == new_day
        == RetentionPeriod().after(removal_date(closed_at, RetentionPeriod(), False))
    )
    with Session(any_engine) as session:
        lines = session.exec(select(CaseEvent).where(CaseEvent.trigger == "bewaartermijn_verlengd")).all()
        warning = session.exec(select(Reminder).where(Reminder.kind == RETENTION_WARNING)).one()
    assert [e.reason for e in lines] == [
        f"Bewaartermijn verlengd tot {new_day:%d-%m-%Y}. Reden: Rechter vraagt het dossier op"
    ]
    assert warning.state == "open" and warning.due_at.date() == new_day - dt.timedelta(days=7)
    clock.set(removal_moment(closed_at, RetentionPeriod(), False) + dt.timedelta(days=1))
    assert purge_due(any_engine, clock.now()) == 0, "kept: extended"
    clock.set(removal_moment(closed_at, RetentionPeriod(), True))
    assert purge_due(any_engine, clock.now()) == 1
    with Session(any_engine) as session:
        reason = session.exec(select(CaseEvent.reason).where(CaseEvent.trigger == "bewaartermijn_verlengd")).one()
    assert reason == f"Bewaartermijn verlengd tot {new_day:%d-%m-%Y}. Reden: [verwijderd]"
    with pytest.raises(TriggerNotAllowedHere):
        extend_retention(uow(), case_id, manager, "Te laat")


def test_reopening_after_removal_is_refused(any_engine, clock):
    uow, manager, coordinator = world(any_engine, clock)
    case_id = closed_case(any_engine, clock, uow, manager, coordinator)
    clock.set(removal_moment(load(any_engine, case_id).closed_at, RetentionPeriod(), False))
    assert purge_due(any_engine, clock.now()) == 1
    with pytest.raises(GuardRefused) as refusal:
        advance(uow(), case_id, "reopen", manager, None, "Toch nog iets")
    assert [m.field for m in refusal.value.missing] == ["persoonsgegevens"]


def test_the_period_comes_from_the_environment(engine, clock, monkeypatch):
    uow, manager, coordinator = world(engine, clock)
    monkeypatch.setenv("KRING_RETENTION_DAYS", "10")
    case_id = closed_case(engine, clock, uow, manager, coordinator)
    closed_at = load(engine, case_id).closed_at
    with Session(engine) as session:
        warning = session.exec(select(Reminder).where(Reminder.kind == RETENTION_WARNING)).one()
    assert warning.due_at.date() == removal_date(closed_at, RetentionPeriod(0, 10), False) - dt.timedelta(days=7)
    clock.set(closed_at + dt.timedelta(days=9))
    period = load_settings().retention_period()  # read after the environment changed, as at start-up
    assert purge_due(engine, clock.now(), period) == 0
    clock.set(closed_at + dt.timedelta(days=11))
    assert purge_due(engine, clock.now(), period) == 1


def test_reminders_run_command_removes_due_personal_data(engine, clock, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from web.cli import main

    uow, manager, coordinator = world(engine, clock)
    case_id = closed_case(engine, clock, uow, manager, coordinator)
    moment = removal_moment(load(engine, case_id).closed_at, RetentionPeriod(), False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"KRING_DATABASE_URL": str(engine.url)}).invoke(
        main, ["reminders", "run", "--now", moment.isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert load(engine, case_id).personal_data_removed_at is not None
    assert hits(engine) == []
