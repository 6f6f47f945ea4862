"""Funders and contracts written through the API, on SQLite and PostgreSQL: the bureau creates a funder and a
contract, changes a price from a date on (PATCH) and all terms (PUT), each change in the money audit trail under
its name; the contract page's checks refuse overlaps, negative prices and hostile values in Dutch with nothing
saved; an Idempotency-Key replays a creation; every other role gets 403. And the invoices' documents."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from peppol.xsd import validate_xsd
from sqlmodel import Session, select

from storage.billing_audit import MoneyAuditEntry
from storage.billing_models import Contract, ContractPrice, Funder
from storage.invoicing import draft_invoice, finalise_invoice
from storage.models import User
from storage.organisation import save_organisation
from tests.conftest import People, count_rows, make_app
from tests.integration.test_billing_pages import ORGANISATION
from tests.integration.test_billing_storage import MARCH, new_case, year  # noqa: F401  (the fixture of a small year)
from workflow.phases import Role

FUNDER = {"name": "Gemeente Zaanstad", "kind": "gemeente", "municipalities": ["Zaanstad"], "identifier": "12345678"}
PRICES = {"informatief_gesprek": "300.00", "verbinden_en_activeren": "1200", "bijeenkomst_en_nazorg": "3895.50"}


def contract(funder_id: int, **changes) -> dict:
    body = {
        "funder_id": funder_id,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "domains": ["Jeugd"],
        "prices": [{"valid_from": "2026-01-01", "prices": PRICES}],
        "purchased": {"informatief_gesprek": 20},
        "budget": "50000.00",
        "reference": "PO-4711",
        "vat_percent": None,
        "frequency": "maand",
    }
    return body | changes


@pytest.fixture
def api(any_engine, clock):
    """(client, headers of the bureau, headers of a regiomanager, the admin's user id, the engine)."""
    people = People(any_engine)
    admin, _ = people.make(Role.ADMIN, "bureau@x.nl", regions=())
    manager, _ = people.make(Role.REGIOMANAGER, "rm@x.nl")
    client = make_app(any_engine, clock).test_client()

    def headers(user_id):
        return {"Authorization": f"Bearer {people.token(user_id)}"}

    return client, headers(admin.id), headers(manager.id), admin.id, any_engine


def stored(engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, table) for table in (Funder, Contract, ContractPrice, MoneyAuditEntry))


def test_the_bureau_creates_and_changes_a_contract_and_each_change_is_audited(api):
    client, bureau, _, admin_id, engine = api
    made = client.post("/api/v1/funders", json=FUNDER, headers=bureau)
    assert made.status_code == 201, made.get_json()
    funder = made.get_json()
    assert funder["name"] == "Gemeente Zaanstad" and funder["contracts"] == [] and funder["kind"] == "gemeente"

    created = client.post("/api/v1/contracts", json=contract(funder["id"]), headers=bureau)
    assert created.status_code == 201, created.get_json()
    terms = created.get_json()
    assert terms["prices"] == [{"valid_from": "2026-01-01", "prices": PRICES | {"verbinden_en_activeren": "1200.00"}}]
    assert terms["budget"] == "50000.00" and terms["purchased"] == {"informatief_gesprek": 20}

    change = {"valid_from": "2026-07-01", "prices": {"bijeenkomst_en_nazorg": "3580.00"}}
    patched = client.patch(
        f"/api/v1/contracts/{terms['id']}", json={"prices": [*terms["prices"], change]}, headers=bureau
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["prices"][1] == change and patched.get_json()["budget"] == "50000.00"
    listed = client.get("/api/v1/contracts", headers=bureau).get_json()
    assert listed["funders"][0]["contracts"][0] == patched.get_json()

    whole = contract(float(funder["id"]), end="2026-06-30", vat_percent="21.00", budget=None, purchased={})
    replaced = client.put(f"/api/v1/contracts/{terms['id']}", json=whole, headers=bureau)
    assert replaced.status_code == 200, replaced.get_json()
    assert replaced.get_json()["vat_percent"] == "21.00" and replaced.get_json()["budget"] is None
    assert replaced.get_json()["end"] == "2026-06-30"

    with Session(engine) as session:
        trail = session.exec(select(MoneyAuditEntry).order_by(MoneyAuditEntry.id)).all()
    assert {e.user_id for e in trail} == {admin_id}, "every change names who made it"
    written = [(e.kind, e.change, e.field, e.new) for e in trail]
    assert ("financier", "nieuw", "name", "Gemeente Zaanstad") in written
    assert ("prijs", "nieuw", "price", "3580.00") in written
    changed = {(e.field, str(e.old), str(e.new)) for e in trail if e.kind == "contract" and e.change == "gewijzigd"}
    assert {
        ("end", "2026-12-31", "2026-06-30"),
        ("budget", "50000.00", "None"),
        ("vat_percent", "None", "21.00"),
    } <= changed


def test_an_idempotency_key_replays_the_creation(api):
    client, bureau, _, _, engine = api
    key = {**bureau, "Idempotency-Key": "funder-1"}
    first = client.post("/api/v1/funders", json=FUNDER, headers=key)
    again = client.post("/api/v1/funders", json=FUNDER, headers=key)
    assert first.status_code == again.status_code == 201 and again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and count_rows(engine, Funder) == 1
    other = client.post("/api/v1/funders", json=FUNDER | {"name": "Fonds"}, headers=key)
    assert other.status_code == 422 and count_rows(engine, Funder) == 1


@pytest.fixture
def funder_id(api):
    client, bureau, *_ = api
    answer = client.post("/api/v1/funders", json=FUNDER, headers=bureau)
    assert client.post("/api/v1/contracts", json=contract(answer.get_json()["id"]), headers=bureau).status_code == 201
    return answer.get_json()["id"]


HUGE = "9" * 40
SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "2026-06-01", "end": "2027-05-31", "prices": [{"valid_from": "2026-06-01", "prices": PRICES}],
          "domains": ["Jeugd", "Armoede"]}, "period", "overlapt met een ander contract"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"informatief_gesprek": "-300.00"}}]},
         "prices", "mag niet negatief zijn"),
        ({"budget": "-1.00"}, "budget", "mag niet negatief zijn"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"informatief_gesprek": HUGE}}]},
         "prices.0.prices.informatief_gesprek", "als tekst met een punt"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"informatief_gesprek": "9999999999999.00"}}]},
         "prices.0.prices.informatief_gesprek", "geef een bedrag"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"informatief_gesprek": "drie euro"}}]},
         "prices.0.prices.informatief_gesprek", "als tekst met een punt"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"informatief_gesprek": 300.1}}]},
         "prices.0.prices.informatief_gesprek", "als tekst met een punt"),
        ({"prices": [{"valid_from": "2026-01-01", "prices": {"spreekuur": "10.00"}}]}, "prices.0.prices",
         "onbekende fase"),
        ({"reference": "x" * 5000}, "reference", "Inkoopordernummer"),
        ({"reference": SCRIPT, "funder_id": 999999}, "funder_id", "kies een bestaande financier"),
        ({"funder_id": "1"}, "funder_id", "heel getal"),
        ({"end": "2025-12-31"}, "end", "vóór de begindatum"),
        ({"start": "gisteren"}, "start", "Begindatum"),
        ({"domains": ["Jeugd", SCRIPT]}, "domains", "Domeinen"),
        ({"vat_percent": "99"}, "vat_percent", "Btw"),
        ({"purchased": {"informatief_gesprek": -5}}, "purchased.informatief_gesprek", "Ingekocht"),
        ({"prices": [{"valid_from": "2026-03-01", "prices": PRICES}]}, "prices.0.valid_from", "begindatum"),
        ({"prices": []}, "prices", "hoogstens één wijziging"),
        ({"kleur": "rood"}, "kleur", "bestaat niet"),
        ({"domains": "Jeugd"}, "domains", "geef een lijst"),
        ({"purchased": {"informatief_gesprek": "5"}}, "purchased", "Ingekocht"),
        ({"purchased": [5]}, "purchased", "Ingekocht"),
        ({"prices": [["2026-01-01", PRICES]]}, "prices.0", "valid_from en prices"),
        ({"prices": "300.00"}, "prices", "hoogstens één wijziging"),
    ],
)  # fmt: skip
def test_a_wrong_contract_is_refused_in_dutch_and_saves_nothing(api, funder_id, changes, field, message):
    client, bureau, _, _, engine = api
    before = stored(engine)
    body = contract(funder_id, domains=["Armoede"]) | changes  # the stored contract is Jeugd's
    answer = client.post("/api/v1/contracts", json=body, headers=bureau)
    assert answer.status_code == 400, answer.get_json()
    fields = answer.get_json()["error"]["details"]["fields"]
    assert message in fields[field], fields
    assert stored(engine) == before
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
    if field != "period":  # a contract does not overlap itself
        changed = client.patch(f"/api/v1/contracts/{contract_id}", json=changes, headers=bureau)
        assert changed.status_code == 400 and message in changed.get_json()["error"]["details"]["fields"][field]
        assert stored(engine) == before


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (FUNDER | {"name": "G" * 5000}, "name", "maximaal 120 tekens"),
        (FUNDER | {"name": "   "}, "name", "vul dit in"),
        (FUNDER | {"name": SCRIPT, "municipalities": ["Atlantis"]}, "municipalities", "onbekend: Atlantis"),
        (FUNDER | {"kind": "bank"}, "kind", "Soort financier"),
        (FUNDER | {"municipalities": "Zaanstad"}, "municipalities", "lijst"),
        (FUNDER | {"scheme": "9999"}, "scheme", "0190"),
        (FUNDER | {"scheme": ["0190"]}, "scheme", "0190"),
        (FUNDER | {"postcode": 1506}, "postcode", "Postcode"),
        (FUNDER | {"iban": "NL00"}, "iban", "bestaat niet"),
    ],
)
def test_a_wrong_funder_is_refused_in_dutch_and_saves_nothing(api, body, field, message):
    client, bureau, _, _, engine = api
    answer = client.post("/api/v1/funders", json=body, headers=bureau)
    assert answer.status_code == 400, answer.get_json()
    assert message in answer.get_json()["error"]["details"]["fields"][field]
    assert stored(engine) == (0, 0, 0, 0)


def test_a_funder_name_is_taken_once(api, funder_id):
    client, bureau, _, _, engine = api
    answer = client.post("/api/v1/funders", json=FUNDER, headers=bureau)
    assert answer.status_code == 400
    assert "er is al een financier" in answer.get_json()["error"]["details"]["fields"]["name"]
    assert count_rows(engine, Funder) == 1


def test_only_the_bureau_writes_and_an_unknown_contract_is_404(api, funder_id):
    client, bureau, manager, _, engine = api
    before = stored(engine)
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
    for method, path, body in (
        ("post", "/api/v1/funders", FUNDER | {"name": "Fonds"}),
        ("post", "/api/v1/contracts", contract(funder_id, domains=["Armoede"])),
        ("put", f"/api/v1/contracts/{contract_id}", contract(funder_id)),
        ("patch", f"/api/v1/contracts/{contract_id}", {"budget": "1.00"}),
    ):
        answer = getattr(client, method)(path, json=body, headers=manager)
        assert answer.status_code == 403 and "Alleen het bureau" in answer.get_json()["error"]["message"]
        assert getattr(client, method)(path, json=body).status_code == 401
    assert stored(engine) == before
    for method in ("put", "patch"):
        answer = getattr(client, method)("/api/v1/contracts/999999", json=contract(funder_id), headers=bureau)
        assert answer.status_code == 404 and answer.get_json()["error"]["message"] == "Dit contract bestaat niet."
    assert client.patch(f"/api/v1/contracts/{contract_id}", json={}, headers=bureau).status_code == 400


def test_the_bureau_downloads_an_invoice_through_the_api(year, clock):  # noqa: F811
    engine, _clock, manager, coordinator, contracts = year
    new_case(engine, clock, manager, coordinator, contracts["zaanstad"])
    people = People(engine)
    admin, _ = people.make(Role.ADMIN, "bureau@x.nl", regions=())
    with Session(engine) as session:
        invoice = draft_invoice(session, contracts["zaanstad"], MARCH, clock.now())
        invoice_id = invoice.id
        finalise_invoice(session, invoice_id, admin.id, clock.now(), dt.date(2026, 4, 2))
        session.commit()
    client = make_app(engine, clock).test_client()
    bureau = {"Authorization": f"Bearer {people.token(admin.id)}"}
    listed = client.get("/api/v1/invoices", headers=bureau).get_json()["invoices"]
    assert [(i["number"], i["gross"], i["state"]) for i in listed] == [("2026-0001", "1500.00", "definitief")]
    document = f"/api/v1/invoices/{invoice_id}/document?format="
    xlsx = client.get(document + "xlsx", headers=bureau)
    assert xlsx.status_code == 200 and xlsx.headers["Content-Disposition"].endswith('factuur-2026-0001.xlsx"')
    rows = [row[:2] for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True)]
    assert ("Totaal", 1500) in rows
    assert client.get(document + "csv", headers=bureau).data.decode("utf-8-sig").startswith("Factuurnummer;")
    missing = client.get(document + "pdf", headers=bureau)
    assert missing.status_code == 409 and "gegevens van de organisatie" in missing.get_json()["error"]["message"]
    with Session(engine) as session:
        save_organisation(session, ORGANISATION, clock.now())
        session.commit()
    assert client.get(document + "pdf", headers=bureau).data.startswith(b"%PDF")
    assert validate_xsd(client.get(document + "xml", headers=bureau).data) == (True, [])
    assert client.get(document + "docx", headers=bureau).status_code == 400
    assert client.get("/api/v1/invoices/999999/document?format=csv", headers=bureau).status_code == 404
    with Session(engine) as session:
        rm_id = session.exec(select(User.id).where(User.email == "rm@kring.test")).one()
    manager_token = {"Authorization": f"Bearer {people.token(rm_id)}"}
    assert client.get("/api/v1/invoices", headers=manager_token).status_code == 403
    assert client.get(document + "csv", headers=manager_token).status_code == 403
