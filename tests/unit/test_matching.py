"""Matching (issue 4): hard filters, weighted wishes with their reasons, stable ties, configurable weights."""

import dataclasses
import datetime as dt
import random

import pytest

from tests.unit.coordinator_pool import (
    AMSTERDAM_REGION,
    CASE_ID,
    REFERRERS,
    START,
    TODAY,
    ZAANSTAD,
    ZAANSTREEK,
    base_needs,
    make_pool,
)
from workflow.matching import (
    CRITERIA,
    TARGET_GROUPS,
    WEIGHT_LABELS,
    CaseNeeds,
    CoordinatorProfile,
    Criterion,
    Reason,
    Weights,
    rank,
    ranking,
)
from workflow.matching.scores import Setting

POOL = make_pool()
W = Weights()

ALL_WISHES = {
    "variant": "herstel",
    "municipality_id": ZAANSTAD,
    "municipality_name": "Zaanstad",
    "wished_languages": frozenset({"Arabisch", "Turks"}),
    "wished_gender": "vrouw",
    "wished_culture": "Marokkaans",
    "wished_age": (30, 50),
    "target_groups": frozenset({"Psychiatrie", "Schulden"}),
    "referrer_organisation": "Leger des Heils",
    "urgent": True,
}


def ranked_ids(needs, profiles=POOL, weights=None):
    ranked, _ = rank(needs, profiles, weights, today=TODAY)
    return [r.profile.id for r in ranked]


def by_id(results):
    return {r.profile.id: r for r in results}


def test_the_pool_is_large_varied_and_deterministic():
    assert len(POOL) >= 40
    assert make_pool() == POOL
    assert len({p.id for p in POOL}) == len(POOL)
    assert {p.gender for p in POOL} == {"man", "vrouw", None}
    assert len({lang for p in POOL for lang in p.languages}) >= 8
    assert len({p.cultural_background for p in POOL}) >= 5
    assert {g for p in POOL for g in p.target_groups} == set(TARGET_GROUPS)
    assert {org for p in POOL for org in p.pools} == set(REFERRERS)
    assert len({p.capacity for p in POOL}) >= 4


# --- Hard filters -----------------------------------------------------------------------------------


def _absent_until(p):
    ends = [end for begin, end in p.absences if begin <= START <= end]
    return max(ends) if ends else None


HARD_FILTERS = [
    # (name, needs, who is hit (independently of the code under test), the reason each of them gets)
    ("inactive", base_needs(), lambda p: not p.active, lambda p: "niet actief"),
    (
        "absent",
        base_needs(),
        lambda p: _absent_until(p) is not None,
        lambda p: f"afwezig tot {_absent_until(p):%d-%m}" if _absent_until(p) else "afwezig tot",
    ),
    (
        "no capacity",
        base_needs(),
        lambda p: p.active_cases >= p.capacity,
        lambda p: f"geen plek vrij ({p.active_cases} van {p.capacity} bezet)",
    ),
    (
        "no basic training",
        base_needs(),
        lambda p: not p.qualifications,
        lambda p: "niet gekwalificeerd voor EK-c (basistraining nodig)",
    ),
    (
        "herstel needs EK-2",
        base_needs(variant="herstel"),
        lambda p: "EK-2" not in p.qualifications,
        lambda p: "niet gekwalificeerd voor herstelconferentie (EK-2 nodig)",
    ),
    (
        "groep needs EK-2",
        base_needs(variant="groep"),
        lambda p: "EK-2" not in p.qualifications,
        lambda p: "niet gekwalificeerd voor groeps- of buurtconferentie (EK-2 nodig)",
    ),
    ("conflict of interest", base_needs(), lambda p: CASE_ID in p.conflicts, lambda p: "belangenverstrengeling gemeld"),
    ("region", base_needs(), lambda p: ZAANSTREEK not in p.region_ids, lambda p: "werkt niet in deze regio"),
    (
        "region nor municipality",
        base_needs(municipality_id=ZAANSTAD, municipality_name="Zaanstad"),
        lambda p: ZAANSTREEK not in p.region_ids and ZAANSTAD not in p.municipality_ids,
        lambda p: "werkt niet in deze regio",
    ),
]


@pytest.mark.parametrize(("needs", "hit", "reason"), [f[1:] for f in HARD_FILTERS], ids=[f[0] for f in HARD_FILTERS])
def test_each_hard_filter_excludes_exactly_the_right_people_with_its_reason(needs, hit, reason):
    ranked, excluded = rank(needs, POOL, today=TODAY)
    expected = {p.id for p in POOL if hit(p)}
    assert expected, "the pool must contain someone this filter hits"
    assert expected != {p.id for p in POOL}, "and someone it does not"
    texts = {e.profile.id: [r.text for r in e.reasons] for e in excluded}
    # Whom the code excluded for this reason; the absence reason also catches a wrong date for the wrong person.
    hit_by_this = {
        pid
        for pid, reasons in texts.items()
        if any(t.startswith(reason(next(p for p in POOL if p.id == pid))) for t in reasons)
    }
    assert hit_by_this == expected
    for p in POOL:
        if hit(p):
            assert reason(p) in texts[p.id]
    assert not expected & {r.profile.id for r in ranked}


def test_excluded_and_ranked_split_the_pool_and_only_the_unblocked_are_ranked():
    ranked, excluded = rank(base_needs(), POOL, today=TODAY)
    assert sorted([r.profile.id for r in ranked] + [e.profile.id for e in excluded]) == sorted(p.id for p in POOL)
    blocked = {
        p.id
        for p in POOL
        if not p.active
        or _absent_until(p)
        or p.active_cases >= p.capacity
        or not p.qualifications
        or CASE_ID in p.conflicts
        or ZAANSTREEK not in p.region_ids
    }
    assert {e.profile.id for e in excluded} == blocked
    assert all(e.reasons for e in excluded)
    assert all(not r.ok and r.points == 0 for e in excluded for r in e.reasons)


def _a_ranked_profile():
    ranked, _ = rank(base_needs(variant="herstel"), POOL, today=TODAY)
    return ranked[0].profile


@pytest.mark.parametrize(
    ("change", "needs", "reason"),
    [
        ({"active": False}, base_needs(), "niet actief"),
        ({"absences": ((dt.date(2026, 3, 1), dt.date(2026, 3, 12)),)}, base_needs(), "afwezig tot 12-03"),
        ({"absences": ((START, START),)}, base_needs(), f"afwezig tot {START:%d-%m}"),
        ({"absences": ((dt.date(2026, 2, 1), dt.date(2027, 1, 5)),)}, base_needs(), "afwezig tot 05-01-2027"),
        ({"capacity": 3, "active_cases": 3}, base_needs(), "geen plek vrij (3 van 3 bezet)"),
        ({"capacity": 2, "active_cases": 4}, base_needs(), "geen plek vrij (4 van 2 bezet)"),
        (
            {"qualifications": frozenset({"basis"})},
            base_needs(variant="herstel"),
            "niet gekwalificeerd voor herstelconferentie (EK-2 nodig)",
        ),
        ({"conflicts": frozenset({CASE_ID})}, base_needs(), "belangenverstrengeling gemeld"),
        (
            {"region_ids": frozenset({AMSTERDAM_REGION}), "municipality_ids": frozenset()},
            base_needs(),
            "werkt niet in deze regio",
        ),
    ],
)
def test_each_hard_filter_alone_excludes_an_otherwise_fitting_coordinator(change, needs, reason):
    fitting = _a_ranked_profile()
    assert fitting.id in ranked_ids(needs)
    blocked = dataclasses.replace(fitting, **change)
    ranked, excluded = rank(needs, [blocked], today=TODAY)
    assert ranked == []
    assert [r.text for r in excluded[0].reasons] == [reason]


def test_an_absence_just_before_or_after_the_start_date_does_not_exclude():
    fitting = _a_ranked_profile()
    day = dt.timedelta(days=1)
    for absence in ((START - 5 * day, START - day), (START + day, START + 3 * day)):
        ranked, excluded = rank(base_needs(), [dataclasses.replace(fitting, absences=(absence,))], today=TODAY)
        assert len(ranked) == 1 and not excluded


def test_a_coming_absence_is_shown_without_points():
    fitting = _a_ranked_profile()
    away = dataclasses.replace(fitting, absences=((dt.date(2026, 3, 20), dt.date(2026, 3, 27)),))
    [plain], _ = rank(base_needs(), [fitting], today=TODAY)
    [warned], _ = rank(base_needs(), [away], today=TODAY)
    assert Reason("let op: afwezig van 20-03 tot 27-03", 0.0, False) in warned.reasons
    assert warned.score == plain.score


def test_serving_the_municipality_outside_the_region_is_enough():
    p = dataclasses.replace(
        _a_ranked_profile(), region_ids=frozenset({AMSTERDAM_REGION}), municipality_ids=frozenset({ZAANSTAD})
    )
    ranked, _ = rank(base_needs(municipality_id=ZAANSTAD, municipality_name="Zaanstad"), [p], today=TODAY)
    texts = [r.text for r in ranked[0].reasons]
    assert "werkt in Zaanstad ✓" in texts
    assert "niet ingedeeld in regio Zaanstreek-Waterland ✗" in texts


# --- Wishes -----------------------------------------------------------------------------------------

# (name, the wish added to the needs, who matches it, the points a match earns with default weights,
#  the change that makes a profile match, the change that makes it miss, the reason a match shows)
WISHES = [
    (
        "gender",
        {"wished_gender": "vrouw"},
        lambda p: p.gender == "vrouw",
        W.gender,
        {"gender": "vrouw"},
        {"gender": "man"},
        "vrouw, zoals gewenst ✓",
    ),
    (
        "language",
        {"wished_languages": frozenset({"Arabisch"})},
        lambda p: "Arabisch" in p.languages,
        W.language,
        {"languages": frozenset({"Nederlands", "Arabisch"})},
        {"languages": frozenset({"Nederlands"})},
        "spreekt Arabisch ✓",
    ),
    (
        "culture",
        {"wished_culture": "Marokkaans"},
        lambda p: p.cultural_background == "Marokkaans",
        W.culture,
        {"cultural_background": "Marokkaans"},
        {"cultural_background": "Nederlands"},
        "achtergrond Marokkaans, zoals gewenst ✓",
    ),
    (
        "age",
        {"wished_age": (30, 45)},
        lambda p: p.birth_year is not None and 30 <= TODAY.year - p.birth_year <= 45,
        W.age,
        {"birth_year": TODAY.year - 38},
        {"birth_year": TODAY.year - 62},
        "leeftijd 38, gewenst: 30 tot en met 45 ✓",
    ),
    (
        "target group",
        {"target_groups": frozenset({"Psychiatrie"})},
        lambda p: "Psychiatrie" in p.target_groups,
        W.target_group,
        {"target_groups": frozenset({"Psychiatrie"})},
        {"target_groups": frozenset({"Schulden"})},
        "ervaring met Psychiatrie ✓",
    ),
    (
        "pool",
        {"referrer_organisation": "Leger des Heils"},
        lambda p: "Leger des Heils" in p.pools,
        W.pool,
        {"pools": frozenset({"Leger des Heils"})},
        {"pools": frozenset()},
        "in de vaste pool van Leger des Heils ✓",
    ),
    (
        "municipality",
        {"municipality_id": ZAANSTAD, "municipality_name": "Zaanstad"},
        lambda p: ZAANSTAD in p.municipality_ids,
        W.municipality,
        {"municipality_ids": frozenset({ZAANSTAD})},
        {"municipality_ids": frozenset()},
        "werkt in Zaanstad ✓",
    ),
]
WISH_IDS = [w[0] for w in WISHES]


@pytest.mark.parametrize(("wish", "matches", "points"), [w[1:4] for w in WISHES], ids=WISH_IDS)
def test_a_wish_adds_its_points_to_exactly_the_matching_people_and_moves_them_up(wish, matches, points):
    before, _ = rank(base_needs(), POOL, today=TODAY)
    after, _ = rank(base_needs(**wish), POOL, today=TODAY)
    old = by_id(before)
    position_before = {r.profile.id: i for i, r in enumerate(before)}
    position_after = {r.profile.id: i for i, r in enumerate(after)}
    matching = [r.profile for r in after if matches(r.profile)]
    others = [r.profile for r in after if not matches(r.profile)]
    assert matching and others, "the pool must have both, among the ranked"
    for r in after:
        if r.profile.id not in old:  # only a wish that widens the area may add people, and they match it
            assert matches(r.profile)
            continue
        assert r.score == pytest.approx(old[r.profile.id].score + (points if matches(r.profile) else 0))
    overtaken = 0
    for m in matching:
        for n in others:
            if m.id in position_before and position_before[m.id] < position_before[n.id]:
                assert position_after[m.id] < position_after[n.id], "a match must never fall behind a non-match"
            elif m.id in position_before and position_after[m.id] < position_after[n.id]:
                overtaken += 1
    assert overtaken, "the wish must move some matching person past a non-matching one"


@pytest.mark.parametrize(
    ("wish", "make_match", "make_miss", "text"), [(w[1], w[4], w[5], w[6]) for w in WISHES], ids=WISH_IDS
)
def test_a_wish_puts_the_matching_twin_above_its_otherwise_identical_twin(wish, make_match, make_miss, text):
    for base in rank(base_needs(), POOL, today=TODAY)[0][::4]:
        # Same name; the missing twin has the lower id, so without the wish it would come first.
        miss = dataclasses.replace(base.profile, id=9001, **make_miss)
        hit = dataclasses.replace(base.profile, id=9002, **make_match)
        pool = [*POOL, miss, hit]
        plain = ranked_ids(base_needs(), pool)
        if make_match.keys() != {"municipality_ids"}:  # without a municipality it plays no part at all
            assert plain.index(9001) < plain.index(9002)
        wished, _ = rank(base_needs(**wish), pool, today=TODAY)
        order = [r.profile.id for r in wished]
        assert order.index(9002) < order.index(9001)
        assert text in [r.text for r in by_id(wished)[9002].reasons]
        assert not any(r.text == text for r in by_id(wished)[9001].reasons)


def test_missed_wishes_are_shown_with_a_cross_and_no_points():
    p = CoordinatorProfile(
        id=1,
        name="Piet",
        gender="man",
        birth_year=1960,
        languages=frozenset({"Nederlands"}),
        cultural_background="Nederlands",
        region_ids=frozenset({ZAANSTREEK}),
        qualifications=frozenset({"EK-2"}),
        capacity=3,
        active_cases=2,
    )
    [ranked], _ = rank(base_needs(**ALL_WISHES), [p], today=TODAY)
    texts = [(x.text, x.points, x.ok) for x in ranked.reasons]
    assert ("werkt niet specifiek in Zaanstad ✗", 0.0, False) in texts
    assert ("spreekt geen Arabisch ✗", 0.0, False) in texts
    assert ("man, gewenst: vrouw ✗", 0.0, False) in texts
    assert ("achtergrond Nederlands, gewenst: Marokkaans ✗", 0.0, False) in texts
    assert ("leeftijd 66, gewenst: 30 tot en met 50 ✗", 0.0, False) in texts
    assert ("geen ervaring met Psychiatrie ✗", 0.0, False) in texts
    assert ("2 van 3 plekken bezet", round(W.free_capacity / 3, 2), True) in texts
    # Nobody in [p] is in the Leger des Heils pool, so the pool plays no part.
    assert not any("pool" in t for t, _, _ in texts)
    in_pool = dataclasses.replace(p, id=2, pools=frozenset({"Leger des Heils"}))
    ranked, _ = rank(base_needs(**ALL_WISHES), [p, in_pool], today=TODAY)
    assert "niet in de vaste pool van Leger des Heils ✗" in [x.text for x in by_id(ranked)[1].reasons]
    assert "in de vaste pool van Leger des Heils ✓" in [x.text for x in by_id(ranked)[2].reasons]


def test_languages_count_per_language_up_to_the_cap():
    p = dataclasses.replace(_a_ranked_profile(), languages=frozenset({"Arabisch", "Tarifit", "Turks", "Nederlands"}))
    needs = base_needs(wished_languages=frozenset({"Arabisch", "Tarifit", "Turks"}))
    [r], _ = rank(needs, [p], today=TODAY)
    language_points = [x.points for x in r.reasons if x.text.startswith("spreekt")]
    assert sorted(language_points) == [0.0, W.language, W.language]  # cap 6 = two languages
    assert any("maximum voor talen bereikt" in x.text for x in r.reasons)
    [r], _ = rank(needs, [p], Weights(language_cap=100), today=TODAY)
    assert [x.points for x in r.reasons if x.text.startswith("spreekt")] == [W.language] * 3


def test_language_and_culture_compare_without_case():
    p = dataclasses.replace(_a_ranked_profile(), languages=frozenset({"arabisch"}), cultural_background="marokkaans")
    [r], _ = rank(base_needs(wished_languages=frozenset({"Arabisch"}), wished_culture="Marokkaans"), [p], today=TODAY)
    assert sum(x.points for x in r.reasons if x.ok and ("spreekt" in x.text or "achtergrond" in x.text)) == (
        W.language + W.culture
    )


@pytest.mark.parametrize(
    ("wished_age", "age", "fits"),
    [
        ((30, 45), 30, True),
        ((30, 45), 45, True),
        ((30, 45), 29, False),
        ((30, 45), 46, False),
        ((40, None), 40, True),
        ((40, None), 39, False),
        ((None, 40), 40, True),
        ((None, 40), 41, False),
    ],
)
def test_the_wished_age_range_includes_both_ends(wished_age, age, fits):
    p = dataclasses.replace(_a_ranked_profile(), birth_year=TODAY.year - age)
    [plain], _ = rank(base_needs(), [p], today=TODAY)
    [r], _ = rank(base_needs(wished_age=wished_age), [p], today=TODAY)
    assert r.score == plain.score + (W.age if fits else 0)
    assert any(x.text.startswith(f"leeftijd {age}, gewenst: ") and x.ok == fits for x in r.reasons)


def test_urgency_favours_free_places():
    before, _ = rank(base_needs(), POOL, today=TODAY)
    after, _ = rank(base_needs(urgent=True), POOL, today=TODAY)
    old = by_id(before)
    for r in after:
        p = r.profile
        share = (p.capacity - p.active_cases) / p.capacity
        assert r.score == pytest.approx(old[p.id].score + round(W.urgent_free_capacity * share, 2))
        assert f"spoed: {p.capacity - p.active_cases} van {p.capacity} " in " ".join(x.text for x in r.reasons)


# --- Explanation and score ----------------------------------------------------------------------------

NEEDS_VARIANTS = [
    base_needs(),
    base_needs(**ALL_WISHES),
    base_needs(**{**ALL_WISHES, "variant": "familie", "wished_age": (None, 40), "urgent": False}),
    base_needs(wished_languages=frozenset({"Tigrinya", "Arabisch", "Pools"}), target_groups=frozenset(TARGET_GROUPS)),
]


def expected_score(p: CoordinatorProfile, needs: CaseNeeds, w: Weights, pool_exists: bool) -> float:
    """The score worked out from the profile and the weights, independently of the reasons."""
    total = 0.0
    if needs.municipality_id in p.municipality_ids:
        total += w.municipality
    if needs.region_id in p.region_ids:
        total += w.region
    spoken = len({lang.casefold() for lang in needs.wished_languages} & {lang.casefold() for lang in p.languages})
    total += min(spoken * w.language, w.language_cap)
    if needs.wished_gender and p.gender == needs.wished_gender:
        total += w.gender
    if needs.wished_culture and p.cultural_background == needs.wished_culture:
        total += w.culture
    if needs.wished_age and p.birth_year:
        low, high = needs.wished_age
        age = TODAY.year - p.birth_year
        if (low is None or age >= low) and (high is None or age <= high):
            total += w.age
    total += w.target_group * len(needs.target_groups & p.target_groups)
    if pool_exists and needs.referrer_organisation in p.pools:
        total += w.pool
    share = (p.capacity - p.active_cases) / p.capacity
    total += w.free_capacity * share + (w.urgent_free_capacity * share if needs.urgent else 0)
    return total


@pytest.mark.parametrize("weights", [Weights(), Weights(language=1.5, free_capacity=7, pool=0, age=4.25)])
@pytest.mark.parametrize("needs", NEEDS_VARIANTS)
def test_the_score_is_the_sum_of_the_reasons_and_matches_the_profile(needs, weights):
    ranked, _ = rank(needs, POOL, weights, today=TODAY)
    assert ranked
    pool_exists = any(needs.referrer_organisation in p.pools for p in POOL)
    for r in ranked:
        assert r.score == round(sum(x.points for x in r.reasons), 2)
        assert r.score == pytest.approx(expected_score(r.profile, needs, weights, pool_exists), abs=0.02)
        for x in r.reasons:
            assert x.points >= 0
            if x.text.endswith("✗"):
                assert x.points == 0 and not x.ok
            if x.text.endswith("✓"):
                assert x.ok
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_the_example_reasons_read_as_the_issue_asks():
    p = CoordinatorProfile(
        id=7,
        name="Fatima",
        gender="vrouw",
        birth_year=1985,
        languages=frozenset({"Nederlands", "Arabisch"}),
        region_ids=frozenset({ZAANSTREEK}),
        municipality_ids=frozenset({ZAANSTAD}),
        qualifications=frozenset({"basis"}),
        target_groups=frozenset({"Psychiatrie"}),
        capacity=3,
        active_cases=2,
        pools=frozenset({"Leger des Heils"}),
    )
    needs = base_needs(
        municipality_id=ZAANSTAD,
        municipality_name="Zaanstad",
        wished_gender="vrouw",
        wished_languages=frozenset({"Arabisch", "Tigrinya"}),
        target_groups=frozenset({"Psychiatrie"}),
        referrer_organisation="Leger des Heils",
    )
    [r], _ = rank(needs, [p], today=TODAY)
    assert [x.text for x in r.reasons] == [
        "werkt in Zaanstad ✓",
        "werkt in regio Zaanstreek-Waterland ✓",
        "spreekt Arabisch ✓",
        "spreekt geen Tigrinya ✗",
        "vrouw, zoals gewenst ✓",
        "ervaring met Psychiatrie ✓",
        "in de vaste pool van Leger des Heils ✓",
        "2 van 3 plekken bezet",
    ]
    assert r.score == 3 + 2 + 3 + 2 + 2 + 3 + 0.67


# --- Order and ties -----------------------------------------------------------------------------------


@pytest.mark.parametrize("needs", NEEDS_VARIANTS)
def test_ties_are_stable_whatever_the_input_order(needs):
    ranked, excluded = rank(needs, POOL, today=TODAY)
    expected = ([r.profile.id for r in ranked], [e.profile.id for e in excluded])
    scores = [r.score for r in ranked]
    assert len(set(scores)) < len(scores), "the pool must produce ties"
    for seed in range(8):
        shuffled = POOL[:]
        random.Random(seed).shuffle(shuffled)
        again, again_excluded = rank(needs, iter(shuffled), today=TODAY)
        assert ([r.profile.id for r in again], [e.profile.id for e in again_excluded]) == expected


def test_equal_scores_order_by_fewer_active_cases_then_name_then_id():
    def person(pid, name, active_cases):
        # Free share kept equal (capacity doubles with load) so that only the tie-breakers differ.
        return CoordinatorProfile(
            id=pid,
            name=name,
            region_ids=frozenset({ZAANSTREEK}),
            qualifications=frozenset({"basis"}),
            capacity=2 * (active_cases + 1),
            active_cases=active_cases + 1,
        )

    people = [person(5, "bea", 1), person(4, "Bea", 0), person(3, "Anna", 1), person(2, "Bea", 0), person(1, "Cees", 0)]
    ranked, _ = rank(base_needs(), people, today=TODAY)
    assert len({r.score for r in ranked}) == 1
    assert [r.profile.id for r in ranked] == [2, 4, 1, 3, 5]


def test_exact_copies_in_the_pool_are_ordered_by_id():
    ranked = ranked_ids(base_needs())
    copies = [(a, b) for a in POOL for b in POOL if a.id < b.id and dataclasses.replace(a, id=b.id) == b]
    assert copies
    for a, b in copies:
        if a.id in ranked:
            assert ranked.index(a.id) + 1 == ranked.index(b.id)


def test_rank_leaves_its_input_alone():
    pool = POOL[:]
    rank(base_needs(**ALL_WISHES), pool, today=TODAY)
    assert pool == POOL


# --- Weights ------------------------------------------------------------------------------------------


def test_language_weight_zero_removes_its_effect():
    wish = base_needs(wished_languages=frozenset({"Arabisch", "Turks"}))
    without, _ = rank(base_needs(), POOL, today=TODAY)
    with_zero, _ = rank(wish, POOL, Weights(language=0), today=TODAY)
    assert [(r.profile.id, r.score) for r in with_zero] == [(r.profile.id, r.score) for r in without]
    assert ranked_ids(wish) != [r.profile.id for r in without]  # with its weight the wish does change the order


def test_a_heavy_weight_puts_every_match_above_every_non_match():
    ranked, _ = rank(base_needs(wished_gender="man"), POOL, Weights(gender=100), today=TODAY)
    genders = [r.profile.gender for r in ranked]
    first_other = next(i for i, g in enumerate(genders) if g != "man")
    assert "man" in genders[:first_other] and "man" not in genders[first_other:]


def test_weights_change_which_criterion_wins():
    arabic = dataclasses.replace(_a_ranked_profile(), id=801, name="A", gender="man", languages=frozenset({"Arabisch"}))
    woman = dataclasses.replace(arabic, id=802, name="B", gender="vrouw", languages=frozenset({"Nederlands"}))
    needs = base_needs(wished_gender="vrouw", wished_languages=frozenset({"Arabisch"}))
    assert ranked_ids(needs, [woman, arabic]) == [801, 802]  # language 3 beats gender 2
    assert ranked_ids(needs, [woman, arabic], Weights(gender=5)) == [802, 801]


def test_weights_from_dict_accepts_numbers_and_keeps_the_other_defaults():
    w = Weights.from_dict({"language": 5, "pool": 0.5})
    assert (w.language, w.pool, w.gender) == (5.0, 0.5, Weights().gender)
    assert Weights.from_dict({}) == Weights()
    assert Weights.from_dict(Weights(age=3).to_dict()) == Weights(age=3)
    assert set(Weights().to_dict()) == set(WEIGHT_LABELS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"language": -1}, "mag niet negatief zijn"),
        ({"pool": -0.01}, "mag niet negatief zijn"),
        ({"taal": 3}, "onbekend gewicht: taal"),
        ({"language": "3"}, "moet een getal zijn"),
        ({"language": None}, "moet een getal zijn"),
        ({"language": True}, "moet een getal zijn"),
        ({"language": [3]}, "moet een getal zijn"),
        ({"language": float("nan")}, "eindig getal"),
        ({"language": float("inf")}, "eindig getal"),
    ],
)
def test_weights_from_dict_rejects_bad_values_in_dutch(data, message):
    with pytest.raises(ValueError, match=message):
        Weights.from_dict(data)


def test_weights_cannot_be_built_negative_directly():
    with pytest.raises(ValueError, match="negatief"):
        Weights(gender=-2)


def test_case_needs_reject_unknown_values():
    with pytest.raises(ValueError, match="onbekende variant"):
        CaseNeeds(case_id=1, variant="buurt")
    with pytest.raises(ValueError, match="geslacht"):
        CaseNeeds(case_id=1, wished_gender="v")
    with pytest.raises(ValueError, match="leeftijd"):
        CaseNeeds(case_id=1, wished_age=(50, 30))


def test_profiles_accept_plain_lists_from_storage():
    p = CoordinatorProfile(
        id=1,
        name="X",
        languages=["Nederlands", "Turks"],
        region_ids=[ZAANSTREEK],
        qualifications=["basis"],
        absences=[[START, START]],
    )
    assert p.languages == frozenset({"Nederlands", "Turks"})
    assert p.absences == ((START, START),)
    assert hash(p)


# --- The criteria table -------------------------------------------------------------------------------


def test_the_weights_their_labels_and_defaults_come_from_the_criteria_table():
    table = [w for criterion in CRITERIA for w in criterion.weights]
    assert list(WEIGHT_LABELS.items()) == [(w.name, w.label) for w in table]
    assert Weights().to_dict() == {w.name: w.default for w in table}
    assert list(Weights().to_dict()) == list(WEIGHT_LABELS)


def test_the_weights_form_keeps_its_dutch_labels_defaults_and_order():
    assert [(name, label, Weights().to_dict()[name]) for name, label in WEIGHT_LABELS.items()] == [
        ("municipality", "Werkt in de gemeente van de zaak", 3.0),
        ("region", "Werkt in de regio van de zaak", 2.0),
        ("language", "Spreekt een gewenste taal (per taal)", 3.0),
        ("language_cap", "Maximum voor talen samen", 6.0),
        ("gender", "Gewenst geslacht", 2.0),
        ("culture", "Gewenste culturele achtergrond", 2.0),
        ("age", "Gewenste leeftijd", 1.0),
        ("target_group", "Ervaring met een doelgroep van de zaak (per doelgroep)", 2.0),
        ("pool", "In de vaste pool van de aanmelder", 3.0),
        ("free_capacity", "Vrije plekken (naar aandeel vrij)", 2.0),
        ("urgent_free_capacity", "Extra voor vrije plekken bij spoed", 2.0),
    ]


@pytest.mark.parametrize("needs", NEEDS_VARIANTS)
def test_the_explanation_is_the_criteria_table_applied_in_its_order(needs):
    ranked, _ = rank(needs, POOL, today=TODAY)
    pool_exists = any(needs.referrer_organisation in p.pools for p in POOL)
    setting = Setting(needs, Weights(), TODAY, needs.start_date, pool_exists)
    scores = [c.prepare(setting) for c in CRITERIA]
    for r in ranked:
        assert r.reasons == tuple(x for score in scores if score for x in score(r.profile))


def test_a_new_criterion_is_one_entry_in_the_table(monkeypatch):
    def first_letter(setting):
        met, missed = (Reason("naam begint met A ✓", 1.5, True),), (Reason("naam begint niet met A ✗", 0.0, False),)
        return lambda p: met if p.name.startswith("A") else missed

    before = by_id(rank(base_needs(), POOL, today=TODAY)[0])
    monkeypatch.setattr(ranking, "CRITERIA", (*CRITERIA, Criterion("first_letter", (), first_letter)))
    after, _ = rank(base_needs(), POOL, today=TODAY)
    assert {r.profile.id for r in after} == set(before)
    for r in after:
        bonus = 1.5 if r.profile.name.startswith("A") else 0.0
        assert r.score == pytest.approx(before[r.profile.id].score + bonus)
        assert r.reasons[:-1] == before[r.profile.id].reasons
        assert r.reasons[-1].text.startswith("naam begint")
