"""The public intake form: which fields it shows, and its checks beyond those of the domain."""

import datetime as dt
from collections.abc import Mapping

from workflow import vocabulary as vocab
from workflow.errors import InvalidInput
from workflow.fields import parse_fields
from workflow.intake import INTAKE_FIELDS, MAIN_PERSON_FIELDS

PUBLIC_REFERRER_TYPES = ("Hoofdpersoon zelf", "Familielid of sociaal netwerk")
GENDER_WISHES = ("geen voorkeur", "man", "vrouw")
MAIN_PERSON_KINDS = vocab.MAIN_PERSON_KINDS
HONEYPOT = "website"
TEXT_FIELDS = (
    "type_aanmelder",
    "aanmelder_naam",
    "aanmelder_telefoon",
    "aanmelder_email",
    "gemeente",
    "vraag",
    "hoofdpersoon_naam",
    "hoofdpersoon_soort",
    "wensen_coordinator_talen",
    "wensen_coordinator_geslacht",
)


def read_form(form: Mapping[str, str]) -> dict[str, str]:
    """The submitted values, as text (to check, and to show back on an error)."""
    return {name: str(form.get(name, "")) for name in TEXT_FIELDS}


def is_bot(form: Mapping[str, str]) -> bool:
    """The hidden field that people never see but form-filling bots do."""
    return bool(form.get(HONEYPOT, "").strip())


def to_application(values: dict[str, str], today: dt.date) -> dict:
    """The public form as the domain's intake data; InvalidInput naming every field that is wrong."""
    errors = {}
    if values["type_aanmelder"] not in PUBLIC_REFERRER_TYPES:
        errors["type_aanmelder"] = "Wie meldt aan: kies hoofdpersoon zelf of familielid / sociaal netwerk."
    phone, email = values["aanmelder_telefoon"].strip(), values["aanmelder_email"].strip()
    if not phone and not email:
        errors["aanmelder_telefoon"] = "Vul een telefoonnummer of e-mailadres in, zodat we u kunnen bellen of mailen."
    if values["wensen_coordinator_geslacht"] and values["wensen_coordinator_geslacht"] not in GENDER_WISHES:
        errors["wensen_coordinator_geslacht"] = "Voorkeur geslacht coördinator: kies een van de mogelijkheden."
    data = {
        "type_aanmelder": values["type_aanmelder"],
        "aanmelder_naam": values["aanmelder_naam"],
        "aanmelder_telefoon": phone,
        "aanmelder_email": email,
        "gemeente": values["gemeente"],
        "vraag": values["vraag"],
        "wensen_coordinator_talen": values["wensen_coordinator_talen"],
        "wensen_coordinator_geslacht": values["wensen_coordinator_geslacht"] or "geen voorkeur",
        "hoofdpersonen": [{"naam": values["hoofdpersoon_naam"], "soort": values["hoofdpersoon_soort"]}],
    }
    for specs, given in ((INTAKE_FIELDS, data), (MAIN_PERSON_FIELDS, data["hoofdpersonen"][0])):
        try:
            parse_fields(specs, given, today)
        except InvalidInput as wrong:
            errors = form_errors(wrong) | errors
    if errors:
        raise InvalidInput({name: errors[name] for name in TEXT_FIELDS if name in errors} | errors)
    return data


def form_errors(error: InvalidInput) -> dict[str, str]:
    """The domain's field names mapped onto the form's (the main person's fields are prefixed)."""
    rename = {"naam": "hoofdpersoon_naam", "soort": "hoofdpersoon_soort", "hoofdpersonen": "hoofdpersoon_naam"}
    return {rename.get(name, name): message for name, message in error.errors.items()}
