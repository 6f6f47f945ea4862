"""No stored code in what people read: the main pages (the case page in every phase, the lists, the match page,
the reports and their drill-down, the audit log) and the XLSX and CSV downloads show labels, never
'zelf_verder', 'plan_zonder_bijeenkomst', 'hold_meeting' or 'accepted'.

The codes are collected from where they live (workflow.labels gathers phases, outcomes, variants, steps and
offer states); a code whose label is itself ('open') or is an ordinary Dutch word that sentences use
('familie', 'gestopt', 'nazorg') cannot be told apart from prose, so the scan looks for the codes that can:
those with an underscore, and the English ones. Only visible text counts: tags and their attributes
(value="zelf_verder", name="uitkomst") are stripped first."""

import html
import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from storage.audit import set_actor
from storage.models import Coordinator
from tests.conftest import units_of_work
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, INTAKE, MEETING
from workflow.labels import codes_with_labels
from workflow.offers import decline_offer
from workflow.phases import Phase, Role
from workflow.usecases import advance, create_application, offer_case

ENGLISH = {"accepted", "withdrawn", "declined", "expired", "offer", "close", "reopen", "admin"}
CODES = sorted(c for c in codes_with_labels() if "_" in c or c in ENGLISH)
RAW = re.compile(r"(?<![\w@./-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w@-])")
STEPS = (
    ("accept_match", {}),
    ("start_activation", {"informatief_gesprek_datum": "2026-03-02"}),
    ("plan_meeting", {"datum": "2026-03-02", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}),
    ("hold_meeting", MEETING),
)


SUBPAGES = ("", "/registratie", "/plan", "/vragenlijsten")


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, comments or tags (so no attribute values), entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def raw_codes(text: str) -> list[str]:
    return sorted(set(RAW.findall(text)))


def test_the_scan_finds_a_raw_code_and_ignores_attributes():
    assert raw_codes(visible_text('<td>zelf_verder</td><option value="geen_plan">Geen plan</option>')) == [
        "zelf_verder"
    ]
    assert raw_codes(visible_text("<p>Aanbod accepted; hold_meeting.</p>")) == ["accepted", "hold_meeting"]
    assert "plan_zonder_bijeenkomst" in CODES and "aanmelding" not in CODES


@pytest.fixture
def world(engine, clock, people):
    """A case in every phase, one closed with a plan after a declined offer, one closed 'zelf_verder'; the
    changes in the audit log under the regiomanager's name."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    _, other = people.make(Role.COORDINATOR, "ander@x.nl")
    people.make(Role.ADMIN, "bureau@x.nl", regions=())
    with Session(engine) as session:  # room for all the cases below, so matching does not exclude them
        session.get(Coordinator, coordinator.coordinator_id).capacity = 20
        session.commit()
    uow = units_of_work(engine, clock)
    set_actor(manager.user_id)
    try:
        cases = {
            Phase.AANMELDING: create_application(uow(), INTAKE, manager).id,
            Phase.INFORMATIEF_GESPREK: _walked(uow, manager, coordinator, STEPS[:1]),
            Phase.VERBINDEN_EN_ACTIVEREN: _walked(uow, manager, coordinator, STEPS[:2]),
            Phase.FORMELE_BIJEENKOMST: _walked(uow, manager, coordinator, STEPS[:3]),
            Phase.NAZORG: _walked(uow, manager, coordinator, STEPS),
            Phase.VERVOLGCONFERENTIE: _walked(uow, manager, coordinator, STEPS),
        }
        advance(uow(), cases[Phase.VERVOLGCONFERENTIE], "start_follow_up_conference", coordinator, None, "Nog een")
        closed = create_application(uow(), INTAKE, manager).id  # declined once, then taken, held and closed
        declined = offer_case(uow(), closed, other.coordinator_id, manager)
        decline_offer(uow(), closed, declined.id, other, "Vol")
        _walked(uow, manager, coordinator, STEPS, closed)
        fill_registration(uow, closed, coordinator)
        advance(uow(), closed, "close", coordinator, None, "", CLOSE_WITH_PLAN)
        cases[Phase.AFGESLOTEN] = closed
        cases["zelf_verder"] = _walked(uow, manager, coordinator, STEPS[:1])
        fill_registration(uow, cases["zelf_verder"], coordinator)
        data = {"uitkomst": "zelf_verder"}
        advance(uow(), cases["zelf_verder"], "close", coordinator, None, "Zelf verder", data)
    finally:
        set_actor(None)
    return cases, manager


def _walked(uow, manager, coordinator, steps, case_id=None):
    """A case (new unless given) offered to and taken by `coordinator`, through `steps`."""
    case_id = case_id or create_application(uow(), INTAKE, manager).id
    offer_case(uow(), case_id, coordinator.coordinator_id, manager)
    for trigger, data in steps:
        advance(uow(), case_id, trigger, coordinator, None, "", data)
    return case_id


def test_no_page_shows_a_raw_code(world, login, clock):
    cases, manager = world
    year = clock.now().year
    pages = {
        "rm@x.nl": [
            "/inbox",
            "/zaken",
            "/taken",
            *(f"/zaken/{c}" for c in cases.values()),
            f"/zaken/{cases[Phase.AANMELDING]}/matchen",
            f"/zaken/{cases[Phase.AFGESLOTEN]}/matchen",
            f"/rapportage?jaar={year}",
            f"/rapportage/zaken?jaar={year}&table=T1&label=Conferentiefase met plan",
            f"/rapportage/zaken?jaar={year}&table=T11&label=Zonder bijeenkomst plan en/of afspraken gemaakt",
        ],
        "co@x.nl": [
            "/mijn-zaken",
            "/taken",
            "/mijn-profiel",
            *(f"/zaken/{c}{sub}" for k, c in cases.items() if k != Phase.AANMELDING for sub in SUBPAGES),
        ],
        "bureau@x.nl": [
            "/zaken",
            *(f"/beheer/zaken/{c}/logboek" for c in cases.values()),
            f"/beheer/gebruikers/{manager.user_id}/logboek",
            "/beheer/gebruikers",
        ],
    }
    found = {}
    for email, urls in pages.items():
        client = login(email)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (email, url, response.status_code)
            if leaked := raw_codes(visible_text(response.get_data(as_text=True))):
                found[(email, url)] = leaked
    assert found == {}


def test_the_downloads_show_no_raw_code(world, login, clock):
    client = login("rm@x.nl")
    year = clock.now().year
    csv = client.get(f"/rapportage/download.csv?jaar={year}")
    assert csv.status_code == 200
    text = csv.data.decode("utf-8-sig")
    assert raw_codes(text) == [] and not text.splitlines()[0].count("{")
    book = load_workbook(io.BytesIO(client.get(f"/rapportage/download.xlsx?jaar={year}").data))
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert raw_codes("\n".join(cells)) == []
    assert book.sheetnames[0] == "Kerncijfers"
