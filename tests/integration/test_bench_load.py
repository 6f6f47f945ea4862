"""The load benchmark's own logic (bench/bench_load.py): how it judges a writers' round and reads percentiles,
and one short run on SQLite (3 browsers, 2 seconds) that must see no server error and one winner a round."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_load.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "statuses, codes, right",
    [
        ([200, 409, 409], [None, "stale", "stale"], True),
        ([409, 200, 409], ["stale", None, "stale"], True),
        ([200, 200, 409], [None, None, "stale"], False),  # two winners
        ([409, 409, 409], ["stale", "stale", "stale"], False),  # no winner
        ([200, 409, 422], [None, "stale", "guard_refused"], False),  # refused for another reason
        ([200, None, 409], [None, None, "stale"], False),  # a writer timed out
    ],
)
def test_a_round_is_right_with_exactly_one_winner_and_the_rest_stale(bench, statuses, codes, right):
    assert bench.one_winner(statuses, codes) is right


def test_percentiles_by_nearest_rank(bench):
    values = [i / 100 for i in range(1, 101)]
    assert [bench.percentile(values, q) for q in (0.5, 0.99, 1.0)] == [0.5, 0.99, 1.0]
    assert bench.percentile([], 0.99) == 0.0 and bench.percentile([0.3], 0.01) == 0.3


def test_the_writers_alternate_starting_and_holding_a_follow_up_conference(bench):
    start = bench.next_step({"phase": "nazorg", "version": 7})
    hold = bench.next_step({"phase": "vervolgconferentie", "version": 8})
    assert (start["trigger"], start["version"]) == ("start_follow_up_conference", 7)
    assert (hold["trigger"], hold["version"]) == ("hold_follow_up_conference", 8) and hold["data"]["datum"]


def test_the_browsers_cover_every_role(bench):
    roles = [role for _, role in bench.accounts(50)]
    assert len(roles) == 50 and {"regiomanager", "admin", "coordinator"} == set(roles)


def test_a_short_run_on_sqlite_sees_no_server_error_and_one_winner_a_round(bench, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = bench.arguments(
        ["--seconds", "2", "--clients", "3", "--api-readers", "1", "--writers", "3", "--baseline-seconds", "0.5"]
        + ["--extra-cases", "4", "--threads", "2", "--timeout", "30"]
    )
    result = bench.run_on("SQLite", f"sqlite:///{tmp_path / 'bench.sqlite3'}", tmp_path, args)
    tally = result["tally"]
    assert tally.server_errors() == 0 and tally.timeouts == 0 and tally.broken == 0
    assert set(tally.latencies) >= {"lists", "api", "writes"} and not tally.unexpected
    assert result["rounds"] and all(result["rounds"])
    assert result["health"].server_errors() == 0 and result["bare"].all_latencies()
    assert bench.report(result, args) in (True, False)  # prints; the p99 target is the script's, not the test's
