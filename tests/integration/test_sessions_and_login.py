"""Sessions end on the server (logout, password change, deactivation), and the login throttle slows a guesser
without ever locking the rightful user out. On SQLite and PostgreSQL."""

import pytest
from sqlmodel import Session, select

from storage.login_throttle import FIRST_DELAY, FREE_PER_ADDRESS, FREE_PER_PAIR, MAX_DELAY
from storage.models import LoginAttempt, User
from tests.conftest import COORDINATOR, PASSWORD
from workflow.phases import Role

NEW_PASSWORD = "een heel nieuw wachtwoord"
LABELS = {
    "current_password": "Huidig wachtwoord",
    "new_password": "Nieuw wachtwoord",
    "new_password_repeat": "Herhaal nieuw wachtwoord",
}
OWNER_ADDRESS, GUESSER_ADDRESS = "10.0.0.1", "203.0.113.66"


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def coordinator(people):
    return people.make(Role.COORDINATOR, COORDINATOR)[0]


def cookie_of(app, browser) -> str:
    """The session cookie's value, as someone who copied it would have it."""
    return browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def opens_my_cases(app, cookie: str) -> bool:
    """Whether a fresh browser carrying only this cookie gets /mijn-zaken."""
    browser = app.test_client(use_cookies=False)
    name = app.config["SESSION_COOKIE_NAME"]
    return browser.get("/mijn-zaken", headers={"Cookie": f"{name}={cookie}"}).status_code == 200


def attempt(app, email: str, password: str, address: str):
    """One login attempt from `address` in a fresh browser."""
    return app.test_client().post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


# --- a copied cookie --------------------------------------------------------------------------------------


def test_a_copied_cookie_is_worthless_after_logout(app, coordinator, login):
    browser = login(COORDINATOR)
    copied = cookie_of(app, browser)
    assert opens_my_cases(app, copied)
    assert browser.post("/logout").status_code == 302
    assert not opens_my_cases(app, copied)
    assert browser.get("/mijn-zaken").status_code == 302
    assert login(COORDINATOR).get("/mijn-zaken").status_code == 200, "logging in again works"


def test_a_copied_cookie_is_worthless_after_a_password_change(app, coordinator, login):
    mine, elsewhere = login(COORDINATOR), login(COORDINATOR)
    copied = cookie_of(app, elsewhere)
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
    response = mine.post("/mijn-account/wachtwoord", data=form)
    assert response.status_code == 303
    assert "Op andere apparaten bent u uitgelogd" in mine.get("/mijn-account").text
    assert not opens_my_cases(app, copied) and elsewhere.get("/mijn-zaken").status_code == 302
    assert mine.get("/mijn-zaken").status_code == 200, "the browser that changed it stays logged in"
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 401
    assert attempt(app, COORDINATOR, NEW_PASSWORD, OWNER_ADDRESS).status_code == 302


def test_a_copied_cookie_is_worthless_after_deactivation(app, coordinator, admin_client, login):
    copied = cookie_of(app, login(COORDINATOR))
    assert admin_client.post(f"/beheer/gebruikers/{coordinator.id}/deactiveren").status_code == 303
    assert not opens_my_cases(app, copied)
    admin_client.post(f"/beheer/gebruikers/{coordinator.id}/activeren")
    assert not opens_my_cases(app, copied), "reactivation does not bring the old session back"


# --- the throttle -------------------------------------------------------------------------------------------


def test_a_guesser_never_locks_the_owner_out(app, coordinator):
    for _ in range(40):
        attempt(app, COORDINATOR, "fout wachtwoord", GUESSER_ADDRESS)
    for n in range(40):
        attempt(app, f"verzonnen{n}@kring.test", "fout wachtwoord", GUESSER_ADDRESS)
    assert attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS).status_code == 429, "the guesser is slowed"
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 302, "the owner is not"


def test_the_delay_grows_with_each_failure_and_is_capped(app, coordinator, clock):
    for _ in range(FREE_PER_PAIR):
        assert attempt(app, COORDINATOR, "fout wachtwoord", GUESSER_ADDRESS).status_code == 401
    waits = []
    for _ in range(10):
        refused = attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS)  # even the right password waits
        assert refused.status_code == 429
        wait = int(refused.headers["Retry-After"])
        assert f"Probeer het over {wait} seconden opnieuw" in refused.text
        waits.append(wait)
        clock.advance(seconds=wait)
        assert attempt(app, COORDINATOR, "fout wachtwoord", GUESSER_ADDRESS).status_code == 401
    first, cap = int(FIRST_DELAY.total_seconds()), int(MAX_DELAY.total_seconds())
    assert waits == [min(first * 2**n, cap) for n in range(10)]
    assert waits[-1] == cap
    clock.advance(seconds=cap)
    assert attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS).status_code == 302, "slowed, never locked out"


def test_made_up_addresses_slow_only_the_address_that_sent_them(app, coordinator, clock):
    for n in range(FREE_PER_ADDRESS):
        assert attempt(app, f"verzonnen{n}@kring.test", "fout", GUESSER_ADDRESS).status_code == 401
    assert attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS).status_code == 429
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 302
    clock.advance(seconds=FIRST_DELAY.total_seconds())
    assert attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS).status_code == 302


def test_the_owners_typos_are_forgotten_after_a_success(app, coordinator, engine):
    for _ in range(FREE_PER_PAIR - 1):
        attempt(app, COORDINATOR, "tikfout", OWNER_ADDRESS)
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 302
    for _ in range(FREE_PER_PAIR - 1):
        assert attempt(app, COORDINATOR, "tikfout", OWNER_ADDRESS).status_code == 401
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 302


def test_failures_older_than_a_day_are_forgotten(app, coordinator, engine, clock):
    for _ in range(FREE_PER_PAIR):
        attempt(app, COORDINATOR, "fout", GUESSER_ADDRESS)
    clock.advance(days=1, seconds=1)
    attempt(app, "ander@kring.test", "fout", GUESSER_ADDRESS)  # a new failure clears out the old ones
    with Session(engine) as session:
        assert [a.email for a in session.exec(select(LoginAttempt))] == ["ander@kring.test"]
    assert attempt(app, COORDINATOR, PASSWORD, GUESSER_ADDRESS).status_code == 302


def test_an_unknown_address_and_a_wrong_password_get_the_same_answer(app, coordinator):
    unknown = attempt(app, "niemand@kring.test", PASSWORD, OWNER_ADDRESS)
    wrong = attempt(app, COORDINATOR, "fout wachtwoord", OWNER_ADDRESS)
    assert unknown.status_code == wrong.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in unknown.text and "E-mailadres of wachtwoord" in wrong.text


# --- the password form ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form, field, message",
    [
        ({}, "current_password", "vul uw huidige wachtwoord in"),
        ({"current_password": "niet mijn wachtwoord"}, "current_password", "klopt niet"),
        ({"new_password": "kort", "new_password_repeat": "kort"}, "new_password", "minstens 12 tekens"),
        ({"new_password": PASSWORD, "new_password_repeat": PASSWORD}, "new_password", "ander wachtwoord"),
        ({"new_password_repeat": "iets anders dan dat"}, "new_password_repeat", "niet hetzelfde"),
        ({"new_password": "nul\x00in het wachtwoord", "new_password_repeat": "nul\x00in het wachtwoord"},
         "new_password", "niet zijn toegestaan"),
        ({"new_password": "esc\x1b[31m in het wachtwoord"}, "new_password", "niet zijn toegestaan"),
        ({"new_password": "x" * 5000}, "new_password", "maximaal 200 tekens"),
    ],
)  # fmt: skip
def test_the_password_form_refuses_in_dutch_and_changes_nothing(app, coordinator, engine, login, form, field, message):
    browser = login(COORDINATOR)
    valid = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
    sent = {**valid, **form} if form else {}
    response = browser.post("/mijn-account/wachtwoord", data=sent)
    assert response.status_code == 400
    assert f"{LABELS[field]}: " in response.text and message in response.text
    for value in sent.values():
        assert value not in response.text or value in (PASSWORD, ""), "a password is never shown back"
    with Session(engine) as session:
        assert session.get(User, coordinator.id).session_token == coordinator.session_token
    assert browser.get("/mijn-zaken").status_code == 200
    assert attempt(app, COORDINATOR, PASSWORD, OWNER_ADDRESS).status_code == 302, "the old password still works"


def test_hostile_markup_in_the_password_form_is_not_reflected(coordinator, login):
    script = "<script>alert(1)</script>"
    form = {"current_password": script, "new_password": script * 2, "new_password_repeat": script}
    response = login(COORDINATOR).post("/mijn-account/wachtwoord", data=form)
    assert response.status_code == 400 and script not in response.text


def test_guessing_the_current_password_through_the_form_is_throttled(coordinator, login):
    browser = login(COORDINATOR)
    form = {"current_password": "geraden", "new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
    for _ in range(FREE_PER_PAIR):
        assert browser.post("/mijn-account/wachtwoord", data=form).status_code == 400
    response = browser.post("/mijn-account/wachtwoord", data=form | {"current_password": PASSWORD})
    assert response.status_code == 429 and "Probeer het over" in response.text


@pytest.mark.parametrize("role, email", [(Role.ADMIN, "a@kring.test"), (Role.REGIOMANAGER, "r@kring.test")])
def test_every_role_has_the_account_page(people, login, role, email):
    people.make(role, email)
    page = login(email).get("/mijn-account")
    assert page.status_code == 200 and "Wachtwoord wijzigen" in page.text and "API-tokens" in page.text


def test_the_account_page_asks_to_log_in(client):
    for method, path in [("GET", "/mijn-account"), ("POST", "/mijn-account/wachtwoord"), ("POST", "/logout")]:
        response = client.open(path, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
