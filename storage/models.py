"""The tables. Registration data that is only ever read whole lives in `Case.record` (JSON)."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, Relationship, SQLModel

from storage.types import UTCDateTime, phase_type
from workflow.phases import Phase


def _utc_column(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class Region(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)


class Municipality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    province: str = Field(max_length=40, index=True)
    region_id: int = Field(foreign_key="region.id", index=True)


class UserRegion(SQLModel, table=True):
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    region_id: int = Field(foreign_key="region.id", primary_key=True)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    active: bool = True
    session_token: str = Field(max_length=64, index=True)
    created_at: dt.datetime = _utc_column()

    # What Flask-Login asks of a user, here so that storage needs no Flask: a user is equal by session token
    # (as flask_login.UserMixin compares), and stays hashable by identity despite pydantic's __eq__.
    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return self.is_active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Flask-Login keeps this token, so a password change or deactivation ends old sessions."""
        return self.session_token

    def __eq__(self, other: object) -> bool:
        return self.get_id() == other.get_id() if isinstance(other, User) else NotImplemented


class Coordinator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    name: str = Field(max_length=120)
    gender: str | None = Field(default=None, max_length=20)
    birth_year: int | None = None
    languages: list[str] = Field(default_factory=list, sa_type=JSON)
    cultural_background: str | None = Field(default=None, max_length=80)
    capacity: int = 3
    active: bool = True


class CoordinatorRegion(SQLModel, table=True):
    coordinator_id: int = Field(foreign_key="coordinator.id", primary_key=True)
    region_id: int = Field(foreign_key="region.id", primary_key=True)


# One Column object shared by the field and the mapper: SQLModel cannot name version_id_col by string.
_CASE_VERSION = sa.Column("version", sa.Integer, nullable=False)


class Case(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=20, unique=True)
    phase: Phase = Field(default=Phase.AANMELDING, sa_type=phase_type(), index=True)
    version: int | None = Field(default=None, sa_column=_CASE_VERSION)
    variant: str = Field(default="familie", max_length=20)
    application_date: dt.date
    province: str = Field(max_length=40)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    referrer_type: str = Field(max_length=40)
    organisation_type: str | None = Field(default=None, max_length=80)
    referrer_name: str | None = Field(default=None, max_length=120)
    referrer_organisation: str | None = Field(default=None, max_length=120)
    referrer_phone: str | None = Field(default=None, max_length=30)
    referrer_email: str | None = Field(default=None, max_length=120)
    compulsory_framework: bool = False
    repeat_request: bool = False
    question: str | None = None
    concerns: str | None = None
    conditions: str | None = None
    wishes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    coordinator_id: int | None = Field(default=None, foreign_key="coordinator.id", index=True)
    # A second coordinator with the same rights (herstel, groep; storage/cochange.py, migration 0010_cochange).
    co_coordinator_id: int | None = Field(default=None, foreign_key="coordinator.id", index=True)
    outcome: str | None = Field(default=None, max_length=30)
    closed_at: dt.datetime | None = _utc_column(default=None)
    closed_from: Phase | None = Field(default=None, sa_type=phase_type())
    personal_data_removed_at: dt.datetime | None = _utc_column(default=None)
    # Retention (storage/retention.py): the registration frozen at removal, and the one extension.
    frozen_registration: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    retention_extended_at: dt.datetime | None = _utc_column(default=None)
    record: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: dt.datetime = _utc_column()
    updated_at: dt.datetime = _utc_column()

    main_persons: list["MainPerson"] = Relationship(
        sa_relationship_kwargs={"order_by": "MainPerson.position", "lazy": "selectin"}
    )
    offers: list["Offer"] = Relationship(sa_relationship_kwargs={"order_by": "Offer.id", "lazy": "selectin"})
    events: list["CaseEvent"] = Relationship(sa_relationship_kwargs={"order_by": "CaseEvent.id"})

    __mapper_args__ = {"version_id_col": _CASE_VERSION}


class MainPerson(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    position: int = 0
    name: str | None = Field(default=None, max_length=120)
    kind: str = Field(max_length=20)
    gender: str | None = Field(default=None, max_length=20)
    birth_date: dt.date | None = None
    unborn: bool = False


class CaseEvent(SQLModel, table=True):
    """One line of the case history: who moved the case from where to where, when and why."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: dt.datetime = _utc_column()
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor_name: str = Field(max_length=120)
    trigger: str = Field(max_length=40)
    from_phase: Phase = Field(sa_type=phase_type())
    to_phase: Phase = Field(sa_type=phase_type())
    reason: str = ""


class Offer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    coordinator_id: int = Field(foreign_key="coordinator.id", index=True)
    offered_by_id: int | None = Field(default=None, foreign_key="user.id")
    offered_at: dt.datetime = _utc_column()
    deadline: dt.datetime = _utc_column()
    state: str = Field(default="open", max_length=20, index=True)
    answered_at: dt.datetime | None = _utc_column(default=None)
    reason: str = ""


class ApiToken(SQLModel, table=True):
    """A bearer token: usable until it expires or is revoked; the row stays so its owner sees its history."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    name: str = Field(default="", max_length=80)
    created_at: dt.datetime = _utc_column()
    expires_at: dt.datetime = _utc_column()
    last_used_at: dt.datetime | None = _utc_column(default=None, nullable=True)
    revoked_at: dt.datetime | None = _utc_column(default=None, nullable=True)

    def usable_at(self, now: dt.datetime) -> bool:
        """Whether the token opens the API at `now` (not revoked, not expired)."""
        return self.revoked_at is None and now < self.expires_at


class LoginAttempt(SQLModel, table=True):
    """Failed logins, counted in the database so the throttle holds across processes."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    at: dt.datetime = _utc_column(index=True)


class PublicSubmission(SQLModel, table=True):
    """Accepted submissions of the public intake page: only the address and the time, for the rate limit."""

    id: int | None = Field(default=None, primary_key=True)
    ip: str = Field(max_length=64, index=True)
    at: dt.datetime = _utc_column(index=True)
