"""Forgotten password on a phone (390×844, CSRF on): ask for a link from the login page, get it by SMTP, set a
new password, log in with it; the old session elsewhere has ended and the link works only once."""

import re
import threading
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from werkzeug.serving import make_server

from notifications.mail import NONE, MailSettings
from tests.conftest import COORDINATOR, make_app
from tests.e2e.user_actions import log_in
from tests.integration.test_mail_delivery import free_port
from tests.integration.test_password_reset import Inbox
from workflow.phases import Role

NEW_PASSWORD = "mijn nieuwe lange zin"
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-NL", "is_mobile": True, "has_touch": True}


@pytest.fixture
def mail_and_server(engine, clock):
    """(inbox, app, base URL): the app with CSRF on, mailing through aiosmtpd on 127.0.0.1."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app = make_app(engine, clock, WTF_CSRF_ENABLED=True, MAIL=MailSettings("127.0.0.1", port, security=NONE))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield inbox, app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    controller.stop()


def fits(page) -> bool:
    """No sideways scrolling on the phone."""
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.e2e
def test_reset_a_forgotten_password_on_a_phone(browser, mail_and_server, people, shoot):
    inbox, app, base = mail_and_server
    people.make(Role.COORDINATOR, COORDINATOR)
    laptop = browser.new_context(locale="nl-NL").new_page()
    log_in(laptop, base, COORDINATOR)
    laptop.goto(f"{base}/mijn-account")
    assert "Mijn account" in laptop.inner_text("main")

    page = browser.new_context(**PHONE).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/login")
    assert fits(page)
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.wait_for_url("**/wachtwoord-vergeten")
    page.fill("#email", "CO@x.nl")
    shoot(page, "wachtwoord-01-vergeten-telefoon")
    page.get_by_role("button", name="Stuur mij een link").click()
    assert "Als dit adres bij ons bekend is, ontvangt u een e-mail" in page.inner_text("main") and fits(page)
    shoot(page, "wachtwoord-02-verstuurd-telefoon")

    app.extensions["kring.outbox"].flush()
    (mail,) = inbox.arrived
    link = re.search(r"http://\S+/wachtwoord-herstellen/\S+", mail.get_content()).group(0)
    path = urlsplit(link).path
    page.goto(base + path)
    page.fill("#pw-new_password", NEW_PASSWORD)
    page.fill("#pw-new_password_repeat", "iets heel anders")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    assert "is niet hetzelfde als het nieuwe wachtwoord" in page.inner_text("main") and fits(page)
    shoot(page, "wachtwoord-03-fout-telefoon")
    page.fill("#pw-new_password", NEW_PASSWORD)
    page.fill("#pw-new_password_repeat", NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.wait_for_url("**/login")
    assert "Uw nieuwe wachtwoord is ingesteld" in page.inner_text("main") and fits(page)
    shoot(page, "wachtwoord-04-ingesteld-telefoon")

    page.fill("#email", COORDINATOR)
    page.fill("#password", NEW_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/vandaag")  # every role starts on Vandaag
    laptop.goto(f"{base}/mijn-account")
    assert "/login" in laptop.url, "the session on the other device has ended"

    page.goto(base + path)
    assert "Deze link is al gebruikt" in page.inner_text("main") and fits(page)
    shoot(page, "wachtwoord-05-al-gebruikt-telefoon")
