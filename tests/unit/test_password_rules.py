"""The password rules (one place: storage.accounts.password_problem)."""

import pytest

from storage.accounts import password_problem


@pytest.mark.parametrize(
    "password, text",
    [
        ("kort", "minstens 12 tekens"),
        ("x" * 201, "maximaal 200"),
        ("aaaaaaaaaaaaaaaa", "te makkelijk"),
        ("Welkom123456", "te makkelijk"),
        ("rita.regio.nl", "niet gelijk zijn aan het e-mailadres"),
        ("lang genoeg maar\x00nul", "niet zijn toegestaan"),
        ("lang genoeg maar\x1besc", "niet zijn toegestaan"),
    ],
)
def test_weak_passwords_are_refused_in_dutch(password, text):
    assert text in password_problem(password, "rita.regio.nl@kring.nl")


def test_a_sentence_is_fine():
    assert password_problem("vier woorden op een rij", "rita@kring.nl") is None
