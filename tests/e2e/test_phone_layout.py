"""Every working page on a phone: nothing scrolls sideways at 390 and 360 px (nor on a 768 px tablet), the main
buttons and links are tap targets of at least 44 px, and a screenshot of each at 390 px
(test-artifacts/phone-<name>.png; a few also at 1366 px: desktop-<name>.png).

One server and one set of cases (every phase, built with tests/walks.py) serve all pages; each role logs in
once. To cover a new page, add a `Screen` to SCREENS."""

import dataclasses
import datetime as dt
import os
import threading
from decimal import Decimal

import pytest
from sqlmodel import Session, select
from werkzeug.serving import make_server

from storage import migrate
from storage import questionnaires as store
from storage.contracts import ContractInput, add_funder, save_contract
from storage.engine import make_engine
from storage.geo import ensure_geography
from storage.invoicing import draft_invoice
from storage.models import Coordinator, Municipality, Offer
from storage.organisation import save_organisation
from tests.conftest import PASSWORD, START, People, make_app, units_of_work
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, sync_api
from tests.integration.test_billing_pages import ORGANISATION
from tests.registration_fill import fill_registration
from tests.walks import DUE, INTAKE, STEPS_TO_NAZORG, offered_case
from workflow import questionnaires as qn
from workflow.billing.contracts import Frequency, FunderKind
from workflow.billing.invoices import invoice_period
from workflow.billing.phases import BillablePhase
from workflow.clock import FrozenClock
from workflow.phases import Role
from workflow.usecases import advance, create_application

pytestmark = pytest.mark.e2e

PHONES = ((390, 844), (360, 800))
TABLET = (768, 1024)  # between phone and desktop: only "no sideways scroll" is checked
DESKTOP = (1366, 900)
TAP = 44  # px, the smallest comfortable tap target
# What must be a tap target: the main buttons, the links of every menu, the labels of checkboxes and radios.
TAPPABLE = (
    "button, .button, nav a, input[type=submit], summary, .case-links a, "
    "label:has(> input[type=checkbox]), label:has(> input[type=radio])"
)
# Known exceptions (selector, why): none yet.
TAP_ALLOWED: tuple[tuple[str, str], ...] = ()

ADMIN, MANAGER, COORDINATOR = "bureau@kring.test", "rm@kring.test", "co@kring.test"
LOGINS = {"admin": ADMIN, "regiomanager": MANAGER, "coordinator": COORDINATOR}
# Long words that must wrap rather than widen a page.
LONG_INTAKE = {
    **INTAKE,
    "gemeente": "Amsterdam",
    "aanmelder": {
        "naam": "Wijkteam Amsterdam-Zuidoost Bijlmerplein",
        "email": "aanmeldingen.wijkteam-zuidoost@onderwijsenjeugdzorgamsterdam.example.nl",
    },
    "vraag": "Hoe blijven de kinderen veilig thuis? " * 8 + "Jeugdbeschermingstafelvoorbereidingsgesprek.",
}


@dataclasses.dataclass(frozen=True)
class Screen:
    """One page to look at: `path` may name the world's ids ({nazorg}, {offer}, …); role None: not logged in."""

    name: str
    path: str
    role: str | None
    open_all: bool = False  # open every <details> first: the page at its longest
    desktop: bool = False  # also check it at 1366×900


CASE_PHASES = ("new", "offered", "informatief", "verbinden", "formeel", "nazorg", "closed")
SCREENS = [
    Screen("login", "/login", None, desktop=True),
    Screen("aanmelden", "/aanmelden", None),
    Screen("niet-gevonden", "/bestaat-niet", None),
    Screen("aanmelden-bedankt", "/aanmelden/bedankt", None),
    Screen("vragenlijst", "/v/{token}", None),
    Screen("vragenlijst-bedankt", "/v/bedankt", None),
    # regiomanager
    Screen("inbox", "/inbox", "regiomanager", desktop=True),
    Screen("zaken", "/zaken", "regiomanager"),
    Screen("vandaag-regiomanager", "/vandaag", "regiomanager"),
    Screen("zoeken-regiomanager", "/zoeken?q=EK&sorteer=zaak", "regiomanager", desktop=True),
    Screen("taken-regiomanager", "/taken", "regiomanager"),
    Screen("nieuwe-aanmelding", "/aanmelding/nieuw", "regiomanager"),
    Screen("zaak-aanmelding-regiomanager", "/zaken/{new}", "regiomanager"),
    Screen("zaak-aangeboden-regiomanager", "/zaken/{offered}", "regiomanager"),
    Screen("zaak-nazorg-regiomanager", "/zaken/{nazorg}", "regiomanager"),
    Screen("zaak-afgesloten-regiomanager", "/zaken/{closed}", "regiomanager"),
    Screen("bewaartermijn", "/zaken/{closed}/bewaartermijn", "regiomanager"),
    Screen("matchen", "/zaken/{new}/matchen", "regiomanager", open_all=True),
    Screen("rapportage-regiomanager", "/rapportage?jaar=2026", "regiomanager"),
    Screen("mijn-account-regiomanager", "/mijn-account", "regiomanager"),
    # coordinator
    Screen("mijn-zaken", "/mijn-zaken", "coordinator", open_all=True),
    Screen("vandaag", "/vandaag", "coordinator", desktop=True),
    Screen("taken", "/taken", "coordinator"),
    Screen("zoeken", "/zoeken?q=EK", "coordinator"),
    Screen("mijn-profiel", "/mijn-profiel", "coordinator"),
    Screen("aanbod-afwijzen", "/aanbod/{offer}/afwijzen", "coordinator"),
    Screen("zaak-aangeboden", "/zaken/{offered}", "coordinator"),
    Screen("zaak-informatief-gesprek", "/zaken/{informatief}", "coordinator"),
    Screen("zaak-verbinden", "/zaken/{verbinden}", "coordinator"),
    Screen("zaak-formele-bijeenkomst", "/zaken/{formeel}", "coordinator", desktop=True),
    Screen("zaak-formele-bijeenkomst-alles-open", "/zaken/{formeel}", "coordinator", open_all=True),
    Screen("zaak-nazorg", "/zaken/{nazorg}", "coordinator"),
    Screen("zaak-nazorg-alles-open", "/zaken/{nazorg}", "coordinator", open_all=True),
    Screen("zaak-afgesloten", "/zaken/{closed}", "coordinator"),
    Screen("registratie", "/zaken/{nazorg}/registratie", "coordinator"),
    Screen("plan", "/zaken/{nazorg}/plan", "coordinator"),
    Screen("driemaandencontact", "/zaken/{nazorg}/driemaandencontact", "coordinator"),
    Screen("plan-delen", "/zaken/{nazorg}/plan/delen", "coordinator"),
    Screen("vragenlijsten", "/zaken/{nazorg}/vragenlijsten", "coordinator", open_all=True),
    Screen("vragenlijsten-blad", "/zaken/{nazorg}/vragenlijsten/1/blad", "coordinator"),
    Screen("geen-toegang", "/beheer/gebruikers", "coordinator"),
    Screen("mijn-account", "/mijn-account", "coordinator"),
    # bureau (admin)
    Screen("zaken-bureau", "/zaken", "admin"),
    Screen("zaak-bureau", "/zaken/{nazorg}", "admin"),
    Screen("gebruikers", "/beheer/gebruikers", "admin", desktop=True),
    Screen("gebruiker-nieuw", "/beheer/gebruikers/nieuw", "admin"),
    Screen("gebruiker-logboek", "/beheer/gebruikers/{coordinator_user}/logboek", "admin"),
    Screen("coordinatoren", "/beheer/coordinatoren", "admin"),
    Screen("coordinator-bewerken", "/beheer/coordinatoren/{coordinator}", "admin"),
    Screen("coordinator-matching", "/beheer/coordinatoren/{coordinator}/matching", "admin"),
    Screen("regios", "/beheer/regios", "admin"),
    Screen("matching-gewichten", "/beheer/matching-gewichten", "admin"),
    Screen("timings", "/beheer/herinneringen", "admin"),
    Screen("mail", "/beheer/mail", "admin"),
    Screen("inzage", "/beheer/inzage", "admin"),
    Screen("logboek-zaak", "/beheer/zaken/{nazorg}/logboek", "admin"),
    Screen("rapportage", "/rapportage?jaar=2026", "admin", desktop=True),
    Screen("rapportage-zaken", "/rapportage/zaken?jaar=2026&table=T5&label=Gemeente/sociaal+wijkteam", "admin"),
    Screen("mijn-account-bureau", "/mijn-account", "admin"),
    Screen("vandaag-bureau", "/vandaag", "admin"),
    # money (bureau only; the regiomanager's funding card is on the case pages above)
    Screen("financien", "/financien/", "admin", desktop=True),
    Screen("financier-nieuw", "/financien/financiers/nieuw", "admin"),
    Screen("financien-contract", "/financien/contracten/nieuw", "admin"),
    Screen("contract-wijzigen", "/financien/contracten/{contract}", "admin"),
    Screen("financien-organisatie", "/financien/organisatie", "admin"),
    Screen("factuur", "/financien/facturen/{invoice}", "admin", desktop=True),
    Screen("budget", "/financien/budget?peildatum=2026-03-31", "admin", desktop=True),
    Screen("budget-zaken", "/financien/budget/zaken?eenheid=aangemeld&jaar=2026&per=aanmeldjaar", "admin"),
    Screen("financiering-regiomanager", "/zaken/{new}/financiering", "regiomanager"),
]


def walk(uow, case, coordinator, steps):
    """Take `steps` (trigger, data) on an offered case as its coordinator."""
    for trigger, data in steps:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case


def build_world(engine, clock) -> dict[str, int | str]:
    """Users of every role and a case in every phase; the ids the SCREENS' paths name."""
    people = People(engine)
    people.make(Role.ADMIN, ADMIN, regions=())
    manager = people.make(Role.REGIOMANAGER, MANAGER)[1]
    co_user, coordinator = people.make(Role.COORDINATOR, COORDINATOR)
    for email in ("maria-josephine.vandenheuvel-vermeulen@kring.test", "bram@kring.test"):
        people.make(Role.COORDINATOR, email)
    with Session(engine) as session:  # room for every case of the world: matching would refuse the 4th
        session.get(Coordinator, coordinator.coordinator_id).capacity = 10
        session.commit()
    contract = money(engine, clock)  # before the cases: each application gets its contract proposed
    uow = units_of_work(engine, clock)
    cases = {"new": create_application(uow(), LONG_INTAKE, manager)}
    cases["offered"] = offered_case(uow, manager, coordinator, LONG_INTAKE)
    for name, steps in (("informatief", 1), ("verbinden", 2), ("formeel", 3), ("nazorg", 4), ("closed", 4)):
        cases[name] = walk(uow, offered_case(uow, manager, coordinator), coordinator, STEPS_TO_NAZORG[:steps])
    fill_registration(uow, cases["closed"].id, coordinator)
    fill_registration(uow, cases["nazorg"].id, coordinator, sections=("plan",))  # its agreements show
    closing = {
        "uitkomst": "plan",
        "follow_up_uitkomst": "positief",
        "drie_maanden_onbereikbaar": "ja",
    }  # (a dated call the day of the meeting: refused)
    walk(uow, cases["closed"], coordinator, [("close", closing)])
    with Session(engine) as session:
        offer = session.exec(select(Offer).where(Offer.case_id == cases["offered"].id)).one()
        link = next(x for x in store.links_for_case(session, cases["nazorg"].id) if x.form == qn.ADULTS)
        token = store.link_token(link, key=os.environ["KRING_SECRET_KEY"])
    ids = {name: case.id for name, case in cases.items()}
    with Session(engine) as session:
        invoice = draft_invoice(session, contract, invoice_period(Frequency.MONTH, START.date()), clock.now())
        session.commit()
        ids |= {"contract": contract, "invoice": invoice.id}
    return {
        **ids,
        "offer": offer.id,
        "token": token,
        "coordinator": coordinator.coordinator_id,
        "coordinator_user": co_user.id,
    }


def money(engine, clock) -> int:
    """The organisation, Zaanstad as funder and its 2026 contract (the world's cases are Zaanstad's)."""
    with Session(engine) as session:
        save_organisation(session, ORGANISATION, clock.now())
        place = session.exec(select(Municipality.id).where(Municipality.name == "Zaanstad")).one()
        funder = add_funder(session, "Gemeente Zaanstad", FunderKind.GEMEENTE, [place], clock.now())
        prices = {p: Decimal(n) for p, n in zip(BillablePhase, ("300", "1200", "3895"), strict=True)}
        year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        terms = ContractInput(funder.id, *year, frozenset({"Jeugd", "Wmo/volwassenen"}), {year[0]: prices})
        contract = save_contract(session, terms, clock.now())
        session.commit()
        return contract


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app with the world's data on a live port, the follow-up tasks due: (base url, ids)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('phone') / 'kring.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_geography(session)
    clock = FrozenClock(START)
    ids = build_world(engine, clock)
    clock.set(DUE + dt.timedelta(hours=1))  # the follow-up calls are due: /taken has tasks
    server = make_server("127.0.0.1", 0, make_app(engine, clock, WTF_CSRF_ENABLED=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    thread.join(timeout=5)
    engine.dispose()


@pytest.fixture(scope="module")
def tabs(site):
    """One logged-in browser tab per role (key None: a visitor), made when first asked for."""
    base, _ = site
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        opened = {}

        def tab(role):
            if role not in opened:
                context = chromium.new_context(viewport=viewport(PHONES[0]), locale="nl-NL")
                page = context.new_page()
                page.set_default_timeout(10_000)
                if role:
                    page.goto(f"{base}/login")
                    page.fill("#email", LOGINS[role])
                    page.fill("#password", PASSWORD)
                    page.click("form button[type=submit]")
                    page.wait_for_load_state()
                    assert "/login" not in page.url, f"{role} could not log in"
                opened[role] = page
            return opened[role]

        yield tab
        chromium.close()


def viewport(size):
    return {"width": size[0], "height": size[1]}


# Elements reaching past the right edge whose parent does not: the culprits of a sideways scroll.
STICKING_OUT = """() => [...document.querySelectorAll('body *')].filter(e => {
    const right = e.getBoundingClientRect().right, parent = e.parentElement.getBoundingClientRect().right;
    return right > window.innerWidth + 0.5 && parent <= window.innerWidth + 0.5;
  }).slice(0, 8)
  .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)"""

SMALL_TARGETS = """([selector, minimum, allowed]) => [...document.querySelectorAll(selector)].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden'
      && box.height < minimum - 0.5 && !allowed.some(a => e.matches(a));
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}" `
              + `${Math.round(e.getBoundingClientRect().height)} px`)"""


def fits(page) -> tuple[bool, list[str]]:
    """Whether the page is no wider than the window, and what sticks out if not."""
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    return not wide, (page.evaluate(STICKING_OUT) if wide else [])


def small_targets(page) -> list[str]:
    allowed = [selector for selector, _ in TAP_ALLOWED]
    return page.evaluate(SMALL_TARGETS, [TAPPABLE, TAP, allowed])


def show(page, base, screen, ids) -> None:
    response = page.goto(base + screen.path.format(**ids))
    assert response is not None and (response.ok or screen.name in ("niet-gevonden", "geen-toegang")), (
        f"{screen.path}: {response and response.status}"
    )
    if screen.open_all:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: screen.name)
def test_page_fits_a_phone(screen, site, tabs):
    base, ids = site
    page = tabs(screen.role)
    problems = []
    for size in PHONES:
        page.set_viewport_size(viewport(size))
        show(page, base, screen, ids)
        ok, culprits = fits(page)
        if not ok:
            width = page.evaluate("document.documentElement.scrollWidth")
            problems.append(f"{size[0]} px: the page is {width} px wide; sticking out: {culprits}")
        small = small_targets(page)
        if small:
            problems.append(f"{size[0]} px: tap targets under {TAP} px: {small}")
        if size == PHONES[0]:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"phone-{screen.name}.png"), full_page=True)
    page.set_viewport_size(viewport(TABLET))
    show(page, base, screen, ids)
    ok, culprits = fits(page)
    if not ok:
        problems.append(f"{TABLET[0]} px: wider than the window; sticking out: {culprits}")
    if screen.desktop:
        page.set_viewport_size(viewport(DESKTOP))
        show(page, base, screen, ids)
        ok, culprits = fits(page)
        if not ok:
            problems.append(f"{DESKTOP[0]} px: wider than the window; sticking out: {culprits}")
        page.screenshot(path=str(ARTIFACTS / f"desktop-{screen.name}.png"), full_page=True)
    page.set_viewport_size(viewport(PHONES[0]))
    assert not problems, f"{screen.name} ({screen.path}):\n" + "\n".join(problems)


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_the_menu_opens_on_a_phone_and_its_links_are_tap_targets(role, site, tabs):
    base, _ = site
    page = tabs(role)
    page.set_viewport_size(viewport(PHONES[1]))
    page.goto(f"{base}/mijn-account")
    links = page.locator("header.top nav a")
    assert links.count() >= 2 and not links.first.is_visible()  # folded away under "Menu"
    page.click("header.top .menu-button")
    assert links.first.is_visible() and page.locator("header.top .logout button").is_visible()
    heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
    assert min(heights) >= TAP, heights
    assert fits(page) == (True, [])
    page.screenshot(path=str(ARTIFACTS / f"phone-menu-{role}.png"))
    page.set_viewport_size(viewport(DESKTOP))
    assert page.locator(".menu-button").is_hidden() and links.first.is_visible()  # a desktop shows the menu
    page.set_viewport_size(viewport(PHONES[0]))


def test_the_case_page_opens_the_usual_next_step_only_and_shows_steps_first(site, tabs):
    base, ids = site
    page = tabs("coordinator")
    page.set_viewport_size(viewport(PHONES[0]))
    page.goto(f"{base}/zaken/{ids['formeel']}")
    opened = page.locator("details.action[open]")
    assert opened.count() == 1 and opened.get_attribute("id") == "actie-hold_meeting"
    assert page.locator("details.action").count() == 4  # the others wait, folded
    steps = page.locator("#stappen").bounding_box()["y"]
    for folded in ("#aanmelding-gegevens", "#verloop", "#geschiedenis"):
        section = page.locator(folded)
        assert section.get_attribute("open") is None and section.bounding_box()["y"] > steps
        assert section.bounding_box()["height"] < 90, folded  # only its title shows on a phone
    assert page.locator("#registratie-link").is_visible()
    page.goto(f"{base}/zaken/{ids['verbinden']}")
    assert page.locator("details.action[open]").get_attribute("id") == "actie-plan_meeting"
    page.set_viewport_size(viewport(DESKTOP))
    page.goto(f"{base}/zaken/{ids['formeel']}")
    assert page.locator("table.history").is_visible()  # a desktop shows the folded cards open
    assert page.locator("#stappen").bounding_box()["x"] > page.locator("#verloop").bounding_box()["x"]
    page.set_viewport_size(viewport(PHONES[0]))
