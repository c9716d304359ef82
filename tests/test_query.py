"""Query understanding: forces out of the search text, follow-ups, abbreviations."""
from qa.ask.understand import understand

WILTS = "What did Wiltshire change on domestic abuse training?"


def test_force_named_becomes_a_filter_not_search_words():
    q = understand(WILTS)
    assert q.forces == ("Wiltshire Police",)
    assert "Wiltshire" not in q.text and "domestic abuse training" in q.text


def test_follow_up_with_its_own_topic_keeps_the_force_not_the_old_topic():
    q = understand("And what about missing children?", (WILTS,))
    assert q.forces == ("Wiltshire Police",)
    assert "missing children" in q.text and "domestic" not in q.text
    q = understand("Which senior officer responded?", (WILTS,))
    assert q.forces == ("Wiltshire Police",) and "domestic" not in q.text


def test_follow_up_that_points_back_brings_the_earlier_topic():
    q = understand("Are they putting more people into it?", ("What's the CATE team at Warwickshire?",))
    assert q.forces == ("Warwickshire Police",)
    assert "CATE team" in q.text and "more people" in q.text


def test_follow_up_naming_only_a_new_force_keeps_the_topic():
    q = understand("And what about Staffordshire?", (WILTS,))
    assert q.forces == ("Staffordshire Police",)
    assert "domestic abuse training" in q.text


def test_new_question_with_a_force_ignores_the_conversation():
    q = understand("How many recommendations did Staffordshire get?", (WILTS,))
    assert q.forces == ("Staffordshire Police",) and "domestic" not in q.text


def test_abbreviations_are_expanded_beside_the_original():
    q = understand("How are RSOs managed?")
    assert "RSOs" in q.text and "registered sex offenders" in q.text


def test_everyday_words_are_expanded_to_the_reports_words():
    q = understand("What about kids in teenage relationships?")
    assert "kids" in q.text and "children" in q.text and "adolescent" in q.text


def test_an_elliptical_follow_up_asks_for_the_same_kind_of_answer():
    graded = "How was Glos graded on responding to kids at risk?"
    q = understand("And for partnership working?", (graded,))
    assert q.wants == ("grade",) and "graded" not in q.text  # the frame, not the old topic
    who = understand("What about Wiltshire?", ("Who spoke for Warwickshire?",))
    assert who.wants == ("person",)
    own = understand("And how many officers were trained?", (graded,))
    assert own.wants == ("number",)  # its own kind wins
    assert understand("And when was that?", (graded,)).wants == ("time",)
    assert understand("And what has Gloucestershire done since?", (graded,)).wants == ()
    assert understand("And what about Wiltshire?", (graded,)).wants == ("grade",)
    assert understand("And how about partnership working?", (graded,)).wants == ("grade",)
    # a new request that neither points back nor starts as a follow-up asks for nothing old
    counted = "How many officers were trained in Staffordshire?"
    assert understand("Tell me about missing children.", (counted,)).wants == ()
    assert understand("What did Wiltshire change on training?").wants == ()


def test_plain_words_and_plural_abbreviations_are_expanded():
    assert "Assistant Chief Constable" in understand("Which ACCs spoke for Wiltshire?").text
    text = understand("What did Warwickshire admit it still needs to get better at?").text
    assert "acknowledge" in text and "improve" in text
    assert "working with partners" in understand("How is Glos on partnership working?").text
    text = understand("Any stats on IIOC and MOSOVO? Who in comms said?").text
    for expanded in ("figures", "indecent images of children",
                     "management of sexual or violent offenders", "communications"):
        assert expanded in text, expanded


def test_a_follow_up_pointing_back_to_a_person_keeps_its_own_words_apart():
    q = understand("What training did she say they had delivered?",
                   ("Who signed the Staffordshire letter to partners?",))
    assert "letter" in q.text and "letter" not in q.own and "training" in q.own
    assert understand("What did Wiltshire change on training?").own == ""


def test_his_majesty_does_not_point_back_to_a_person():
    q = understand("What did His Majesty's Inspectorate find?", ("Who wrote the letter?",))
    assert q.own == "" and "letter" not in q.text
