"""SPSS files: registrations → .sav → an empty database → JSON Lines gives the original export (SQLite and
PostgreSQL); the file's labels are the vocabulary's; the CLI; an older layout through a mapping file."""

import datetime as dt

import pandas as pd
import pyreadstat
import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from storage.registrations import ImportedRegistration, dump_line, export_year
from storage.spss import Mapping, MappingError, import_sav, read_sav, write_sav
from storage.uow import SqlUnitOfWork
from tests.integration.test_registrations import GOOD, closed_cases, fresh_database
from web.bootstrap import bootstrap
from web.reports.data import scoped_report
from workflow import vocabulary as vocab
from workflow.clock import SystemClock
from workflow.figures import Filters
from workflow.registration import schema
from workflow.registration.spss import MISSING_LABELS, NOT_ASKED_CODE, UNKNOWN_CODE, Layout, variables


def jsonl(session, year):
    return "".join(dump_line(r) + "\n" for r in export_year(session, year))


def test_registrations_to_sav_to_an_empty_database_export_the_same_json_lines(any_engine, clock, tmp_path):
    closed_cases(any_engine, clock)
    with Session(any_engine) as session:
        first = jsonl(session, 2026)
        records = export_year(session, 2026)
    assert len(records) == 4
    path = tmp_path / "registraties.sav"
    write_sav(records, path)

    empty = fresh_database(any_engine, tmp_path)
    with SqlUnitOfWork(empty, SystemClock(), bootstrap()) as uow:
        report, unknown = import_sav(uow, path)
        uow.commit()
    assert (report.created, report.errors, unknown) == (4, [], [])
    with Session(empty) as session:
        assert jsonl(session, 2026) == first
    with SqlUnitOfWork(empty, SystemClock(), bootstrap()) as uow:  # idempotent by ref
        again, _ = import_sav(uow, path)
        uow.commit()
        assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
        assert len(uow.session.exec(select(ImportedRegistration)).all()) == 4


def test_varied_records_survive_the_file_whole(tmp_path):
    """Every field and list of the format, with up to six persons, several meetings and follow-ups."""
    from bench.synthetic_registrations import varied_records

    records = [in_vocabulary_order(r) for r in varied_records(300, 2022, seed=3)]
    write_sav(records, tmp_path / "v.sav")
    read = read_sav(tmp_path / "v.sav")
    assert read.unknown == [] and [p for _, _, p in read.rows if p] == []
    assert [dump_line(r) for _, r, _ in read.rows] == [dump_line(r) for r in records]


def in_vocabulary_order(record):
    """The record as a file gives it back: multi-answer lists in the vocabulary's order (a set of
    dichotomies has no order), and every person field written out."""
    out = {**record}
    for name, spec in schema.EXCHANGE:
        if getattr(spec, "kind", "") == "multichoice":
            out[name] = [c for c in spec.choices if c in record[name]]
    out["hoofdpersonen"] = [
        {
            **p,
            "ongeboren": p.get("ongeboren", False),
            "herkomst_ouders": [c for c in vocab.PARENT_ORIGINS if c in p.get("herkomst_ouders", [])],
        }
        for p in record["hoofdpersonen"]
    ]
    return out


def test_the_file_carries_the_vocabularys_labels_sets_and_missing_codes(tmp_path):
    conference = {
        **GOOD,
        "ref": "EK-2022-0002",
        "fase": "conferentiefase",
        "plan_of_afspraken": True,
        "type_aanmelder": "Organisatie",
        "type_organisatie": "MEE",
        "redenen_niet_doorgaan": [],
        "bijeenkomsten": [schema.example(schema.MEETING, datum="2022-03-01", resultaat=vocab.MEETING_RESULTS[0])],
        "hoofdpersonen": [{**GOOD["hoofdpersonen"][0], "culturele_achtergrond": None}],
    }
    write_sav([GOOD, conference], tmp_path / "l.sav")
    frame, meta = pyreadstat.read_sav(tmp_path / "l.sav", user_missing=True)
    labels = meta.variable_value_labels

    def coded(name):
        return {int(code): label for code, label in labels[name].items() if code >= 0}

    assert coded("provincie") == dict(enumerate(vocab.PROVINCES, 1))
    assert coded("type_organisatie") == dict(enumerate(vocab.ORGANISATION_TYPES, 1))
    assert coded("professionele_hulp") == dict(enumerate(vocab.PROFESSIONAL_HELP, 1))
    assert coded("bijeenkomst1_resultaat") == dict(enumerate(vocab.MEETING_RESULTS, 1))
    assert coded("hoofdpersoon1_geslacht") == dict(enumerate(vocab.MINOR_GENDERS + vocab.ADULT_GENDERS, 1))
    assert coded("gedwongen_kader") == {0: "nee", 1: "ja"}
    # every coded variable: exactly its field's value list, plus the two declared missing codes
    for variable in variables(Layout()):
        if variable.kind == "code":
            assert {int(c): lab for c, lab in labels[variable.name].items()} == variable.value_labels
            expected = {0: "nee", 1: "ja"} if variable.flag else dict(enumerate(variable.choices, 1))
            assert coded(variable.name) == expected
            assert meta.missing_ranges[variable.name] == [
                {"lo": float(NOT_ASKED_CODE), "hi": float(NOT_ASKED_CODE)},
                {"lo": float(UNKNOWN_CODE), "hi": float(UNKNOWN_CODE)},
            ]
    assert labels["leeftijd" if "leeftijd" in labels else "hoofdpersoon1_leeftijd"] == {
        float(k): v for k, v in MISSING_LABELS.items()
    }
    # multi-answer fields are multiple-dichotomy sets whose variables are labelled with the answers
    problems = meta.mr_sets["achtergrondproblemen"]
    assert problems["is_dichotomy"] and problems["counted_value"] == 1
    assert problems["label"] == "Genoemde achtergrondproblemen"
    assert [meta.column_names_to_labels[n] for n in problems["variable_list"]] == list(vocab.BACKGROUND_PROBLEMS)
    assert {"onderwerpen", "redenen_niet_doorgaan", "hoofdpersoon1_herkomst_ouders"} <= set(meta.mr_sets)
    # dates are dates, counts numbers; not asked and unknown are told apart
    assert meta.original_variable_types["afsluitdatum"] == "DATE11"
    assert list(frame["afsluitdatum"]) == [dt.date(2022, 4, 1), dt.date(2022, 4, 1)]
    assert list(frame["bijeenkomst1_aanwezigen_03"]) == [NOT_ASKED_CODE, 2]  # Ouders; no meeting: not asked
    assert list(frame["type_organisatie"]) == [NOT_ASKED_CODE, 6]  # a family's referral: not asked
    assert list(frame["redenen_niet_doorgaan_07"]) == [1, NOT_ASKED_CODE]
    assert list(frame["hoofdpersoon1_culturele_achtergrond"]) == [4, UNKNOWN_CODE]  # Turks; not filled in
    label = meta.column_names_to_labels["bijeenkomst1_aanwezigen_03"]
    assert label == "Aanwezigen per categorie: Ouders (bijeenkomst 1)"


def test_cli_sav_export_and_import(engine, clock, tmp_path, monkeypatch):
    from web.cli import main

    monkeypatch.setenv("KRING_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    closed_cases(engine, clock, count=2)
    runner = CliRunner()
    out = tmp_path / "uit.sav"
    result = runner.invoke(main, ["registrations", "export", "--format", "sav", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 registraties over alle jaren" in result.output
    only = tmp_path / "amsterdam.sav"
    result = runner.invoke(
        main, ["registrations", "export", "--format", "sav", "--gemeente", "Amsterdam", "--output", str(only)]
    )
    assert result.exit_code == 0 and "1 registraties" in result.output, result.output
    assert runner.invoke(main, ["registrations", "export", "--format", "sav"]).exit_code != 0  # needs --output
    result = runner.invoke(main, ["registrations", "import", str(out)])
    assert result.exit_code != 0 and "Kring zelf" in result.output  # live cases' refs are refused
    result = runner.invoke(main, ["registrations", "import", str(out), "--skip-errors"])
    assert result.exit_code == 0 and "3 rijen overgeslagen" in result.output, result.output


# --- an older layout -----------------------------------------------------------------------------------------

# The fixture: the old bureau's file of 2019 and 2020, its own names and numeric codes, and one code (prov 13)
# that no province has. Per year what the report must show: T1 and T3.
OLD_PROVINCES = {1: "Gelderland", 2: "Utrecht", 3: "Noord-Holland", 13: "Brabant-Oost"}
OLD_ROWS = [
    # dossier, applied, closed, prov, referrer, org type, compulsory, phase, plan, problems, topics, persons
    ("OUD-19-01", "2019-01-10", "2019-03-01", 1, 2, 1, 1, 2, 1, (1, 0, 1), (2, 5), (1, 1, 9)),
    ("OUD-19-02", "2019-02-10", "2019-05-01", 1, 2, 2, 2, 2, 1, (0, 1, 0), (1, None), (2, 4, 35)),
    ("OUD-19-03", "2019-03-10", "2019-06-01", 2, 1, None, 2, 1, 0, (0, 0, 1), (7, None), (1, 2, 12)),
    ("OUD-20-01", "2020-01-10", "2020-03-01", 3, 2, 1, 1, 2, 1, (1, 1, 0), (2, None), (1, 1, 4)),
    ("OUD-20-02", "2020-02-10", "2020-04-01", 3, 1, None, 2, 1, 1, (1, 0, 0), (3, None), (2, 5, 40)),
    ("OUD-20-03", "2020-02-11", "2020-04-02", 13, 1, None, 2, 1, 0, (0, 0, 1), (3, None), (2, 5, 41)),
]
EXPECTED = {
    2019: {"T1": {"Conferentiefase met plan": 2, "Activeringsfase zonder plan/afspraken": 1},
           "T3": {"Gelderland": 2, "Utrecht": 1}},
    2020: {"T1": {"Conferentiefase met plan": 1, "Activeringsfase met plan/afspraken": 1},
           "T3": {"Noord-Holland": 2}},
}  # fmt: skip
MAPPING_TOML = """
# The bureau's file of 2019-2020, as Kring reads it.
[variables]
ref = "dossier"
aanmelddatum = "dat_aanm"
afsluitdatum = "dat_afsl"
provincie = "prov"
type_aanmelder = "aanm"
type_organisatie = "orgtype"
gedwongen_kader = "gedw"
fase = "fase"
plan_of_afspraken = "plan"
professionele_hulp = "hulp"
hoofdpersoon1_soort = "hp_soort"
hoofdpersoon1_geslacht = "hp_gesl"
hoofdpersoon1_leeftijd = "hp_lft"
bijeenkomst1_datum = "ekc_dat"
bijeenkomst1_locatie = "ekc_loc"
bijeenkomst1_dagdeel = "ekc_dgd"
bijeenkomst1_duur_totaal_uur = "ekc_duur"
bijeenkomst1_duur_besloten_uur = "ekc_besl"
bijeenkomst1_vorm = "ekc_vorm"
bijeenkomst1_aanwezigen_03 = "ekc_ouders"
bijeenkomst1_uitgenodigd_niet_aanwezig = "ekc_afw"
bijeenkomst1_resultaat = "ekc_res"

[values.type_aanmelder]
1 = "Familielid of sociaal netwerk"
2 = "Organisatie"

[values.fase]
1 = "activeringsfase"
2 = "conferentiefase"

[values.gedwongen_kader]
1 = "ja"
2 = "nee"

[values.hoofdpersoon1_soort]
1 = "minderjarig"
2 = "volwassen"

[labels.type_organisatie]
"Wijkteam" = "Gemeente/sociaal wijkteam"
"Jeugdbescherming" = "Organisatie jeugdbescherming"

[sets.achtergrondproblemen]
coding = "dichotomies"
counted = 1
variables = { pr_scheid = "(Echt)scheiding ouders", pr_overb = "Overbelasting ouders", pr_anders = "Anders" }

[sets.onderwerpen]
coding = "categories"
variables = ["ond1", "ond2"]

[sets.redenen_niet_doorgaan]
coding = "categories"
variables = ["reden"]

[constants]
variant = "familie"
eerdere_ekc = false
"""


def old_file(path):
    """The older file, written with pyreadstat as the old bureau's SPSS would have."""
    columns = {name: [] for name in (
        "dossier", "dat_aanm", "dat_afsl", "prov", "aanm", "orgtype", "gedw", "fase", "plan", "hulp", "pr_scheid",
        "pr_overb", "pr_anders", "ond1", "ond2", "reden", "hp_soort", "hp_gesl", "hp_lft", "ekc_dat", "ekc_loc",
        "ekc_dgd", "ekc_duur", "ekc_besl", "ekc_vorm", "ekc_ouders", "ekc_afw", "ekc_res")}  # fmt: skip
    for ref, applied, closed, prov, referrer, org, gedw, phase, plan, problems, topics, person in OLD_ROWS:
        conference = phase == 2
        values = {
            "dossier": ref, "dat_aanm": applied, "dat_afsl": closed, "prov": prov, "aanm": referrer,
            "orgtype": org, "gedw": gedw, "fase": phase, "plan": plan, "hulp": 4,
            "pr_scheid": problems[0], "pr_overb": problems[1], "pr_anders": problems[2],
            "ond1": topics[0], "ond2": topics[1], "reden": None if conference else 2,
            "hp_soort": person[0], "hp_gesl": person[1], "hp_lft": person[2],
            "ekc_dat": applied[:8] + "20" if conference else None, "ekc_loc": 1 if conference else None,
            "ekc_dgd": 2 if conference else None, "ekc_duur": 4.5 if conference else None,
            "ekc_besl": 1.0 if conference else None, "ekc_vorm": 1 if conference else None,
            "ekc_ouders": 2 if conference else None, "ekc_afw": 1 if conference else None,
            "ekc_res": 1 if conference else None,
        }  # fmt: skip
        for name, value in values.items():
            columns[name].append(value)
    frame = pd.DataFrame(columns)
    for name in ("dat_aanm", "dat_afsl", "ekc_dat"):
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    numbered = {i: label for i, label in enumerate(vocab.TOPICS, 1)}
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={"prov": "Provincie", "orgtype": "Soort organisatie"},
        variable_value_labels={
            "prov": {float(k): v for k, v in OLD_PROVINCES.items()},
            "orgtype": {1.0: "Wijkteam", 2.0: "Jeugdbescherming"},
            "plan": {0.0: "nee", 1.0: "ja"},
            "hulp": {float(i): label for i, label in enumerate(vocab.PROFESSIONAL_HELP, 1)},
            "ond1": numbered,
            "ond2": numbered,
            "reden": {float(i): label for i, label in enumerate(vocab.REASONS_NOT_HELD, 1)},
            "hp_gesl": {float(i): label for i, label in enumerate(vocab.MINOR_GENDERS + vocab.ADULT_GENDERS, 1)},
            "ekc_loc": {float(i): label for i, label in enumerate(vocab.MEETING_LOCATIONS, 1)},
            "ekc_dgd": {float(i): label for i, label in enumerate(vocab.DAYPARTS, 1)},
            "ekc_vorm": {1.0: "fysiek"},
            "ekc_res": {float(i): label for i, label in enumerate(vocab.MEETING_RESULTS, 1)},
        },
        variable_format={"dat_aanm": "DATE11", "dat_afsl": "DATE11", "ekc_dat": "DATE11"},
    )


def test_an_older_layout_comes_in_through_a_mapping_file(any_engine, tmp_path):
    old_file(tmp_path / "oud.sav")
    mapping_path = tmp_path / "oud.toml"
    mapping_path.write_text(MAPPING_TOML, encoding="utf-8")
    mapping = Mapping.load(mapping_path)

    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report, unknown = import_sav(uow, tmp_path / "oud.sav", mapping)  # no commit: refused whole
    assert [(u.variable, u.value, u.count) for u in unknown] == [("prov", 13.0, 1)]
    assert "Gelderland" in unknown[0].message() and "(1 keer)" in unknown[0].message()
    assert [(e.line, e.field) for e in report.errors] == [(6, "prov")]
    with Session(any_engine) as session:
        assert session.exec(select(ImportedRegistration)).all() == []

    with SqlUnitOfWork(any_engine, SystemClock(), bootstrap()) as uow:
        report, unknown = import_sav(uow, tmp_path / "oud.sav", mapping, skip_errors=True)
        uow.commit()
    assert (report.created, report.skipped_lines) == (5, 1)
    with Session(any_engine) as session:
        for year, tables in EXPECTED.items():
            result = scoped_report(session, None, Filters.of(year=year))
            for table_id, counts in tables.items():
                shown = {row["label"]: row["n"] for row in result["tables"][table_id]["rows"] if row["n"]}
                assert shown == counts, (year, table_id)
        record = session.exec(select(ImportedRegistration).where(ImportedRegistration.ref == "OUD-19-01")).one()
    assert record.record["type_organisatie"] == "Gemeente/sociaal wijkteam"
    assert record.record["achtergrondproblemen"] == ["(Echt)scheiding ouders", "Anders"]
    assert record.record["onderwerpen"] == ["Opvoeding", "Gedrag van het kind"]
    assert record.record["bijeenkomsten"][0]["aanwezigen"]["Ouders"] == 2
    assert record.record["hoofdpersonen"] == [
        {"soort": "minderjarig", "geslacht": "jongen", "leeftijd": 9, "ongeboren": False, "herkomst_ouders": [],
         "culturele_achtergrond": None, "verblijfplaats": None}
    ]  # fmt: skip


def test_a_yaml_mapping_and_bad_mappings(tmp_path):
    old_file(tmp_path / "oud.sav")
    (tmp_path / "m.yaml").write_text("variables:\n  ref: dossier\nconstants:\n  variant: familie\n", encoding="utf-8")
    read = read_sav(tmp_path / "oud.sav", Mapping.load(tmp_path / "m.yaml"))
    assert [r["ref"] for _, r, _ in read.rows][:2] == ["OUD-19-01", "OUD-19-02"]
    assert all(p for _, _, p in read.rows)  # everything else missing: each row names its problems
    for text, message in (
        ("[variables]\nref = 'bestaat_niet'\n", "bestaat_niet"),
        ("[onzin]\na = 1\n", "onbekende sectie"),
        ("[sets.achtergrondproblemen]\nvariables = { pr_scheid = 'Geen label' }\n", "Geen label"),
        ("[sets.leeftijd]\ncoding = 'categories'\n", "geen meerkeuzeveld"),
        ("dit is = = geen toml", "niet te lezen"),
    ):
        (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
        with pytest.raises(MappingError, match=message):
            read_sav(tmp_path / "oud.sav", Mapping.load(tmp_path / "bad.toml"))
    with pytest.raises(MappingError, match="geen registratiebestand"):
        read_sav(tmp_path / "oud.sav")  # an older file without a mapping
    (tmp_path / "kapot.sav").write_bytes(b"$FL2 geen spss")
    with pytest.raises(MappingError, match="geen leesbaar"):
        read_sav(tmp_path / "kapot.sav")


def test_hostile_values_in_a_kring_file_are_named_per_row_and_variable(tmp_path):
    """A file in Kring's layout whose values were edited: an unknown code, a code in a flag, a ref too long
    or with control characters, an age out of range; each is named, nothing passes."""
    write_sav([GOOD, {**GOOD, "ref": "EK-2022-0002"}, {**GOOD, "ref": "EK-2022-0003"}], tmp_path / "ok.sav")
    frame, meta = pyreadstat.read_sav(tmp_path / "ok.sav", user_missing=True)
    frame.loc[0, "provincie"] = 99
    frame.loc[1, "gedwongen_kader"] = 7
    frame.loc[1, "ref"] = "x" * 300
    frame.loc[2, "ref"] = "EK\x01\u202e"
    frame.loc[2, "hoofdpersoon1_leeftijd"] = 400
    pyreadstat.write_sav(frame, str(tmp_path / "bad.sav"), variable_value_labels=meta.variable_value_labels)
    read = read_sav(tmp_path / "bad.sav")
    assert {(u.variable, u.value, u.count) for u in read.unknown} == {
        ("provincie", 99.0, 1),
        ("gedwongen_kader", 7.0, 1),
    }
    problems = {number: {field for field, _ in found} for number, _, found in read.rows}
    assert problems[1] == {"provincie"} and problems[2] == {"gedwongen_kader"}
    assert {"ref", "hoofdpersonen[0].leeftijd"} <= problems[3]
