"""The admin's changes to accounts, coordinator profiles, regions and settings; each one unit of work."""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import delete, func, select

from storage.accounts import create_user, find_user, new_session_token
from storage.audit import UserAuditEntry
from storage.models import Case, Coordinator, CoordinatorRegion, Municipality, Region, User, UserRegion
from storage.settings import save_date_rules, save_timings
from storage.uow import SqlUnitOfWork
from workflow.dates import DateRules
from workflow.errors import InvalidInput
from workflow.phases import Role
from workflow.reminder_rules import ReminderTimings


def add_user(uow: SqlUnitOfWork, data: dict, *, password_method: str) -> User:
    """Create the user, or InvalidInput when the e-mail address is taken (also when two admins race)."""
    try:
        with uow:
            if find_user(uow.session, data["email"]) is not None:
                raise _email_taken()
            user = create_user(
                uow.session,
                data["email"],
                data["name"],
                Role(data["role"]),
                password=data["password"],
                regions=data["regions"],
                now=uow.clock.now(),
                password_method=password_method,
            )
            uow.commit()
            return user
    except IntegrityError:
        raise _email_taken() from None


def _email_taken() -> InvalidInput:
    return InvalidInput({"email": "E-mailadres: er is al een gebruiker met dit e-mailadres"})


def set_active(uow: SqlUnitOfWork, user_id: int, active: bool, actor_id: int | None = None) -> User | None:
    """(De)activate a user, by `actor_id` (in the user's audit). Deactivation rotates the session token, so
    every session of theirs ends, and takes a coordinator out of the pool."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            return None
        if user.active != active:
            uow.session.add(
                UserAuditEntry(
                    user_id=user.id, actor_id=actor_id, at=uow.clock.now(), field="active", old=user.active, new=active
                )
            )
        user.active = active
        if not active:
            user.session_token = secrets.token_hex(16)
            profile = uow.session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).first()
            if profile is not None:
                profile.active = False
        uow.commit()
        return user


def update_user(uow: SqlUnitOfWork, user_id: int, data: dict, actor_id: int) -> User | None:
    """Change a user's name, role, regions (names) and active flag, each change in the audit; None when there
    is no such user. A coordinator who still has open cases keeps the role (InvalidInput): their cases would
    have nobody. Deactivation ends every session of the user, as on the users page."""
    with uow:
        session, now = uow.session, uow.clock.now()
        user = session.get(User, user_id)
        if user is None:
            return None
        before = _account_facts(session, user)
        profile = session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).first()
        if user.role == Role.COORDINATOR.value and data["role"] != user.role:
            _refuse_with_open_cases(session, profile)
        user.name, user.role, user.active = data["name"], data["role"], data["active"]
        if not data["active"] and before["active"]:
            user.session_token = new_session_token()
        ids = list(session.exec(select(Region.id).where(Region.name.in_(data["regions"] or [""]))).all())
        session.exec(delete(UserRegion).where(UserRegion.user_id == user.id))
        if profile is not None:
            session.exec(delete(CoordinatorRegion).where(CoordinatorRegion.coordinator_id == profile.id))
        if data["role"] == Role.COORDINATOR.value:
            was_coordinator = profile is not None and before["role"] == Role.COORDINATOR.value
            profile = profile or Coordinator(user_id=user.id, name=user.name)
            profile.name = user.name
            # Deactivation takes them out of the pool; reactivation leaves the profile's own switch as it was.
            profile.active = (profile.active if was_coordinator else True) and data["active"]
            session.add(profile)
            session.flush()
            session.add_all(CoordinatorRegion(coordinator_id=profile.id, region_id=r) for r in ids)
        else:
            if profile is not None:  # kept for the history of their former cases, out of the pool
                profile.active, profile.name = False, user.name
            session.add_all(UserRegion(user_id=user.id, region_id=r) for r in ids)
        session.flush()
        after = _account_facts(session, user)
        session.add_all(
            UserAuditEntry(user_id=user.id, actor_id=actor_id, at=now, field=name, old=before[name], new=after[name])
            for name in before
            if before[name] != after[name]
        )
        uow.commit()
        return user


def _account_facts(session, user: User) -> dict:
    """What the audit compares: name, role, active and the region names (sorted)."""
    regions = (
        session.exec(select(Region.name).join(UserRegion).where(UserRegion.user_id == user.id)).all()
        + session.exec(
            select(Region.name)
            .join(CoordinatorRegion)
            .join(Coordinator, Coordinator.id == CoordinatorRegion.coordinator_id)
            .where(Coordinator.user_id == user.id)
        ).all()
    )
    return {"name": user.name, "role": user.role, "regions": sorted(set(regions)), "active": user.active}


def _refuse_with_open_cases(session, profile: Coordinator | None) -> None:
    if profile is None:
        return
    open_cases = session.exec(
        select(func.count()).select_from(Case).where(Case.coordinator_id == profile.id, Case.closed_at.is_(None))
    ).one()
    if open_cases:
        raise InvalidInput(
            {"role": f"Rol: deze coördinator heeft nog {open_cases} lopende zaak/zaken; draag die eerst over"}
        )


def update_coordinator(uow: SqlUnitOfWork, coordinator_id: int, data: dict) -> None:
    """Replace the profile's fields and regions."""
    with uow:
        session = uow.session
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
        uow.commit()


def add_region(uow: SqlUnitOfWork, name: str) -> None:
    """A new region; InvalidInput when the name is taken."""
    try:
        with uow:
            uow.session.add(Region(name=name))
            uow.commit()
    except IntegrityError:
        raise InvalidInput({"name": f"Naam regio: er is al een regio '{name}'"}) from None


def move_municipality(uow: SqlUnitOfWork, municipality: str, region: str) -> str:
    """Move a municipality to another region; return its former region's name. Existing cases stay put."""
    with uow:
        session = uow.session
        found = session.exec(select(Municipality).where(Municipality.name == municipality)).one()
        before = session.get(Region, found.region_id).name
        found.region_id = session.exec(select(Region.id).where(Region.name == region)).one()
        uow.commit()
        return before


def set_reminder_timings(uow: SqlUnitOfWork, timings: ReminderTimings, date_rules: DateRules | None = None) -> None:
    """Store the bureau's reminder timings (and the rules for plausible dates, set on the same page)."""
    with uow:
        save_timings(uow.session, timings, uow.clock.now())
        if date_rules is not None:
            save_date_rules(uow.session, date_rules, uow.clock.now())
        uow.commit()
