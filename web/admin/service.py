"""The admin's reads and writes; each write is one transaction, committed whole or not at all."""

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, func, select

from storage.accounts import create_user, find_user
from storage.models import Coordinator, CoordinatorRegion, Municipality, Region, User, UserRegion
from workflow.errors import InvalidInput
from workflow.phases import Role


@dataclass(frozen=True)
class UserRow:
    user: User
    regions: list[str]


@dataclass(frozen=True)
class CoordinatorRow:
    coordinator: Coordinator
    email: str | None
    regions: list[str]


def region_names(session: Session) -> list[str]:
    return list(session.exec(select(Region.name).order_by(Region.name)).all())


def municipality_names(session: Session) -> list[str]:
    return list(session.exec(select(Municipality.name).order_by(Municipality.name)).all())


def users(session: Session) -> list[UserRow]:
    """Every user with the regions they serve (a coordinator's through their profile)."""
    names = dict(session.exec(select(Region.id, Region.name)).all())
    by_user: dict[int, list[str]] = {}
    for user_id, region_id in session.exec(select(UserRegion.user_id, UserRegion.region_id)).all():
        by_user.setdefault(user_id, []).append(names[region_id])
    for user_id, region_id in session.exec(
        select(Coordinator.user_id, CoordinatorRegion.region_id).join(CoordinatorRegion)
    ).all():
        by_user.setdefault(user_id, []).append(names[region_id])
    rows = session.exec(select(User).order_by(User.role, User.name)).all()
    return [UserRow(u, sorted(by_user.get(u.id, []))) for u in rows]


def add_user(session: Session, data: dict, now: dt.datetime, password_method: str) -> User:
    """Create the user, or InvalidInput when the e-mail address is taken (also when two admins race)."""
    if find_user(session, data["email"]) is not None:
        raise InvalidInput({"email": "E-mailadres: er is al een gebruiker met dit e-mailadres"})
    try:
        user = create_user(
            session,
            data["email"],
            data["name"],
            Role(data["role"]),
            password=data["password"],
            regions=data["regions"],
            now=now,
            password_method=password_method,
        )
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InvalidInput({"email": "E-mailadres: er is al een gebruiker met dit e-mailadres"}) from None
    return user


def set_active(session: Session, user_id: int, active: bool) -> User | None:
    """(De)activate a user. Deactivation rotates the session token, so every session of theirs ends, and
    takes a coordinator out of the pool."""
    user = session.get(User, user_id)
    if user is None:
        return None
    user.active = active
    if not active:
        user.session_token = secrets.token_hex(16)
        profile = session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).first()
        if profile is not None:
            profile.active = False
    session.commit()
    return user


def coordinators(session: Session) -> list[CoordinatorRow]:
    names = dict(session.exec(select(Region.id, Region.name)).all())
    by_coordinator: dict[int, list[str]] = {}
    for coordinator_id, region_id in session.exec(
        select(CoordinatorRegion.coordinator_id, CoordinatorRegion.region_id)
    ).all():
        by_coordinator.setdefault(coordinator_id, []).append(names[region_id])
    rows = session.exec(select(Coordinator, User.email).join(User, isouter=True).order_by(Coordinator.name)).all()
    return [CoordinatorRow(c, email, sorted(by_coordinator.get(c.id, []))) for c, email in rows]


def coordinator(session: Session, coordinator_id: int) -> CoordinatorRow | None:
    found = session.get(Coordinator, coordinator_id)
    if found is None:
        return None
    email = session.exec(select(User.email).where(User.id == found.user_id)).first()
    regions = session.exec(
        select(Region.name)
        .join(CoordinatorRegion)
        .where(CoordinatorRegion.coordinator_id == coordinator_id)
        .order_by(Region.name)
    ).all()
    return CoordinatorRow(found, email, list(regions))


def update_coordinator(session: Session, coordinator_id: int, data: dict) -> None:
    """Replace the profile's fields and regions in one transaction."""
    profile = session.get(Coordinator, coordinator_id)
    profile.gender = data["gender"]
    profile.birth_year = data["birth_year"]
    profile.languages = data["languages"]
    profile.cultural_background = data["cultural_background"] or None
    profile.capacity = data["capacity"]
    profile.active = data["active"]
    session.exec(delete(CoordinatorRegion).where(CoordinatorRegion.coordinator_id == coordinator_id))
    ids = session.exec(select(Region.id).where(Region.name.in_(data["regions"]))).all()
    session.add_all(CoordinatorRegion(coordinator_id=coordinator_id, region_id=r) for r in ids)
    session.commit()


def regions(session: Session) -> list[tuple[Region, int]]:
    """Every region with its number of municipalities."""
    counts = func.count(Municipality.id)
    query = select(Region, counts).join(Municipality, isouter=True).group_by(Region.id).order_by(Region.name)
    return list(session.exec(query).all())


def add_region(session: Session, name: str) -> None:
    try:
        session.add(Region(name=name))
        session.commit()
    except IntegrityError:
        session.rollback()
        raise InvalidInput({"name": f"Naam regio: er is al een regio '{name}'"}) from None


def move_municipality(session: Session, municipality: str, region: str) -> str:
    """Move a municipality to another region; return its former region's name. Existing cases stay put."""
    found = session.exec(select(Municipality).where(Municipality.name == municipality)).one()
    before = session.get(Region, found.region_id).name
    found.region_id = session.exec(select(Region.id).where(Region.name == region)).one()
    session.commit()
    return before
