"""The intake form of a new application (aanmelding): the fields of DOMAIN.md §6 known at intake."""

from typing import Any

from workflow import vocabulary as vocab
from workflow.conditions import SET_BY, conditions_field
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec

INTAKE_FIELDS = (
    FieldSpec("aanmelddatum", "Aanmelddatum", "date", not_in_future=True),
    FieldSpec("variant", "Soort conferentie", "choice", choices=vocab.VARIANTS),
    FieldSpec("gemeente", "Gemeente", "line", required=True, max_length=80),
    FieldSpec("type_aanmelder", "Wie meldt aan", "choice", required=True, choices=vocab.REFERRER_TYPES),
    FieldSpec("type_organisatie", "Type organisatie", "choice", choices=vocab.ORGANISATION_TYPES),
    FieldSpec("aanmelder_naam", "Naam aanmelder", "line", required=True, max_length=120),
    FieldSpec("aanmelder_organisatie", "Organisatie aanmelder", "line", max_length=120),
    FieldSpec("aanmelder_telefoon", "Telefoon aanmelder", "phone", max_length=30),
    FieldSpec("aanmelder_email", "E-mail aanmelder", "email", max_length=120),
    FieldSpec("gedwongen_kader", "(Dreigend) gedwongen kader", "bool"),
    FieldSpec("eerdere_ekc", "Eerder een Eigen Kracht-conferentie aangevraagd", "bool"),
    FieldSpec("vraag", "Vraag voor de conferentie", "text", required=True, max_length=2000),
    FieldSpec("zorgen", "Zorgen", "text", max_length=2000),
    conditions_field(2000),
    SET_BY,
    FieldSpec(
        "wensen_coordinator_geslacht",
        "Voorkeur geslacht coördinator",
        "choice",
        choices=("geen voorkeur", "man", "vrouw"),
    ),
    FieldSpec("wensen_coordinator_talen", "Gewenste taal of talen", "line", max_length=120),
    FieldSpec("wensen_coordinator_cultuur", "Gewenste culturele achtergrond", "line", max_length=120),
    FieldSpec("wensen_coordinator_leeftijd", "Voorkeur leeftijd coördinator", "line", max_length=60),
)

MAIN_PERSON_FIELDS = (
    FieldSpec("naam", "Naam hoofdpersoon", "line", required=True, max_length=120),
    FieldSpec("soort", "Minderjarig of volwassen", "choice", required=True, choices=vocab.MAIN_PERSON_KINDS),
    FieldSpec("geslacht", "Geslacht", "choice", choices=vocab.MINOR_GENDERS + vocab.ADULT_GENDERS),
    FieldSpec("geboortedatum", "Geboortedatum", "date", not_in_future=True),
    FieldSpec("ongeboren", "Nog niet geboren", "bool"),
)

NESTED = ("aanmelder", "wensen_coordinator")


def flatten_intake(data: dict[str, Any]) -> dict[str, Any]:
    """Accept the API's nested objects (`aanmelder`, `wensen_coordinator`) as flat form fields."""
    flat = {k: v for k, v in data.items() if k not in NESTED}
    for group in NESTED:
        nested = data.get(group)
        if isinstance(nested, dict):
            flat.update({f"{group}_{k}": v for k, v in nested.items()})
    if isinstance(flat.get("wensen_coordinator_talen"), list):
        flat["wensen_coordinator_talen"] = ", ".join(map(str, flat["wensen_coordinator_talen"]))
    return flat


def check_intake(fields: dict[str, Any], persons: list[dict[str, Any]]) -> None:
    """Rules across fields: an organisation names its type; a person's gender fits minor or adult."""
    errors = {}
    if fields["type_aanmelder"] == "Organisatie" and not fields.get("type_organisatie"):
        errors["type_organisatie"] = "Type organisatie: kies het type organisatie van de aanmelder"
    if not persons:
        errors["hoofdpersonen"] = "Hoofdpersonen: vul minstens één hoofdpersoon in"
    if len(persons) > 12:
        errors["hoofdpersonen"] = "Hoofdpersonen: maximaal 12 personen"
    for index, person in enumerate(persons):
        allowed = vocab.MINOR_GENDERS if person["soort"] == "minderjarig" else vocab.ADULT_GENDERS
        if person.get("geslacht") and person["geslacht"] not in allowed:
            errors[f"hoofdpersonen.{index}.geslacht"] = "Geslacht past niet bij minderjarig of volwassen"
    if errors:
        raise InvalidInput(errors)
