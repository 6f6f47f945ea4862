"""User accounts: creation with a strong password hash, lookup, and the role/scope an Actor carries."""

import datetime as dt
import functools
import secrets
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select
from werkzeug.security import check_password_hash, generate_password_hash

from storage.models import Coordinator, CoordinatorRegion, Region, User, UserRegion
from workflow.errors import InvalidInput
from workflow.guards import Actor
from workflow.phases import Role

# OWASP's scrypt minimum (N=2^17, r=8, p=1), about 0.4 s a hash here. KRING_PASSWORD_METHOD may lower it (tests).
STRONG_PASSWORD_METHOD = "scrypt:131072:8:1"


MIN_PASSWORD, MAX_PASSWORD = 12, 200
COMMON_PASSWORDS = {
    "welkom123456",
    "wachtwoord12",
    "password1234",
    "123456789012",
    "qwertyuiop12",
    "welkomwelkom",
    "eigenkracht1",
    "kringkring12",
}


def password_problem(password: str, email: str = "") -> str | None:
    """The Dutch reason a password is not good enough, or None. The one place the password rules live."""
    if len(password) < MIN_PASSWORD:
        return f"Wachtwoord: minstens {MIN_PASSWORD} tekens (nu {len(password)})"
    if len(password) > MAX_PASSWORD:
        return f"Wachtwoord: maximaal {MAX_PASSWORD} tekens"
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        return "Wachtwoord: bevat tekens die niet zijn toegestaan (zoals stuurtekens)"
    lowered = password.lower()
    if len(set(password)) < 4 or lowered in COMMON_PASSWORDS:
        return "Wachtwoord: te makkelijk te raden; kies bijvoorbeeld een zin van een paar woorden"
    if email and (lowered == email.lower() or lowered == email.split("@")[0].lower()):
        return "Wachtwoord: mag niet gelijk zijn aan het e-mailadres"
    return None


def hash_password(password: str, method: str = STRONG_PASSWORD_METHOD) -> str:
    """A salted scrypt hash that carries its own parameters."""
    return generate_password_hash(password, method=method)


def password_matches(user: User, password: str) -> bool:
    """Whether `password` is the user's."""
    return check_password_hash(user.password_hash, password)


def create_user(
    session: Session,
    email: str,
    name: str,
    role: Role,
    *,
    password: str | None = None,
    password_hash: str | None = None,
    regions: list[str] = (),
    now: dt.datetime,
    password_method: str = STRONG_PASSWORD_METHOD,
) -> User:
    """A user with a role, the regions they serve and, for a coordinator, a coordinator profile."""
    user = User(
        email=email.strip().lower(),
        name=name,
        role=role.value,
        created_at=now,
        password_hash=password_hash or hash_password(password, password_method),
        session_token=new_session_token(),
    )
    session.add(user)
    session.flush()
    region_ids = [region_id(session, r) for r in regions]
    if role is Role.COORDINATOR:
        coordinator = Coordinator(user_id=user.id, name=name)
        session.add(coordinator)
        session.flush()
        session.add_all(CoordinatorRegion(coordinator_id=coordinator.id, region_id=r) for r in region_ids)
    else:
        session.add_all(UserRegion(user_id=user.id, region_id=r) for r in region_ids)
    session.flush()
    return user


def region_id(session: Session, name: str) -> int:
    """The id of a region by name (KeyError when unknown)."""
    found = session.exec(select(Region.id).where(Region.name == name)).first()
    if found is None:
        raise KeyError(f"unknown region {name!r}")
    return found


def find_user(session: Session, email: str) -> User | None:
    """The user with this e-mail address, if any."""
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def actor_for(session: Session, user: User) -> Actor:
    """The domain's view of a user: role, regions and coordinator profile."""
    role = Role(user.role)
    # One round trip for both (read on every request): the regions, and the coordinator profile if any.
    regions_query = select(sa.literal("region"), UserRegion.region_id).where(UserRegion.user_id == user.id)
    profile_query = select(sa.literal("profile"), Coordinator.id).where(Coordinator.user_id == user.id)
    rows = session.execute(regions_query.union_all(profile_query)).all()
    regions = frozenset(value for kind, value in rows if kind == "region")
    coordinator = next((value for kind, value in rows if kind == "profile"), None)
    return Actor(user.id, role, user.name, regions, coordinator)


def user_with_password(session: Session, email: str, password: str, method: str) -> User | None:
    """The active user with this e-mail address and password, or None. An unknown address costs the same
    hash as a known one, so the answer's timing does not tell which addresses have an account."""
    user = find_user(session, email) if email else None
    if user is None:
        check_password_hash(_stand_in_hash(method), password)
        return None
    return user if password_matches(user, password) and user.active else None


@functools.cache
def _stand_in_hash(method: str) -> str:
    return hash_password(secrets.token_hex(16), method)


def new_session_token() -> str:
    """A fresh value for User.session_token: every session cookie carrying the old one stops working."""
    return secrets.token_hex(16)


def end_sessions(uow: Any, user_id: int) -> None:
    """End every session of the user (logout): the cookie keeps the token, and the token is replaced."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is not None:
            user.session_token = new_session_token()
        uow.commit()


def change_password(uow: Any, user_id: int, values: dict[str, str], method: str) -> User:
    """Set a new password after checking the current one; ends every other session of the user (the caller
    logs the current browser in again with the returned user). InvalidInput names each wrong field."""
    with uow:
        user = uow.session.get(User, user_id)
        errors = _password_change_errors(user, values)
        if errors:
            raise InvalidInput(errors)
        user.password_hash = hash_password(values["new_password"], method)
        user.session_token = new_session_token()
        uow.commit()
        return user


def _password_change_errors(user: User, values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not values["current_password"]:
        errors["current_password"] = "Huidig wachtwoord: vul uw huidige wachtwoord in"
    elif not password_matches(user, values["current_password"]):
        errors["current_password"] = "Huidig wachtwoord: klopt niet"
    new = new_password_errors(values, user.email)
    if "new_password" not in new and values["new_password"] == values["current_password"]:
        new = {"new_password": "Nieuw wachtwoord: kies een ander wachtwoord dan het huidige"}
    return errors | new


def new_password_errors(values: dict[str, str], email: str) -> dict[str, str]:
    """The Dutch problems of a new password and its repetition (a change on "Mijn account", a reset link)."""
    problem = password_problem(values["new_password"], email)
    if problem:
        return {"new_password": problem.replace("Wachtwoord:", "Nieuw wachtwoord:", 1)}
    if values["new_password_repeat"] != values["new_password"]:
        return {"new_password_repeat": "Herhaal nieuw wachtwoord: is niet hetzelfde als het nieuwe wachtwoord"}
    return {}
