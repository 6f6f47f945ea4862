"""The plan shared by link and code, as storage keeps it, on SQLite and PostgreSQL: a share per recipient with
only hashes stored, the right code opens (and is counted), a wrong one is refused, the fifth locks, the link
ends after 30 days or when revoked, and the registration's "plan verstuurd" and the history follow."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage import plan_shares as shares
from storage.models import Case, CaseEvent
from tests.conftest import People
from tests.walks import team_in_nazorg
from workflow.errors import CaseNotFound, NotPermitted, TriggerNotAllowedHere
from workflow.phases import Role
from workflow.plan_sharing import Recipient
from workflow.recording import record_registration

PDF = b"%PDF-1.7 test plan"
NETWORK = {"netwerk": [{"naam": "Oma Jansen", "relatie": "Grootouders", "status": "aanwezig"}]}
PLAN = {"afspraken": [{"wie": "Oma Jansen", "wat": "haalt Sam op van school", "wanneer": "2026-04-07"}]}
OMA = Recipient("Oma Jansen", "oma@voorbeeld.nl", "+31612345678")
TANTE = Recipient("Tante Els", "els@voorbeeld.nl")


@pytest.fixture
def shared(any_engine, clock):
    """A case with a plan, shared with Oma and Tante Els: (engine, uow, case id, coordinator, [NewShare])."""
    case, uow, _manager, coordinator = team_in_nazorg(any_engine, clock)
    record_registration(uow(), case.id, coordinator, None, "netwerk", NETWORK)
    record_registration(uow(), case.id, coordinator, None, "plan", PLAN)
    made = shares.share_plan(uow(), case.id, coordinator, [OMA, TANTE], lambda _case: PDF)
    return any_engine, uow, case.id, coordinator, made


def rows(engine, case_id):
    with Session(engine) as session:
        return shares.shares_of(session, case_id)


def test_a_share_per_recipient_with_only_hashes_and_the_sending_noted(shared, clock):
    engine, uow, case_id, coordinator, made = shared
    assert [m.recipient for m in made] == [OMA, TANTE]
    assert all(len(m.code) == 6 and m.code.isdigit() for m in made)
    assert made[0].expires_at == clock.now() + dt.timedelta(days=30)
    with Session(engine) as session:
        stored = session.exec(select(shares.PlanShare).order_by(shares.PlanShare.id)).all()
        case_events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
        record = session.get(Case, case_id).record
    for share, new in zip(stored, made, strict=True):
        assert share.token_hash == shares.digest(new.token) and new.token not in (share.token_hash, share.code_hash)
        assert new.code not in share.code_hash and share.code_hash != shares.digest(new.code), "code hashed with token"
        assert share.created_by_id == coordinator.user_id and share.revoked_at is None
    assert record["plan_verstuurd"] == {"datum": "2026-03-02", "aan": ["Oma Jansen", "Tante Els"]}
    assert (
        "Plan gedeeld (persoonlijke link en code) met Oma Jansen (oma@voorbeeld.nl), Tante Els"
        in case_events[-1].reason
    )
    assert [r.state(clock.now()) for r in rows(engine, case_id)] == ["open", "open"]


def test_the_right_code_opens_and_counts_a_wrong_one_is_refused(shared, clock):
    engine, uow, case_id, _coordinator, made = shared
    oma = made[0]
    wrong = "000000" if oma.code != "000000" else "111111"
    assert shares.try_code(uow(), oma.token, wrong) == shares.Attempt(shares.WRONG, tries_left=4)
    assert shares.try_code(uow(), oma.token, "12a").problem == shares.MALFORMED
    clock.advance(hours=1)
    opened = shares.try_code(uow(), oma.token, f" {oma.code[:3]} {oma.code[3:]} ")
    assert opened.problem is None and opened.pdf == PDF and opened.ref.startswith("EK-")
    clock.advance(hours=1)
    shares.try_code(uow(), oma.token, oma.code)
    (els, first) = rows(engine, case_id)
    assert (first.name, first.opens, first.last_open) == ("Oma Jansen", 2, clock.now())
    assert (els.opens, els.last_open) == (0, None)
    assert shares.try_code(uow(), made[1].token, oma.code).problem in (shares.WRONG, None)
    assert shares.try_code(uow(), "x" * 43, oma.code).problem == shares.UNKNOWN
    assert shares.try_code(uow(), "../" + oma.token, oma.code).problem == shares.UNKNOWN


def test_five_wrong_codes_lock_the_link_even_the_right_code_then(shared, clock):
    _engine, uow, _case_id, _coordinator, made = shared
    oma = made[0]
    wrong = "000000" if oma.code != "000000" else "111111"
    answers = [shares.try_code(uow(), oma.token, wrong) for _ in range(5)]
    assert [a.problem for a in answers] == [shares.WRONG] * 4 + [shares.LOCKED]
    assert [a.tries_left for a in answers[:4]] == [4, 3, 2, 1]
    assert shares.try_code(uow(), oma.token, oma.code) == shares.Attempt(shares.LOCKED)
    assert shares.try_code(uow(), made[1].token, made[1].code).pdf == PDF, "another recipient's link still works"


def test_the_link_ends_after_thirty_days(shared, clock):
    engine, uow, case_id, _coordinator, made = shared
    clock.advance(days=30, seconds=-1)
    assert shares.try_code(uow(), made[0].token, made[0].code).pdf == PDF
    clock.advance(seconds=1)
    assert shares.try_code(uow(), made[0].token, made[0].code) == shares.Attempt(shares.EXPIRED)
    with Session(engine) as session:
        assert shares.link_problem(shares.find(session, made[1].token), clock.now()) == shares.EXPIRED
    assert [r.state(clock.now()) for r in rows(engine, case_id)] == ["verlopen", "verlopen"]


def test_a_revoked_link_no_longer_opens_and_only_the_cases_people_revoke(shared, clock):
    engine, uow, case_id, coordinator, made = shared
    people = People(engine)
    _, other = people.make(Role.COORDINATOR, "ander@kring.test")
    _, bureau = people.make(Role.ADMIN, "bureau@kring.test", regions=())
    with pytest.raises(CaseNotFound):
        shares.revoke(uow(), case_id, made[0].share_id, other)
    with pytest.raises(NotPermitted):
        shares.revoke(uow(), case_id, made[0].share_id, bureau)
    with pytest.raises(CaseNotFound):
        shares.revoke(uow(), case_id, 10_000, coordinator)
    shares.revoke(uow(), case_id, made[0].share_id, coordinator)
    shares.revoke(uow(), case_id, made[0].share_id, coordinator)  # twice: one history line
    assert shares.try_code(uow(), made[0].token, made[0].code) == shares.Attempt(shares.REVOKED)
    assert shares.try_code(uow(), made[1].token, made[1].code).pdf == PDF
    with Session(engine) as session:
        reasons = [e.reason for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id))]
    assert reasons.count("Link naar het plan ingetrokken voor Oma Jansen") == 1
    assert [r.state(clock.now()) for r in rows(engine, case_id)] == ["open", "ingetrokken"]


def test_only_the_cases_coordinators_and_regiomanager_share_and_only_a_plan(any_engine, clock):
    case, uow, manager, coordinator = team_in_nazorg(any_engine, clock)
    people = People(any_engine)
    _, other = people.make(Role.COORDINATOR, "ander@kring.test")
    _, bureau = people.make(Role.ADMIN, "bureau@kring.test", regions=())
    _, elsewhere = people.make(Role.REGIOMANAGER, "rm-zuid@kring.test", regions=("Limburg",))
    with pytest.raises(TriggerNotAllowedHere, match="nog geen afspraken"):
        shares.share_plan(uow(), case.id, coordinator, [TANTE], lambda _c: PDF)
    record_registration(uow(), case.id, coordinator, None, "plan", PLAN)
    for who, refusal in ((other, CaseNotFound), (elsewhere, CaseNotFound), (bureau, NotPermitted)):
        with pytest.raises(refusal):
            shares.share_plan(uow(), case.id, who, [TANTE], lambda _c: PDF)
    assert len(shares.share_plan(uow(), case.id, manager, [TANTE], lambda _c: PDF)) == 1
    with Session(any_engine) as session:
        assert len(shares.shares_of(session, case.id)) == 1
