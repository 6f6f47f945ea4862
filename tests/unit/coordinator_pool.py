"""A deterministic pool of varied coordinator profiles for the matching tests and the benchmark.

The same `n` and `seed` always give the same profiles. Every hard filter of matching hits some of them,
by a fixed pattern on the index, so the tests can rely on each filter excluding someone; the rest
(languages, gender, age, background, target groups, pools, load) varies by a seeded random generator.
"""

import datetime as dt
import random

from workflow.matching import TARGET_GROUPS, CaseNeeds, CoordinatorProfile

TODAY = dt.date(2026, 3, 2)
START = dt.date(2026, 3, 9)  # the day the case needs its coordinator
CASE_ID = 1001
OTHER_CASE_ID = 1002

# Regions and municipalities (ids are arbitrary here).
ZAANSTREEK = 1  # the case's region
AMSTERDAM_REGION = 2
NIJMEGEN_REGION = 3  # elsewhere
ZAANSTAD = 479
PURMEREND = 439
AMSTERDAM = 363

REFERRERS = ("Jeugdbescherming Noord-Holland", "Leger des Heils", "William Schrikker Stichting")
LANGUAGES = (
    "Arabisch",
    "Turks",
    "Tarifit",
    "Tigrinya",
    "Pools",
    "Engels",
    "Papiaments",
    "Sranantongo",
    "Somalisch",
    "Farsi",
    "Koerdisch",
    "Bulgaars",
)
BACKGROUNDS = ("Nederlands", "Marokkaans", "Surinaams", "Turks", "Antilliaans", "Eritrees", "Pools", None)
FIRST_NAMES = (
    "Aisha",
    "Bram",
    "Carmen",
    "Dirk",
    "Esra",
    "Femke",
    "Gerrit",
    "Hatice",
    "Ingrid",
    "Jamal",
    "Karin",
    "Lotte",
    "Mohamed",
    "Noor",
    "Otto",
    "Petra",
    "Quinten",
    "Rachida",
    "Sanne",
    "Tarik",
    "Ursula",
    "Vincent",
    "Wendy",
    "Yusuf",
    "Zeynep",
    "Anouk",
    "Bayu",
    "Chantal",
    "Dewi",
    "Eline",
    "Fatima",
    "Goran",
    "Hanna",
    "Ilse",
)
LAST_NAMES = (
    "de Vries",
    "Bakker",
    "El Amrani",
    "Yilmaz",
    "Jansen",
    "Visser",
    "Tesfaye",
    "Kowalski",
    "Martina",
    "Pinas",
    "Smit",
    "Mulder",
    "Bouali",
    "de Graaf",
    "Kaya",
    "Meijer",
    "Haile",
    "Nowak",
    "Dekker",
    "Brouwer",
    "Öztürk",
    "van Dijk",
    "Ahmadi",
    "Wolters",
    "Doğan",
    "Sedney",
    "Kok",
    "Veenstra",
    "Rahimi",
)


def make_profile(index: int, rng: random.Random) -> CoordinatorProfile:
    """Profile number `index` (id = index + 1); the hard-filter properties follow fixed patterns."""
    capacity = rng.randint(1, 5)
    # Hard filters, by pattern.
    active = index % 12 != 5
    absences: list[tuple[dt.date, dt.date]] = []
    if index % 10 == 7:  # away over the start date
        absences.append((START - dt.timedelta(days=4), START + dt.timedelta(days=3 + index % 5)))
    elif index % 10 == 2:  # away, but before the start date
        absences.append((START - dt.timedelta(days=40), START - dt.timedelta(days=20)))
    elif index % 10 == 4:  # away soon after the start date: only a warning
        absences.append((START + dt.timedelta(days=10), START + dt.timedelta(days=17)))
    active_cases = capacity if index % 9 == 3 else rng.randint(0, capacity - 1)
    conflicts = {CASE_ID} if index % 15 == 8 else {OTHER_CASE_ID} if index % 15 == 9 else set()
    if index % 20 == 11:
        qualifications: set[str] = set()  # still in training
    elif index % 3 == 0:
        qualifications = {"basis", "EK-2"}
    else:
        qualifications = {"basis"}
    if index % 8 == 6:  # works elsewhere only
        regions, municipalities = {NIJMEGEN_REGION}, set()
    elif index % 8 == 1:  # another region, but serves Zaanstad specifically
        regions, municipalities = {AMSTERDAM_REGION}, {ZAANSTAD, AMSTERDAM}
    else:
        regions = {ZAANSTREEK} if rng.random() < 0.6 else {ZAANSTREEK, AMSTERDAM_REGION}
        municipalities = {m for m in (ZAANSTAD, PURMEREND, AMSTERDAM) if rng.random() < 0.35}
    # Wishes, at random.
    gender = None if index % 19 == 0 else rng.choice(("man", "vrouw", "vrouw"))
    birth_year = None if index % 23 == 0 else rng.randint(1955, 1998)
    languages = {"Nederlands", *rng.sample(LANGUAGES, rng.choice((0, 1, 1, 2, 3)))}
    background = rng.choice(BACKGROUNDS)
    target_groups = set(rng.sample(TARGET_GROUPS, rng.randint(0, 3)))
    pools = {rng.choice(REFERRERS)} if rng.random() < 0.3 else set()
    name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"
    return CoordinatorProfile(
        id=index + 1,
        name=name,
        gender=gender,
        birth_year=birth_year,
        languages=frozenset(languages),
        cultural_background=background,
        region_ids=frozenset(regions),
        municipality_ids=frozenset(municipalities),
        qualifications=frozenset(qualifications),
        target_groups=frozenset(target_groups),
        capacity=capacity,
        active_cases=active_cases,
        absences=tuple(absences),
        pools=frozenset(pools),
        conflicts=frozenset(conflicts),
        active=active,
    )


def make_pool(n: int = 60, seed: int = 20260302) -> list[CoordinatorProfile]:
    """`n` varied profiles with ids 1..n; the last few are exact copies (other id) of earlier ones, for ties."""
    rng = random.Random(seed)
    profiles = [make_profile(i, rng) for i in range(n)]
    copies = max(1, n // 20)
    for k in range(copies):  # same everything but the id: only the id can order them
        original = profiles[(k * 5) % (n - copies)]
        profiles[n - 1 - k] = CoordinatorProfile(**{**vars(original), "id": n - k})
    return profiles


def base_needs(**changes) -> CaseNeeds:
    """A familie case in Zaanstreek without wishes; `changes` add wishes or needs."""
    values = {
        "case_id": CASE_ID,
        "variant": "familie",
        "region_id": ZAANSTREEK,
        "region_name": "Zaanstreek-Waterland",
        "start_date": START,
    }
    values.update(changes)
    return CaseNeeds(**values)
