"""The plan to everyone, through the pages, on SQLite and PostgreSQL: the coordinator sends the plan (a real
PDF by WeasyPrint), each recipient gets a mail over real SMTP (aiosmtpd) with the link and neither the code nor
the plan, the code goes by SMS (a tiny local gateway) or is shown once; the public page asks for the code; the
form refuses wrong, missing and hostile values; only the case's people send or revoke, the bureau looks."""

import json
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlmodel import Session, select

from notifications.mail import NONE, MailSettings
from notifications.sms import HttpSmsGateway, SmsNotSent, SmsSettings
from storage import plan_shares as shares
from tests.conftest import ADMIN, PASSWORD, make_app
from tests.integration.test_password_reset import Inbox, free_port
from tests.walks import team_in_nazorg
from workflow.phases import Role
from workflow.recording import record_registration
from workflow.usecases import create_application, offer_case

NETWORK = {
    "netwerk": [
        {"naam": "Oma Jansen", "relatie": "Grootouders", "status": "aanwezig"},
        {"naam": "Oom Piet", "relatie": "Overige familieleden", "status": "afgezegd"},
    ]
}
AGREEMENT = "haalt Sam elke dinsdag op van school"
PLAN = {"afspraken": [{"wie": "Oma Jansen", "wat": AGREEMENT, "wanneer": "2026-04-07"}], "noodplan": "ja"}


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


class Gateway(BaseHTTPRequestHandler):
    """A tiny SMS gateway: keeps each message, answers with the status the test sets."""

    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append((self.headers.get("Authorization"), json.loads(body)))
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, *_args):
        pass


@pytest.fixture
def gateway():
    Gateway.received, Gateway.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


@pytest.fixture
def world(engine, clock, inbox):
    """(app, case id, uow, manager, coordinator): a case with a network and a plan, mail to the inbox."""
    case, uow, manager, coordinator = team_in_nazorg(engine, clock)
    record_registration(uow(), case.id, coordinator, None, "netwerk", NETWORK)
    record_registration(uow(), case.id, coordinator, None, "plan", PLAN)
    mail = MailSettings("127.0.0.1", inbox.port, "kring@test", "http://kring.test", security=NONE)
    return make_app(engine, clock, MAIL=mail), case.id, uow, manager, coordinator


def browser_of(app, email):
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return browser


def send(app, browser, case_id, data):
    answer = browser.post(f"/zaken/{case_id}/plan/delen", data=data)
    app.extensions["kring.outbox"].flush()
    return answer


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_without_a_mail_server_the_coordinator_is_shown_each_link_to_pass_on(world, engine, clock, monkeypatch):
    _app, case_id, *_ = world
    monkeypatch.delenv("KRING_SMTP_HOST", raising=False)
    app = make_app(engine, clock)  # no MAIL: no mail server configured
    sent = send(app, browser_of(app, "co@kring.test"), case_id, {"r-0-kies": "1", "r-0-email": "oma@voorbeeld.nl"})
    assert sent.status_code == 200 and "Er is geen mailserver ingesteld" in sent.text
    (link,) = re.findall(r'class="wrap share-link">http://localhost/plan/([\w-]+)<', sent.text)
    (code,) = re.findall(r'class="one-time-code">(\d{6})<', sent.text)
    opened = app.test_client().post(f"/plan/{link}", data={"code": code})
    assert opened.status_code == 200 and opened.mimetype == "application/pdf"


def test_send_mail_code_shown_and_the_public_page_answers_the_pdf(world, inbox, tmp_path, clock):
    app, case_id, _uow, _manager, _coordinator = world
    coordinator = browser_of(app, "co@kring.test")
    form = coordinator.get(f"/zaken/{case_id}/plan/delen")
    assert form.status_code == 200 and "Oma Jansen" in form.text and "Oom Piet" in form.text
    assert 'id="plan-delen-link"' in coordinator.get(f"/zaken/{case_id}").text
    sent = send(app, coordinator, case_id, {"r-0-kies": "1", "r-0-email": "oma@voorbeeld.nl"})
    assert sent.status_code == 200
    (code,) = re.findall(r'class="one-time-code">(\d{6})<', sent.text)
    (mail,) = inbox.arrived
    body = mail.get_content()
    assert mail["To"] == "oma@voorbeeld.nl" and "Beste Oma Jansen" in body
    (link,) = re.findall(r"http://kring\.test/plan/(\S+)", body)
    assert code not in body and AGREEMENT not in body and "dinsdag" not in body and not mail.is_multipart()

    public = app.test_client()
    page = public.get(f"/plan/{link}")
    assert page.status_code == 200 and 'name="code"' in page.text
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    wrong = public.post(f"/plan/{link}", data={"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400 and "Deze code klopt niet. U kunt het nog 4 keer proberen." in wrong.text
    empty = public.post(f"/plan/{link}", data={"code": "<script>"})
    assert empty.status_code == 400 and "Vul de code van zes cijfers in." in empty.text
    right = public.post(f"/plan/{link}", data={"code": code})
    assert right.status_code == 200 and right.mimetype == "application/pdf"
    assert right.headers["Content-Disposition"].startswith('attachment; filename="plan-EK-')
    text = pdf_text(right.data, tmp_path)
    assert AGREEMENT in text and "Oma Jansen" in text and "Plan van de familie" in text and "noodplan" in text

    listing = coordinator.get(f"/zaken/{case_id}/plan/delen")
    assert "1× (laatst" in listing.text and "Intrekken" in listing.text
    history = coordinator.get(f"/zaken/{case_id}").text
    assert "Plan gedeeld" in history and "plan_gedeeld" not in history
    assert public.get("/plan/" + "a" * 43).status_code == 404
    clock.advance(days=30)
    expired = public.get(f"/plan/{link}")
    assert expired.status_code == 410 and "Deze link is verlopen" in expired.text
    assert public.post(f"/plan/{link}", data={"code": code}).status_code == 410


def test_the_code_goes_by_sms_when_a_gateway_and_number_are_known(engine, clock, inbox, gateway, monkeypatch):
    monkeypatch.setenv("KRING_SMS_URL", gateway)
    monkeypatch.setenv("KRING_SMS_TOKEN", "geheim-sms")
    case, uow, _manager, coordinator = team_in_nazorg(engine, clock)
    record_registration(uow(), case.id, coordinator, None, "plan", PLAN)
    mail = MailSettings("127.0.0.1", inbox.port, "kring@test", "http://kring.test", security=NONE)
    app = make_app(engine, clock, MAIL=mail)
    browser = browser_of(app, "co@kring.test")
    data = {"r-1-naam": "Tante Els", "r-1-email": "els@voorbeeld.nl", "r-1-mobiel": "06 1234 5678"}
    data |= {"r-2-naam": "Buurman", "r-2-email": "buur@voorbeeld.nl"}  # r-0: the referrer
    sent = send(app, browser, case.id, data)
    assert sent.status_code == 200 and "per sms verstuurd naar +31612345678" in sent.text
    assert len(re.findall(r'class="one-time-code">\d{6}<', sent.text)) == 1, "only the one without a number"
    ((auth, message),) = Gateway.received
    assert auth == "Bearer geheim-sms" and message["to"] == "+31612345678"
    code = re.search(r"\d{6}", message["text"]).group()
    assert code not in sent.text and AGREEMENT not in message["text"]
    els_mail = next(m for m in inbox.arrived if m["To"] == "els@voorbeeld.nl")
    assert "per sms" in els_mail.get_content() and code not in els_mail.get_content()
    with Session(engine) as session:
        via = {s.recipient_name: s.code_via for s in session.exec(select(shares.PlanShare))}
    assert via == {"Tante Els": "sms", "Buurman": "coordinator"}

    Gateway.status = 500
    again = send(
        app, browser, case.id, {"r-1-naam": "Tante Els", "r-1-email": "els@voorbeeld.nl", "r-1-mobiel": "0612345678"}
    )
    assert "sms lukte niet" in again.text and len(re.findall(r'one-time-code">\d{6}<', again.text)) == 1


def test_the_sms_port_posts_json_and_raises_on_refusal(gateway):
    HttpSmsGateway(SmsSettings(gateway)).send("+31612345678", "code 123456")
    assert Gateway.received == [(None, {"to": "+31612345678", "text": "code 123456"})]
    Gateway.status = 503
    with pytest.raises(SmsNotSent):
        HttpSmsGateway(SmsSettings(gateway)).send("+31612345678", "x")
    with pytest.raises(SmsNotSent):
        HttpSmsGateway(SmsSettings(f"http://127.0.0.1:{free_port()}/dicht")).send("+31612345678", "x")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Ontvangers: kies ten minste één ontvanger"),
        ({"r-0-kies": "1"}, "E-mailadres: vul dit in"),
        ({"r-0-kies": "1", "r-0-email": "geen-adres"}, "E-mailadres: vul een geldig e-mailadres in"),
        ({"r-3-naam": "x" * 5000, "r-3-email": "a@b.nl"}, "Naam: maximaal 120 tekens (nu 5000)"),
        ({"r-3-naam": "Els", "r-3-email": "a@b.nl\r\nBcc: x@y.nl"}, "E-mailadres: één regel tekst"),
        ({"r-3-naam": "Els\x00", "r-3-email": "a@b.nl"}, "Naam: bevat tekens die niet zijn toegestaan"),
        ({"r-3-email": "a@b.nl"}, "Naam: vul dit in"),
        ({"r-3-naam": "Els", "r-3-email": "a@b.nl", "r-3-mobiel": "06 1234"}, "Mobiel nummer: vul een mobiel"),
        ({"r-3-naam": "Els", "r-3-email": "a@b.nl", "r-3-mobiel": "<script>"}, "Mobiel nummer: vul een geldig"),
    ],
)
def test_the_form_refuses_wrong_missing_and_hostile_values(world, inbox, data, message):
    app, case_id, _uow, _manager, _coordinator = world
    answer = send(app, browser_of(app, "co@kring.test"), case_id, data)
    assert answer.status_code == 400 and message in answer.text
    assert inbox.arrived == []
    with Session(app.extensions["kring.engine"]) as session:
        assert session.exec(select(shares.PlanShare)).all() == []


def test_script_in_a_name_is_text_and_a_posted_name_cannot_replace_the_offered_one(world, inbox):
    app, case_id, *_ = world
    browser = browser_of(app, "co@kring.test")
    hostile = "<script>alert(1)</script>"
    data = {"r-0-kies": "1", "r-0-naam": "Iemand Anders", "r-0-email": "oma@voorbeeld.nl"}
    data |= {"r-3-naam": hostile, "r-3-email": "x@voorbeeld.nl", "r-99-naam": "Spook", "r-99-email": "s@v.nl"}
    sent = send(app, browser, case_id, data)
    assert sent.status_code == 200 and hostile not in sent.text and "&lt;script&gt;" in sent.text
    listing = browser.get(f"/zaken/{case_id}/plan/delen").text
    assert "Oma Jansen" in listing and "Iemand Anders" not in listing and "Spook" not in listing
    assert hostile not in listing and sorted(m["To"] for m in inbox.arrived) == ["oma@voorbeeld.nl", "x@voorbeeld.nl"]


def test_only_the_cases_people_send_and_revoke_the_bureau_looks(world, people, engine, clock):
    app, case_id, uow, manager, _coordinator = world
    people.make(Role.ADMIN, ADMIN, regions=())
    other_coordinator = people.make(Role.COORDINATOR, "ander@kring.test")[1]
    other_case = create_application(uow(), {**_intake(), "vraag": "Andere zaak"}, manager)
    offer_case(uow(), other_case.id, other_coordinator.coordinator_id, manager)  # sees it, is not its coordinator
    valid = {"r-0-kies": "1", "r-0-email": "oma@voorbeeld.nl"}
    bureau, other = browser_of(app, ADMIN), browser_of(app, "ander@kring.test")
    assert bureau.get(f"/zaken/{case_id}/plan/delen").status_code == 200
    assert send(app, bureau, case_id, valid).status_code == 403
    assert other.get(f"/zaken/{case_id}/plan/delen").status_code == 404
    assert send(app, other, case_id, valid).status_code == 404
    assert send(app, browser_of(app, "co@kring.test"), other_case.id, valid).status_code == 404
    offered = send(app, other, other_case.id, valid)
    assert offered.status_code == 403 and "Alleen de coördinator van deze zaak of de regiomanager" in offered.text
    regiomanager = browser_of(app, "rm@kring.test")
    assert send(app, regiomanager, case_id, valid).status_code == 200
    with Session(engine) as session:
        (share,) = session.exec(select(shares.PlanShare)).all()
    revoke = f"/zaken/{case_id}/plan/delen/{share.id}/intrekken"
    assert bureau.post(revoke).status_code == 403 and other.post(revoke).status_code == 404
    assert (
        browser_of(app, "co@kring.test").post(f"/zaken/{other_case.id}/plan/delen/{share.id}/intrekken").status_code
        == 404
    )
    done = regiomanager.post(revoke)
    assert done.status_code == 303
    assert "ingetrokken" in regiomanager.get(f"/zaken/{case_id}/plan/delen").text


def test_expired_revoked_and_locked_links_get_their_own_page(world, inbox, clock):
    app, case_id, *_ = world
    browser = browser_of(app, "co@kring.test")
    sent = send(
        app,
        browser,
        case_id,
        {"r-0-kies": "1", "r-0-email": "oma@voorbeeld.nl", "r-1-kies": "1", "r-1-email": "piet@voorbeeld.nl"},
    )
    codes = re.findall(r'one-time-code">(\d{6})<', sent.text)
    links = {m["To"]: re.search(r"/plan/(\S+)", m.get_content()).group(1) for m in inbox.arrived}
    public = app.test_client()
    oma, piet = links["oma@voorbeeld.nl"], links["piet@voorbeeld.nl"]
    for _ in range(5):
        last = public.post(f"/plan/{piet}", data={"code": "999999" if "999999" not in codes else "888888"})
    assert last.status_code == 403 and "Deze link is geblokkeerd" in last.text
    with Session(app.extensions["kring.engine"]) as session:
        share = session.exec(
            select(shares.PlanShare).where(shares.PlanShare.recipient_email == "oma@voorbeeld.nl")
        ).one()
    browser.post(f"/zaken/{case_id}/plan/delen/{share.id}/intrekken")
    revoked = public.get(f"/plan/{oma}")
    assert revoked.status_code == 410 and "Deze link is ingetrokken" in revoked.text
    assert public.post(f"/plan/{oma}", data={"code": codes[0]}).status_code == 410
    assert public.get(f"/plan/{piet}").status_code == 403, "locked stays locked"


def _intake():
    from tests.walks import INTAKE

    return dict(INTAKE)


def test_the_pdf_shows_evaluations_and_the_decision_and_an_old_plain_text_plan(app, tmp_path):
    from types import SimpleNamespace

    from web.plan_share.document import plan_pdf

    decided = {
        "plan": {
            "afspraken": [
                {"wie": "Oma", "wat": "kookt op woensdag", "wanneer": "2026-04-01", "evaluatie": "2026-05-01"}
            ]
        },
        "voorwaarden": [{"tekst": "Geen alcohol in huis", "gesteld_door": "Wijkteam"}],
        "besluiten": [
            {
                "bijeenkomst": 1,
                "besluit": "geaccepteerd na aanpassing",
                "reden": "Met een extra afspraak",
                "door": "Anja Wijkteam",
                "datum": "2026-03-03",
                "voorwaarden_antwoord": [{"voorwaarde": 0, "antwoord": "Oma let erop"}],
            }
        ],
    }
    old = {"plan": {"afspraken": "Oma zorgt <b>voor</b> Sam op zaterdag.", "datum": "2026-03-01"}}
    with app.test_request_context():
        texts = [
            pdf_text(
                plan_pdf(
                    SimpleNamespace(
                        ref="EK-2026-0009",
                        question="Hoe verder?",
                        record=r,
                        referrer_name=None,
                        compulsory_framework=False,
                        conditions=None,
                    )
                ),
                tmp_path,
            )
            for r in (decided, old)
        ]
    assert "kookt op woensdag" in texts[0] and "01-05-2026" in texts[0] and "Evaluatie" in texts[0]
    assert (
        "geaccepteerd na aanpassing" in texts[0] and "Geen alcohol in huis" in texts[0] and "Oma let erop" in texts[0]
    )
    assert (
        "Oma zorgt <b>voor</b> Sam op zaterdag." in texts[1]
        and "Besluit" not in texts[1]
        and "Evaluatie" not in texts[1]
    )
