"""A complete registration for tests that close cases: as section data (through the use case) and as a
record (for the plain fakes of the unit tests)."""

from typing import Any

from workflow.recording import record_registration

CASE = {
    "achtergrondproblemen": ["Overbelasting ouders", "Huisvestingsproblemen"],
    "onderwerpen": ["Wonen (waar en bij wie)", "Opvoeding"],
    "professionele_hulp": "1-2 jaar",
    "eerdere_ekc": "",
}
GRADES = {"cijfer_samenwerking_aanmelder": "8", "cijfer_samenwerking_regiomanager": "9"}
PLAN = {
    "afspraken": [{"wie": "Oma", "wie_soort": "netwerk", "wat": "haalt de kinderen elke week op dinsdag op"}],
    "evaluatieafspraken": "ja",
    "noodplan": "ja",
    "vraag_professionele_hulp": "nee",
    "acceptatie_professional": "niet nodig",
    "verblijfplaatswijzigingen": {"zelfde niveau": "1"},
}
PLAN_SENT = {"datum": "2026-03-01", "aan": "Oma\nMoeder"}
NOT_HELD = {"redenen_niet_doorgaan": ["Te klein of onevenwichtig netwerk"], "toelichting_niet_doorgaan": ""}
PERSON = {
    "minderjarig": {
        "geslacht": "meisje",
        "leeftijd": "8",
        "herkomst_ouders": ["Nederlands"],
        "verblijfplaats": "bij ouder(s)",
    },
    "volwassen": {
        "geslacht": "vrouw",
        "leeftijd": "40",
        "culturele_achtergrond": "Nederlands",
        "verblijfplaats": "zelfstandig",
    },
}

SECTIONS = {"zaak": CASE, "cijfers": GRADES, "plan": PLAN, "plan_verstuurd": PLAN_SENT, "niet_doorgaan": NOT_HELD}

# The same registration as it sits in a case's record (unit tests with FakeCase).
RECORD: dict[str, Any] = {
    "achtergrondproblemen": CASE["achtergrondproblemen"],
    "onderwerpen": CASE["onderwerpen"],
    "professionele_hulp": "1-2 jaar",
    "cijfer_samenwerking_aanmelder": 8,
    "cijfer_samenwerking_regiomanager": 9,
    "plan": {
        "afspraken": PLAN["afspraken"],
        "evaluatieafspraken": True,
        "noodplan": True,
        "vraag_professionele_hulp": False,
        "acceptatie_professional": "niet nodig",
        "verblijfplaatswijzigingen": ["zelfde niveau"],
    },
    "plan_verstuurd": {"datum": "2026-03-01", "aan": ["Oma", "Moeder"]},
    "redenen_niet_doorgaan": NOT_HELD["redenen_niet_doorgaan"],
}


def fill_registration(uow, case_id: int, actor, sections=tuple(SECTIONS) + ("hoofdpersonen",)) -> None:
    """Record a complete registration on a case (each section in its own transaction)."""
    for section in sections:
        if section == "hoofdpersonen":
            with uow() as unit:
                kinds = [p.kind for p in unit.cases.get_for(actor, case_id).main_persons]
            data = {"hoofdpersonen": [{"soort": kind, **PERSON[kind]} for kind in kinds]}
        else:
            data = SECTIONS[section]
        record_registration(uow(), case_id, actor, None, section, data)
