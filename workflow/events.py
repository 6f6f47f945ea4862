"""What happened in a step, for the parts of the system that react (reminders, notifications)."""
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUpDue:
    """Aftercare starts: the follow-up calls are due four weeks after `meeting_date`."""

    case_id: int
    meeting_date: dt.date
    meeting_number: int


@dataclass(frozen=True)
class CaseClosed:
    case_id: int


@dataclass(frozen=True)
class CaseReopened:
    case_id: int


@dataclass(frozen=True)
class OfferAccepted:
    case_id: int
    coordinator_id: int
