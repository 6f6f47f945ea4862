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


def test_a_second_acceptance_after_a_rematch_does_not_move_the_acceptance():
    """A re-match adds a later accepted offer: the lead time still counts from the first acceptance."""
    from types import SimpleNamespace as Row

    applied = dt.date(2026, 3, 2)
    first = Row(state="accepted", offered_at=_at(2026, 3, 3), answered_at=_at(2026, 3, 4))
    second = Row(state="accepted", offered_at=_at(2026, 4, 20), answered_at=_at(2026, 4, 21))
    record = {"gestart_op": _at(2026, 3, 4).isoformat(), "informatief_gesprek_datum": "2026-03-05"}
    before = lead_times_of(Row(application_date=applied, offers=[first], record=record), _at(2026, 4, 1))
    after = lead_times_of(Row(application_date=applied, offers=[first, second], record=record), _at(2026, 4, 22))
    assert (after.to_offer, after.to_acceptance, after.to_first_visit) == (1, 2, 3)
    assert (before.to_offer, before.to_acceptance, before.to_first_visit) == (1, 2, 3)
    assert not after.late


def _at(year, month, day):
    return dt.datetime(year, month, day, 10, 0, tzinfo=dt.UTC)
