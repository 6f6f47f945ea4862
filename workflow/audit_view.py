"""How a line of the audit trail reads for people: the field named as the forms name it, the value readable.

The audit (storage/audit.py) stores what changed as the machine has it: a column ('outcome', 'closed_at'),
a key of the registration ('record.follow_up') or a main person's attribute ('hoofdpersoon[0].birth_date'),
with JSON values and UTC times. This module turns those into the labels of the FieldSpecs the forms use, and
values into Dutch text: lists joined, booleans ja/nee, dates dd-mm-jjjj, moments in Amsterdam time, codes as
their labels. Pure: ids (coordinator, municipality) are named by the caller.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from workflow import action_forms, intake
from workflow.clock import AMSTERDAM
from workflow.conditions import CONDITION_ITEM
from workflow.fields import FieldSpec
from workflow.labels import dutch_number, label
from workflow.registration import schema

EMPTY = "—"


def _specs(*modules: Any) -> dict[str, FieldSpec]:
    """Every FieldSpec the forms define, by name (the first definition wins), from the modules' tuples."""
    found: dict[str, FieldSpec] = {}

    def add(items: Iterable[Any]) -> None:
        for item in items:
            if isinstance(item, FieldSpec):
                found.setdefault(item.name, item)

    for module in modules:
        for value in vars(module).values():
            if isinstance(value, FieldSpec):
                add([value])
            elif isinstance(value, tuple):
                add(value)
            elif isinstance(value, dict):
                add(v for group in value.values() if isinstance(group, tuple) for v in group)
    return found


SPECS: dict[str, FieldSpec] = _specs(intake, action_forms, schema)
# A decision as record["besluiten"] keeps it (workflow.decisions.decision_entry), by the form's labels.
DECISION_KEYS = (
    FieldSpec("bijeenkomst", "Plan van bijeenkomst", "int"),
    FieldSpec("besluit", SPECS["besluit"].label, "choice"),
    FieldSpec("reden", "Reden", "text"),
    FieldSpec("door", SPECS["besluit_door"].label, "line"),
    FieldSpec("datum", SPECS["besluit_datum"].label, "date"),
    FieldSpec("voorwaarden_antwoord", SPECS["voorwaarden_antwoord"].label, "items"),
    *action_forms.ANSWER_ITEM,
)

# The case's columns, named by the intake field they are kept from (storage.uow.case_columns) or in words.
COLUMN_LABELS: dict[str, str] = {
    "application_date": SPECS["aanmelddatum"].label,
    "variant": SPECS["variant"].label,
    "referrer_type": SPECS["type_aanmelder"].label,
    "organisation_type": SPECS["type_organisatie"].label,
    "referrer_name": SPECS["aanmelder_naam"].label,
    "referrer_organisation": SPECS["aanmelder_organisatie"].label,
    "referrer_phone": SPECS["aanmelder_telefoon"].label,
    "referrer_email": SPECS["aanmelder_email"].label,
    "compulsory_framework": SPECS["gedwongen_kader"].label,
    "repeat_request": SPECS["eerdere_ekc"].label,
    "question": SPECS["vraag"].label,
    "concerns": SPECS["zorgen"].label,
    "conditions": SPECS["voorwaarden"].label,
    "wishes": "Wensen voor de coördinator",
    "outcome": SPECS["uitkomst"].label,
    "province": "Provincie",
    "municipality_id": "Gemeente",
    "region_id": "Regio",
    "coordinator_id": "Coördinator",
    "closed_at": "Afgesloten op",
    "closed_from": "Afgesloten vanuit fase",
    "personal_data_removed_at": "Persoonsgegevens verwijderd op",
    "frozen_registration": "Bewaarde registratie",
    "retention_extended_at": "Bewaartermijn verlengd op",
    "ref": "Zaaknummer",
}
# A main person's attributes, by the intake's person fields.
PERSON_LABELS: dict[str, str] = {
    "name": SPECS["naam"].label,
    "kind": SPECS["soort"].label,
    "gender": SPECS["geslacht"].label,
    "birth_date": SPECS["geboortedatum"].label,
    "unborn": "Ongeboren",
    "position": "Volgorde",
}
# Registration keys that are not a single field of a form.
RECORD_LABELS: dict[str, str] = {
    "follow_up": "Follow-up",
    "bijeenkomsten": "Bijeenkomsten",
    "geplande_bijeenkomst": "Geplande bijeenkomst",
    "plan_verstuurd": "Plan verstuurd",
    "hoofdpersonen_registratie": "Hoofdpersonen (registratie)",
    "gestart_op": "Gestart op",
    "netwerk": "Netwerk",
    "plan": "Plan",
    "voorwaarden": "Voorwaarden van de professional",
    "besluiten": "Besluiten van de professional over het plan",
}
# The fields inside a group of the registration (a follow-up call, a meeting …): their own labels first.
GROUP_SPECS: dict[str, dict[str, FieldSpec]] = {
    group: {spec.name: spec for spec in specs}
    for group, specs in {
        "follow_up": schema.FOLLOW_UP,
        "bijeenkomsten": schema.MEETING,
        "geplande_bijeenkomst": schema.PLANNED_MEETING,
        "plan": schema.PLAN_FIELDS,
        "plan_verstuurd": schema.PLAN_SENT_FIELDS,
        "voorwaarden": CONDITION_ITEM,
        "besluiten": DECISION_KEYS,
        "wishes": tuple(
            FieldSpec(s.name.removeprefix("wensen_coordinator_"), s.label, s.kind)
            for s in intake.INTAKE_FIELDS
            if s.name.startswith("wensen_coordinator_")
        ),
    }.items()
}
# Which codes a field holds, so they are shown as their labels.
CODE_KINDS: dict[str, str] = {"outcome": "uitkomst", "closed_from": "fase", "variant": "variant", "wie": "beller"}
_PERSON = re.compile(r"hoofdpersoon\[(\d+)\]\.(\w+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def field_label(field: str) -> str:
    """'outcome' → 'Uitkomst'; 'record.follow_up' → 'Registratie: Follow-up'; 'hoofdpersoon[0].name' →
    'Hoofdpersoon 1: Naam'. An unknown name is shown as it is (never hidden)."""
    person = _PERSON.fullmatch(field)
    if person:
        return f"Hoofdpersoon {int(person[1]) + 1}: {PERSON_LABELS.get(person[2], person[2])}"
    if field.startswith("record."):
        return f"Registratie: {_key_label(field.removeprefix('record.'))}"
    return COLUMN_LABELS.get(field, _key_label(field))


def _key_label(key: str, group: str = "") -> str:
    spec = GROUP_SPECS.get(group, {}).get(key)
    if spec is not None:
        return spec.label
    if key in RECORD_LABELS:
        return RECORD_LABELS[key]
    spec = SPECS.get(key)
    return spec.label if spec else key


def readable(value: Any, field: str = "", names: Mapping[str, Mapping[int, str]] | None = None) -> str:
    """A stored value as Dutch text: '—' for nothing, ja/nee, dd-mm-jjjj, Amsterdam time, labels for codes,
    lists joined with ', ', a group as 'Label: value; …'; ids named from `names[field]` when given."""
    key = _PERSON.sub(r"\2", field).removeprefix("record.")
    if names and key in names and isinstance(value, int) and not isinstance(value, bool):
        return names[key].get(value, str(value))
    return _text(value, key, key)


def _text(value: Any, key: str, group: str) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return dutch_number(value)
    if isinstance(value, dt.datetime):
        return _moment(value)
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"  # as every page shows a date (the nl_date filter)
    if isinstance(value, str):
        return _string(value, key, group)
    if isinstance(value, Mapping):
        shown = ((k, v) for k, v in value.items() if v not in (None, "", [], {}))
        return "; ".join(f"{_key_label(k, group)}: {_text(v, k, group)}" for k, v in shown)
    if isinstance(value, list | tuple):
        parts = [_text(v, key, group) for v in value]
        grouped = any(isinstance(v, Mapping) for v in value)
        return (" | " if grouped else ", ").join(parts)
    return str(value)


def _string(value: str, key: str, group: str) -> str:
    if _MOMENT.match(value):
        try:
            return _moment(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if _DATE.fullmatch(value):
        return _text(dt.date.fromisoformat(value), key, group)
    if key in CODE_KINDS:
        return str(label(value, CODE_KINDS[key]))
    return value


def _moment(value: dt.datetime) -> str:
    """A stored moment (UTC; naive ones are UTC too) in Amsterdam time, dd-mm-jjjj uu:mm."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(AMSTERDAM)
    return f"{local:%d-%m-%Y %H:%M}"
