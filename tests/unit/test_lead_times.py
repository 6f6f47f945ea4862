"""Lead times: days per stretch, running counts while waiting, and the flags against the targets."""

import datetime as dt

from tests.unit.fakes import FakeCase
from workflow.lead_times import OFFER_TARGET_DAYS, START_TARGET_DAYS, lead_times, lead_times_of

D = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_targets_are_two_days():
    assert OFFER_TARGET_DAYS == 2 and START_TARGET_DAYS == 2


def test_nothing_yet_counts_the_wait_for_an_offer():
    t = lead_times(D, None, None, None, today=day(2))
    assert (t.to_offer, t.to_acceptance, t.to_first_visit, t.offer_running) == (None, None, None, 2)
    assert not t.late
    assert lead_times(D, None, None, None, today=day(3)).offer_late


def test_a_timely_case_is_not_flagged():
    t = lead_times(D, day(1), day(2), day(4), today=day(30))
    assert (t.to_offer, t.to_acceptance, t.to_first_visit) == (1, 2, 4)
    assert t.offer_running is None and t.start_running is None and not t.late


def test_a_late_offer_stays_flagged():
    t = lead_times(D, day(3), day(3), day(4), today=day(30))
    assert t.offer_late and not t.start_late and t.late


def test_a_late_first_visit_is_flagged_while_waiting_and_after():
    waiting = lead_times(D, day(0), day(1), None, today=day(4))
    assert waiting.start_running == 3 and waiting.start_late
    assert not lead_times(D, day(0), day(1), None, today=day(3)).start_late
    assert lead_times(D, day(0), day(1), day(4), today=day(9)).start_late
    assert not lead_times(D, day(0), day(1), day(3), today=day(9)).start_late


class Offer:
    def __init__(self, state, offered_at, answered_at=None):
        self.state, self.offered_at, self.answered_at = state, offered_at, answered_at
        self.coordinator_id = 1


def test_from_a_case_uses_the_first_offer_the_accepted_one_and_the_recorded_visit():
    at = lambda n, hour=9: dt.datetime.combine(day(n), dt.time(hour), tzinfo=dt.UTC)  # noqa: E731
    case = FakeCase(
        offers=[Offer("declined", at(1), at(2)), Offer("accepted", at(2), at(3))],
        record={"informatief_gesprek_datum": day(5).isoformat()},
    )
    case.application_date = D
    t = lead_times_of(case, at(10))
    assert (t.to_offer, t.to_acceptance, t.to_first_visit) == (1, 3, 5) and not t.late  # visit 2 days after
    late_evening = FakeCase(offers=[Offer("open", at(0, 23))])  # 23:00 UTC is the next day in Amsterdam
    late_evening.application_date = D
    assert lead_times_of(late_evening, at(1)).to_offer == 1
