"""The admin's reads: users, coordinators, regions (the writes are in storage.admin, one unit of work each)."""

from dataclasses import dataclass

from sqlmodel import Session, func, select

from storage.models import Coordinator, CoordinatorRegion, Municipality, Region, User, UserRegion


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


def user(session: Session, user_id: int) -> UserRow | None:
    """One user with the regions they serve (a coordinator's through their profile)."""
    return next((row for row in users(session) if row.user.id == user_id), None)


def regions_by_id(session: Session) -> dict[int, str]:
    """Every region's id and name, by name."""
    return dict(session.exec(select(Region.id, Region.name).order_by(Region.name)).all())


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


def regions(session: Session) -> list[tuple[Region, int]]:
    """Every region with its number of municipalities."""
    counts = func.count(Municipality.id)
    query = select(Region, counts).join(Municipality, isouter=True).group_by(Region.id).order_by(Region.name)
    return list(session.exec(query).all())
