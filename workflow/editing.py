"""Changing what was recorded at intake, outside any step of the phase table."""

from typing import Any

from workflow.case import CaseLike
from workflow.conditions import SET_BY, set_conditions
from workflow.errors import InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.fields import parse_fields
from workflow.guards import Actor, StepContext
from workflow.intake import INTAKE_FIELDS, flatten_intake
from workflow.machine import HistoryEntry
from workflow.phases import Phase, Role
from workflow.ports import UnitOfWork
from workflow.usecases import ensure_version

# The intake field each editable value comes from, and the case attribute it is kept in.
EDITABLE_COLUMNS = {
    "vraag": "question",
    "zorgen": "concerns",
    "voorwaarden": "conditions",  # as items: workflow.conditions (the column keeps the texts)
    SET_BY.name: "",  # who set the conditions given with it
    "gedwongen_kader": "compulsory_framework",
    "aanmelder_naam": "referrer_name",
    "aanmelder_organisatie": "referrer_organisation",
    "aanmelder_telefoon": "referrer_phone",
    "aanmelder_email": "referrer_email",
}
WISHES_PREFIX = "wensen_coordinator_"
EDITABLE_FIELDS = tuple(s for s in INTAKE_FIELDS if s.name in EDITABLE_COLUMNS or s.name.startswith(WISHES_PREFIX))
EDITING_ROLES = (Role.REGIOMANAGER, Role.COORDINATOR)


def update_case(
    uow: UnitOfWork, case_id: int, actor: Actor, expected_version: int | None, data: dict[str, Any]
) -> CaseLike:
    """Change the intake data that may safely change (question, concerns, conditions, referrer, wishes)."""
    if actor.role not in EDITING_ROLES:
        raise NotPermitted("Alleen een regiomanager of coördinator kan de gegevens van een zaak wijzigen.")
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        if Phase(case.phase) is Phase.AFGESLOTEN:
            raise TriggerNotAllowedHere("Een afgesloten zaak kan niet meer worden gewijzigd; heropen haar eerst.")
        values = parse_changes(data, StepContext(actor, uow.clock.now()).today)
        apply_changes(case, values)
        uow.cases.touch(case, uow.clock.now())
        uow.cases.add_history(
            case,
            actor,
            HistoryEntry("update_case", case.phase, case.phase, "Gewijzigd: " + ", ".join(values)),
            uow.clock.now(),
        )
        uow.commit()
        return case


def parse_changes(data: dict[str, Any], today) -> dict[str, Any]:
    """The changed fields only, parsed; unknown or fixed fields are refused by name."""
    for group in ("aanmelder", "wensen_coordinator"):
        if group in data and not isinstance(data[group], dict | type(None)):
            raise InvalidInput({group: f"{group}: geef een object met velden"})
    flat = flatten_intake(data)
    editable = {spec.name for spec in EDITABLE_FIELDS}
    unknown = sorted(k for k in flat if k not in editable)
    if unknown:
        raise InvalidInput({k[:80]: "dit veld bestaat niet of kan hier niet worden gewijzigd" for k in unknown[:20]})
    if not flat:
        raise InvalidInput({"velden": "geef minstens één veld om te wijzigen"})
    specs = [spec for spec in EDITABLE_FIELDS if spec.name in flat]
    return parse_fields(specs, flat, today)


def apply_changes(case: CaseLike, values: dict[str, Any]) -> None:
    """Write parsed values onto the case; an emptied wish is removed."""
    wishes = dict(case.wishes or {})
    for name, value in values.items():
        if name == SET_BY.name:
            continue  # written with the conditions
        if name.startswith(WISHES_PREFIX):
            key = name.removeprefix(WISHES_PREFIX)
            if value:
                wishes[key] = value
            else:
                wishes.pop(key, None)
        elif name == "gedwongen_kader":
            case.compulsory_framework = bool(value)
        elif name == "voorwaarden":
            set_conditions(case, value or [], values.get(SET_BY.name))
        else:
            setattr(case, EDITABLE_COLUMNS[name], value or None)
    case.wishes = wishes
