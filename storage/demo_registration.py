"""The demo's registrations: what a coordinator records before closing a case (storage/demo.py and
storage/demo_after_plan.py)."""

from workflow.recording import record_registration
from workflow.registration import schema


def register_for_closing(uow, case_id: int, coordinator, outcome: str) -> None:
    """The coordinator's registration, complete for the outcome the case closes with."""
    with uow() as unit:
        kinds = [p.kind for p in unit.cases.get_for(coordinator, case_id).main_persons]
    sections = {
        "zaak": schema.example(schema.CASE_FIELDS),
        "hoofdpersonen": {
            "hoofdpersonen": [
                {
                    "soort": k,
                    "herkomst_ouders": ["Nederlands"] if k == "minderjarig" else [],
                    "culturele_achtergrond": None if k == "minderjarig" else "Nederlands",
                    "verblijfplaats": "bij ouder(s)" if k == "minderjarig" else "zelfstandig",
                    "geslacht": "meisje" if k == "minderjarig" else "vrouw",
                    "leeftijd": 9 if k == "minderjarig" else 38,
                }
                for k in kinds
            ]
        },
        "cijfers": schema.example(schema.GRADE_FIELDS),
    }
    if outcome == "plan":
        sections["plan"] = schema.example(
            schema.PLAN_FIELDS,
            afspraken=[{"wie": "Oma", "wie_soort": "netwerk", "wat": "Haalt de kinderen op dinsdag en donderdag op"}],
        )
        sections["plan_verstuurd"] = {"datum": uow().clock.now().date().isoformat(), "aan": "Moeder\nOma"}
    for section, data in sections.items():
        record_registration(uow(), case_id, coordinator, None, section, data)
