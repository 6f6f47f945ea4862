"""`kring money funder-add | contract-add | contract-change | download` on SQLite and PostgreSQL: the bureau
adds a funder and a contract from a JSON file (the API's body), changes a price from a date on, each change in
the money audit trail under its name; wrong input is refused in Dutch (exit code 1) with nothing saved; and a
final invoice is written as XLSX, CSV and e-invoice."""

import json

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from storage.billing_audit import MoneyAuditEntry
from storage.billing_models import Contract, ContractPrice, Funder, Invoice
from storage.models import User
from tests.conftest import People, count_rows
from tests.integration.test_billing_storage import new_case, year  # noqa: F401  (the fixture of a small year)
from tests.integration.test_money_api_writes import PRICES, contract
from tests.integration.test_money_cli_and_api import kring
from workflow.phases import Role

BUREAU = "bureau@x.nl"


@pytest.fixture
def bureau(any_engine):
    People(any_engine).make(Role.ADMIN, BUREAU, regions=())
    People(any_engine).make(Role.REGIOMANAGER, "rm@x.nl")
    return any_engine


def stored(engine) -> tuple[int, ...]:
    return tuple(count_rows(engine, table) for table in (Funder, Contract, ContractPrice, MoneyAuditEntry))


def test_the_bureau_adds_a_funder_and_a_contract_and_changes_a_price(bureau, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    added = kring(
        bureau, "money", "funder-add", "--name", "Gemeente Zaanstad", "--kind", "gemeente",
        "--municipality", "Zaanstad", "--identifier", "12345678", "--by", BUREAU,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    with Session(bureau) as session:
        funder_id = session.exec(select(Funder.id)).one()
    (tmp_path / "contract.json").write_text(json.dumps(contract(funder_id)))
    made = kring(bureau, "money", "contract-add", "contract.json", "--by", BUREAU)
    assert made.exit_code == 0 and "opgeslagen" in made.output, made.output
    with Session(bureau) as session:
        contract_id = session.exec(select(Contract.id)).one()
    change = {"prices": [{"valid_from": "2026-01-01", "prices": PRICES}, {"valid_from": "2026-07-01",
              "prices": {"bijeenkomst_en_nazorg": "3580.00"}}]}  # fmt: skip
    (tmp_path / "change.json").write_text(json.dumps(change))
    changed = kring(bureau, "money", "contract-change", str(contract_id), "change.json", "--by", BUREAU)
    assert changed.exit_code == 0, changed.output
    assert "vanaf 01-07-2026: " in kring(bureau, "money", "contracts").output
    with Session(bureau) as session:
        trail = session.exec(select(MoneyAuditEntry)).all()
        bureau_id = session.exec(select(User.id).where(User.email == BUREAU)).one()
    assert {e.user_id for e in trail} == {bureau_id}, "every change names the bureau user"
    written = [(e.kind, e.change, e.field, e.new) for e in trail]
    assert ("financier", "nieuw", "name", "Gemeente Zaanstad") in written
    assert ("prijs", "nieuw", "price", "3580.00") in written


@pytest.mark.parametrize(
    ("args", "body", "message"),
    [
        (("contract-add", "c.json", "--by", BUREAU), {"budget": "-5.00"}, "mag niet negatief zijn"),
        (("contract-add", "c.json", "--by", BUREAU), {"start": "2026-06-01", "prices": [
            {"valid_from": "2026-06-01", "prices": PRICES}]}, "overlapt met een ander contract"),
        (("contract-add", "c.json", "--by", BUREAU), {"reference": "<script>" * 1000}, "Inkoopordernummer"),
        (("contract-add", "c.json", "--by", "rm@x.nl"), {}, "geen actieve bureaumedewerker"),
        (("contract-add", "c.json", "--by", "niemand@x.nl"), {}, "geen actieve bureaumedewerker"),
        (("contract-change", "999999", "c.json", "--by", BUREAU), {}, "Contract 999999 bestaat niet"),
        (("funder-add", "--name", "G" * 5000, "--kind", "fonds", "--by", BUREAU), None, "maximaal 120 tekens"),
        (("funder-add", "--name", "Fonds", "--kind", "fonds", "--municipality", "Atlantis", "--by", BUREAU), None,
         "onbekend: Atlantis"),
    ],
)  # fmt: skip
def test_wrong_input_is_refused_in_dutch_and_saves_nothing(bureau, tmp_path, monkeypatch, args, body, message):
    monkeypatch.chdir(tmp_path)
    assert kring(bureau, "money", "funder-add", "--name", "Fonds A", "--kind", "fonds", "--by", BUREAU).exit_code == 0
    with Session(bureau) as session:
        funder_id = session.exec(select(Funder.id)).one()
    (tmp_path / "c.json").write_text(json.dumps(contract(funder_id)))
    assert kring(bureau, "money", "contract-add", "c.json", "--by", BUREAU).exit_code == 0
    before = stored(bureau)
    if body is not None:
        (tmp_path / "c.json").write_text(json.dumps(contract(funder_id) | body))
    refused = kring(bureau, "money", *args)
    assert refused.exit_code == 1 and message in refused.output, refused.output
    assert stored(bureau) == before
    (tmp_path / "bad.json").write_text("{kapot")
    broken = kring(bureau, "money", "contract-add", "bad.json", "--by", BUREAU)
    assert broken.exit_code == 1 and "geen geldige JSON" in broken.output


def test_a_final_invoice_is_written_for_the_bookkeeping(year, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    engine, clock, manager, coordinator, contracts = year
    new_case(engine, clock, manager, coordinator, contracts["zaanstad"])
    assert (
        kring(engine, "money", "draft", "--contract", str(contracts["zaanstad"]), "--date", "2026-03-15").exit_code == 0
    )
    with Session(engine) as session:
        invoice_id = session.exec(select(Invoice.id)).one()
    assert kring(engine, "money", "finalise", str(invoice_id)).exit_code == 0
    written = kring(engine, "money", "download", str(invoice_id))
    assert written.exit_code == 0 and (tmp_path / "factuur-2026-0001.xlsx").exists(), written.output
    sheet = load_workbook(tmp_path / "factuur-2026-0001.xlsx").active
    rows = [row[:2] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("Factuurnummer", "2026-0001") and ("Totaal", 1500) in rows
    assert kring(engine, "money", "download", str(invoice_id), "--format", "csv", "--output", "f.csv").exit_code == 0
    assert (tmp_path / "f.csv").read_text(encoding="utf-8-sig").startswith("Factuurnummer;")
    unknown = kring(engine, "money", "download", "999999")
    assert unknown.exit_code == 1 and "bestaat niet" in unknown.output
