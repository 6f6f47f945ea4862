"""Errors a person can read: Dutch pages in the app's layout, JSON under /api/, no server banner, no-store on
the API, 404 for an unknown id whatever the method, and a 503 (never a traceback) when the database is gone."""

import pytest
from flask import abort

from storage.engine import make_engine
from tests.conftest import COORDINATOR, PASSWORD, REGIOMANAGER, make_app
from workflow.phases import Role

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://kring@127.0.0.1:1/kring",  # nothing listens on port 1
    "sqlite": "sqlite:////nonexistent-kring-folder/kring.sqlite3",  # a folder that does not exist
}
BANNERS = ("werkzeug", "python", "waitress/", "gunicorn")


def assert_dutch_page(response, status: int, *texts: str) -> None:
    """A page of the app's layout, in Dutch, with the status and the texts; nothing English or technical."""
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:300]
    assert response.mimetype == "text/html"
    assert '<html lang="nl">' in page and 'class="brand"' in page, page[:300]  # the app's layout
    for text in texts:
        assert text in page
    for english in ("Not Found", "Method Not Allowed", "Internal Server Error", "Bad Request", "Traceback", "CSRF"):
        assert english not in page


@pytest.fixture
def aborting_app(engine, clock):
    """The app with a route that answers any HTTP error, and one that crashes (the 500 as a browser sees it)."""
    app = make_app(engine, clock, PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/test/fout/<int:code>", "test_abort", lambda code: abort(code))
    app.add_url_rule("/test/crash", "test_crash", lambda: 1 / 0)
    app.add_url_rule("/api/test/crash", "test_api_crash", lambda: 1 / 0)
    return app


def test_an_unknown_address_answers_a_dutch_404_page(client):
    assert_dutch_page(client.get("/bestaat-niet"), 404, "Pagina niet gevonden", "Naar de startpagina")


def test_a_logged_in_user_keeps_the_menu_on_an_error_page(regiomanager_client):
    assert_dutch_page(regiomanager_client.get("/bestaat-niet"), 404, "Uitloggen", "Inbox")


def test_another_role_gets_a_dutch_403_page(coordinator_client):
    assert_dutch_page(coordinator_client.get("/inbox"), 403, "Geen toegang")


def test_a_method_the_page_does_not_have_answers_a_dutch_405_page_with_allow(client):
    response = client.delete("/login")
    assert_dutch_page(response, 405, "Dit kan hier niet")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_too_large_form_answers_a_dutch_413_page(client):
    assert_dutch_page(client.post("/login", data={"email": "x" * (3 * 1024 * 1024)}), 413, "te groot")


@pytest.mark.parametrize(
    ("code", "title"), [(400, "Verzoek niet begrepen"), (403, "Geen toegang"), (429, "Even wachten"), (404, "Pagina")]
)
def test_every_http_error_of_a_page_is_dutch(aborting_app, code, title):
    assert_dutch_page(aborting_app.test_client().get(f"/test/fout/{code}"), code, title)


def test_a_crash_answers_a_dutch_500_page_without_a_traceback(aborting_app):
    response = aborting_app.test_client().get("/test/crash")
    assert_dutch_page(response, 500, "Er ging iets mis", "contact op met het bureau")
    assert "ZeroDivisionError" not in response.get_data(as_text=True)


def test_a_crash_under_the_api_stays_json(aborting_app):
    response = aborting_app.test_client().get("/api/test/crash")
    assert response.status_code == 500 and response.json["error"]["code"] == "internal_error"


def test_a_form_without_its_csrf_token_answers_a_dutch_page(engine, clock, people):
    people.make(Role.REGIOMANAGER, REGIOMANAGER)
    browser = make_app(engine, clock, WTF_CSRF_ENABLED=True).test_client()
    response = browser.post("/login", data={"email": REGIOMANAGER, "password": PASSWORD})
    assert_dutch_page(response, 400, "Formulier verlopen", "laad de pagina opnieuw")
    assert browser.get("/inbox").status_code == 302  # not logged in: the refused form did nothing


def test_api_errors_stay_json_with_their_codes(app):
    client = app.test_client()
    unknown = client.get("/api/v1/bestaat-niet")
    assert unknown.status_code == 404 and unknown.json["error"]["code"] == "not_found"
    no_token = client.get("/api/v1/cases")
    assert no_token.status_code == 401 and no_token.headers["WWW-Authenticate"].startswith("Bearer")
    wrong_method = client.delete("/api/v1/cases")
    assert wrong_method.status_code == 405 and wrong_method.is_json and "GET" in wrong_method.headers["Allow"]


# --- headers -------------------------------------------------------------------------------------------------


def test_no_response_names_the_server_software(aborting_app, people):
    people.make(Role.COORDINATOR, COORDINATOR)
    client = aborting_app.test_client()
    for path in (
        "/login",
        "/bestaat-niet",
        "/static/kring.css",
        "/api/v1/openapi.json",
        "/api/v1/cases",
        "/test/crash",
    ):
        server = client.get(path).headers.get("Server", "")
        assert server == "Kring", (path, server)


def test_a_real_server_sends_no_version_banner(app):
    waitress = pytest.importorskip("waitress.server")
    import threading
    import urllib.request

    server = waitress.create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/login") as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
    finally:
        server.close()
    assert headers["server"] == "Kring"
    assert not any(banner in value.lower() for value in headers.values() for banner in BANNERS)


def test_api_answers_are_never_cached_but_the_openapi_document_may_be(app, people):
    user, _ = people.make(Role.REGIOMANAGER, REGIOMANAGER)
    bearer = {"Authorization": f"Bearer {people.token(user.id)}"}
    client = app.test_client()
    for path in ("/api/v1/cases", "/api/v1/cases/1", "/api/v1/reminders", "/api/v1/bestaat-niet"):
        assert client.get(path, headers=bearer).headers.get("Cache-Control") == "no-store", path
    assert client.get("/api/v1/cases").headers.get("Cache-Control") == "no-store"  # the 401 too
    assert "no-store" not in client.get("/api/v1/openapi.json").headers.get("Cache-Control", "")


# --- an unknown id is 404 for every method its route has ------------------------------------------------------


@pytest.fixture
def api_client(any_engine, clock, people_any):
    """A regiomanager's bearer client on SQLite and PostgreSQL."""
    user, _ = people_any.make(Role.REGIOMANAGER, REGIOMANAGER)
    client = make_app(any_engine, clock).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {people_any.token(user.id)}"
    return client


@pytest.fixture
def people_any(any_engine):
    from tests.conftest import People

    return People(any_engine)


@pytest.mark.parametrize("case_id", ["2147483648", "99999999999999999999999999", "0", "2147483647", "00001"])
def test_an_unknown_case_id_is_404_for_get_and_patch_and_405_only_for_methods_the_path_never_has(api_client, case_id):
    path = f"/api/v1/cases/{case_id}"
    assert api_client.get(path).status_code == 404
    assert api_client.get(path + "/matches").status_code == 404
    assert api_client.patch(path, json={"version": 1, "vraag": "Nieuw"}).status_code == 404
    assert api_client.post(path + "/transitions", json={"trigger": "close", "version": 1}).status_code == 404
    assert api_client.post(path + "/offers", json={"coordinator_id": 1}).status_code == 404
    assert api_client.post(f"/api/v1/offers/{case_id}/accept").status_code == 404
    assert api_client.post(f"/api/v1/offers/{case_id}/decline", json={"reason": "nee"}).status_code == 404
    refused = api_client.delete(path)
    assert refused.status_code == 405 and "PATCH" in refused.headers["Allow"]
    assert api_client.post(path).status_code == 405


# --- the database cannot be reached --------------------------------------------------------------------------


@pytest.fixture(params=sorted(UNREACHABLE))
def unreachable_app(request, clock):
    engine = make_engine(UNREACHABLE[request.param])
    yield make_app(engine, clock)
    engine.dispose()


def test_an_unreachable_database_answers_a_dutch_503_page(unreachable_app):
    client = unreachable_app.test_client()
    response = client.post("/login", data={"email": REGIOMANAGER, "password": PASSWORD})
    assert_dutch_page(response, 503, "De database is nu niet bereikbaar")
    assert response.headers["Retry-After"].isdigit()
    api = client.get("/api/v1/cases", headers={"Authorization": "Bearer iets"})
    assert api.status_code == 503 and api.json["error"]["code"] == "database_unavailable"
    assert "niet bereikbaar" in api.json["error"]["message"]


def test_a_database_that_goes_away_answers_503_to_a_logged_in_user(app, regiomanager_client):
    app.extensions["kring.engine"] = make_engine(UNREACHABLE["sqlite"])
    response = regiomanager_client.get("/inbox")  # even asking who is logged in fails now
    assert_dutch_page(response, 503, "De database is nu niet bereikbaar")


def test_a_case_out_of_reach_answers_the_dutch_404_page(regiomanager_client):
    assert_dutch_page(regiomanager_client.get("/zaken/1"), 404, "Pagina niet gevonden")
    assert_dutch_page(regiomanager_client.post("/zaken/1/stap/close", data={}), 404, "bestaat niet")
