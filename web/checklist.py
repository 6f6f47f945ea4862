"""What closing still needs, as a checklist: each missing item (from the guards and the registration's
completeness, never copied) with a link to the field where it is filled in."""

from dataclasses import dataclass

from flask import url_for

from workflow.errors import Missing
from workflow.registration.schema import section_of

# The id prefix of each section's inputs on the registration page (the template renders with these).
PREFIX = {
    "zaak": "zaak",
    "hoofdpersonen": "p",
    "netwerk_rows": "n",
    "netwerk": "netwerk",
    "afspraken_rows": "a",
    "plan": "plan",
    "plan_verstuurd": "verstuurd",
    "cijfers": "cijfers",
    "niet_doorgaan": "nd",
}
ROW_GROUPS = {"hoofdpersonen": "hoofdpersonen", "netwerk": "netwerk_rows", "afspraken": "afspraken_rows"}
# Items filled in on the registration page, but by a whole block rather than one field: their first input.
BLOCKS = {"afspraken": "a-afspraken-0-wat-veld", "plan_verstuurd": "verstuurd-datum-veld"}
# Items filled in on the case page: the place there.
ON_CASE_PAGE = {
    "uitkomst": "actie-close",
    "follow_up_uitkomst": "actie-close",
    "follow_up_datum": "actie-close",
    "drie_maanden_onbereikbaar": "actie-close",
    "informatief_gesprek_datum": "actie-start_activation",
    "bijeenkomsten": "bijeenkomsten",
    "provincie": "aanmelding-gegevens",
    "type_aanmelder": "aanmelding-gegevens",
    "type_organisatie": "aanmelding-gegevens",
    "hoofdpersonen": "aanmelding-gegevens",
}


@dataclass(frozen=True)
class Item:
    field: str
    message: str
    href: str
    where: str  # "" on the registration page, else where the link leads

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "href": self.href, "where": self.where}


def registration_anchor(name: str) -> str | None:
    """The id of a field's block on the registration page, for a field name (`hoofdpersonen.0.geslacht`) or an
    input name (`hoofdpersonen-0-geslacht`); None when the field is not on that page."""
    parts = name.replace(".", "-").split("-")
    if len(parts) == 3 and parts[0] in ROW_GROUPS and parts[1].isdigit():
        return f"{PREFIX[ROW_GROUPS[parts[0]]]}-{'-'.join(parts)}-veld"
    if name in BLOCKS:
        return BLOCKS[name]
    section = section_of(name)
    if section and section in PREFIX and section not in ROW_GROUPS.values():
        return f"{PREFIX[section]}-{name}-veld"
    return None


def checklist(case_id: int, missing: list[Missing], on_registration_page: bool, step=None) -> list[Item]:
    """The missing items with their links; from the registration page a field there is a local anchor. On
    the case page, an item the step's own form asks for (`step`, a row of the phase table) links to that field
    of the form."""
    asked = {f.name for f in step.fields} | {"reden"} if step is not None else set()
    items = []
    for m in missing:
        if m.field in asked:
            suffix = "" if m.field == "reden" else "-veld"  # the reason has no field block of its own
            items.append(Item(m.field, m.message, f"#{step.trigger}-{m.field}{suffix}", ""))
            continue
        anchor = registration_anchor(m.field)
        if anchor:
            page = "" if on_registration_page else url_for("registration.page", case_id=case_id)
            where = "" if on_registration_page else "registratie"
            items.append(Item(m.field, m.message, f"{page}#{anchor}", where))
        else:
            target = ON_CASE_PAGE.get(m.field.split(".")[0], "")
            href = url_for("cases.case_page", case_id=case_id) + (f"#{target}" if target else "")
            items.append(Item(m.field, m.message, href, "op de zaakpagina" if on_registration_page else ""))
    return items
