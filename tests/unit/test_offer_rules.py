"""The rules an offer obeys (workflow.offer_rules) and the use case offer_case over a fake unit of work:
one open offer at a time; a coordinator matching excludes only with a reason, kept in the history."""

import pytest

from tests.unit.fakes import COORDINATOR, NOW, REGIOMANAGER, FakeCase, FakeOffer
from workflow import offer_rules
from workflow.clock import FrozenClock
from workflow.errors import GuardRefused, InvalidInput, NotPermitted, TriggerNotAllowedHere
from workflow.usecases import offer_case

FULL = ["geen plek vrij (6 van 3 bezet)"]


class FakeUnitOfWork:
    """One case; matching's exclusions per coordinator id; history, offers and commits recorded."""

    def __init__(self, case: FakeCase, exclusions: dict[int, list[str]] | None = None):
        self.clock, self.case, self.excluded = FrozenClock(NOW), case, exclusions or {}
        self.cases, self.matching = self, self
        self.history, self.published, self.commits = [], [], 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def get_for(self, actor, case_id):
        return self.case

    def coordinator_exists(self, coordinator_id):
        return True

    def coordinator_name(self, coordinator_id):
        return {10: "Coen", 11: "Olga"}[coordinator_id]

    def withdrawn_coordinators(self, case_id):
        return set()  # nobody was withdrawn from this case

    def exclusions(self, case, coordinator_id, at):
        return list(self.excluded.get(coordinator_id, []))

    def add_offer(self, case, coordinator_id, actor, at):
        offer = FakeOffer(coordinator_id)
        offer.deadline = at
        case.offers.append(offer)
        return offer

    def touch(self, case, at):
        case.version += 1

    def add_history(self, case, actor, entry, at):
        self.history.append((entry.trigger, entry.reason))

    def publish(self, events):
        self.published.extend(events)

    def commit(self):
        self.commits += 1


def test_an_excluded_coordinator_needs_a_reason_naming_the_exclusion():
    uow = FakeUnitOfWork(FakeCase(), {10: FULL})
    with pytest.raises(GuardRefused) as refused:
        offer_case(uow, 1, 10, REGIOMANAGER)
    assert refused.value.missing[0].field == "override_reason"
    assert "matching sluit Coen uit (geen plek vrij (6 van 3 bezet))" in refused.value.message
    assert (uow.case.offers, uow.history, uow.commits) == ([], [], 0)


def test_an_override_with_a_reason_is_kept_in_the_history():
    uow = FakeUnitOfWork(FakeCase(), {10: [*FULL, "afwezig tot 12-03"]})
    offer_case(uow, 1, 10, REGIOMANAGER, override_reason="  Kent de familie  ")
    assert uow.history == [
        (
            "offer",
            "Aangeboden aan Coen, ondanks uitsluiting door matching "
            "(geen plek vrij (6 van 3 bezet); afwezig tot 12-03). Reden: Kent de familie",
        )
    ]
    assert uow.commits == 1


def test_a_reason_is_not_needed_nor_recorded_when_matching_does_not_exclude():
    uow = FakeUnitOfWork(FakeCase(), {})
    offer_case(uow, 1, 11, REGIOMANAGER, override_reason="overbodig")
    assert uow.history == [("offer", "Aangeboden aan Olga")]


def test_a_second_offer_is_refused_while_one_is_open():
    uow = FakeUnitOfWork(FakeCase(offers=[FakeOffer(10)]))
    with pytest.raises(TriggerNotAllowedHere, match="aangeboden aan Coen en dat aanbod staat nog open"):
        offer_case(uow, 1, 11, REGIOMANAGER)
    assert (len(uow.case.offers), uow.history, uow.commits) == (1, [], 0)
    uow.case.offers[0].state = "withdrawn"
    offer_case(uow, 1, 11, REGIOMANAGER)
    assert uow.history == [("offer", "Aangeboden aan Olga")]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_empty_reason_is_no_reason(reason):
    with pytest.raises(GuardRefused):
        offer_case(FakeUnitOfWork(FakeCase(), {10: FULL}), 1, 10, REGIOMANAGER, override_reason=reason)


@pytest.mark.parametrize("reason", ["met\x00nul", "bel\x07", "x" * 10_000, 42, ["lijst"]])
def test_hostile_reasons_are_refused_before_anything_is_read(reason):
    uow = FakeUnitOfWork(FakeCase(), {10: FULL})
    with pytest.raises(InvalidInput) as refused:
        offer_case(uow, 1, 10, REGIOMANAGER, override_reason=reason)
    assert "Reden om toch aan te bieden" in next(iter(refused.value.errors.values()))
    assert uow.commits == 0


def test_only_a_regiomanager_offers():
    with pytest.raises(NotPermitted):
        offer_case(FakeUnitOfWork(FakeCase()), 1, 10, COORDINATOR, override_reason="x")


def test_the_rules_as_pure_functions():
    offer_rules.refuse_while_open(None, "Coen")  # nothing open: fine
    offer_rules.check_override("Coen", [], "")  # not excluded: no reason needed
    offer_rules.check_override("Coen", FULL, "reden")
    assert offer_rules.offer_history_text("Coen", [], "reden") == "Aangeboden aan Coen"
    assert offer_rules.override_reason(None) == ""
    assert offer_rules.OVERRIDE_REASON.max_length == 2000
