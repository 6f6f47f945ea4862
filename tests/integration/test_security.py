"""Security headers and the end of an idle session."""


def test_every_page_carries_a_strict_csp_and_no_framing(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://kring.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_page_has_an_inline_script(regiomanager_client):
    client = regiomanager_client
    for path in ("/login", "/inbox", "/zaken", "/aanmelding/nieuw", "/taken", "/aanmelden"):
        body = client.get(path).get_data(as_text=True)
        assert "<script>" not in body and "onclick=" not in body, path


def test_a_session_idle_for_over_half_an_hour_ends(regiomanager_client, clock):
    client = regiomanager_client
    assert client.get("/inbox").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/inbox").status_code == 200, "activity keeps the session alive"
    clock.advance(minutes=31)
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/inbox").status_code == 302, "and it stays ended"
