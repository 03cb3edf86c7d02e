"""Answers to the guided questions: numbers or words, in any language."""

import pytest

from bot.offers import choice_number, parse_bydel, parse_children_ages, parse_situation


@pytest.mark.parametrize(
    "text, ages, situation",
    [
        ("2 og 5", [2, 5], None),
        ("3", [3], None),
        ("ilmo 1 jir ah iyo 4", [1, 4], None),
        ("baby", [0], None),
        ("gravid", [], "expecting"),
        ("jestem w ciąży i mam syna 3 lata", [3], "expecting"),
        ("ingen", [], None),
        ("hei hallo", None, None),
        ("99", None, None),
    ],
)
def test_children_ages(text, ages, situation):
    assert parse_children_ages(text) == (ages, situation)


@pytest.mark.parametrize(
    "text, situation",
    [
        ("1", "expecting"), ("3", "money_worries"), ("5", "none"), ("6", None),
        ("vi har lite penger", "money_worries"), ("we are new here", "new_in_bydel"),
        ("nie mamy pieniędzy", "money_worries"), ("lacag la'aan", "money_worries"),
        ("ingen av disse", "none"), ("blå", None),
    ],
)
def test_situation(text, situation):
    assert parse_situation(text) == situation


@pytest.mark.parametrize(
    "text, bydel",
    [("1", "alna"), ("2", "bjerke"), ("3", "nordre_aker"), ("4", "oslo"),
     ("Furuset", "alna"), ("jeg bor på Linderud", "bjerke"), ("Stovner", "oslo"),
     ("vet ikke", "oslo"), ("9", None), ("Mars", None)],
)
def test_bydel(text, bydel):
    assert parse_bydel(text) == bydel


@pytest.mark.parametrize("text, index", [("1", 0), (" 3. ", 2), ("3)", 2), ("0", None), ("4", None), ("1 og 2", None)])
def test_choice_number(text, index):
    assert choice_number(text, 3) == index
