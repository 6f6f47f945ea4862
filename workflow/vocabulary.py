"""The registration's value lists, with the Dutch labels exactly as the yearly report prints them."""

from collections.abc import Iterable

# Table numbers (T1-T23) refer to shared/research/jaarcijfers-2022.md §7, the tables of the report
# "Eigen Kracht-conferenties, Jaarcijfers 2022". Every tuple is in the order the report prints it.
# Stored values are the labels without the report's row prefix ("Geslacht: ", "Verblijfplaats: " ...).

# --- Case -----------------------------------------------------------------------------------------

# Not a report table: DOMAIN.md §9 and the registration format. The report covers only "familie".
VARIANTS: tuple[str, ...] = ("familie", "herstel", "groep")
VARIANT_LABELS: dict[str, str] = {
    "familie": "EK-c voor families en individuen",
    "herstel": "Herstelconferentie",
    "groep": "Groeps- of buurtconferentie",
}

# T3 "Verdeling over provincies". The report sorts by N and omits the two provinces with no
# applications in 2022 (Zeeland, Noord-Brabant), so this is the usual north-to-south order of all 12.
PROVINCES: tuple[str, ...] = (
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

# T4 "Aanmelders" (column "Type aanmelder").
REFERRER_TYPES: tuple[str, ...] = ("Familielid of sociaal netwerk", "Hoofdpersoon zelf", "Organisatie")

# T5 "Type organisatie" (only when the referrer type is "Organisatie").
ORGANISATION_TYPES: tuple[str, ...] = (
    "Gemeente/sociaal wijkteam",
    "Organisatie jeugdbescherming",
    "Zorgaanbieder Jeugdzorg",
    "Centrum voor Jeugd en Gezin, opvoedondersteuning",
    "Organisatie gezondheidszorg",
    "MEE",
    "Raad voor de Kinderbescherming",
    "Anders",
    "Onbekend",
)

# T8 "Genoemde achtergrondproblemen" (multi-select; "Anders" last, as printed).
BACKGROUND_PROBLEMS: tuple[str, ...] = (
    "(Echt)scheiding ouders",
    "Overbelasting ouders",
    "Huisvestingsproblemen",
    "Psychiatrische problemen",
    "Gedragsproblemen kind",
    "Pedagogische onmacht ouders",
    "Huiselijk geweld",
    "Financiële problemen",
    "Verslaving",
    "Verstandelijke beperking",
    "Problemen met politie",
    "Problemen op school",
    "Ziekte/overlijden",
    "Lichamelijke beperking",
    "Problemen met werk",
    "Verwaarlozing kind",
    "Seksueel misbruik",
    "Anders",
)

# T9 "Genoemde onderwerpen" (multi-select; "Overige onderwerpen" last, as printed).
TOPICS: tuple[str, ...] = (
    "Wonen (waar en bij wie)",
    "Opvoeding",
    "Omgangsregeling",
    "Verbeteren relatie kind-ouders",
    "Gedrag van het kind",
    "Verbeteren relatie met familieleden",
    "Financiën",
    "Vrijtijdsbesteding",
    "Zelfstandig wonen en leven",
    "Medische kwesties",
    "Huiselijk geweld",
    "Werk",
    "Onderwijs",
    "Voorziening gezag",
    "Overige onderwerpen",
)

# T10 "Aanwezigheid professionele hulp in het gezin" (how long the family has had professional help).
PROFESSIONAL_HELP: tuple[str, ...] = (
    "Geen",
    "0-1 jaar",
    "1-2 jaar",
    "2-5 jaar",
    "5-10 jaar",
    "Langer dan 10 jaar",
    "Onbekend",
)

# The "fase" field; the 146-base tables split on it (T4, T10 columns "Activeringsfase"/"Conferentiefase").
PHASES_OF_REGISTRATION: tuple[str, ...] = ("activeringsfase", "conferentiefase")

# T11 "Redenen van niet doorgaan EK-c, meerdere antwoorden mogelijk" (activeringsfase only).
REASONS_NOT_HELD: tuple[str, ...] = (
    "Zonder bijeenkomst plan en/of afspraken gemaakt",
    "Te klein of onevenwichtig netwerk",
    "Weigeren medewerking van hoofdpersoon of andere deelnemers",
    "Vraag niet meer aan de orde door gewijzigde omstandigheden",
    "Te grote tegenstellingen/conflicten",
    "Weigeren medewerking organisatie(s)",
    "Andere reden",
)

# T1 (untitled, "Resultaat", base 161): derived from the phase and plan_of_afspraken / the meeting result.
CASE_RESULTS: tuple[str, ...] = (
    "Activeringsfase zonder plan/afspraken",
    "Activeringsfase met plan/afspraken",
    "Conferentiefase zonder plan",
    "Conferentiefase met plan",
)

# DOMAIN.md §3: the outcome chosen when a case is closed (code -> short plain-Dutch label).
CLOSING_OUTCOMES: dict[str, str] = {
    "ingetrokken": "Aanmelding ingetrokken",
    "zelf_verder": "Na informatief gesprek zelf verder",
    "afgezien": "Afgezien van een conferentie",
    "plan_zonder_bijeenkomst": "Plan of afspraken zonder bijeenkomst",
    "gestopt": "Gestopt in de activeringsfase, zonder plan",
    "geen_plan": "Bijeenkomst gehouden, geen plan",
    "plan": "Bijeenkomst gehouden, met plan",
}

# --- Main persons ---------------------------------------------------------------------------------

MAIN_PERSON_KINDS: tuple[str, ...] = ("minderjarig", "volwassen")

# T6 "Kenmerken aangemelde minderjarigen", block "Geslacht".
MINOR_GENDERS: tuple[str, ...] = ("jongen", "meisje", "onbekend")

# T7 "Kenmerken aangemelde volwassenen", block "Geslacht".
ADULT_GENDERS: tuple[str, ...] = ("man", "vrouw")

# T6, parents' origin. Stored per parent as one of these words (herkomst_ouders is a list, at most one
# entry per parent, so the block sums to more than the number of minors). The report's rows are derived:
# "Beide ouders: Nederlands" when every known parent is Nederlands, otherwise one row
# "Eén of beide ouders: <x>" for each other origin present (see PARENT_ORIGIN_REPORT_LABELS).
PARENT_ORIGINS: tuple[str, ...] = ("Nederlands", "Surinaams", "Antilliaans", "Marokkaans", "Turks", "overig")
PARENT_ORIGIN_REPORT_LABELS: dict[str, str] = {
    "Nederlands": "Beide ouders: Nederlands",
    **{origin: f"Eén of beide ouders: {origin}" for origin in PARENT_ORIGINS[1:]},
}

# T7, block "Culturele achtergrond" (adults; note the report's order differs from the minors' block).
CULTURAL_BACKGROUNDS: tuple[str, ...] = (
    "Nederlands",
    "Marokkaans",
    "Surinaams",
    "Turks",
    "Antilliaans",
    "overig",
)

# T6, block "Verblijfplaats" (minors).
MINOR_RESIDENCES: tuple[str, ...] = (
    "bij ouder(s)",
    "bij familie of bekenden",
    "in pleeggezin",
    "in leef/crisisgroep",
    "anders",
)

# T7, block "Verblijfplaats" (adults).
ADULT_RESIDENCES: tuple[str, ...] = ("zelfstandig", "bij ouders", "bij familie", "anders")

# T6 / T7, block "Leeftijd": report buckets derived from the stored age, never stored.
# The report prints "geboren" for the first minors' row; it counts the unborn (field "ongeboren").
MINOR_AGE_BANDS: tuple[str, ...] = ("ongeboren", "0-4 jaar", "5 t/m 12 jaar", "13 t/m 17 jaar")
ADULT_AGE_BANDS: tuple[str, ...] = ("18 t/m 25 jaar", "26 t/m 40 jaar", "41 t/m 60 jaar", "61 jaar en ouder")

# --- Meetings -------------------------------------------------------------------------------------

# T12 "Locatie van de EK-c".
MEETING_LOCATIONS: tuple[str, ...] = (
    "Buurthuis of wijkcentrum",
    "Kantoor hulpverlenende instantie",
    "Kerk of kerkelijk gebouw",
    "Bij deelnemers thuis",
    "Horecagelegenheid",
    "Volledig digitaal",
    "Overig",
)

# T14 "Tijdstip van de bijeenkomsten".
DAYPARTS: tuple[str, ...] = ("Overdag", "'s Avonds", "Overdag en 's avonds")

# Not in the report ("niet bekend hoeveel EK-c's een hybride karakter gehad hebben"): the format adds it.
MEETING_FORMS: tuple[str, ...] = ("fysiek", "digitaal", "hybride")

# T13 "Dag van de bijeenkomsten": derived from the meeting date, never stored.
MEETING_DAYS: tuple[str, ...] = ("Op een doordeweekse dag", "In het weekend")

# T15 "Duur van de bijeenkomsten – totaal" and T16 "… – besloten deel": buckets of the stored hours.
TOTAL_DURATION_BANDS: tuple[str, ...] = ("1 tot 3 uur", "3 tot 5 uur", "5 tot 8 uur", "8 tot 10 uur")
PRIVATE_DURATION_BANDS: tuple[str, ...] = ("0 tot 1 uur", "1 tot 3 uur", "3 tot 5 uur", "5 tot 8 uur")

# T2 "Datum tussen aanmelding en conferentie": buckets of application date -> first meeting.
LEAD_TIME_BANDS: tuple[str, ...] = (
    "0-1 maand",
    "1-2 maanden",
    "2-3 maanden",
    "meer dan 3 maanden",
    "n.v.t. geen bijeenkomst",
)

# T17 "Aanwezigen bij de bijeenkomsten": the two blocks under the subtotals
# "Totaal familie/sociaal netwerk" and "Totaal beroepskrachten"; keys of the "aanwezigen" object.
ATTENDEE_FAMILY_NETWORK: tuple[str, ...] = (
    "Minderjarige hoofdpersonen",
    "Meerderjarige hoofdpersonen",
    "Ouders",
    "Broers/zussen",
    "Grootouders",
    "Ooms/tantes",
    "Neven/nichten",
    "Overige familieleden",
    "Vrienden/kennissen",
    "Overig sociaal netwerk",
)
ATTENDEE_PROFESSIONALS: tuple[str, ...] = (
    "Aanmelders-beroepskrachten",
    "Mensen van school",
    "Beroepskrachten niet aanmelder",
    "Overige aanwezigen",
)
ATTENDEE_CATEGORIES: tuple[str, ...] = ATTENDEE_FAMILY_NETWORK + ATTENDEE_PROFESSIONALS

# T18 "Resultaat van de bijeenkomst".
MEETING_RESULTS: tuple[str, ...] = (
    "Betrokkenen zijn het eens geworden over plan",
    "De EK-c is in meerdere delen verdeeld, vervolg afgesproken",
    "De betrokkenen zijn het niet eens geworden over een plan en de zaak is terug naar de aanvrager/professional",
)

# --- Plan -----------------------------------------------------------------------------------------

# §2.11 text (42 needed, 41 accepted directly, 1 still to be agreed internally); no printed table.
PLAN_ACCEPTANCE: tuple[str, ...] = ("niet nodig", "direct geaccepteerd", "nog af te stemmen")

# §2.11 text (21 same level, 17 less intensive, 2 more intensive; the rest of the 47 unknown).
RESIDENCE_CHANGE_DIRECTIONS: tuple[str, ...] = (
    "zelfde niveau",
    "minder intensief",
    "meer intensief",
    "onbekend",
)

# --- Follow-up ------------------------------------------------------------------------------------

# T23 (untitled, ch. 6 "Follow-up"): the rows are the two calls, the columns the coded outcome.
FOLLOW_UP_CALLERS: tuple[str, ...] = ("coordinator", "regiomanager")
FOLLOW_UP_CALLER_LABELS: dict[str, str] = {
    "coordinator": "EK-coördinator met hoofdpersoon",
    "regiomanager": "EK-regiomanager met toeleider",
}
FOLLOW_UP_OUTCOMES: tuple[str, ...] = ("positief", "neutraal", "negatief")


# --- After the plan (DOMAIN.md §10; research/overijssel-2009.md §1.6, §5.2) ---------------------------

# The professional's decision on a plan (one per plan). "Niet geaccepteerd" opens the routes back to the
# referrer or to a vervolgconferentie (workflow/table.py).
PLAN_DECISIONS: tuple[str, ...] = ("geaccepteerd", "geaccepteerd na aanpassing", "niet geaccepteerd")
PLAN_NOT_ACCEPTED = PLAN_DECISIONS[2]

# A mark on one agreement at a follow-up contact.
AGREEMENT_MARKS: tuple[str, ...] = ("nagekomen", "deels nagekomen", "niet nagekomen", "weet niet")

# The three-month check asks each person spoken to the follow-up form's questions (§5.2 Q1, Q2, Q4).
FOLLOW_UP_RESPONDENTS: tuple[str, ...] = (
    "aanmelder/hulpverlener",
    "volwassen hoofdpersoon",
    "minderjarige hoofdpersoon",
    "familielid",
    "sociaal netwerk",
)
# The report's three respondent groups (§5.2 tables), in the report's order.
FOLLOW_UP_GROUPS: tuple[str, ...] = (
    "Aanmelders/hulpverleners",
    "Hoofdpersonen (volw+kinderen)",
    "Familieleden en sociaal netwerk",
)


def respondent_group(respondent: str) -> str:
    """The report group of one person spoken to at the three-month check."""
    index = FOLLOW_UP_RESPONDENTS.index(respondent)
    return FOLLOW_UP_GROUPS[0 if index == 0 else 1 if index < 3 else 2]


PLAN_CARRIED_OUT: tuple[str, ...] = ("geheel uitgevoerd", "ten dele uitgevoerd", "niet uitgevoerd", "weet niet")
AGREEMENTS_CARRIED_OUT: tuple[str, ...] = (
    "meer dan de helft",
    "ongeveer de helft",
    "minder dan de helft",
    "anders/weet niet",
)
SITUATION_AFTER: tuple[str, ...] = ("verbeterd", "hetzelfde gebleven", "verslechterd", "geen mening")


def unknown_labels(values: Iterable[object], allowed: Iterable[str]) -> list[str]:
    """Return the values not in `allowed`, once each, in order of appearance (exact match, no trimming)."""
    if isinstance(values, str):
        values = [values]
    allowed_set = set(allowed)
    unknown: list[str] = []
    for value in values:
        label = value if isinstance(value, str) else repr(value)
        if (not isinstance(value, str) or value not in allowed_set) and label not in unknown:
            unknown.append(label)
    return unknown
