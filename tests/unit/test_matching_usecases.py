"""The case's matching needs and conflicts of interest: use cases over a unit of work, tested with fakes."""

import pytest

from tests.unit.fakes import COORDINATOR, NOW, REGIOMANAGER, FakeCase
from workflow.clock import FrozenClock
from workflow.errors import CaseNotFound, NotPermitted
from workflow.usecases import mark_conflict_of_interest, save_case_needs


class FakeUnitOfWork:
    """Cases the regiomanager may see by id; the matching rows as plain lists; commits counted."""

    def __init__(self, visible: dict[int, FakeCase]):
        self.clock, self.visible, self.needs, self.conflicts, self.commits = FrozenClock(NOW), visible, [], [], 0
        self.cases, self.matching = self, self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def get_for(self, actor, case_id):
        if case_id not in self.visible:
            raise CaseNotFound("Deze zaak bestaat niet of u heeft er geen toegang toe.")
        return self.visible[case_id]

    def save_case_needs(self, case_id, target_groups, urgent):
        self.needs.append((case_id, target_groups, urgent))

    def mark_conflict(self, coordinator_id, case_id, note, at):
        self.conflicts.append((coordinator_id, case_id, note, at))
        return True

    def commit(self):
        self.commits += 1


def test_needs_and_conflicts_are_written_in_one_committed_unit_of_work():
    uow = FakeUnitOfWork({1: FakeCase()})
    save_case_needs(uow, 1, REGIOMANAGER, ["Psychiatrie"], True)
    mark_conflict_of_interest(uow, 1, REGIOMANAGER, 10, "buurvrouw")
    assert uow.needs == [(1, ["Psychiatrie"], True)] and uow.conflicts == [(10, 1, "buurvrouw", NOW)]
    assert uow.commits == 2


@pytest.mark.parametrize("action", [save_case_needs, mark_conflict_of_interest])
def test_only_a_regiomanager_and_only_on_a_case_in_reach(action):
    uow = FakeUnitOfWork({1: FakeCase()})
    args = (["Psychiatrie"], True) if action is save_case_needs else (10, "buurvrouw")
    with pytest.raises(NotPermitted):
        action(uow, 1, COORDINATOR, *args)
    with pytest.raises(CaseNotFound):
        action(uow, 2, REGIOMANAGER, *args)
    assert (uow.needs, uow.conflicts, uow.commits) == ([], [], 0)
