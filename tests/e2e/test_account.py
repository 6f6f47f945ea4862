"""The account page in the browser (CSRF on): a token is created and shown once, the password is changed,
and after logging out a copy of the session cookie opens nothing."""

import urllib.request

import pytest

from tests.conftest import COORDINATOR, PASSWORD
from tests.e2e.user_actions import log_in, log_out
from workflow.phases import Role

NEW_PASSWORD = "een heel nieuw wachtwoord"


def status_with_cookie(base: str, path: str, cookie: str, agent: str) -> int:
    """The status of a GET that carries only this cookie and user agent (redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, "User-Agent": agent})
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.mark.e2e
def test_tokens_password_and_logout_on_the_account_page(page, live_server, people, shoot):
    people.make(Role.COORDINATOR, COORDINATOR)
    log_in(page, live_server, COORDINATOR)
    page.click("header nav >> text=Mijn account")
    page.wait_for_url("**/mijn-account")
    page.fill("#token-name", "Agenda-koppeling")
    page.click("text=Token aanmaken")
    secret = page.inner_text("#new-token")
    assert len(secret) > 30 and "actief" in page.inner_text("main")
    shoot(page, "30-mijn-account-token")
    page.fill("#pw-current_password", PASSWORD)
    page.fill("#pw-new_password", NEW_PASSWORD)
    page.fill("#pw-new_password_repeat", "iets anders")
    page.click("text=Wachtwoord wijzigen >> nth=-1")
    assert "is niet hetzelfde" in page.inner_text("main") and secret not in page.content()
    page.fill("#pw-current_password", PASSWORD)
    page.fill("#pw-new_password", NEW_PASSWORD)
    page.fill("#pw-new_password_repeat", NEW_PASSWORD)
    page.click("text=Wachtwoord wijzigen >> nth=-1")
    assert "Uw wachtwoord is gewijzigd" in page.inner_text("main")

    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    agent = page.evaluate("navigator.userAgent")  # the session is bound to it (session_protection "strong")
    assert status_with_cookie(live_server, "/mijn-zaken", cookie, agent) == 200
    log_out(page)
    assert status_with_cookie(live_server, "/mijn-zaken", cookie, agent) == 302
