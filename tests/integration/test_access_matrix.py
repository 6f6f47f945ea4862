"""The access matrix (issue 9): a coordinator who is not on the case, a regiomanager of another region and an
anonymous visitor can neither read nor change a case through any page or API endpoint.

Generic over `app.url_map`: every rule, every method, every kind of caller. A rule with an argument this file
does not know fails the test by name (add it to `argument_values`), so a new route is covered or named, never
silently skipped. Each request is checked on its own: the status, the response (no ref, name or question of
the cases), and the rows of the cases (byte for byte the same afterwards)."""

import datetime as dt
import io
import itertools
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from storage import plan_shares
from storage import questionnaires as store
from storage.matching import CoordinatorAbsence
from storage.models import ApiToken, Case, Municipality, Offer, Region
from storage.reminders import Reminder
from tests.conftest import PASSWORD, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, offered_case
from workflow import registration as reg
from workflow.figures import TABLE_IDS
from workflow.phases import Phase, Role
from workflow.registration.schema import example_meeting
from workflow.table import TRIGGERS
from workflow.usecases import advance, create_application

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
REFUSED = {401, 403, 404, 405}

# The case everything is about: open (meeting held, so links, tasks and a registration page exist).
OPEN_INTAKE = {
    "gemeente": "Zaanstad",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Jeugdteam Kogerveld", "email": "m.melder@kogerveld.test"},
    "vraag": "Hoe blijven Sam en Lotte veilig bij oma Ria?",
    "hoofdpersonen": [
        {"naam": "Sam Verhoeven", "soort": "minderjarig", "geslacht": "jongen", "geboortedatum": "2016-05-01"},
        {"naam": "Petra Verhoeven", "soort": "volwassen", "geslacht": "vrouw"},
    ],
}
# A second case of the same coordinator, closed: it is what the reports and the registrations export count.
CLOSED_INTAKE = {
    "gemeente": "Haarlem",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Wijkteam Schalkwijk-Zuid"},
    "vraag": "Wat heeft Noor nodig om thuis te blijven?",
    "hoofdpersonen": [
        {"naam": "Noor Bakkenes", "soort": "minderjarig", "geslacht": "meisje", "geboortedatum": "2014-02-03"},
        {"naam": "Fleur Bakkenes", "soort": "volwassen", "geslacht": "vrouw"},
    ],
}
# A third, new application in Noord-Holland not offered to anyone yet: the inbox and the matching pages.
NEW_INTAKE = {
    "gemeente": "Purmerend",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Sociaal team Weidevenne"},
    "vraag": "Wie helpt Mila na de verhuizing?",
    "hoofdpersonen": [{"naam": "Mila Oosterwijk", "soort": "minderjarig", "geslacht": "meisje"}],
}
# Limburg's own case, so the other regiomanager's lists are not empty.
LIMBURG_INTAKE = {
    "gemeente": "Maastricht",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Buurtteam Wyck"},
    "vraag": "Hoe vindt Daan weer rust?",
    "hoofdpersonen": [{"naam": "Daan Custers", "soort": "minderjarig", "geslacht": "jongen"}],
}
MEETING = example_meeting(
    datum="2026-03-02",
    duur_totaal_uur="4",
    duur_besloten_uur="1",
    uitgenodigd_niet_aanwezig="0",
    aanwezigen={"Ouders": "2"},
)
# Follow-up tasks fall due 28 days after the meeting; the links stay open 30 days. In between, both exist.
LATER = dt.timedelta(days=29)

# Routes anyone may open without logging in. Each must show no case data: the test requests every one of
# them as every caller with every method and checks the response for the cases' refs, names and questions.
PUBLIC = {
    "auth.login": "the login form; answers only with its own error message",
    "intake.apply": "the public intake form /aanmelden; answers with a thank-you page, never the data sent",
    "intake.thanks": "the intake's thank-you page",
    "questionnaires.public_form": "a questionnaire link /v/<token>: the questions only, no case data",
    "questionnaires.thanks": "the questionnaire's thank-you page",
    "password_reset.ask": "'Wachtwoord vergeten?': the same answer for every address, no case data",
    "password_reset.reset": "a reset link /wachtwoord-herstellen/<token>: a password form or a refusal",
    "plan_share.open_plan": "a shared plan /plan/<token>: a code form or a refusal; the PDF only for the code",
    "static": "stylesheets",
    "api.openapi": "the OpenAPI document of the API",
    "health.health": 'the proxy health check: {"status": "ok"} or 503 when the database does not answer',
}

# Arguments that name a case or something inside it (an offer, a task, a meeting, a questionnaire link).
CASE_ARGUMENTS = {"case_id", "offer_id", "task_id", "meeting_number", "link_id", "share_id"}
# Arguments that name the case's coordinator's own account or profile: not the caller's either.
OWNER_ARGUMENTS = {"coordinator_id", "user_id", "absence_id", "token_id"}
# Routes that end the caller's session on the server (logout): requested last, so the callers' cookies
# stay valid for every other route.
SESSION_ENDING = {"auth.logout"}

# Query strings for the listing endpoints, so their filters are tried too (besides the bare address).
QUERIES = {
    "cases.case_list": lambda w: [
        {"coordinator": w.owner_coordinator_id},
        {"gemeente": w.zaanstad_id},
        {"fase": Phase.NAZORG.value},
    ],
    "cases.inbox": lambda w: [{"pagina": "2"}, {"sorteer": "zaak", "richting": "af"}],
    "cases.search": lambda w: [{"q": "Verhoeven"}, {"q": "Zaanstad"}, {"q": "Kogerveld"}, {"q": "EK-"}],
    "reports.index": lambda w: [{"jaar": "2026"}, {"regio": w.noord_holland_id}],
    "reports.cell": lambda w: (
        [{"jaar": "2026", "table": t} for t in TABLE_IDS] + [{"jaar": "2026", "table": "T3", "label": "Noord-Holland"}]
    ),
    "reports.download": lambda w: [{"jaar": "2026"}],
    "api.list_cases": lambda w: [
        {"q": "Verhoeven"},
        {"coordinator": w.owner_coordinator_id},
        {"region": "Noord-Holland"},
        {"phase": Phase.NAZORG.value},
    ],
    "api.reminders": lambda w: [{"state": "open"}, {"due_before": "2027-01-01"}],
    "api.yearly_report_json": lambda w: [{"year": "2026"}, {"year": "2026", "region": "Noord-Holland"}],
    "api.export_registrations": lambda w: [{"year": "2026"}],
    "admin.inzage": lambda w: [{"naam": "Sam Verhoeven"}],
}


@dataclass(frozen=True)
class Caller:
    name: str
    cookie: str | None = None  # the session cookie of a logged-in browser
    token: str | None = None  # an API bearer token
    api_only: bool = False

    @property
    def anonymous(self) -> bool:
        return self.cookie is None and self.token is None


@dataclass
class World:
    app: Any
    engine: sa.Engine
    clock: Any
    case_ids: list[int]
    markers: list[str]
    values: dict[str, list[Any]]
    owner_coordinator_id: int
    zaanstad_id: int
    noord_holland_id: int
    version: int
    callers: list[Caller]
    insiders: list[Caller]


def _build_case(uow, intake, manager, coordinator, close: bool) -> int:
    case = offered_case(uow, manager, coordinator, intake)
    steps = [
        ("accept_match", {}),
        ("start_activation", {"informatief_gesprek_datum": "2026-03-02"}),
        ("plan_meeting", {"datum": "2026-03-02", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": "5"}),
        ("hold_meeting", MEETING),
    ]
    for trigger, data in steps:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    if close:
        fill_registration(uow, case.id, coordinator)
        advance(uow(), case.id, "close", coordinator, None, "", CLOSE_WITH_PLAN)
    return case.id


def plan_share_of(session, case_id: int, now: dt.datetime) -> plan_shares.PlanShare:
    """A link to the case's plan (made directly: the open case has no agreements to share)."""
    document = plan_shares.PlanShareDocument(case_id=case_id, created_at=now, pdf=b"%PDF")
    session.add(document)
    session.flush()
    share = plan_shares.PlanShare(
        case_id=case_id,
        document_id=document.id,
        recipient_name="Oma Ria",
        recipient_email="ria@kogerveld.test",
        token_hash="0" * 64,
        code_hash="0" * 64,
        created_at=now,
        expires_at=now + dt.timedelta(days=30),
        created_by_name="co-a",
    )
    session.add(share)
    session.flush()
    return share


@pytest.fixture
def world(app, engine, clock, people, login):
    _, manager = people.make(Role.REGIOMANAGER, "rm@kring.test")  # Noord-Holland
    owner_user, owner = people.make(Role.COORDINATOR, "co-a@kring.test")
    other_user, _ = people.make(Role.COORDINATOR, "co-b@kring.test")  # same region, never offered the case
    limburg_user, limburg = people.make(Role.REGIOMANAGER, "rm-limburg@kring.test", regions=("Limburg",))
    admin_user, _ = people.make(Role.ADMIN, "admin@kring.test")
    uow = units_of_work(engine, clock)
    open_id = _build_case(uow, OPEN_INTAKE, manager, owner, close=False)
    closed_id = _build_case(uow, CLOSED_INTAKE, manager, owner, close=True)
    new_id = create_application(uow(), NEW_INTAKE, manager).id
    create_application(uow(), LIMBURG_INTAKE, limburg)
    case_ids = [open_id, closed_id, new_id]
    clock.advance(seconds=LATER.total_seconds())

    with Session(engine, expire_on_commit=False) as session:
        absence = CoordinatorAbsence(
            coordinator_id=owner.coordinator_id, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 14), note="vakantie"
        )
        session.add(absence)
        share = plan_share_of(session, open_id, clock.now())
        session.commit()
        cases = [session.get(Case, case_id) for case_id in case_ids]
        offers = session.exec(select(Offer.id).where(Offer.case_id.in_(case_ids))).all()
        tasks = session.exec(select(Reminder.id).where(Reminder.case_id.in_(case_ids))).all()
        links = [link for case_id in case_ids for link in store.links_for_case(session, case_id)]
        zaanstad = session.exec(select(Municipality).where(Municipality.name == "Zaanstad")).one()
        noord_holland = session.exec(select(Region).where(Region.name == "Noord-Holland")).one()
    link_tokens = [store.link_token(link, app.config["SECRET_KEY"]) for link in links]
    assert offers and tasks and links and all(link_tokens), "the cases must have offers, tasks and links"

    markers = [c.ref for c in cases]
    for intake in (OPEN_INTAKE, CLOSED_INTAKE, NEW_INTAKE):
        markers += [p["naam"] for p in intake["hoofdpersonen"]] + [intake["aanmelder"]["naam"], intake["vraag"]]
    markers.append(OPEN_INTAKE["aanmelder"]["email"])
    # Every argument of every rule, mapped onto the cases' own ids (or the owner's, or a harmless choice).
    values = {
        "case_id": case_ids,
        "offer_id": list(offers),
        "task_id": list(tasks),
        "meeting_number": [1],
        "link_id": [link.id for link in links],
        "coordinator_id": [owner.coordinator_id],
        "user_id": [owner_user.id],
        "absence_id": [absence.id],
        "share_id": [share.id],
        "section": list(reg.SECTIONS),
        "trigger": sorted(TRIGGERS),
        "fmt": ["json", "csv", "xlsx"],
        "filename": ["kring.css"],
        "token": link_tokens,
        "contract_id": [1],  # money: the bureau's alone (none made here: the others must still be refused)
        "invoice_id": [1],
        "kind": ["pdf", "xml", "csv"],
    }
    tokens = {
        user.email: people.token(user.id, clock.now()) for user in (other_user, limburg_user, owner_user, admin_user)
    }
    with Session(engine) as session:
        values["token_id"] = list(session.exec(select(ApiToken.id).where(ApiToken.user_id == owner_user.id)))

    def cookie(email: str) -> str:
        return login(email).get_cookie(app.config["SESSION_COOKIE_NAME"]).value

    callers = [
        Caller("coordinator B (logged in)", cookie=cookie("co-b@kring.test")),
        Caller("regiomanager Limburg (logged in)", cookie=cookie("rm-limburg@kring.test")),
        Caller("anonymous"),
        Caller("coordinator B (API token)", token=tokens["co-b@kring.test"], api_only=True),
        Caller("regiomanager Limburg (API token)", token=tokens["rm-limburg@kring.test"], api_only=True),
    ]
    insiders = [
        Caller("coordinator A (logged in)", cookie=cookie("co-a@kring.test")),
        Caller("regiomanager Noord-Holland (logged in)", cookie=cookie("rm@kring.test")),
        Caller("admin (logged in)", cookie=cookie("admin@kring.test")),
        Caller("coordinator A (API token)", token=tokens["co-a@kring.test"], api_only=True),
        Caller("admin (API token)", token=tokens["admin@kring.test"], api_only=True),
    ]
    return World(
        app,
        engine,
        clock,
        case_ids,
        markers,
        values,
        owner.coordinator_id,
        zaanstad.id,
        noord_holland.id,
        cases[0].version,
        callers,
        insiders,
    )


# --- Requests --------------------------------------------------------------------------------------------


def form_body(w: World) -> dict[str, str]:
    """What a web form might send: valid where it can be (the current version, a real coordinator), so a
    missing scope check would show as a change, not hide behind a validation error."""
    return {
        "version": str(w.version),
        "coordinator_id": str(w.owner_coordinator_id),
        "reden": "Overgenomen",
        "uitgedeeld": "7",
        "urgent": "ja",
        "target_groups": "Jongeren",
        "toelichting": "Belang",
        "uitkomst": "plan",
        "follow_up_uitkomst": "positief",
        "datum": "2026-03-31",
        "informatief_gesprek_datum": "2026-03-31",
        "locatie": "Buurthuis of wijkcentrum",
        "uitgenodigd": "5",
        "cijfer_samenwerking_aanmelder": "3",
        "professionele_hulp": "1-2 jaar",
        "email": "co-b@kring.test",
        "password": PASSWORD,
    }


def api_body(w: World, endpoint: str) -> dict[str, Any]:
    """A valid body per API endpoint (its keys are checked before anything else: a wrong key would be 400)."""
    bodies = {
        "api.patch_case": {"version": w.version, "vraag": "Gewijzigd door een ander"},
        "api.transition": {
            "trigger": "start_follow_up_conference",
            "version": w.version,
            "reason": "Nodig",
            "data": {},
        },
        "api.offer": {"coordinator_id": w.owner_coordinator_id, "version": w.version},
        "api.decline": {"reason": "Geen tijd"},
        "api.accept": {},
    }
    return bodies.get(endpoint, {"version": w.version})


def send(w: World, caller: Caller, method: str, url: str, endpoint: str):
    client = w.app.test_client(use_cookies=False)
    headers = {}
    if caller.cookie:
        headers["Cookie"] = f"{w.app.config.get('SESSION_COOKIE_NAME', 'session')}={caller.cookie}"
    if caller.token:
        headers["Authorization"] = f"Bearer {caller.token}"
    kwargs: dict[str, Any] = {}
    if method in WRITES:
        if url.startswith("/api/"):
            kwargs["json"] = api_body(w, endpoint)
        else:
            kwargs["data"] = form_body(w)
    return client.open(url, method=method, headers=headers, **kwargs)


def text_of(response) -> str:
    """The response as text; an xlsx (a zip) as the text of its parts."""
    data = response.get_data()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
    return data.decode("utf-8", "replace") + "\n" + response.headers.get("Location", "")


def requests_of(w: World, rule) -> list[tuple[str, str]]:
    """(method, url) for every method and every combination of the rule's arguments (and listing filters)."""
    arguments = sorted(rule.arguments)
    unknown = [a for a in arguments if a not in w.values]
    if unknown:
        pytest.fail(
            f"{rule.rule} ({rule.endpoint}) has argument(s) {unknown} that the access matrix does not "
            "know: map them onto the case's own ids in argument_values, so the route is tested"
        )
    adapter = w.app.url_map.bind("localhost")
    own_method = sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
    combos = [
        dict(zip(arguments, combo, strict=True)) for combo in itertools.product(*(w.values[a] for a in arguments))
    ]
    queries = [{}] + (QUERIES[rule.endpoint](w) if rule.endpoint in QUERIES else [])
    out = []
    for method in METHODS:
        # A method the rule does not take needs only one address: the answer is about the method.
        for i, combo in enumerate(combos if method in rule.methods else combos[:1]):
            path = adapter.build(rule.endpoint, combo, method=own_method)
            for query in queries if method == "GET" and i == 0 else [{}]:
                out.append((method, path + ("?" + urlencode(query) if query else "")))
    return out


def kind_of(rule) -> str:
    if rule.endpoint in PUBLIC:
        return "public"
    if rule.arguments & (CASE_ARGUMENTS | OWNER_ARGUMENTS):
        return "case"
    return "listing"


def problems_with(kind: str, caller: Caller, url: str, response, markers: list[str]) -> list[str]:
    """What is wrong with this answer for this caller; [] when it gives nothing away."""
    found = []
    status = response.status_code
    if status >= 500:
        found.append(f"server error {status}")
    shown = [m for m in markers if m in text_of(response)]
    if shown:
        found.append(f"shows {shown}")
    if kind == "public" or (kind == "listing" and not caller.anonymous):
        return found  # may answer, as long as it shows nothing of the cases
    location = response.headers.get("Location", "")
    to_login = status in (302, 303) and urlsplit(location).path == "/login"
    if status in REFUSED or (caller.anonymous and not url.startswith("/api/") and to_login):
        return found
    return found + [f"status {status}" + (f" → {location}" if location else "")]


# --- The rows of the cases -------------------------------------------------------------------------------


def snapshot(engine: sa.Engine, case_ids: list[int]) -> dict[str, str]:
    """Every row of the cases as JSON, per table: the case rows, every table with a case_id (history, offers,
    main persons, reminders, links, audit, access log …) and the tables hanging off those (responses)."""
    tables = SQLModel.metadata.tables
    out: dict[str, str] = {}
    ids: dict[str, list[Any]] = {}
    with engine.connect() as connection:

        def rows(table, condition) -> list[dict[str, Any]]:
            query = sa.select(table).where(condition).order_by(*table.primary_key.columns)
            found = [dict(r._mapping) for r in connection.execute(query)]
            out[table.name] = json.dumps(found, sort_keys=True, default=str)
            return found

        case = tables["case"]
        rows(case, case.c.id.in_(case_ids))
        for table in tables.values():
            to_case = [fk.parent for fk in table.foreign_keys if fk.column.table is case]
            column = table.c.get("case_id")
            if column is not None or to_case:
                found = rows(
                    table, sa.or_(*[c.in_(case_ids) for c in {*to_case, *([column] if column is not None else [])}])
                )
                if "id" in table.c:
                    ids[table.name] = [r["id"] for r in found]
        for table in tables.values():
            if table.name in out:
                continue
            parents = [fk for fk in table.foreign_keys if fk.column.table.name in ids and fk.column.name == "id"]
            if parents:
                rows(table, sa.or_(*[fk.parent.in_(ids[fk.column.table.name]) for fk in parents]))
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# --- The tests -------------------------------------------------------------------------------------------


def test_no_outsider_reads_or_changes_a_case_through_any_route(world):
    w = world
    before = snapshot(w.engine, w.case_ids)
    assert {
        "case",
        "caseevent",
        "offer",
        "mainperson",
        "reminder",
        "questionnairelink",
        "questionnaireresponse",
    } <= set(before), "the snapshot must hold the cases' related rows"
    leaks, combinations, requests, statuses = [], set(), 0, Counter()
    for rule in sorted(w.app.url_map.iter_rules(), key=lambda r: (r.endpoint in SESSION_ENDING, r.rule, r.endpoint)):
        kind = kind_of(rule)
        for method, url in requests_of(w, rule):
            for caller in w.callers:
                if caller.api_only and not url.startswith("/api/"):
                    continue
                combinations.add((rule.rule, method, caller.name))
                requests += 1
                try:
                    response = send(w, caller, method, url, rule.endpoint)
                    statuses[(kind, response.status_code)] += 1
                    problems = problems_with(kind, caller, url, response, w.markers)
                except Exception as error:  # a crash is a finding too, named like the others
                    problems = [f"raised {type(error).__name__}: {error}"]
                after = snapshot(w.engine, w.case_ids)
                if after != before:
                    problems.append(f"changed {changed(before, after)}")
                    before = after  # name each change once, at the request that made it
                if problems:
                    leaks.append(
                        f"{method} {url} [rule {rule.rule}, {rule.endpoint}] as {caller.name}: " + "; ".join(problems)
                    )
    print(
        f"access matrix: {len(combinations)} (rule, method, caller) combinations, {requests} requests; "
        f"answers by kind of route and status: {dict(sorted(statuses.items()))}"
    )
    assert not leaks, f"{len(leaks)} leak(s):\n" + "\n".join(leaks)
    assert len(combinations) > 300


def test_the_public_allow_list_names_only_existing_routes_without_case_arguments(world):
    rules = {}
    for rule in world.app.url_map.iter_rules():
        rules.setdefault(rule.endpoint, []).append(rule)
    assert set(PUBLIC) <= set(rules), f"allow-listed but gone: {sorted(set(PUBLIC) - set(rules))}"
    for endpoint in PUBLIC:
        for rule in rules[endpoint]:
            assert not rule.arguments & (CASE_ARGUMENTS | OWNER_ARGUMENTS), (
                f"{rule.rule} is public but takes {sorted(rule.arguments)}: it would give a case away"
            )
    # Whether they show case data is checked in the matrix above (every public route, every caller).


def test_the_matrix_can_see_a_leak(world):
    """The controls: the insiders do get every case page with the real ids, the markers are on the case
    page, the listings show the cases to those who may see them, and the snapshot notices a change."""
    w = world
    missing = []
    for rule in w.app.url_map.iter_rules():
        if kind_of(rule) != "case" or "GET" not in rule.methods:
            continue
        statuses = {
            url: [
                send(w, insider, "GET", url, rule.endpoint).status_code
                for insider in w.insiders
                if not (insider.api_only and not url.startswith("/api/"))
            ]
            for method, url in requests_of(w, rule)
            if method == "GET"
        }
        if not any(200 in found for found in statuses.values()):
            missing.append(f"{rule.rule} ({rule.endpoint}): insiders got {statuses}")
    assert not missing, "the ids in argument_values reach no real page:\n" + "\n".join(missing)

    owner, manager = w.insiders[0], w.insiders[1]
    page = text_of(send(w, owner, "GET", f"/zaken/{w.case_ids[0]}", "cases.case_page"))
    expected = [
        w.markers[0],
        *(p["naam"] for p in OPEN_INTAKE["hoofdpersonen"]),
        OPEN_INTAKE["aanmelder"]["naam"],
        OPEN_INTAKE["vraag"],
    ]
    assert [m for m in expected if m not in page] == [], "the markers must be what a case page shows"
    for caller, url in [
        (owner, "/mijn-zaken"),
        (owner, "/taken"),
        (manager, "/zaken"),
        (manager, "/inbox"),
        (manager, "/rapportage/zaken?jaar=2026&table=T3&label=Noord-Holland"),
        (w.insiders[3], "/api/v1/cases"),
        (w.insiders[3], "/api/v1/reminders"),
        (w.insiders[4], "/api/v1/registrations?year=2026"),
    ]:
        shown = text_of(send(w, caller, "GET", url, ""))
        assert any(m in shown for m in w.markers), f"{url} shows {caller.name} nothing of the cases"

    before = snapshot(w.engine, w.case_ids)
    link_id = w.values["link_id"][0]
    response = send(w, owner, "POST", f"/zaken/{w.case_ids[0]}/vragenlijsten/link/{link_id}/uitgedeeld", "")
    assert response.status_code == 302
    assert changed(before, snapshot(w.engine, w.case_ids)) == ["questionnairelink"]
