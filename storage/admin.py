"""The admin's changes to accounts, coordinator profiles, regions and settings; each one unit of work."""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import delete, select

from storage.accounts import create_user, find_user
from storage.models import Coordinator, CoordinatorRegion, Municipality, Region, User
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


def set_active(uow: SqlUnitOfWork, user_id: int, active: bool) -> User | None:
    """(De)activate a user. Deactivation rotates the session token, so every session of theirs ends, and
    takes a coordinator out of the pool."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            return None
        user.active = active
        if not active:
            user.session_token = secrets.token_hex(16)
            profile = uow.session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).first()
            if profile is not None:
                profile.active = False
        uow.commit()
        return user


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
