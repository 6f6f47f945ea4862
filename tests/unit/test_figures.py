"""The yearly figures reproduce the printed 2022 report (research/jaarcijfers-2022.md §7) from synthetic
records with the same marginal counts; where the report contradicts itself (§8) the self-consistent value is
asserted and the correction is listed with its reason."""

import pytest

from tests.unit.jaarcijfers_2022 import records_2022
from workflow.figures import Filters, cell_refs, record_missing, yearly_report
from workflow.figures.common import add_months, hours_band, lead_time_band, pct

# (label, N, % as printed); % None where the table prints no percentage.
PRINTED = {
    "T1": [
        ("Activeringsfase zonder plan/afspraken", 26, 16.1),
        ("Activeringsfase met plan/afspraken", 28, 17.4),
        ("Conferentiefase zonder plan", 3, 1.9),
        ("Conferentiefase met plan", 104, 64.5),
    ],
    "T3": [
        ("Noord-Holland", 70, 47.9),
        ("Zuid-Holland", 18, 12.3),
        ("Gelderland", 15, 10.3),
        ("Groningen", 13, 8.9),
        ("Utrecht", 13, 8.9),
        ("Flevoland", 7, 4.8),
        ("Friesland", 6, 4.1),
        ("Drenthe", 2, 1.4),
        ("Overijssel", 1, 0.7),
        ("Limburg", 1, 0.7),
    ],
    "T5": [
        ("Gemeente/sociaal wijkteam", 41, 36.9),
        ("Organisatie jeugdbescherming", 30, 27.0),
        ("Zorgaanbieder Jeugdzorg", 9, 8.1),
        ("Centrum voor Jeugd en Gezin, opvoedondersteuning", 5, 4.5),
        ("Organisatie gezondheidszorg", 2, 1.8),
        ("MEE", 3, 2.7),
        ("Raad voor de Kinderbescherming", 3, 2.7),
        ("Anders", 12, 10.8),
        ("Onbekend", 6, 5.4),
    ],
    "T8": [
        ("(Echt)scheiding ouders", 56, None),
        ("Overbelasting ouders", 54, None),
        ("Huisvestingsproblemen", 45, None),
        ("Psychiatrische problemen", 35, None),
        ("Gedragsproblemen kind", 33, None),
        ("Pedagogische onmacht ouders", 30, None),
        ("Huiselijk geweld", 25, None),
        ("Financiële problemen", 24, None),
        ("Verslaving", 19, None),
        ("Verstandelijke beperking", 14, None),
        ("Problemen met politie", 12, None),
        ("Problemen op school", 10, None),
        ("Ziekte/overlijden", 10, None),
        ("Lichamelijke beperking", 10, None),
        ("Problemen met werk", 9, None),
        ("Verwaarlozing kind", 7, None),
        ("Seksueel misbruik", 1, None),
        ("Anders", 23, None),
    ],
    "T9": [
        ("Wonen (waar en bij wie)", 50, None),
        ("Opvoeding", 46, None),
        ("Omgangsregeling", 38, None),
        ("Verbeteren relatie kind-ouders", 37, None),
        ("Gedrag van het kind", 30, None),
        ("Verbeteren relatie met familieleden", 25, None),
        ("Financiën", 23, None),
        ("Vrijtijdsbesteding", 23, None),
        ("Zelfstandig wonen en leven", 21, None),
        ("Medische kwesties", 16, None),
        ("Huiselijk geweld", 15, None),
        ("Werk", 15, None),
        ("Onderwijs", 13, None),
        ("Voorziening gezag", 5, None),
        ("Overige onderwerpen", 20, None),
    ],
    "T11": [
        ("Zonder bijeenkomst plan en/of afspraken gemaakt", 13, None),
        ("Te klein of onevenwichtig netwerk", 13, None),
        ("Weigeren medewerking van hoofdpersoon of andere deelnemers", 12, None),
        ("Vraag niet meer aan de orde door gewijzigde omstandigheden", 5, None),
        ("Te grote tegenstellingen/conflicten", 5, None),
        ("Weigeren medewerking organisatie(s)", 0, None),
        ("Andere reden", 11, None),
    ],
    "T12": [
        ("Buurthuis of wijkcentrum", 47, 49.4),
        ("Kantoor hulpverlenende instantie", 17, 17.9),
        ("Kerk of kerkelijk gebouw", 13, 13.7),
        ("Bij deelnemers thuis", 8, 8.4),
        ("Horecagelegenheid", 3, 3.2),
        ("Volledig digitaal", 1, 1.1),
        ("Overig", 6, 6.3),
    ],
    "T13": [("Op een doordeweekse dag", 81, 85.3), ("In het weekend", 14, 14.7)],
    "T14": [("Overdag", 53, 55.8), ("'s Avonds", 13, 13.7), ("Overdag en 's avonds", 29, 30.4)],
    "T15": [("1 tot 3 uur", 34, 35.8), ("3 tot 5 uur", 50, 52.6), ("5 tot 8 uur", 8, 8.4), ("8 tot 10 uur", 3, 3.1)],
    "T16": [("0 tot 1 uur", 28, 29.5), ("1 tot 3 uur", 52, 54.7), ("3 tot 5 uur", 12, 12.6), ("5 tot 8 uur", 3, 3.1)],
    "T17": [
        ("Minderjarige hoofdpersonen", 52, 5.8),
        ("Meerderjarige hoofdpersonen", 94, 10.4),
        ("Ouders", 82, 9.1),
        ("Broers/zussen", 67, 7.4),
        ("Grootouders", 80, 8.8),
        ("Ooms/tantes", 86, 9.5),
        ("Neven/nichten", 28, 3.1),
        ("Overige familieleden", 99, 11.0),
        ("Vrienden/kennissen", 151, 16.8),
        ("Overig sociaal netwerk", 8, 0.9),
        ("Totaal familie/sociaal netwerk", 747, 83.0),
        ("Aanmelders-beroepskrachten", 56, 6.2),
        ("Mensen van school", 12, 1.3),
        ("Beroepskrachten niet aanmelder", 75, 8.3),
        ("Overige aanwezigen", 11, 1.2),
        ("Totaal beroepskrachten", 154, 17.0),
    ],
    "T18": [
        ("Betrokkenen zijn het eens geworden over plan", 89, 93.7),
        ("De EK-c is in meerdere delen verdeeld, vervolg afgesproken", 3, 3.2),
        (
            "De betrokkenen zijn het niet eens geworden over een plan en de zaak is terug naar de "
            "aanvrager/professional",
            3,
            3.2,
        ),
    ],
}
PRINTED_TOTALS = {
    "T1": 161,
    "T3": 146,
    "T5": 111,
    "T8": 417,
    "T9": 377,
    "T11": 59,
    "T12": 95,
    "T13": 95,
    "T14": 95,
    "T15": 95,
    "T16": 95,
    "T17": 901,
    "T18": 95,
}
# Printed percentages that do not follow from the printed counts (§8.10 and the T17 subtotals); the report's
# own counts give these values, which are the ones asserted.
CORRECTIONS = {
    ("T1", "Conferentiefase met plan"): 64.6,  # 104/161 = 64.60 (§8.10)
    ("T12", "Buurthuis of wijkcentrum"): 49.5,  # 47/95 = 49.47 (§8.10)
    ("T14", "Overdag en 's avonds"): 30.5,  # 29/95 = 30.53 (§8.10)
    ("T15", "8 tot 10 uur"): 3.2,  # 3/95 = 3.16 (§8.10)
    ("T16", "5 tot 8 uur"): 3.2,  # 3/95 = 3.16 (§8.10)
    ("T17", "Grootouders"): 8.9,  # 80/901 = 8.88 (§8.10)
    ("T17", "Totaal familie/sociaal netwerk"): 82.9,  # 747/901 = 82.91 (printed 83.0; §8.8 uses the counts)
    ("T17", "Totaal beroepskrachten"): 17.1,  # 154/901 = 17.09 (printed 17.0; §8.8: 17.1)
}
# T4 and T10 are split by phase: (label, activeringsfase, conferentiefase, totaal, printed %).
PRINTED_SPLIT = {
    "T4": [
        ("Familielid of sociaal netwerk", 8, 9, 17, 11.6),
        ("Hoofdpersoon zelf", 6, 12, 18, 12.3),
        ("Organisatie", 37, 74, 111, 76.0),
    ],
    "T10": [
        ("Geen", 11, 7, 18, 12.3),
        ("0-1 jaar", 12, 14, 26, 17.8),
        ("1-2 jaar", 4, 15, 19, 13.0),
        ("2-5 jaar", 9, 22, 31, 21.2),
        ("5-10 jaar", 3, 9, 12, 8.2),
        ("Langer dan 10 jaar", 0, 11, 11, 7.5),
        ("Onbekend", 12, 17, 29, 19.9),
    ],
}


@pytest.fixture(scope="module")
def records():
    return records_2022()


@pytest.fixture(scope="module")
def report(records):
    return yearly_report(records, Filters.of(year=2022))


@pytest.mark.parametrize("table_id", sorted(PRINTED))
def test_every_count_and_percentage_as_printed(report, table_id):
    table = report["tables"][table_id]
    expected = [(label, n, CORRECTIONS.get((table_id, label), printed)) for label, n, printed in PRINTED[table_id]]
    got = [(row["label"], row["n"], row.get("pct")) for row in table["rows"]]
    assert got == expected
    assert table["total"]["n"] == PRINTED_TOTALS[table_id]


@pytest.mark.parametrize("table_id", sorted(PRINTED_SPLIT))
def test_tables_split_by_phase(report, table_id):
    table = report["tables"][table_id]
    got = [(r["label"], r["activeringsfase"], r["conferentiefase"], r["totaal"], r["pct"]) for r in table["rows"]]
    assert got == PRINTED_SPLIT[table_id]
    assert (table["total"]["activeringsfase"], table["total"]["conferentiefase"], table["total"]["totaal"]) == (
        51,
        95,
        146,
    )
    assert table["base"] == 146


def test_bases(report):
    bases = {tid: report["tables"][tid]["base"] for tid in ("T1", "T3", "T5", "T6", "T7", "T11", "T12", "T17")}
    assert bases == {"T1": 161, "T3": 146, "T5": 111, "T6": 172, "T7": 112, "T11": 51, "T12": 95, "T17": 901}


def test_text_figures(report):
    f = report["figures"]
    assert (f["aantal_afgesloten"], f["aantal_volledig_geregistreerd"], f["aantal_onvolledig_geregistreerd"]) == (
        161,
        146,
        15,
    )
    assert (f["afgesloten_in_activeringsfase"], f["afgesloten_in_conferentiefase"]) == (54, 107)
    assert f["plan_of_afspraken_zonder_bijeenkomst"] == 28
    assert f["pct_plan_en_of_afspraken"] == 82.0  # §2.1 (ch. 7 says 85%: §8.1)
    assert (f["gedwongen_kader"], f["pct_gedwongen_kader"]) == (49, 30.4)
    assert (f["zaken_met_minderjarigen"], f["zaken_alleen_volwassenen"]) == (103, 43)
    assert (f["aantal_minderjarigen"], f["aantal_volwassenen"], f["max_minderjarigen_per_zaak"]) == (172, 112, 6)
    assert (f["gemiddeld_aantal_problemen"], f["gemiddeld_aantal_onderwerpen"]) == (2.9, 2.6)
    assert f["minimale_doorlooptijd_dagen"] == 4
    assert (f["aantal_aanwezigen"], f["gemiddeld_aantal_aanwezigen"]) == (901, 9.5)
    assert (f["minimum_aanwezigen"], f["maximum_aanwezigen"], f["uitgenodigd_niet_aanwezig"]) == (3, 31, 180)
    assert f["pct_besloten_deel_korter_dan_3_uur"] == 84.2  # text says 85% (§8.10)
    assert (f["plan_acceptatie_nodig"], f["plan_direct_geaccepteerd"], f["plan_nog_af_te_stemmen"]) == (42, 41, 1)
    assert f["personen_met_verblijfplaatswijziging"] == 47
    assert f["verblijfplaatswijziging_per_richting"] == {
        "zelfde niveau": 21,
        "minder intensief": 17,
        "meer intensief": 2,
        "onbekend": 7,
    }
    assert (f["cijfer_samenwerking_aanmelder"], f["onvoldoendes_samenwerking_aanmelder"]) == (7.2, 7)
    assert (f["cijfer_samenwerking_regiomanager"], f["onvoldoendes_samenwerking_regiomanager"]) == (9.0, 0)


def test_person_tables_use_the_counts_where_the_print_contradicts_them(report):
    t6 = {r["label"]: (r["n"], r["pct"]) for r in report["tables"]["T6"]["rows"]}
    assert t6["Geslacht: onbekend"] == (2, 1.2)  # printed 1.5 (§8.4)
    assert t6["Verblijfplaats: in pleeggezin"] == (3, 1.7)  # printed 7.0 (§8.4)
    assert t6["Leeftijd: ongeboren"] == (3, 1.7)  # printed "geboren" (§8.4)
    t7 = {r["label"]: (r["n"], r["pct"]) for r in report["tables"]["T7"]["rows"]}
    assert t7["Geslacht: man"] == (41, 36.6)  # printed 46.2 (§8.5)
    assert t7["Leeftijd: 26 t/m 40 jaar"] == (46, 41.1)  # printed 46.3 (§8.5)
    assert t7["Verblijfplaats: bij ouders"] == (16, 14.3)  # printed 14.2 (§8.10)


def test_lead_time_counts_every_case_without_a_meeting(report):
    t2 = {r["label"]: r["n"] for r in report["tables"]["T2"]["rows"]}
    assert t2["n.v.t. geen bijeenkomst"] == 51  # printed 23 (§8.2)
    assert sum(t2.values()) == 146


def test_follow_up_table(report):
    rows = [
        (r["label"], r["positief"], r["neutraal"], r["negatief"], r["totaal"]) for r in report["tables"]["T23"]["rows"]
    ]
    assert rows == [("EK-coördinator met hoofdpersoon", 31, 3, 3, 37), ("EK-regiomanager met toeleider", 54, 6, 1, 61)]


def test_satisfaction_tables_are_empty_without_questionnaires(report):
    for table_id in ("T19", "T20", "T21", "T22"):
        assert report["tables"][table_id]["base"] == 0
    assert all(row["n"] == 0 for row in report["tables"]["T21"]["rows"])


def test_satisfaction_tables_from_questionnaire_results():
    from workflow.questionnaires.results import GroupResults, QuestionnaireResults

    adults = GroupResults(
        "volwassenen",
        "Volwassenen",
        responses=198,
        distributions={"opleiding": {"Mbo": 56, "Hbo": 47}},
        grades_by_subgroup={"Familieleden": {"cijfer_plan": 8.2}, "Totaal": {"cijfer_plan": 8.2}},
    )
    minors = GroupResults(
        "minderjarigen",
        "Minderjarigen",
        responses=18,
        distributions={"leeftijd": {"9-12": 9, "13-17": 9}, "school": {"Basisschool": 7}},
    )
    results = QuestionnaireResults(
        2022,
        {
            "volwassenen": adults,
            "minderjarigen": minors,
            "professionals": GroupResults("professionals", "Beroepskrachten"),
        },
    )
    tables = yearly_report([], Filters.of(year=2022), questionnaires=results)["tables"]
    t21 = {r["label"]: (r["n"], r["pct"]) for r in tables["T21"]["rows"]}
    assert t21["Mbo"] == (56, 28.3) and t21["Hbo"] == (47, 23.7)
    assert [(r["label"], r["n"], r["pct"]) for r in tables["T19"]["rows"]] == [("9-12", 9, 50.0), ("13-17", 9, 50.0)]
    assert tables["T20"]["rows"][0] == {"label": "Basisschool", "n": 7, "pct": 38.9}  # printed 39.0 (§8.10)
    plan = next(r for r in tables["T22"]["rows"] if r["label"] == "Plan")
    assert (plan["familieleden"], plan["totaal"], plan["hoofdpersonen"]) == (8.2, 8.2, None)


def test_filters_by_province_region_and_year(records):
    region = Filters.of(year=2022, provincies={"Groningen", "Friesland", "Drenthe"})
    report = yearly_report(records, region)
    assert [(r["label"], r["n"]) for r in report["tables"]["T3"]["rows"]] == [
        ("Groningen", 13),
        ("Friesland", 6),
        ("Drenthe", 2),
    ]
    assert report["tables"]["T3"]["base"] == 21
    assert yearly_report(records, Filters.of(year=2021))["figures"]["aantal_afgesloten"] == 0
    org = yearly_report(records, Filters.of(year=2022, type_organisatie="MEE"))
    assert org["tables"]["T5"]["base"] == 3
    assert yearly_report(records, Filters.of(variant="herstel"))["figures"]["aantal_afgesloten"] == 0


def test_comparison_with_the_previous_year(records):
    previous = records_2022(2021, prefix="OUD") + records_2022(2021, prefix="EXTRA")[146:150]
    report = yearly_report(records, Filters.of(year=2022), previous=previous)
    assert report["figures"]["vorig_jaar"]["aantal_afgesloten"] == 165
    t3 = report["tables"]["T3"]
    assert t3["rows"][0]["vorig_jaar"] == 70 and t3["total"]["vorig_jaar"] == 146
    assert t3["columns"][-1] == {"key": "vorig_jaar", "title": "Vorig jaar"}


def test_every_count_links_to_its_cases(records, report):
    filters = Filters.of(year=2022)
    for table_id in ("T1", "T3", "T5", "T8", "T11", "T12", "T17", "T18"):
        for row in report["tables"][table_id]["rows"]:
            refs = cell_refs(records, filters, table_id, row["label"])
            if table_id == "T17":  # persons: the cases with at least one of them
                assert bool(refs) == bool(row["n"])
            else:
                assert len(refs) == row["n"], (table_id, row["label"])
    assert len(cell_refs(records, filters, "T4", "Organisatie", "activeringsfase")) == 37
    assert len(cell_refs(records, filters, "T23", "EK-regiomanager met toeleider", "neutraal")) == 6
    assert len(cell_refs(records, filters, "T3", "Totaal")) == 146
    assert cell_refs(records, filters, "T99", "x") == []


def test_completeness_names_what_is_missing(records):
    incomplete = [r for r in records if record_missing(r)]
    assert len(incomplete) == 15
    assert "professionele_hulp" in record_missing(incomplete[0])


def test_buckets():
    import datetime as dt

    assert add_months(dt.date(2022, 1, 31), 1) == dt.date(2022, 2, 28)
    assert lead_time_band(dt.date(2022, 1, 31), dt.date(2022, 2, 27)) == "0-1 maand"
    assert lead_time_band(dt.date(2022, 1, 31), dt.date(2022, 2, 28)) == "1-2 maanden"
    assert lead_time_band(dt.date(2022, 1, 1), dt.date(2022, 4, 1)) == "meer dan 3 maanden"
    assert hours_band(3, ("1 tot 3 uur", "3 tot 5 uur")) == "3 tot 5 uur"
    assert hours_band(2.99, ("1 tot 3 uur", "3 tot 5 uur")) == "1 tot 3 uur"
    assert pct(1, 8) == 12.5 and pct(1, 0) is None and pct(5, 111) == 4.5


def test_fast_completeness_and_facts_agree_with_the_records(records):
    """The one-pass facts (workflow.figures.facts) decide completeness as record_missing does, also for
    records broken in other ways, and the report over facts does not depend on the records' order."""
    import copy

    from workflow.figures.cases import is_complete
    from workflow.figures.common import first_meeting
    from workflow.figures.facts import facts_of

    broken = []
    for i, record in enumerate(copy.deepcopy(records[:60])):
        field = ("fase", "hoofdpersonen", "bijeenkomsten", "type_organisatie", "plan_of_afspraken", "provincie")[i % 6]
        record[field] = None
        broken.append(record)
    for record in [*records, *broken]:
        assert is_complete(record, first_meeting(record)) == (not record_missing(record)), record["ref"]
        assert facts_of(record).complete == (not record_missing(record))
    forward = yearly_report(records, Filters.of(year=2022))
    assert yearly_report(list(reversed(records)), Filters.of(year=2022))["tables"] == forward["tables"]
