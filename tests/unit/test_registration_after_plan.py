"""registration-v1's additions after the plan (workflow.registration.after_plan): optional, checked field by
field with Dutch messages, written whole and in order by `canonical`, and coded from a case's record."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.figures.tally import tally_of
from workflow.registration import canonical, validate_registration
from workflow.registration.after_plan import marks, plan_agreements, top_level
from workflow.registration.schema import example_meeting
from workflow.vocabulary import MEETING_RESULTS

GOOD = {
    "ref": "EK-2022-0001",
    "variant": "familie",
    "aanmelddatum": "2022-01-10",
    "afsluitdatum": "2022-04-01",
    "provincie": "Utrecht",
    "gemeente": None,
    "type_aanmelder": "Hoofdpersoon zelf",
    "type_organisatie": None,
    "gedwongen_kader": False,
    "eerdere_ekc": False,
    "hoofdpersonen": [{"soort": "volwassen", "geslacht": "man", "leeftijd": 44, "verblijfplaats": "zelfstandig"}],
    "achtergrondproblemen": [],
    "onderwerpen": [],
    "professionele_hulp": "Onbekend",
    "fase": "conferentiefase",
    "plan_of_afspraken": False,
    "redenen_niet_doorgaan": [],
    "bijeenkomsten": [example_meeting(datum="2022-02-01", resultaat=MEETING_RESULTS[0])],
    "plan": {
        "acceptatie_professional": "nog af te stemmen",
        "evaluatieafspraken": True,
        "noodplan": False,
        "vraag_professionele_hulp": False,
        "verblijfplaatswijzigingen": [],
    },
    "cijfer_samenwerking_aanmelder": None,
    "cijfer_samenwerking_regiomanager": 8,
    "follow_up": [{"wie": "coordinator", "datum": "2022-03-01", "uitkomst": "positief", "toelichting": ""}],
}
ADDITIONS = {
    "aantal_voorwaarden": 2,
    "besluiten": [
        {"bijeenkomst": 1, "besluit": "geaccepteerd", "datum": None, "met_reden": False, "voorwaarden_beantwoord": 2}
    ],
    "drie_maanden": {
        "datum": "2022-05-01",
        "bereikt": True,
        "pogingen": ["2022-04-28"],
        "gesprekken": [{"respondent": "familielid", "plan_uitgevoerd": "geheel uitgevoerd"}],
        "afspraken_markering": ["nagekomen", None],
        "vervolg_nodig": False,
    },
}


def with_additions(**changes):
    record = {**GOOD, **ADDITIONS, **changes}
    record["plan"] = {**GOOD["plan"], "afspraken": [{"wie_soort": "netwerk", "wanneer": None}, {"evaluatie": None}]}
    record["follow_up"] = [{**GOOD["follow_up"][0], "afspraken_markering": ["deels nagekomen", None]}]
    return record


def test_the_meeting_record_is_valid_itself():
    assert validate_registration(GOOD) == []


def test_the_additions_are_optional_and_valid():
    assert validate_registration(with_additions()) == []


def test_canonical_fills_in_and_orders_the_additions_but_adds_none_to_an_old_record():
    out = canonical(with_additions())
    assert list(out)[-3:] == ["aantal_voorwaarden", "besluiten", "drie_maanden"]
    assert out["drie_maanden"]["gesprekken"][0] == {
        "respondent": "familielid",
        "plan_uitgevoerd": "geheel uitgevoerd",
        "afspraken_uitgevoerd": None,
        "situatie": None,
    }
    assert out["plan"]["afspraken"][1] == {"wie_soort": None, "wanneer": None, "evaluatie": None}
    assert list(out["plan"])[-1] == "afspraken" and list(out["follow_up"][0])[-1] == "afspraken_markering"
    old = canonical(GOOD)
    assert not {"aantal_voorwaarden", "besluiten", "drie_maanden"} & set(old)
    assert "afspraken" not in old["plan"] and "afspraken_markering" not in old["follow_up"][0]
    assert canonical(out) == out


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"aantal_voorwaarden": -1}, "aantal_voorwaarden"),
        ({"aantal_voorwaarden": "twee"}, "aantal_voorwaarden"),
        ({"aantal_voorwaarden": True}, "aantal_voorwaarden"),
        ({"besluiten": "geaccepteerd"}, "besluiten"),
        ({"besluiten": [{**ADDITIONS["besluiten"][0], "besluit": "prima"}]}, "besluiten[0].besluit"),
        ({"besluiten": [{"besluit": "geaccepteerd", "met_reden": False}]}, "besluiten[0].bijeenkomst"),
        (
            {
                "besluiten": [
                    {"bijeenkomst": 1, "besluit": "geaccepteerd", "met_reden": "ja", "voorwaarden_beantwoord": 0}
                ]
            },
            "besluiten[0].met_reden",
        ),
        (
            {
                "besluiten": [
                    {"bijeenkomst": 1, "besluit": "geaccepteerd", "met_reden": True, "voorwaarden_beantwoord": 3}
                ]
            },
            "besluiten[0].voorwaarden_beantwoord",
        ),
        (
            {
                "besluiten": [
                    {
                        "bijeenkomst": 1,
                        "besluit": "geaccepteerd",
                        "met_reden": True,
                        "voorwaarden_beantwoord": 0,
                        "door": "Jan",
                    }
                ]
            },
            "besluiten[0].door",
        ),
        ({"drie_maanden": "gebeld"}, "drie_maanden"),
        ({"drie_maanden": {**ADDITIONS["drie_maanden"], "bereikt": None}}, "drie_maanden.bereikt"),
        ({"drie_maanden": {**ADDITIONS["drie_maanden"], "pogingen": ["gisteren"]}}, "drie_maanden.pogingen[0]"),
        ({"drie_maanden": {**ADDITIONS["drie_maanden"], "datum": "2022-02-30"}}, "drie_maanden.datum"),
        (
            {"drie_maanden": {**ADDITIONS["drie_maanden"], "gesprekken": [{"respondent": "buurman"}]}},
            "drie_maanden.gesprekken[0].respondent",
        ),
        (
            {
                "drie_maanden": {
                    **ADDITIONS["drie_maanden"],
                    "gesprekken": [{"respondent": "familielid", "situatie": "<script>alert(1)</script>"}],
                }
            },
            "drie_maanden.gesprekken[0].situatie",
        ),
        (
            {"drie_maanden": {**ADDITIONS["drie_maanden"], "afspraken_markering": ["ja"]}},
            "drie_maanden.afspraken_markering[0]",
        ),
        ({"drie_maanden": {**ADDITIONS["drie_maanden"], "notitie": "Piet"}}, "drie_maanden.notitie"),
        ({"drie_maanden": {"datum": None}}, "drie_maanden.bereikt"),
        ({"drie_maanden": {**ADDITIONS["drie_maanden"], "pogingen": ["2022-04-28"] * 501}}, "drie_maanden.pogingen"),
    ],
)
def test_wrong_additions_name_their_field(changes, field):
    found = {f for f, _ in validate_registration(with_additions(**changes))}
    assert field in found, found


def test_wrong_agreements_and_marks_name_their_field():
    record = with_additions()
    record["plan"]["afspraken"] = [{"wie_soort": "buurman"}, "los", {"wat": "Koken"}]
    record["follow_up"][0]["afspraken_markering"] = "nagekomen"
    found = {f for f, _ in validate_registration(record)}
    assert {"plan.afspraken[0].wie_soort", "plan.afspraken[1]", "plan.afspraken[2].wat"} <= found
    assert "follow_up[0].afspraken_markering" in found


@pytest.mark.parametrize("odd", [5, "bel", None, {"wie": "coordinator"}])
def test_a_follow_up_that_is_no_list_is_named_once(odd):
    assert [f for f, _ in validate_registration({**GOOD, "follow_up": odd})] == ["follow_up"]


def test_a_message_is_dutch_and_names_the_allowed_values():
    record = with_additions(besluiten=[{**ADDITIONS["besluiten"][0], "besluit": "prima"}])
    message = dict(validate_registration(record))["besluiten[0].besluit"]
    assert "prima" in message and "geaccepteerd na aanpassing" in message


class Case:
    def __init__(self, record):
        self.record = record
        self.main_persons = []


def test_a_case_record_is_coded_and_odd_values_left_out():
    record = {
        "voorwaarden": [{"tekst": "a"}, {"tekst": "b"}, "los"],
        "besluiten": [
            {
                "bijeenkomst": 1,
                "besluit": "geaccepteerd",
                "reden": " ",
                "voorwaarden_antwoord": [{"antwoord": "x"}] * 5,
            },
            {"bijeenkomst": "1", "besluit": "geaccepteerd"},
            {"bijeenkomst": 2, "besluit": "misschien"},
            {"bijeenkomst": True, "besluit": "geaccepteerd"},
        ],
        "drie_maanden": {
            "datum": "2022-05-01T10:00:00",
            "pogingen": "gisteren",
            "gesprekken": [{"respondent": "familielid", "situatie": "super"}, {"respondent": "buurman"}],
            "afspraken_markering": ["nagekomen", "ja"],
        },
        "plan": {"afspraken": [{"wie": "Oma", "wie_soort": "oma", "wat": "Koken", "wanneer": "2022-13-01"}]},
    }
    out = top_level(Case(record))
    assert out["aantal_voorwaarden"] == 2
    assert out["besluiten"] == [
        {"bijeenkomst": 1, "besluit": "geaccepteerd", "datum": None, "met_reden": False, "voorwaarden_beantwoord": 2}
    ]
    assert out["drie_maanden"] == {
        "datum": "2022-05-01",
        "bereikt": False,
        "pogingen": [],
        "gesprekken": [
            {"respondent": "familielid", "plan_uitgevoerd": None, "afspraken_uitgevoerd": None, "situatie": None}
        ],
        "afspraken_markering": ["nagekomen", None],
        "vervolg_nodig": False,
    }
    assert plan_agreements(Case(record)) == [{"wie_soort": None, "wanneer": None, "evaluatie": None}]
    assert plan_agreements(Case({"plan": {"afspraken": "Oma kookt."}})) == [
        {"wie_soort": None, "wanneer": None, "evaluatie": None}
    ]
    assert top_level(Case({})) == {"aantal_voorwaarden": 0, "besluiten": [], "drie_maanden": None}
    assert marks("nagekomen") == [] and marks([None, "deels nagekomen"]) == [None, "deels nagekomen"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
PLACES = ("aantal_voorwaarden", "besluiten", "drie_maanden", "plan.afspraken", "follow_up.afspraken_markering")


@settings(max_examples=300, deadline=None)
@given(place=st.sampled_from(PLACES), value=JSON)
def test_any_json_in_an_addition_is_checked_never_raises_and_reads_the_same_in_the_figures(place, value):
    record = with_additions()
    if place.startswith("plan."):
        record["plan"]["afspraken"] = value
    elif place.startswith("follow_up."):
        record["follow_up"][0]["afspraken_markering"] = value
    else:
        record[place] = value
    problems = validate_registration(record)
    assert all(isinstance(f, str) and isinstance(m, str) and m for f, m in problems)
    if not problems:
        assert validate_registration(canonical(record)) == []
    tally_of(record)  # the figures read whatever came in without failing
