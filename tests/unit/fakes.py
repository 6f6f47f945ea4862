"""Plain stand-ins for a stored case and offer, so the workflow is tested without a database."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from workflow.guards import Actor
from workflow.phases import Phase, Role
from workflow.registration.schema import example_meeting

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
REGIOMANAGER = Actor(1, Role.REGIOMANAGER, "Rita Regio", frozenset({1}))
COORDINATOR = Actor(2, Role.COORDINATOR, "Coen Coördinator", coordinator_id=10)
OTHER_COORDINATOR = Actor(3, Role.COORDINATOR, "Olga Ander", coordinator_id=11)
ADMIN = Actor(4, Role.ADMIN, "Bureau")
ACTORS = {Role.REGIOMANAGER: REGIOMANAGER, Role.COORDINATOR: COORDINATOR, Role.ADMIN: ADMIN}


@dataclass
class FakeOffer:
    coordinator_id: int
    state: str = "open"
    answered_at: dt.datetime | None = None


@dataclass
class FakeMainPerson:
    kind: str = "minderjarig"
    gender: str | None = "meisje"
    birth_date: dt.date | None = dt.date(2018, 5, 1)
    unborn: bool = False


@dataclass
class FakeCase:
    phase: Phase = Phase.AANMELDING
    id: int = 1
    version: int = 1
    compulsory_framework: bool = False
    conditions: str | None = None
    coordinator_id: int | None = None
    co_coordinator_id: int | None = None
    variant: str = "familie"
    region_id: int = 1
    outcome: str | None = None
    closed_from: Phase | None = None
    closed_at: dt.datetime | None = None
    personal_data_removed_at: dt.datetime | None = None
    province: str = "Noord-Holland"
    referrer_type: str = "Organisatie"
    organisation_type: str | None = "Gemeente/sociaal wijkteam"
    record: dict[str, Any] = field(default_factory=dict)
    offers: list[FakeOffer] = field(default_factory=list)
    main_persons: list[FakeMainPerson] = field(default_factory=lambda: [FakeMainPerson()])


MEETING = example_meeting(
    datum="2026-03-01",
    duur_totaal_uur="4",
    duur_besloten_uur="1,5",
    uitgenodigd_niet_aanwezig="2",
    aanwezigen={"Ouders": "2", "Grootouders": 3},
)
HELD = [{**MEETING, "resultaat": "Betrokkenen zijn het eens geworden over plan", "nummer": 1}]
