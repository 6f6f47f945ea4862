"""Value lists of the registration, checked against the 2022 yearly report."""

import unicodedata

import pytest

from workflow import vocabulary as v

VALUE_LISTS = {name: value for name, value in vars(v).items() if name.isupper() and isinstance(value, tuple)}
LABEL_MAPS = {name: value for name, value in vars(v).items() if name.isupper() and isinstance(value, dict)}


@pytest.mark.parametrize(
    ("name", "length"),
    [
        ("PROVINCES", 12),
        ("VARIANTS", 3),
        ("REFERRER_TYPES", 3),
        ("ORGANISATION_TYPES", 9),
        ("MAIN_PERSON_KINDS", 2),
        ("MINOR_GENDERS", 3),
        ("ADULT_GENDERS", 2),
        ("PARENT_ORIGINS", 6),
        ("CULTURAL_BACKGROUNDS", 6),
        ("MINOR_RESIDENCES", 5),
        ("ADULT_RESIDENCES", 4),
        ("BACKGROUND_PROBLEMS", 18),
        ("TOPICS", 15),
        ("PROFESSIONAL_HELP", 7),
        ("REASONS_NOT_HELD", 7),
        ("PHASES_OF_REGISTRATION", 2),
        ("MEETING_LOCATIONS", 7),
        ("DAYPARTS", 3),
        ("MEETING_FORMS", 3),
        ("ATTENDEE_CATEGORIES", 14),
        ("MEETING_RESULTS", 3),
        ("PLAN_ACCEPTANCE", 3),
        ("RESIDENCE_CHANGE_DIRECTIONS", 4),
        ("FOLLOW_UP_CALLERS", 2),
        ("FOLLOW_UP_OUTCOMES", 3),
        ("CASE_RESULTS", 4),
        ("MINOR_AGE_BANDS", 4),
        ("ADULT_AGE_BANDS", 4),
        ("MEETING_DAYS", 2),
        ("TOTAL_DURATION_BANDS", 4),
        ("PRIVATE_DURATION_BANDS", 4),
        ("LEAD_TIME_BANDS", 5),
    ],
)
def test_list_has_the_length_the_sources_state(name, length):
    assert len(VALUE_LISTS[name]) == length


@pytest.mark.parametrize("name", sorted(VALUE_LISTS))
def test_list_is_clean_strings_without_duplicates(name):
    values = VALUE_LISTS[name]
    assert values, name
    assert all(isinstance(value, str) for value in values)
    assert len(set(values)) == len(values)
    for value in values:
        assert value == value.strip() and "  " not in value
        assert unicodedata.normalize("NFC", value) == value


@pytest.mark.parametrize("name", sorted(LABEL_MAPS))
def test_label_maps_have_unique_non_empty_labels(name):
    labels = list(LABEL_MAPS[name].values())
    assert all(isinstance(label, str) and label for label in labels)
    assert len(set(labels)) == len(labels)


def test_the_registration_format_lists_all_exist():
    for name in (
        "PROVINCES",
        "VARIANTS",
        "VARIANT_LABELS",
        "REFERRER_TYPES",
        "ORGANISATION_TYPES",
        "MAIN_PERSON_KINDS",
        "MINOR_GENDERS",
        "ADULT_GENDERS",
        "PARENT_ORIGINS",
        "CULTURAL_BACKGROUNDS",
        "MINOR_RESIDENCES",
        "ADULT_RESIDENCES",
        "BACKGROUND_PROBLEMS",
        "TOPICS",
        "PROFESSIONAL_HELP",
        "REASONS_NOT_HELD",
        "PHASES_OF_REGISTRATION",
        "MEETING_LOCATIONS",
        "DAYPARTS",
        "MEETING_FORMS",
        "ATTENDEE_CATEGORIES",
        "MEETING_RESULTS",
        "PLAN_ACCEPTANCE",
        "RESIDENCE_CHANGE_DIRECTIONS",
        "FOLLOW_UP_CALLERS",
        "FOLLOW_UP_OUTCOMES",
        "CLOSING_OUTCOMES",
    ):
        assert hasattr(v, name), name


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("BACKGROUND_PROBLEMS", "(Echt)scheiding ouders"),
        ("BACKGROUND_PROBLEMS", "Financiële problemen"),
        ("TOPICS", "Wonen (waar en bij wie)"),
        ("TOPICS", "Verbeteren relatie kind-ouders"),
        ("ORGANISATION_TYPES", "Gemeente/sociaal wijkteam"),
        ("ORGANISATION_TYPES", "Centrum voor Jeugd en Gezin, opvoedondersteuning"),
        ("MEETING_LOCATIONS", "Buurthuis of wijkcentrum"),
        ("REASONS_NOT_HELD", "Weigeren medewerking organisatie(s)"),
        ("ATTENDEE_CATEGORIES", "Aanmelders-beroepskrachten"),
        ("MINOR_RESIDENCES", "in leef/crisisgroep"),
        ("DAYPARTS", "'s Avonds"),
        ("PROVINCES", "Noord-Brabant"),
    ],
)
def test_exact_labels_from_the_report(name, label):
    assert label in VALUE_LISTS[name]


def test_catch_alls_and_order_as_printed():
    assert v.BACKGROUND_PROBLEMS[0] == "(Echt)scheiding ouders"
    assert v.BACKGROUND_PROBLEMS[-1] == "Anders"
    assert v.TOPICS[-1] == "Overige onderwerpen"
    assert v.ORGANISATION_TYPES[-2:] == ("Anders", "Onbekend")
    assert v.PROFESSIONAL_HELP == (
        "Geen",
        "0-1 jaar",
        "1-2 jaar",
        "2-5 jaar",
        "5-10 jaar",
        "Langer dan 10 jaar",
        "Onbekend",
    )
    assert v.REASONS_NOT_HELD[-1] == "Andere reden"
    assert v.MEETING_LOCATIONS[-1] == "Overig"
    assert v.DAYPARTS == ("Overdag", "'s Avonds", "Overdag en 's avonds")
    assert v.MEETING_RESULTS[-1] == (
        "De betrokkenen zijn het niet eens geworden over een plan en de zaak is terug naar de aanvrager/professional"
    )


def test_attendee_categories_are_the_two_report_blocks():
    assert len(v.ATTENDEE_FAMILY_NETWORK) == 10
    assert len(v.ATTENDEE_PROFESSIONALS) == 4
    assert v.ATTENDEE_CATEGORIES == v.ATTENDEE_FAMILY_NETWORK + v.ATTENDEE_PROFESSIONALS


def test_code_lists_match_their_label_maps():
    assert tuple(v.VARIANT_LABELS) == v.VARIANTS
    assert v.VARIANT_LABELS["familie"] == "EK-c voor families en individuen"
    assert tuple(v.FOLLOW_UP_CALLER_LABELS) == v.FOLLOW_UP_CALLERS
    assert tuple(v.PARENT_ORIGIN_REPORT_LABELS) == v.PARENT_ORIGINS
    assert v.PARENT_ORIGIN_REPORT_LABELS["Nederlands"] == "Beide ouders: Nederlands"
    assert v.PARENT_ORIGIN_REPORT_LABELS["Antilliaans"] == "Eén of beide ouders: Antilliaans"
    assert set(v.PARENT_ORIGINS) == set(v.CULTURAL_BACKGROUNDS)


def test_closing_outcomes_are_the_domain_outcomes():
    assert tuple(v.CLOSING_OUTCOMES) == (
        "ingetrokken",
        "zelf_verder",
        "afgezien",
        "plan_zonder_bijeenkomst",
        "gestopt",
        "geen_plan",
        "plan",
    )
    assert v.CLOSING_OUTCOMES["plan"] == "Bijeenkomst gehouden, met plan"


def test_unknown_labels_returns_only_the_values_not_allowed():
    values = ["Opvoeding", "Opvoding", "Werk", "werk"]
    assert v.unknown_labels(values, v.TOPICS) == ["Opvoding", "werk"]


def test_unknown_labels_is_exact_and_reports_each_value_once():
    values = [" Opvoeding", "Opvoeding ", "Opvoeding "]
    assert v.unknown_labels(values, v.TOPICS) == [" Opvoeding", "Opvoeding "]


def test_unknown_labels_empty_when_all_known_or_no_values():
    assert v.unknown_labels(list(v.REASONS_NOT_HELD), v.REASONS_NOT_HELD) == []
    assert v.unknown_labels([], v.REASONS_NOT_HELD) == []


def test_unknown_labels_treats_a_single_string_as_one_value():
    assert v.unknown_labels("Geen", v.PROFESSIONAL_HELP) == []
    assert v.unknown_labels("geen", v.PROFESSIONAL_HELP) == ["geen"]


def test_unknown_labels_accepts_a_label_map_and_flags_non_strings():
    assert v.unknown_labels(["herstel", "buurt"], v.VARIANT_LABELS) == ["buurt"]
    assert v.unknown_labels([None, 3], v.MINOR_GENDERS) == ["None", "3"]
