"""Benchmark: rank a pool of 2,000 coordinators for one case with every wish set (target: under 50 ms).

Run: python bench/bench_matching.py [--pool N] [--rounds N]. Prints the median and p95 of the rounds.
The pool comes from the same deterministic generator as the unit tests (tests/unit/coordinator_pool.py).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for tests.unit

from tests.unit.coordinator_pool import TODAY, ZAANSTAD, base_needs, make_pool  # noqa: E402
from workflow.matching import Weights, rank  # noqa: E402

TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    pool = make_pool(args.pool)
    needs = base_needs(  # the heaviest case: every criterion is in play
        variant="familie",
        municipality_id=ZAANSTAD,
        municipality_name="Zaanstad",
        wished_languages=frozenset({"Arabisch", "Tarifit", "Turks"}),
        wished_gender="vrouw",
        wished_culture="Marokkaans",
        wished_age=(30, 50),
        target_groups=frozenset({"Jeugdbescherming", "Huiselijk geweld"}),
        referrer_organisation="Leger des Heils",
        urgent=True,
    )
    weights = Weights()
    ranked, excluded = rank(needs, pool, weights, today=TODAY)  # warm-up, and the figures to print
    timings = []
    for _ in range(args.rounds):
        began = time.perf_counter()
        rank(needs, pool, weights, today=TODAY)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(f"pool: {len(pool)} coordinators, {len(ranked)} ranked, {len(excluded)} excluded; {args.rounds} rounds")
    print(f"median: {median:.2f} ms   p95: {p95:.2f} ms   min: {timings[0]:.2f} ms   max: {timings[-1]:.2f} ms")
    verdict = "OK" if median < TARGET_MS else "TOO SLOW"
    print(f"target: median under {TARGET_MS:.0f} ms -> {verdict}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
