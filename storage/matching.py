"""The parts of a coordinator's profile that matching needs beyond the coordinator row, the case's matching
needs, and the admin's weights; plus the functions that turn rows into workflow.matching values."""

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from sqlmodel import JSON, Field, Session, SQLModel, func, select

from storage.models import Case, Coordinator, CoordinatorRegion, Municipality, Region
from storage.types import UTCDateTime
from storage.withdrawals import withdrawn_by_coordinator
from workflow.clock import local_today
from workflow.matching import (
    QUALIFICATIONS,
    TARGET_GROUPS,
    CaseNeeds,
    CoordinatorProfile,
    Excluded,
    Ranked,
    Weights,
    hard_filters,
    rank,
)
from workflow.phases import Phase

DEFAULT_QUALIFICATIONS = ("basis",)  # every coordinator has had the basic training
ACTIVE_PHASES = tuple(p for p in Phase if p is not Phase.AFGESLOTEN)

# Background problems recorded on a case (vocabulary.BACKGROUND_PROBLEMS) that point at a target group.
PROBLEM_TARGET_GROUPS = {
    "Psychiatrische problemen": "Psychiatrie",
    "Huiselijk geweld": "Huiselijk geweld",
    "Verslaving": "Verslaving",
    "Verstandelijke beperking": "Licht verstandelijke beperking",
    "Financiële problemen": "Schulden",
    "Problemen met politie": "Detentie",
}


class CoordinatorMunicipality(SQLModel, table=True):
    """A municipality a coordinator serves specifically (besides, or instead of, whole regions)."""

    coordinator_id: int = Field(foreign_key="coordinator.id", primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", primary_key=True)


class CoordinatorAbsence(SQLModel, table=True):
    """A period a coordinator cannot take a case: both days included."""

    id: int | None = Field(default=None, primary_key=True)
    coordinator_id: int = Field(foreign_key="coordinator.id", index=True)
    start: dt.date
    end: dt.date
    note: str = Field(default="", max_length=200)


class CoordinatorPool(SQLModel, table=True):
    """Membership of the fixed pool of a referring organisation."""

    coordinator_id: int = Field(foreign_key="coordinator.id", primary_key=True)
    organisation: str = Field(max_length=120, primary_key=True)


class CoordinatorSkills(SQLModel, table=True):
    """Qualifications and target-group experience; no row means the basic training only."""

    coordinator_id: int = Field(foreign_key="coordinator.id", primary_key=True)
    qualifications: list[str] = Field(default_factory=lambda: list(DEFAULT_QUALIFICATIONS), sa_type=JSON)
    target_groups: list[str] = Field(default_factory=list, sa_type=JSON)


class ConflictOfInterest(SQLModel, table=True):
    """A marked conflict of interest: this coordinator may not take this case."""

    coordinator_id: int = Field(foreign_key="coordinator.id", primary_key=True)
    case_id: int = Field(foreign_key="case.id", primary_key=True)
    note: str = Field(default="", max_length=500)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class CaseMatchingNeeds(SQLModel, table=True):
    """What the regiomanager adds for matching: target groups and urgency of the case."""

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    target_groups: list[str] = Field(default_factory=list, sa_type=JSON)
    urgent: bool = False


class MatchingWeights(SQLModel, table=True):
    """The admin's weights: one row (id 1), a JSON object of name → points."""

    id: int | None = Field(default=None, primary_key=True)
    weights: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- Profiles --------------------------------------------------------------------------------------


def profile_for(session: Session, coordinator: Coordinator) -> CoordinatorProfile:
    """The matching profile of one coordinator."""
    return _profiles(session, [coordinator])[0]


def all_profiles(session: Session, *, active_only: bool = True) -> list[CoordinatorProfile]:
    """The matching profiles of every (active) coordinator, in a fixed number of queries."""
    query = select(Coordinator)
    if active_only:
        query = query.where(Coordinator.active)
    return _profiles(session, list(session.exec(query.order_by(Coordinator.id)).all()))


def _profiles(session: Session, coordinators: list[Coordinator]) -> list[CoordinatorProfile]:
    ids = [c.id for c in coordinators]
    if not ids:
        return []
    regions, municipalities, pools, conflicts = (defaultdict(set) for _ in range(4))
    absences: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for cid, rid in session.exec(
        select(CoordinatorRegion.coordinator_id, CoordinatorRegion.region_id).where(
            CoordinatorRegion.coordinator_id.in_(ids)
        )
    ):
        regions[cid].add(rid)
    for cid, mid in session.exec(
        select(CoordinatorMunicipality.coordinator_id, CoordinatorMunicipality.municipality_id).where(
            CoordinatorMunicipality.coordinator_id.in_(ids)
        )
    ):
        municipalities[cid].add(mid)
    for cid, org in session.exec(
        select(CoordinatorPool.coordinator_id, CoordinatorPool.organisation).where(
            CoordinatorPool.coordinator_id.in_(ids)
        )
    ):
        pools[cid].add(org)
    for cid, case_id in session.exec(
        select(ConflictOfInterest.coordinator_id, ConflictOfInterest.case_id).where(
            ConflictOfInterest.coordinator_id.in_(ids)
        )
    ):
        conflicts[cid].add(case_id)
    for cid, start, end in session.exec(
        select(CoordinatorAbsence.coordinator_id, CoordinatorAbsence.start, CoordinatorAbsence.end)
        .where(CoordinatorAbsence.coordinator_id.in_(ids))
        .order_by(CoordinatorAbsence.start)
    ):
        absences[cid].append((start, end))
    skills = {
        s.coordinator_id: s
        for s in session.exec(select(CoordinatorSkills).where(CoordinatorSkills.coordinator_id.in_(ids)))
    }
    load = dict(
        session.exec(
            select(Case.coordinator_id, func.count())
            .where(Case.coordinator_id.in_(ids), Case.phase.in_(ACTIVE_PHASES))
            .group_by(Case.coordinator_id)
        ).all()
    )
    co_load = session.exec(
        select(Case.co_coordinator_id, func.count())
        .where(Case.co_coordinator_id.in_(ids), Case.phase.in_(ACTIVE_PHASES))
        .group_by(Case.co_coordinator_id)
    ).all()
    for cid, count in co_load:  # a case as co-coordinator takes a place too
        load[cid] = load.get(cid, 0) + count
    withdrawn = withdrawn_by_coordinator(session, ids)
    out = []
    for c in coordinators:
        skill = skills.get(c.id)
        out.append(
            CoordinatorProfile(
                id=c.id,
                name=c.name,
                gender=c.gender,
                birth_year=c.birth_year,
                languages=c.languages or (),
                cultural_background=c.cultural_background,
                region_ids=regions[c.id],
                municipality_ids=municipalities[c.id],
                qualifications=skill.qualifications if skill else DEFAULT_QUALIFICATIONS,
                target_groups=skill.target_groups if skill else (),
                capacity=max(c.capacity, 0),
                active_cases=load.get(c.id, 0),
                absences=tuple(absences[c.id]),
                pools=pools[c.id],
                conflicts=conflicts[c.id],
                withdrawn_from=withdrawn.get(c.id, set()),
                active=c.active,
            )
        )
    return out


# --- Case needs ------------------------------------------------------------------------------------


def needs_for(session: Session, case: Case, *, today: dt.date | None = None) -> CaseNeeds:
    """What the case needs and the family wished, from the intake, the record and the matching needs."""
    wishes = case.wishes or {}
    extra = session.get(CaseMatchingNeeds, case.id)
    groups = set(extra.target_groups if extra else ())
    groups |= {
        PROBLEM_TARGET_GROUPS[p]
        for p in (case.record or {}).get("achtergrondproblemen") or ()
        if isinstance(p, str) and p in PROBLEM_TARGET_GROUPS
    }
    if case.compulsory_framework:
        groups.add("Jeugdbescherming")
    municipality = session.get(Municipality, case.municipality_id)
    region = session.get(Region, case.region_id)
    gender = wishes.get("geslacht")
    return CaseNeeds(
        case_id=case.id,
        variant=case.variant if case.variant in REQUIRED_VARIANTS else "familie",
        region_id=case.region_id,
        municipality_id=case.municipality_id,
        municipality_name=municipality.name if municipality else None,
        region_name=region.name if region else None,
        target_groups=frozenset(g for g in groups if g in TARGET_GROUPS),
        urgent=bool(extra and extra.urgent),
        wished_gender=gender if gender in ("man", "vrouw") else None,
        wished_languages=frozenset(split_wished_languages(wishes.get("talen"))),
        wished_culture=(str(wishes.get("cultuur") or "").strip() or None),
        wished_age=parse_age_wish(wishes.get("leeftijd")),
        referrer_organisation=(case.referrer_organisation or "").strip() or None,
        start_date=today,
    )


REQUIRED_VARIANTS = ("familie", "herstel", "groep")
_LANGUAGE_SPLIT = re.compile(r"\s*(?:,|;|/|\ben\b|\bof\b)\s*", re.IGNORECASE)


def split_wished_languages(value: Any) -> list[str]:
    """'Arabisch, Turks' or 'Arabisch en Turks' or a list → ['Arabisch', 'Turks']."""
    parts = [str(v) for v in value] if isinstance(value, list | tuple) else _LANGUAGE_SPLIT.split(str(value or ""))
    out: list[str] = []
    for part in parts:
        name = part.strip()
        if name and name.casefold() not in {o.casefold() for o in out} and name.casefold() != "nederlands":
            out.append(name[:40])
    return out[:10]


def parse_age_wish(value: Any) -> tuple[int | None, int | None] | None:
    """'30-50', '30 tot 50', 'ouder dan 40', 'jonger dan 35', '40+', '40' → (min, max); None when unreadable."""
    text = str(value or "").strip().lower()
    numbers = [int(n) for n in re.findall(r"\d{1,3}", text)][:2]
    if not numbers:
        return None
    if len(numbers) == 2:
        low, high = sorted(numbers)
        return (low, high)
    (n,) = numbers
    if "ouder" in text or "boven" in text or "+" in text or "vanaf" in text:
        return (n, None)
    if "jonger" in text or "onder" in text or "tot" in text:
        return (None, n)
    return (max(n - 5, 0), n + 5)  # 'rond de 40'


def save_case_needs(session: Session, case_id: int, target_groups: list[str], urgent: bool) -> None:
    found = session.get(CaseMatchingNeeds, case_id)
    if found is None:
        found = CaseMatchingNeeds(case_id=case_id)
        session.add(found)
    found.target_groups = [g for g in TARGET_GROUPS if g in set(target_groups)]
    found.urgent = urgent


# --- Weights ---------------------------------------------------------------------------------------


def load_weights(session: Session) -> Weights:
    """The admin's weights, or the defaults when none are stored (or the stored ones are unreadable)."""
    row = session.get(MatchingWeights, 1)
    if row is None:
        return Weights()
    try:
        return Weights.from_dict(row.weights or {})
    except ValueError:
        return Weights()


def save_weights(session: Session, weights: Weights, now: dt.datetime) -> None:
    row = session.get(MatchingWeights, 1)
    if row is None:
        row = MatchingWeights(id=1)
        session.add(row)
    row.weights, row.updated_at = weights.to_dict(), now


# --- The coordinator's own profile page ------------------------------------------------------------


def absences_of(session: Session, coordinator_id: int, today: dt.date | None = None) -> list[CoordinatorAbsence]:
    """The coordinator's absences, current and coming first; past ones are left out when `today` is given."""
    query = select(CoordinatorAbsence).where(CoordinatorAbsence.coordinator_id == coordinator_id)
    if today is not None:
        query = query.where(CoordinatorAbsence.end >= today)
    return list(session.exec(query.order_by(CoordinatorAbsence.start, CoordinatorAbsence.id)).all())


def skills_of(session: Session, coordinator_id: int) -> CoordinatorSkills:
    return session.get(CoordinatorSkills, coordinator_id) or CoordinatorSkills(coordinator_id=coordinator_id)


def save_skills(
    session: Session, coordinator_id: int, qualifications: list[str] | None, target_groups: list[str] | None
) -> None:
    row = session.get(CoordinatorSkills, coordinator_id)
    if row is None:
        row = CoordinatorSkills(coordinator_id=coordinator_id)
        session.add(row)
    if qualifications is not None:
        row.qualifications = [q for q in QUALIFICATIONS if q in set(qualifications)]
    if target_groups is not None:
        row.target_groups = [g for g in TARGET_GROUPS if g in set(target_groups)]


def mark_conflict(session: Session, coordinator_id: int, case_id: int, note: str, now: dt.datetime) -> bool:
    """Mark a conflict of interest; False when it was already marked."""
    if session.get(ConflictOfInterest, (coordinator_id, case_id)) is not None:
        return False
    session.add(ConflictOfInterest(coordinator_id=coordinator_id, case_id=case_id, note=note, created_at=now))
    return True


def exclusions(session: Session, case: Case, coordinator_id: int, now: dt.datetime) -> list[str]:
    """Why matching excludes one coordinator from the case now: the texts of its hard filters (empty: none)."""
    coordinator = session.get(Coordinator, coordinator_id)
    if coordinator is None:
        return []
    today = local_today(now)
    needs = needs_for(session, case, today=today)
    return [reason.text for reason in hard_filters(profile_for(session, coordinator), needs, needs.start_date or today)]


def ranking(session: Session, case: Case, now: dt.datetime) -> tuple[CaseNeeds, list[Ranked], list[Excluded]]:
    """The case's needs and every active coordinator ranked for it, with the admin's weights."""
    today = local_today(now)
    needs = needs_for(session, case, today=today)
    ranked, excluded = rank(needs, all_profiles(session), load_weights(session), today=today)
    return needs, ranked, excluded
