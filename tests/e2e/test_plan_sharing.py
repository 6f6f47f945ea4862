"""The plan to everyone in Chromium (CSRF on): the coordinator sends the plan to Oma from the case on a phone
(390 px), the mail arrives by SMTP, the link opens in a fresh browser, a wrong code is refused and the right one
answers the PDF; the case's list shows the open."""

import re
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from notifications.mail import NONE, MailSettings
from tests.conftest import make_app
from tests.e2e.user_actions import log_in
from tests.integration.test_mail_delivery import free_port
from tests.integration.test_password_reset import Inbox
from tests.walks import team_in_nazorg
from workflow.recording import record_registration

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-NL", "is_mobile": True, "has_touch": True}
AGREEMENT = "haalt Sam elke dinsdag op van school"


@pytest.fixture
def mail_and_server(engine, clock):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    mail = MailSettings("127.0.0.1", port, base_url="http://placeholder", security=NONE)
    app = make_app(engine, clock, WTF_CSRF_ENABLED=True, MAIL=mail)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield inbox, app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    controller.stop()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.e2e
def test_send_the_plan_and_open_it_with_the_code(browser, mail_and_server, engine, clock, shoot):
    inbox, app, base = mail_and_server
    case, uow, _manager, coordinator = team_in_nazorg(engine, clock)
    record_registration(
        uow(),
        case.id,
        coordinator,
        None,
        "netwerk",
        {"netwerk": [{"naam": "Oma Jansen", "relatie": "Grootouders", "status": "aanwezig"}]},
    )
    record_registration(
        uow(),
        case.id,
        coordinator,
        None,
        "plan",
        {"afspraken": [{"wie": "Oma Jansen", "wat": AGREEMENT, "wanneer": "2026-04-07"}]},
    )

    phone = browser.new_context(**PHONE).new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, base, "co@kring.test")
    phone.goto(f"{base}/zaken/{case.id}")
    phone.click("#plan-delen-link")
    phone.wait_for_url(f"**/zaken/{case.id}/plan/delen")
    phone.check("input[name=r-0-kies]")
    phone.fill("#r-0-email", "oma@voorbeeld.nl")
    assert fits(phone)
    shoot(phone, "plan-delen-01-versturen-telefoon")
    phone.get_by_role("button", name="Plan versturen").click()
    code = phone.locator(".one-time-code").inner_text()
    assert re.fullmatch(r"\d{6}", code)
    shoot(phone, "plan-delen-02-code-telefoon")
    app.extensions["kring.outbox"].flush()
    (mail,) = inbox.arrived
    body = mail.get_content()
    assert code not in body and AGREEMENT not in body
    (token,) = re.findall(r"http://placeholder/plan/(\S+)", body)

    stranger = browser.new_context(**PHONE).new_page()  # a fresh browser: no session, no cookies
    stranger.set_default_timeout(15_000)
    stranger.goto(f"{base}/plan/{token}")
    assert fits(stranger)
    shoot(stranger, "plan-delen-03-code-vragen-telefoon")
    stranger.fill("#code", "000000" if code != "000000" else "111111")
    stranger.get_by_role("button", name="Plan openen").click()
    assert "Deze code klopt niet. U kunt het nog 4 keer proberen." in stranger.inner_text("main")
    shoot(stranger, "plan-delen-04-verkeerde-code-telefoon")
    stranger.fill("#code", code)
    with stranger.expect_download() as download:
        stranger.get_by_role("button", name="Plan openen").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("plan-EK-") and Path(pdf.path()).read_bytes()[:5] == b"%PDF-"

    phone.goto(f"{base}/zaken/{case.id}/plan/delen")
    assert "1× (laatst" in phone.inner_text("#links")
    shoot(phone, "plan-delen-05-lijst-telefoon")

    # Revoking asks first: dismissed, the link still works; accepted, it is revoked.
    revoke = phone.get_by_role("button", name="Intrekken")
    phone.once("dialog", lambda dialog: dialog.dismiss())
    revoke.click()
    assert "ingetrokken" not in phone.inner_text("#links")
    phone.once("dialog", lambda dialog: dialog.accept())
    revoke.click()
    phone.wait_for_load_state()
    assert "ingetrokken" in phone.inner_text("#links")
