"""Forms that never lose work: the registration page's one form keeps every section's typed values across saves
and refusals; implausible dates are refused on the page and in the API with a Dutch reason naming the other
date, nothing saved; closing shows a checklist with links, following the chosen outcome."""

import re
from html.parser import HTMLParser

import pytest
from sqlmodel import Session

from storage.models import Case
from tests.conftest import PASSWORD, People, make_app, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import case_in_nazorg, closing, offered_case
from workflow.phases import Role
from workflow.usecases import advance


class FormReader(HTMLParser):
    """The values a browser would send for one form, read from the page (inputs, checked boxes, selects)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.select, self.textarea = form_id, False, None, None
        self.values: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = [a.get("name"), None, None]  # name, first option, selected option
        elif tag == "option" and self.select is not None:
            value = a.get("value")
            self.select[1] = self.select[1] if self.select[1] is not None else (value, True)
            if "selected" in a:
                self.select[2] = (value, True)
            self._option = value
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.select is not None and getattr(self, "_option", "x") is None:
            # an option without value: its text is the value
            target = 2 if self.select[2] == (None, True) else 1
            if self.select[target] == (None, True):
                self.select[target] = (data.strip(), True)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select[2] or self.select[1]
            self.values.append((self.select[0], chosen[0] if chosen else ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.values.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None


def form_of(html: str, form_id: str = "registratie-form") -> dict[str, list[str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    values: dict[str, list[str]] = {}
    for name, value in reader.values:
        values.setdefault(name, []).append(value)
    return values


def load(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id)


@pytest.fixture
def nazorg(any_engine, clock):
    manager, coordinator = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    case = case_in_nazorg(uow, manager, coordinator)
    return any_engine, uow, case.id, manager, coordinator


def logged_in(engine, clock):
    client = make_app(engine, clock).test_client()
    assert client.post("/login", data={"email": "co@kring.test", "password": PASSWORD}).status_code == 302
    return client


def test_two_sections_typed_one_save_both_kept(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    page = client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True)
    assert page.count('id="registratie-form"') == 1 and page.count("Registratie opslaan") == 1
    form = form_of(page)
    assert form["version"] and "achtergrondproblemen" not in form
    # The case: tick a problem in one section, change a main person's gender in another, save once.
    form["achtergrondproblemen"] = ["Huisvestingsproblemen"]
    form["hoofdpersonen-0-geslacht"] = ["meisje"]
    response = client.post(f"/zaken/{case_id}/registratie", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    case = load(engine, case_id)
    assert case.record["achtergrondproblemen"] == ["Huisvestingsproblemen"]
    assert case.main_persons[0].gender == "meisje"
    # Untouched sections stay as they were: nothing written from an empty form, no plan sent invented.
    assert "plan_verstuurd" not in case.record and "redenen_niet_doorgaan" not in case.record
    again = client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True)
    kept = form_of(again)
    assert kept["achtergrondproblemen"] == ["Huisvestingsproblemen"] and kept["hoofdpersonen-0-geslacht"] == ["meisje"]
    # Saving the unchanged page changes nothing and writes no history line.
    version = load(engine, case_id).version
    assert client.post(f"/zaken/{case_id}/registratie", data=kept).status_code == 303
    assert load(engine, case_id).version == version


def test_a_refusal_in_one_section_keeps_every_typed_value_and_saves_nothing(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    before = load(engine, case_id)
    form = form_of(client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True))
    form["achtergrondproblemen"] = ["Huisvestingsproblemen", "Anders"]  # "Anders" without its description
    form["hoofdpersonen-0-geslacht"] = ["meisje"]
    form["netwerk-0-naam"] = ["Oma Els"]
    form["netwerk-0-relatie"] = ["Grootouders"]
    form["netwerk-0-status"] = ["aanwezig"]
    form["cijfer_samenwerking_aanmelder"] = ["11"]  # refused too: two sections' messages at once
    form["toelichting_samenwerking_aanmelder"] = ["Goed contact"]
    response = client.post(f"/zaken/{case_id}/registratie", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "beschrijf het andere achtergrondprobleem" in html and "maximaal 10" in html
    shown = form_of(html)
    assert shown["achtergrondproblemen"] == ["Huisvestingsproblemen", "Anders"]
    assert shown["hoofdpersonen-0-geslacht"] == ["meisje"]
    assert shown["netwerk-0-naam"] == ["Oma Els"] and shown["netwerk-0-status"] == ["aanwezig"]
    assert shown["cijfer_samenwerking_aanmelder"] == ["11"]
    assert shown["toelichting_samenwerking_aanmelder"] == ["Goed contact"]
    # Each message stands in its own section, and the summary links to the field.
    zaak = html[html.index('id="zaak"') : html.index('id="hoofdpersonen"')]
    assert "beschrijf het andere achtergrondprobleem" in zaak
    cijfers = html[html.index('<section class="card" id="cijfers"') : html.index('id="niet_doorgaan"')]
    assert "maximaal 10" in cijfers
    for anchor in re.findall(r'<div class="error" role="alert" id="fouten">.*?</div>', html, re.S)[0].split('href="#')[
        1:
    ]:
        assert f'id="{anchor.split(chr(34))[0]}"' in html, anchor
    after = load(engine, case_id)
    assert after.version == before.version and after.record == before.record
    assert after.main_persons[0].gender == before.main_persons[0].gender


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("netwerk-0-naam", "Oma\x00Els", "tekens die niet zijn toegestaan"),
        ("toelichting_samenwerking_aanmelder", "a\x07b", "tekens die niet zijn toegestaan"),
        ("netwerk-0-naam", "x" * 5000, "maximaal"),
        ("datum", "0001-01-01", "Datum verstuurd"),
        ("datum", "9999-12-31", "Datum verstuurd"),
        ("datum", "2026-02-30", "Datum verstuurd"),
        ("hoofdpersonen-0-geslacht", "<script>alert(1)</script>", "Geslacht"),
    ],
)
def test_hostile_values_are_refused_in_place_and_kept(nazorg, clock, field, value, message):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    before = load(engine, case_id)
    form = form_of(client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True))
    form["achtergrondproblemen"] = ["Verslaving"]
    form[field] = [value]
    if field.startswith("netwerk-0"):
        form.update({"netwerk-0-relatie": ["Grootouders"], "netwerk-0-status": ["aanwezig"]})
    response = client.post(f"/zaken/{case_id}/registratie", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html and "<script>alert(1)" not in html
    assert form_of(html)["achtergrondproblemen"] == ["Verslaving"], "the other section's value is kept"
    assert load(engine, case_id).version == before.version


def test_the_per_section_route_still_saves_its_section(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    version = load(engine, case_id).version
    response = client.post(
        f"/zaken/{case_id}/registratie/cijfers",
        data={"version": version, "cijfer_samenwerking_aanmelder": "7", "cijfer_samenwerking_regiomanager": "8"},
    )
    assert response.status_code == 302 and load(engine, case_id).record["cijfer_samenwerking_aanmelder"] == 7


# --- the checklist --------------------------------------------------------------------------------------------


def test_closing_refused_shows_a_checklist_with_links(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    version = load(engine, case_id).version
    response = client.post(
        f"/zaken/{case_id}/stap/close", data={"version": version, "uitkomst": "plan", "follow_up_uitkomst": "positief"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    box = re.search(r'id="checklist-close".*?</ul>', html, re.S).group(0)
    links = re.findall(r'<li data-field="([^"]+)"><a href="([^"]+)">([^<]+)</a>', box)
    assert len(links) >= 5, box
    fields = {field: href for field, href, _ in links}
    assert fields["achtergrondproblemen"] == f"/zaken/{case_id}/registratie#zaak-achtergrondproblemen-veld"
    assert fields["afspraken"].endswith("#a-afspraken-0-wat-veld")
    assert "; " not in html[html.index('class="flash') :].split("</div>")[0] if 'class="flash' in html else True
    # Every link leads to a field that exists on the registration page.
    page = client.get(f"/zaken/{case_id}/registratie").get_data(as_text=True)
    for href in fields.values():
        if "/registratie#" in href:
            assert f'id="{href.split("#")[1]}"' in page, href


def test_nog_nodig_follows_the_chosen_outcome_and_never_asks_for_it_once_chosen(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    case_page = client.get(f"/zaken/{case_id}").get_data(as_text=True)
    close = case_page[case_page.index('id="actie-close"') :]
    assert "kies de uitkomst" not in close and "data-checklist-source" in close
    plan = client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=plan").get_json()
    no_plan = client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=geen_plan").get_json()
    assert plan["outcome"] == "plan" and all("kies de uitkomst" not in i["message"] for i in plan["items"])
    assert {i["field"] for i in plan["items"]} != {i["field"] for i in no_plan["items"]}
    assert "plan_verstuurd" in {i["field"] for i in plan["items"]}
    hrefs = {i["field"]: i["href"] for i in plan["items"]}
    assert hrefs["follow_up_uitkomst"] == "#close-follow_up_uitkomst-veld"  # asked by the closing form itself
    assert hrefs["achtergrondproblemen"] == f"/zaken/{case_id}/registratie#zaak-achtergrondproblemen-veld"
    assert 'id="close-follow_up_uitkomst-veld"' in case_page
    # A follow-up given on the closing form counts already.
    given = client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=plan&follow_up_uitkomst=positief").get_json()
    assert "follow_up_uitkomst" not in {i["field"] for i in given["items"]}
    empty = client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=").get_json()
    assert [i["message"] for i in empty["items"]] == ["kies de uitkomst van de zaak"]
    local = client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=plan&pagina=registratie").get_json()
    assert any(i["href"].startswith("#") for i in local["items"])
    assert client.get(f"/zaken/{case_id}/nog-nodig?uitkomst=%00%01").status_code == 200
    People(engine).make(Role.COORDINATOR, "x@kring.test")
    other = make_app(engine, clock).test_client()
    other.post("/login", data={"email": "x@kring.test", "password": PASSWORD})
    assert other.get(f"/zaken/{case_id}/nog-nodig?uitkomst=plan").status_code == 404


def test_a_steps_own_field_links_to_the_step_form_not_to_a_namesake_on_the_registration_page(visiting, clock):
    engine, uow, case_id, _manager, coordinator = visiting
    advance(uow(), case_id, "start_activation", coordinator, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    client = logged_in(engine, clock)
    page = client.get(f"/zaken/{case_id}").get_data(as_text=True)
    box = re.search(r'id="checklist-plan_meeting".*?</ul>', page, re.S).group(0)
    assert 'href="#plan_meeting-datum-veld"' in box and "registratie#verstuurd-datum" not in box
    assert 'id="plan_meeting-datum-veld"' in page


def test_registration_page_nog_nodig_names_the_outcome_not_asks_for_it(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    page = client.get(f"/zaken/{case_id}/registratie?uitkomst=plan").get_data(as_text=True)
    box = page[page.index('id="nog-nodig"') : page.index('class="reg-nav"')]
    assert "kies de uitkomst" not in box
    assert 'href="#zaak-achtergrondproblemen-veld"' in box
    assert "follow-up gesprek" in box  # from the closing guard, not only the registration's completeness


# --- plausible dates, on the page and in the API ------------------------------------------------------------


@pytest.fixture
def visiting(any_engine, clock):
    """A case applied on 2 March 2026 (the clock's day), taken by co@kring.test: in informatief gesprek."""
    manager, coordinator = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    case = offered_case(uow, manager, coordinator)
    advance(uow(), case.id, "accept_match", coordinator, None)
    return any_engine, uow, case.id, manager, coordinator


def test_an_informatief_gesprek_before_the_application_is_refused_on_the_page(visiting, clock):
    engine, _uow, case_id, *_ = visiting
    client = logged_in(engine, clock)
    before = load(engine, case_id)
    response = client.post(
        f"/zaken/{case_id}/stap/start_activation",
        data={"version": before.version, "informatief_gesprek_datum": "2019-04-03", "reden": "Goed gesprek"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Datum informatief gesprek (3-4-2019) ligt vóór de aanmelddatum (2-3-2026)." in html
    form = form_of(html, "form-start_activation")
    assert form["informatief_gesprek_datum"] == ["2019-04-03"] and form["reden"] == ["Goed gesprek"]
    after = load(engine, case_id)
    assert after.version == before.version and "informatief_gesprek_datum" not in (after.record or {})


def api_client(engine, clock, actor):
    """post(path, body) to the API as `actor`, with a bearer token."""
    token = People(engine).token(actor.user_id)
    client = make_app(engine, clock).test_client()

    def post(path, body):
        return client.post(f"/api/v1{path}", json=body, headers={"Authorization": f"Bearer {token}"})

    return post


def test_an_informatief_gesprek_before_the_application_is_refused_in_the_api(visiting, clock):
    engine, _uow, case_id, _manager, coordinator = visiting
    post = api_client(engine, clock, coordinator)
    version = load(engine, case_id).version
    body = {"trigger": "start_activation", "version": version, "data": {"informatief_gesprek_datum": "2019-04-03"}}
    response = post(f"/cases/{case_id}/transitions", body)
    assert response.status_code == 400
    fields = response.json["error"]["details"]["fields"]
    assert fields == {
        "informatief_gesprek_datum": "Datum informatief gesprek (3-4-2019) ligt vóór de aanmelddatum (2-3-2026)."
    }
    assert load(engine, case_id).version == version


def test_a_meeting_before_the_informatief_gesprek_is_refused(visiting, clock):
    engine, uow, case_id, _manager, coordinator = visiting
    clock.advance(days=10)
    advance(uow(), case_id, "start_activation", coordinator, None, "", {"informatief_gesprek_datum": "2026-03-10"})
    post = api_client(engine, clock, coordinator)
    version = load(engine, case_id).version
    planned = {"datum": "2026-03-05", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}
    response = post(f"/cases/{case_id}/transitions", {"trigger": "plan_meeting", "version": version, "data": planned})
    assert response.status_code == 400
    assert response.json["error"]["details"]["fields"]["datum"] == (
        "Datum van de bijeenkomst (5-3-2026) ligt vóór de datum van het informatief gesprek (10-3-2026)."
    )
    stored = load(engine, case_id)
    assert stored.version == version and stored.phase.value == "verbinden_en_activeren"
    # and on the page, with the typed values kept
    client = logged_in(engine, clock)
    page = client.post(f"/zaken/{case_id}/stap/plan_meeting", data={"version": version, **planned})
    assert page.status_code == 400 and "ligt vóór de datum van het informatief gesprek (10-3-2026)" in page.get_data(
        as_text=True
    )
    assert form_of(page.get_data(as_text=True), "form-plan_meeting")["datum"] == ["2026-03-05"]


def test_a_follow_up_call_on_the_day_of_the_meeting_is_refused(nazorg, clock):
    engine, uow, case_id, _manager, coordinator = nazorg
    fill_registration(uow, case_id, coordinator)
    post = api_client(engine, clock, coordinator)
    version = load(engine, case_id).version
    data = closing(follow_up_datum="2026-03-02")
    response = post(f"/cases/{case_id}/transitions", {"trigger": "close", "version": version, "data": data})
    assert response.status_code == 400
    assert response.json["error"]["details"]["fields"]["follow_up_datum"] == (
        "Datum follow-up gesprek (2-3-2026) ligt minder dan 2 weken na bijeenkomst 1 (2-3-2026); "
        "vroegst mogelijk is 16-3-2026."
    )
    assert load(engine, case_id).phase.value == "nazorg"
    client = logged_in(engine, clock)
    page = client.post(f"/zaken/{case_id}/stap/close", data={"version": version, **data})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "vroegst mogelijk is 16-3-2026" in html
    assert form_of(html, "form-close")["follow_up_datum"] == ["2026-03-02"]
    # Two weeks later the same call is accepted.
    clock.advance(days=14)
    data["follow_up_datum"] = "2026-03-16"
    version = load(engine, case_id).version
    response = post(f"/cases/{case_id}/transitions", {"trigger": "close", "version": version, "data": data})
    assert response.status_code == 200, response.json
    assert response.json["phase"] == "afgesloten"


def test_the_bureau_sets_the_weeks_before_a_follow_up(nazorg, clock):
    engine, uow, case_id, _manager, coordinator = nazorg
    People(engine).make(Role.ADMIN, "bureau@kring.test", regions=())
    admin = make_app(engine, clock).test_client()
    admin.post("/login", data={"email": "bureau@kring.test", "password": PASSWORD})
    page = admin.get("/beheer/herinneringen").get_data(as_text=True)
    assert 'name="follow_up_min_weeks"' in page and 'value="2"' in page
    timings = {"follow_up_days": "28", "overdue_days": "7", "unmatched_working_days": "2", "hour_of_day": "9"}
    timings |= {"idle_days": "21", "decision_pending_days": "14", "three_month_days": "91"}
    refused = admin.post("/beheer/herinneringen", data={**timings, "follow_up_min_weeks": "53"})
    assert refused.status_code == 400 and 'value="53"' in refused.get_data(as_text=True)
    assert admin.post("/beheer/herinneringen", data={**timings, "follow_up_min_weeks": "0"}).status_code == 303
    fill_registration(uow, case_id, coordinator)
    data = closing(follow_up_datum="2026-03-02")
    advance(uow(), case_id, "close", coordinator, None, "", data)
    assert load(engine, case_id).phase.value == "afgesloten"


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2026-02-30", "2026-03-02\x00", "x" * 300])
def test_hostile_dates_in_a_step_are_refused_with_a_reason(visiting, clock, value):
    engine, _uow, case_id, _manager, coordinator = visiting
    post = api_client(engine, clock, coordinator)
    version = load(engine, case_id).version
    body = {"trigger": "start_activation", "version": version, "data": {"informatief_gesprek_datum": value}}
    response = post(f"/cases/{case_id}/transitions", body)
    assert response.status_code == 400
    fields = response.json["error"]["details"].get("fields") or {}  # a NUL is refused before the fields are read
    assert "\x00" in value or fields["informatief_gesprek_datum"].startswith("Datum informatief gesprek")
    assert load(engine, case_id).version == version


def test_every_form_page_loads_the_unsaved_changes_guard(nazorg, clock):
    engine, _uow, case_id, *_ = nazorg
    client = logged_in(engine, clock)
    script = '<script src="/static/forms.js" defer></script>'
    for path in (f"/zaken/{case_id}", f"/zaken/{case_id}/registratie", "/mijn-account", "/taken"):
        assert script in client.get(path).get_data(as_text=True), path
    assert script in make_app(engine, clock).test_client().get("/aanmelden").get_data(as_text=True)
    js = client.get("/static/forms.js").get_data(as_text=True)
    assert "beforeunload" in js and "data-no-dirty" in js
    login_page = make_app(engine, clock).test_client().get("/login").get_data(as_text=True)
    assert "data-no-dirty" in login_page  # an e-mail typed on the login page is not work to keep
