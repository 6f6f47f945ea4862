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


@dataclass(frozen=True)
class ApplicationReceived:
    case_id: int
    at: dt.datetime


@dataclass(frozen=True)
class OfferMade:
    case_id: int
    coordinator_id: int
    deadline: dt.datetime


@dataclass(frozen=True)
class MeetingDateCorrected:
    """A held meeting's date was corrected: its follow-up reminders move with it."""

    case_id: int
    meeting_number: int
    meeting_date: dt.date


@dataclass(frozen=True)
class FollowUpRecorded:
    """A follow-up call was made and recorded: its escalation is no longer needed."""

    case_id: int
    meeting_number: int
    kind: str


@dataclass(frozen=True)
class MeetingHeld:
    """A meeting was recorded as held (with or without a plan, or in parts): its questionnaires can start."""

    case_id: int
    meeting_number: int


@dataclass(frozen=True)
class OfferWithdrawn:
    """The regiomanager withdrew an open offer: its unanswered-offer reminder is no longer needed."""

    case_id: int
    offer_id: int


@dataclass(frozen=True)
class OfferDeclined:
    """The coordinator declined an offer: its unanswered-offer reminder is no longer needed."""

    case_id: int
    offer_id: int


@dataclass(frozen=True)
class CoordinatorWithdrawn:
    """The regiomanager withdrew the case's coordinator: the case waits for a new one."""

    case_id: int
    coordinator_id: int


@dataclass(frozen=True)
class CoordinatorTookOver:
    """A new coordinator accepted a running case after a withdrawal; its open tasks go to them."""

    case_id: int
    coordinator_id: int


@dataclass(frozen=True)
class CoCoordinatorChanged:
    """A co-coordinator was added (coordinator_id) or removed (None)."""

    case_id: int
    coordinator_id: int | None
    previous_id: int | None = None


@dataclass(frozen=True)
class PlanAwaitsDecision:
    """A plan was made that needs the professional's decision: it is chased after some days."""

    case_id: int
    meeting_number: int
    meeting_date: dt.date


@dataclass(frozen=True)
class PlanDecisionRecorded:
    """The professional's decision on the plan of meeting `meeting_number` was recorded: no longer chased."""

    case_id: int
    meeting_number: int
    decision: str


@dataclass(frozen=True)
class AgreementsChanged:
    """The plan's agreements were saved: `evaluations` are (agreement index, date) of those with an
    evaluation moment; their reminders replace the pending ones."""

    case_id: int
    evaluations: tuple[tuple[int, dt.date], ...]


@dataclass(frozen=True)
class FollowUpConferenceNeeded:
    """A follow-up contact said a vervolgconferentie is needed: the regiomanager decides. `sequence` is the
    follow-up entry's number (1-based), or 0 for the three-month check."""

    case_id: int
    sequence: int


@dataclass(frozen=True)
class FollowUpConferenceStarted:
    """The regiomanager (or coordinator) started a vervolgconferentie: the question whether one is needed is
    answered."""

    case_id: int


@dataclass(frozen=True)
class ThreeMonthCheckRecorded:
    """The three-month check was recorded (on its own page or as "not reachable" when closing)."""

    case_id: int
