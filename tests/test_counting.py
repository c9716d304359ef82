"""Figures a question asks for and a text gives (qa.ask.counting, through kinds.wanted and
understand): what a how-many question counts, a figure of each force compared, whether a text
gives a count of the thing counted (not a share of it, nor some of those examined, nor a
report's paragraph number). The other kinds of answer are test_kinds.py's."""
import pytest

from qa.ask.counting import counted, counts, shares_of
from qa.ask.kinds import shows
from qa.ask.rules import Rules
from qa.ask.understand import understand

RULES = Rules()


@pytest.mark.parametrize("question, what", [
    ("How many of the force's recommendations were achieved?", ("recommend",)),
    ("How many of the 8 recommendations were achieved?", ("recommend",)),  # of a known total
    ("How many of the force's 12 recommendations were achieved?", ("recommend",)),
    ("How many frontline officers were trained?", ("frontlin", "offic")),
    ("How many times was she reported missing?", ("time",)),
    ("How much did the force spend?", ()),
    ("Merseyside - number of recommendations?", ("recommend",)),
    ("Were a number of officers moved?", ()),
    ("Size of the device backlog?", ()),  # "289 devices" gives it: no word of it is required
])
def test_a_how_many_question_says_what_it_counts(question, what):
    assert counted(question) == what


@pytest.mark.parametrize("question, wants", [
    ("Which had more recommendations, Kent or Essex?", ("number",)),
    ("Who had the bigger backlog of devices, Kent or Essex?", ("number",)),  # which force
    ("Kent v Essex: fewer children held overnight?", ("number",)),
    ("Who leads on child protection in Kent and Essex?", ("person",)),  # no comparing word
    ("Has Kent put more detectives on it?", ()),  # one force: nothing compared
])
def test_compared_figures_ask_for_a_figure_of_each_force(question, wants):
    assert understand(question).wants == wants


@pytest.mark.parametrize("question, what", [
    ("Which had more recommendations, Kent or Essex?", ("recommend",)),
    ("Kent v Essex: fewer children held overnight?", ("children",)),
    ("which had more inadequate cases in the audit, Kent or Essex", ("inadequ", "case")),
    ("Which force had more cases examined, Kent or Essex?", ("case",)),
    ("Which force was more effective at it, Kent or Essex?", ()),  # a describing word only
    ("Which was less likely to charge, Kent or Essex?", ()),
    ("Which had the most recent inspection, Kent or Essex?", ()),
    ("Who had the bigger backlog of devices, Kent or Essex?", ()),  # no word after "more"
    ("Has Kent put more detectives on it?", ()),  # one force: nothing compared
])
def test_a_comparison_of_figures_counts_the_word_after_more(question, what):
    """A figure of what is compared answers for each force ("Kent made 7 recommendations"),
    not any figure of its pages."""
    assert understand(question).counted == what


def test_compared_figures_switched_off_leaves_the_question_as_it_reads():
    off = RULES.without("compared_figures")
    assert understand("Which had more recommendations, Kent or Essex?", rules=off).wants == ()
    assert understand("Who had the bigger backlog, Kent or Essex?", rules=off).wants == \
        ("person",)


@pytest.mark.parametrize("question, wants, counted, genres", [
    ("Recommendations made to Kent vs Essex?", ("number",), ("recommend",), ()),
    ("Causes of concern: Kent v Essex?", ("number",), ("caus", "concern"), ()),
    ("What recommendations were made to Kent and Essex?", (), (), ("box",)),  # no comparing
    ("Recommendations on safeguarding for Kent vs Essex?", (), (), ("box",)),  # a topic
    # a topic named: each force's boxes on it
    ("Recommendations on custody for Kent vs Essex?", (), (), ("box",)),
    ("What did HMICFRS recommend Kent and Essex do about custody?", (), (), ("box",)),
    ("Kent and Essex recommendation 3?", (), (), ("box",)),  # a numbered box
    ("Recommendations made to Kent?", (), (), ("box",)),  # one force: its list
])
def test_compared_boxes_compare_how_many_each_force_was_given(question, wants, counted,
                                                              genres):
    """(Rules.compared_boxes) Forces compared on their recommendations, with no topic named,
    are compared by how many each was given ("Kent: 7 recommendations [1]; Essex: 8 [2]"),
    not by a list for one and a box of the other."""
    q = understand(question)
    assert (q.wants, q.counted, q.genres) == (wants, counted, genres)
    off = understand(question, rules=RULES.without("compared_boxes"))
    assert off.genres == ("box",) and "number" not in off.wants


def test_a_force_named_in_what_is_counted_is_no_part_of_it():
    assert understand("How many Kent officers were trained?").counted == ("offic",)
    assert understand("How many of Kent's recommendations were met?").counted == ("recommend",)
    assert understand("What number of the audited Kent cases were inadequate?").counted == \
        ("audit", "case")  # not "audited the force"
    assert understand("How many did Kent train?").counted == ()  # a verb: nothing named


@pytest.mark.parametrize("text, shown", [
    ("The force has achieved 3 of its 7 recommendations.", True),
    ("We found that two of the five recommendations had been achieved.", True),
    ("Recommendation 4: within three months, the force should review its policy.", False),
    ("Our assessment is that this recommendation has been achieved.", False),
    ("Around 13 percent of recommendations concerned custody.", False),  # a share, no count
    ("Some 40% of recommendations were about training.", False),
    ("Of 12 recommendations, 25 per cent were achieved.", True),  # 12 counts them
])
def test_a_figure_of_what_is_counted(text, shown):
    assert counts(text, ("recommend",)) is shown


@pytest.mark.parametrize("text, counted, shown", [
    ("The force has achieved 4 of its recommendations.", ("recommend",), True),
    ("The force has achieved 5 of the recommendations.", ("recommend",), True),
    ("12 of the cases were inadequate.", ("case",), True),  # the part asked about
    ("19 of the 104 cases we examined were inadequate.", ("case",), True),  # 104 counts them
    ("We examined 62 cases. We assessed 31 of those cases as good.", ("case",), True),
    ("In 30 of the cases we examined, staff had not recorded enough detail.", ("case",), False),
    ("In 24 of the case files that inspectors reviewed, there was no plan.", ("case",), False),
])
def test_some_of_the_things_a_population_was_drawn_of_are_no_count_of_them(text, counted, shown):
    """"How many cases were examined?" is not answered by "In 30 of the cases we examined,...":
    a figure of some of the things inspectors examined counts a part of them. A part named by
    what it is ("12 of the cases were inadequate") counts what is asked about it. (A figure of
    any kind still keeps a how-many answer from being declined: this ranks passages and
    sentences.)"""
    assert counts(text, counted) is shown


@pytest.mark.parametrize("text, share", [
    ("Over the period we looked at, around 44 percent of cases involved strategy meetings.", True),
    ("Around 13% of the cases we examined were inadequate.", True),
    ("We examined 81 cases, and 44 percent of cases were inadequate.", False),  # a count too
    ("Around 44 percent of referrals were late.", False),  # a share of something else
])
def test_a_share_of_what_is_counted(text, share):
    assert shares_of(text, ("case",)) is share


@pytest.mark.parametrize("text, figure", [
    ("6.26 The force's policy on police protection powers is clear and up to date.", False),
    ("The policy is clear.\n1.2 It is up to date.", False),
    ("In 2020, the force took children into police protection on 299 occasions.", True),
    ("2.5 million pounds was spent on the new hub.", True),
    ("1.5 3 of the 8 recommendations have been achieved.", True),
])
def test_a_reports_paragraph_number_is_no_figure(text, figure):
    """"Which used police protection more?" is answered by a figure of it, not by any
    numbered paragraph of the report on the topic."""
    assert shows(text, ["number"]) == figure
