"""What kind of answer a question wants, and whether a text shows one."""
import pytest

from qa.answer_types import shows, wanted


@pytest.mark.parametrize("question, kinds", [
    ("Who spoke for Warwickshire?", ["person"]),
    ("Which senior officer responded?", ["person"]),
    ("When did the inspectors go back?", ["time"]),
    ("How many cases were audited?", ["number"]),
    ("What did Wiltshire change on training?", []),
])
def test_wanted(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("text, named", [
    ("Assistant Chief Constable Deb Smith said: “Protecting children matters.”", True),
    ("His Majesty’s Inspector of Constabulary, Wendy Williams, said:", True),
    ("Police and Crime Commissioner Philip Seccombe said the force had improved.", True),
    ("Jane Doe, head of safeguarding, said the team had grown.", True),
    ("A HMICFRS spokesperson said: “We were pleased.”", False),
    ("Wiltshire Police said it accepted the findings.", False),
    ("Control centre supervisors are said to be slow.", False),
])
def test_a_person_is_shown_by_a_name_not_by_a_role_or_a_body(text, named):
    assert shows(text, ["person"]) is named


def test_times_and_numbers():
    assert shows("The force was re-inspected in March 2023.", ["time"])
    assert not shows("The force was re-inspected.", ["time"])
    assert shows("It made 15 recommendations.", ["number"])
    assert not shows("It made 15 recommendations.", [])


@pytest.mark.parametrize("text, graded", [
    ("HMICFRS said we were ‘inadequate’ at responding to children at risk", True),
    ("The inspectorate rated us as ‘adequate’ at working with partners", True),
    ("The force was rated good for leadership.", True),
    ("Inspectors audited 12 good child protection cases.", False),
    ("The team received praise for its good efforts.", False),
])
def test_a_grade_is_a_grade_word_given_not_any_good(text, graded):
    assert shows(text, ["grade"]) is graded
