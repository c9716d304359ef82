"""Understanding a question (qa.ask.understand): forces become a focus rather than search words,
follow-ups keep the conversation's force, years and excerpt requests are told from questions,
and the understanding rules (glossary, multi_part) each do what Rules says.
All questions here are hand-written; no index is needed."""
import pytest

from qa.ask.rules import Rules
from qa.ask.understand import Focus, expand, focus, understand
from qa.types import Filters

KENT, DORSET, ESSEX = "Kent Police", "Dorset Police", "Essex Police"
EARLIER = "How does Kent train its call handlers?"


# --- forces: a focus, not words to match ----------------------------------------------------

@pytest.mark.parametrize("question, force, name", [
    ("How has Kent handled stalking reports?", KENT, "Kent"),
    ("What did the Met's review of stalking find?", "Metropolitan Police Service", "Met"),
    ("Is Dorset Police short of detectives?", DORSET, "Dorset"),
])
def test_a_named_force_becomes_the_focus_and_leaves_the_search_text(question, force, name):
    q = understand(question)
    assert q.forces == (force,) and not q.from_conversation
    assert name not in q.text  # the name would only pull in passages that repeat it
    assert "the force" in q.text  # ...and the question still reads as one about a force


def test_a_question_that_is_only_a_force_name_still_searches_for_something():
    q = understand("Kent")
    assert q.forces == (KENT,) and q.text.strip()


def test_a_question_naming_two_forces_focuses_on_both_in_order():
    assert understand("How do Dorset and Kent compare on stalking?").forces == (DORSET, KENT)


# --- follow-ups ---------------------------------------------------------------------------

def test_a_follow_up_without_a_force_keeps_the_conversations_force():
    q = understand("What do they do about stalking?", (EARLIER,))
    assert q.forces == (KENT,) and q.from_conversation


def test_the_latest_force_named_in_the_conversation_is_kept():
    history = ("How does Essex handle drones?", EARLIER, "Are they any good at it?")
    assert understand("What about the stalking desk?", history).forces == (KENT,)


def test_a_new_question_naming_a_force_overrides_the_conversation_and_its_topic():
    q = understand("How does Dorset deal with stalking reports?", (EARLIER,))
    assert q.forces == (DORSET,) and not q.from_conversation
    assert "call handlers" not in q.text


def test_a_follow_up_naming_only_a_new_force_is_about_that_force():
    q = understand("And in Dorset?", (EARLIER,))
    assert q.forces == (DORSET,) and not q.from_conversation and "Kent" not in q.text


def test_a_follow_up_with_a_topic_of_its_own_does_not_take_the_earlier_topic():
    q = understand("Tell me about their use of drones and helicopters.", (EARLIER,))
    assert q.forces == (KENT,) and "call handlers" not in q.text


# --- focus ---------------------------------------------------------------------------------

def test_focus_keeps_forces_with_documents_and_reports_those_without():
    q = understand("How do Dorset and Kent compare on stalking?")
    assert focus(q, Filters(), [KENT, ESSEX]) == Focus((KENT,), (DORSET,))
    assert focus(q, Filters(), []) == Focus((), (DORSET, KENT))
    assert focus(q, Filters(), {DORSET, KENT}) == Focus((DORSET, KENT), ())


def test_focus_without_a_named_force_is_the_filters_forces():
    q = understand("How is stalking handled?")
    assert focus(q, Filters(forces=(ESSEX,)), [KENT, ESSEX]) == Focus((ESSEX,), ())
    assert focus(q, Filters(), [KENT, ESSEX]) == Focus((), ())


def test_focus_keeps_named_forces_within_the_force_filter():
    q = understand("How do Dorset and Kent compare on stalking?")
    assert focus(q, Filters(forces=(KENT, ESSEX)), [KENT, DORSET, ESSEX]) == Focus((KENT,), ())


# --- years, kinds wanted, excerpt requests -------------------------------------------------

@pytest.mark.parametrize("question, years", [
    ("What changed in Kent between 2019 and 2024?", ("2019", "2024")),
    ("Was the 2022 plan, or the 2022 review, published first?", ("2022",)),
    ("Were 1850 officers trained, or 20231 staff?", ()),  # a count, not a year
    ("How many files were checked?", ()),
])
def test_the_years_a_question_names(question, years):
    assert understand(question).years == years


def test_the_kind_of_answer_wanted_and_one_person_asked_for_reach_the_query():
    q = understand("Which sergeant reviews the stalking referrals in Kent?")
    assert q.wants == ("person",) and q.asks_for_one
    q = understand("When will Dorset publish its plan?")
    assert q.wants == ("time",) and not q.asks_for_one


# --- glossary ------------------------------------------------------------------------------

def test_glossary_searches_an_abbreviation_with_what_it_stands_for():
    on = understand("How are RSOs supervised in Kent?")
    off = understand("How are RSOs supervised in Kent?", rules=Rules().without("glossary"))
    assert "RSOs" in on.text and "registered sex offender" in on.text
    assert "RSOs" in off.text and "registered sex offender" not in off.text


@pytest.mark.parametrize("question, expansion", [
    ("How many AFIs did Staffordshire get?", "area for improvement"),
    ("When was the Cumbria NCPI?", "national child protection inspection"),
    ("What did the Cleveland PIR find?", "post-inspection review"),
    ("Who is the Essex PFCC?", "Police, Fire and Crime Commissioner"),
    ("How long do ABE interviews take to arrange?", "achieving best evidence interview")])
def test_glossary_knows_the_inspectorates_own_abbreviations(question, expansion):
    assert expansion in understand(question).text


def test_glossary_expands_each_abbreviation_once_and_leaves_other_words_alone():
    text = expand("Do DV and DA referrals reach the MASH, and does the MASH reply?")
    assert text.count("domestic abuse") == 1  # DV and DA stand for the same
    assert text.count("multi-agency safeguarding hub") == 1
    assert expand("What do officers carry on patrol?") == "What do officers carry on patrol?"
    # an abbreviation is matched as a whole word, in its own case
    assert expand("Does the cast include a Casper?") == "Does the cast include a Casper?"


def test_a_follow_up_about_the_earlier_topic_searches_it_one_with_its_own_does_not():
    earlier = ("What did HMICFRS recommend Kent do about strip searches of children?",)
    for bare in ("how did they respond?", "was it achieved in the end?"):
        q = understand(bare, earlier)
        assert "strip searches" in q.text and "recommend" not in q.text  # its genre stays its own
        assert "strip" not in understand(bare, earlier, Rules().without("borrow_topic")).text
    for own in ("who is in charge there?", "how many cases did they look at?",
                "is that unit coping with the demand on it?"):
        assert "strip" not in understand(own, earlier).text


# --- multi-part questions --------------------------------------------------------------------

def test_a_multi_part_question_is_split_into_parts_each_with_its_kind():
    q = understand("When did Kent open the stalking desk, and how many reports does it triage?")
    assert [p.wants for p in q.parts] == [("date",), ("number",)]
    assert "Kent" not in " ".join(p.text for p in q.parts)  # forces out, as in the search text
    assert set(q.wants) == {"date", "number"}
    # a later part borrows the first part's subject ("it" is the stalking desk)
    assert "stalking desk" in q.parts[1].text


def test_a_later_part_with_a_topic_of_its_own_borrows_nothing():
    q = understand("Who runs the Kent stalking desk and who leads on missing children?")
    assert len(q.parts) == 2
    assert "stalking" not in q.parts[1].text and "missing children" in q.parts[1].text


@pytest.mark.parametrize("question", ["How does Kent triage stalking reports?",
                                      "Were victims and partners consulted?",  # one question
                                      "How do victims and partners rate the desk?"])
def test_a_single_question_has_no_parts(question):
    assert understand(question).parts == ()


def test_multi_part_rule_is_what_splits_a_question():
    off = Rules().without("multi_part")
    assert understand("When did the desk open, and what grade did it get?", rules=off).parts == ()


def test_a_misspelt_force_is_focused_on_and_searched_as_the_force():
    q = understand("how did Cambridgshire do on custody?")
    assert q.forces == ("Cambridgeshire Constabulary",)
    assert "Cambridgshire" not in q.text and "the force" in q.text
