"""A misspelt question word is matched as the library's word it misspells; an English word the
library does not use is left alone (it asks about something else)."""
from dataclasses import replace

import pytest

from qa.index.keywords import terms
from qa.index.spelling import Speller


def vocabulary(*words, common=()):
    """An idf table of the words' terms; `common` ones are given a lower idf (more documents)."""
    idf = {t: 5.0 for w in words for t in terms(w)}
    idf |= {t: 1.0 for w in common for t in terms(w)}
    return idf


SPELLER = Speller(vocabulary("decision", "safeguarding", "overnight", "recommendation", "extra",
                             "change", "present", "protect", "inspector", "inspection"))


@pytest.mark.parametrize("typed, meant", [
    ("decison", "decision"),  # two letters dropped
    ("safegaurding", "safeguarding"),  # two letters swapped: one edit
    ("overnite", "overnight"),
    ("recomendation", "recommendation"),  # one letter dropped
])
def test_a_misspelt_word_is_read_as_the_librarys(typed, meant):
    assert SPELLER.corrections(f"what about {typed} here") == ((terms(typed)[0], terms(meant)[0]),)


@pytest.mark.parametrize("word", [
    "extracts",  # English: a trainer asking for extracts does not mean "extra"
    "charge",  # not "change"
    "precept",  # not "present"
    "prosecutions",  # not "protect"
    "salary", "ambulance",  # English, and nothing close in the library
    "zzqvx",  # nothing close
    "tmy",  # too short to correct
])
def test_english_words_and_far_or_short_ones_are_left_alone(word):
    assert SPELLER.corrections(word) == ()


def test_two_changed_letters_in_a_short_word_are_another_word_not_a_typo():
    """Whatever the dictionary says: "precept" is two letters from "present", "prosecut"
    (prosecutions) two from "protect"; two letters dropped ("decison") or a long word are
    typos."""
    assert SPELLER.fix("precept") is None and SPELLER.fix("prosecut") is None
    assert SPELLER.fix("decison") == "decis"
    assert SPELLER.fix("inspectoon") == "inspector"  # nine letters or more: two edits


def test_a_known_word_is_never_corrected_and_ties_go_to_the_commoner_term():
    assert Speller(vocabulary("decision")).corrections("decision") == ()
    # equally near: the term in more documents (the lower idf) wins, whichever comes first
    assert Speller({"abcdefh": 3.0, "abcdefg": 1.0}).fix("abcdefx") == "abcdefg"
    assert Speller({"abcdefg": 3.0, "abcdefh": 1.0}).fix("abcdefx") == "abcdefh"
    assert Speller({"abcdefh": 1.0, "abcdefx": 3.0}).fix("abcdefy") == "abcdefh"


TYPOS = [("What did Wiltshire change on safeguarding training?",
          "What did Wiltshire change on safegaurding training?"),
         ("What did the inspectorate recommend to Staffordshire?",
          "What did the inspectorate recomend to Staffordshire?"),
         ("Which decision was criticised in Gloucestershire?",
          "Which decison was criticised in Gloucestershire?")]


def top(answer):
    p = answer.passages[0]
    return p.doc.file, p.chunk.start


def test_a_question_with_a_typo_finds_what_the_spelt_one_finds(engine):
    """On the sample index: each misspelt question's first passage is the correctly spelt
    one's; without the rule at least one of them finds another first."""
    without = engine.with_rules(replace(engine.rules, spelling=False), engine.decline_model)
    moved = 0
    for spelt, typed in TYPOS:
        assert top(engine.ask(typed)) == top(engine.ask(spelt)), typed
        moved += top(without.ask(typed)) != top(engine.ask(spelt))
    assert moved >= 1
