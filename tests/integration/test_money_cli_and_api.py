"""Contracts and invoices outside the pages, on SQLite and PostgreSQL: `kring money` lists contracts, drafts
and finalises an invoice (Dutch refusals, exit code 1), and GET /api/v1/contracts gives the bureau the funders
and their dated prices (amounts as text), while other roles get 403."""

from click.testing import CliRunner
from sqlmodel import Session, select

from storage.billing_models import Invoice
from storage.models import User
from tests.conftest import People, make_app
from tests.integration.test_billing_storage import new_case, year  # noqa: F401  (the fixture of a small year)
from web.cli import main
from workflow.phases import Role


def kring(engine, *args: str):
    runner = CliRunner(env={"KRING_DATABASE_URL": engine.url.render_as_string(hide_password=False)})
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_the_command_line_lists_drafts_and_finalises(year, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    engine, clock, manager, coordinator, contracts = year
    listed = kring(engine, "money", "contracts")
    assert listed.exit_code == 0
    assert "Gemeente Zaanstad" in listed.output and "€ 3.580,00" in listed.output and "Fonds Armoede" in listed.output
    new_case(engine, clock, manager, coordinator, contracts["zaanstad"])
    made = kring(engine, "money", "draft", "--contract", str(contracts["zaanstad"]), "--date", "2026-03-15")
    assert made.exit_code == 0 and "€ 1.500,00" in made.output, made.output
    with Session(engine) as session:
        invoice_id = session.exec(select(Invoice.id)).one()
    done = kring(engine, "money", "finalise", str(invoice_id))
    assert done.exit_code == 0 and "Factuur 2026-0001 is definitief" in done.output
    again = kring(engine, "money", "finalise", str(invoice_id))
    assert again.exit_code == 1 and "al definitief (nummer 2026-0001)" in again.output
    empty = kring(engine, "money", "draft", "--contract", str(contracts["haarlem"]), "--date", "2026-01-15")
    assert empty.exit_code == 1 and "niets te factureren" in empty.output
    unknown = kring(engine, "money", "draft", "--contract", "999999", "--date", "2026-01-15")
    assert unknown.exit_code == 1 and "bestaat niet" in unknown.output
    assert "2026-0001" in kring(engine, "money", "invoices").output


def test_the_api_gives_the_bureau_the_contracts_and_no_one_else(year):  # noqa: F811
    engine, clock, manager, _coordinator, _contracts = year
    people = People(engine)  # the year's database, whichever it is
    admin, _ = people.make(Role.ADMIN, "bureau@x.nl", regions=())
    client = make_app(engine, clock).test_client()
    answer = client.get("/api/v1/contracts", headers={"Authorization": f"Bearer {people.token(admin.id)}"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    funders = {f["name"]: f for f in answer.get_json()["funders"]}
    zaanstad = funders["Gemeente Zaanstad"]["contracts"][0]
    assert [p["valid_from"] for p in zaanstad["prices"]] == ["2026-01-01", "2026-03-10"]
    assert zaanstad["prices"][1]["prices"] == {"bijeenkomst_en_nazorg": "3580.00"}
    assert zaanstad["reference"] == "PO-4711" and zaanstad["vat_percent"] is None
    assert funders["Gemeente Haarlem"]["contracts"][0]["vat_percent"] == "21.00"
    with Session(engine) as session:
        rm_id = session.exec(select(User.id).where(User.email == "rm@kring.test")).one()
    assert (
        client.get("/api/v1/contracts", headers={"Authorization": f"Bearer {people.token(rm_id)}"}).status_code == 403
    )
    assert client.get("/api/v1/contracts").status_code == 401
