"""The phases of a case, the roles of the people who move it, and the outcomes at closing."""

from enum import Enum

from workflow.vocabulary import CLOSING_OUTCOMES


class Phase(str, Enum):
    """A phase of a case; the values are the state names of the machine and the database."""

    AANMELDING = "aanmelding"
    INFORMATIEF_GESPREK = "informatief_gesprek"
    VERBINDEN_EN_ACTIVEREN = "verbinden_en_activeren"
    FORMELE_BIJEENKOMST = "formele_bijeenkomst"
    NAZORG = "nazorg"
    VERVOLGCONFERENTIE = "vervolgconferentie"
    AFGESLOTEN = "afgesloten"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.AANMELDING: "Aanmelding",
    Phase.INFORMATIEF_GESPREK: "Informatief gesprek",
    Phase.VERBINDEN_EN_ACTIVEREN: "Verbinden en activeren",
    Phase.FORMELE_BIJEENKOMST: "Formele bijeenkomst",
    Phase.NAZORG: "Nazorg",
    Phase.VERVOLGCONFERENTIE: "Vervolgconferentie",
    Phase.AFGESLOTEN: "Afgesloten",
}

OPEN_PHASES = tuple(p for p in Phase if p is not Phase.AFGESLOTEN)


class Role(str, Enum):
    """What a user does in the organisation; decides which transitions they may fire."""

    ADMIN = "admin"
    REGIOMANAGER = "regiomanager"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        return {"admin": "Bureau (beheer)", "regiomanager": "Regiomanager", "coordinator": "Coördinator"}[self.value]


class Outcome(str, Enum):
    """How a case ended (uitkomst); maps onto the yearly table "Resultaat"."""

    INGETROKKEN = "ingetrokken"
    ZELF_VERDER = "zelf_verder"
    AFGEZIEN = "afgezien"
    PLAN_ZONDER_BIJEENKOMST = "plan_zonder_bijeenkomst"
    GESTOPT = "gestopt"
    GEEN_PLAN = "geen_plan"
    PLAN = "plan"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {outcome: CLOSING_OUTCOMES[outcome.value] for outcome in Outcome}

# Outcomes where no conference took place: closing asks why (redenen van niet doorgaan).
OUTCOMES_WITHOUT_CONFERENCE = (Outcome.INGETROKKEN, Outcome.ZELF_VERDER, Outcome.AFGEZIEN, Outcome.GESTOPT)
# Outcomes that need a held meeting on record.
OUTCOMES_AFTER_MEETING = (Outcome.GEEN_PLAN, Outcome.PLAN)
