"""The kind of source a question asks for (qa.ask.genres): a force's response, a later
inspection's follow-up, a report's numbered recommendation boxes. Unit tests of reading
questions and documents, then the rules that use them on a small library written here (an
inspection report, the force's response and a re-inspection, about one force), each shown on
and off."""
from __future__ import annotations

import pytest

from qa.ask import genres
from qa.ask.engine import Engine
from qa.ask.kinds import shows, wanted
from qa.ask.rules import Rules
from qa.ask.understand import understand
from qa.config import load_settings
from qa.ingest.build import ingest
from qa.types import Metadata

RULES = Rules()


@pytest.mark.parametrize("question, asked", [
    ("How has the force replied to the inspectorate?", ("response",)),
    ("What did the force say in reply about custody?", ("response",)),
    ("What did the revisit conclude about custody?", ("follow-up",)),
    ("Which recommendations were made about custody?", ("box",)),
    ("What progress has been made on the recommendation about custody?", ("follow-up",)),
    ("How many officers were trained?", ()),
    ("What did Kent's action plan say about custody?", ("response",)),  # a force's document
    ("When must the force send its action plan?", ()),  # a deadline set in the report
    ("Was custody any better when inspectors went back?", ("follow-up",)),
    ("What did HMI find when they came back to Kent?", ("follow-up",)),
    ("Did officers go through the case files?", ()),
    ("Give me extracts about custody in Cumbria", ("box",)),  # quotable: the boxes
    ("Quotes on the force's handling of custody", ("box",)),
    ("Exact wording from the re-inspection on custody?", ("follow-up",)),  # a genre named
    # policing's own "response" is the work inspected, not the force's reply
    ("Kent recommendation on response times?", ("box",)),
    ("What was the initial response like in Kent?", ()),
    ("How quickly do Kent officers respond to 999 calls?", ()),
    ("How did Kent respond to the recommendation on custody?", ("response",)),
    # the force acting: its own account of what it did
    ("What has Kent done about custody since the inspection?", ("response",)),
    ("What have Kent and Essex changed on custody?", ("response",)),
    ("What has the inspectorate done about custody?", ()),
    ("Has Kent improved since the last inspection?", ()),  # the inspectorate's view
    ("What has Kent done well?", ()),
    ("How did Kent respond to the report of HMICFRS?", ("response",)),
    ("How did officers respond to reports of missing children in Kent?", ()),
    # what the inspectorate wanted of the force, in other words than "recommend"
    ("What did HMICFRS want Kent to improve about custody?", ("box",)),
    ("Which changes did the inspectorate call for on custody in Kent?", ("box",)),
    ("What should Kent do about children held in custody?", ("box",)),
    ("Did the report say Kent must improve its custody records?", ("box",)),
    ("What did inspectors want to see in Kent's custody suites?", ()),  # what they looked for
    ("What did inspectors say about custody in Kent?", ()),
    ("What did officers ask children to do in custody?", ()),  # not the inspectorate asking
    # what worried the inspectorate: its causes of concern
    ("What concerned inspectors about custody in Kent?", ("box",)),
    ("Were HMICFRS worried about how Kent handles custody?", ("box",)),
    ("What did the report say concerning custody in Kent?", ()),
    ("What was Kent's answer to the inspection on custody?", ("response",)),
    ("How did Kent answer the inspectorate on custody?", ("response",)),
    # a thematic report, about many forces: with what else is asked of it
    ("Custody thematic - who has to authorise a strip search?", ("thematic",)),
    ("In the custody thematic, what did HMICFRS recommend on strip searches?",
     ("box", "thematic")),
])
def test_the_kind_of_source_a_question_asks_for(question, asked):
    assert understand(question).genres == asked


def test_demanded_and_worried_are_what_make_those_questions_ask_for_the_boxes():
    wanted_of = "What did HMICFRS want Kent to improve about custody?"
    worry = "What concerned inspectors about custody in Kent?"
    assert understand(wanted_of, rules=RULES.without("demanded")).genres == ()
    assert understand(worry, rules=RULES.without("worried")).genres == ()


@pytest.mark.parametrize("question, labels", [
    ("What was the deadline for recommendation 3?", ("recommendation 3",)),
    ("Recommendation no. 12: what did it say?", ("recommendation 12",)),
    ("Tell me about cause of concern 2 and recommendation 2", ("cause of concern 2",
                                                                "recommendation 2")),
    ("What did the recommendations say about custody?", ()),
    ("Kent's first cause of concern - what was it about?", ("cause of concern 1",)),
    ("What did the third recommendation ask for?", ("recommendation 3",)),
    ("Was the first inspection's recommendation achieved?", ()),  # first of the inspections
    ("Staffs 2024: how many AFIs, and what was AFI 2 about?", ("area for improvement 2",)),
    ("Area for improvement 3 - has it been met?", ("area for improvement 3",)),
])
def test_numbered_recommendations_named_in_a_question(question, labels):
    assert genres.numbered(question) == labels


@pytest.mark.parametrize("text, carried", [
    ("Recommendation 3\nBy 31 March 2024, the force should ...", True),
    ("In response to recommendation 3: accepted.", True),
    ("Recommendation 31\nWithin six months ...", False),
    ("Recommendation 3.2 is dealt with below.", False),
])
def test_a_box_carries_its_number(text, carried):
    assert genres.carries(text, ("recommendation 3",)) is carried


def test_a_documents_genre_comes_from_its_type_title_or_file_name():
    assert genres.of_document(Metadata(doc_type="action plan"), "a.pdf") == {"response"}
    assert genres.of_document(Metadata(title="Post-inspection review: Kent"), "b.pdf") == \
        {"follow-up"}
    assert genres.of_document(Metadata(), "responses/kent_2023.docx") == {"response"}
    assert genres.of_document(Metadata(doc_type="inspection report"), "kent.pdf") == set()
    assert genres.of_document(Metadata(doc_type="thematic report"), "t.pdf") == {"thematic"}
    assert genres.of_document(Metadata(), "thematic/custody-a-thematic-review.pdf") == \
        {"thematic"}


def test_progress_status_is_a_kind_of_answer():
    assert wanted("Has the force achieved the recommendation?") == ["status"]
    assert wanted("When was the re-inspection?") == ["date"]  # asks when, not how far
    assert shows("Our assessment is that this recommendation has been partially achieved.",
                 ["status"])
    assert not shows("The force should improve its custody arrangements.", ["status"])


# --- a small library: report, response, re-inspection ----------------------------------------

FORCE = "Cumbria Constabulary"
# Paragraphs on one line each, as a PDF's lines are once joined (a Markdown soft break is kept
# as a line break by the reader).
REPORT = "\n\n".join([
    "# Cumbria Constabulary: child protection inspection",
    "## Custody",
    "Children were held in custody overnight too often. Custody sergeants did not always ask "
    "for secure accommodation. The custody records we read rarely explained why a child "
    "stayed in custody overnight, and custody staff had little guidance on children in "
    "custody.",
    "Recommendation 1\nWithin three months, Cumbria Constabulary should make sure that no "
    "child is held in custody overnight unless a superintendent has agreed it.",
    "## Missing children",
    "Missing children were not always risk-assessed by a supervisor. Return home interviews "
    "were often late, and missing episodes were not linked to exploitation.",
    "Recommendation 2\nBy 31 March 2024, Cumbria Constabulary should make sure that a "
    "supervisor reviews every report of a missing child within one hour.",
])
RESPONSE = "\n\n".join([
    "# Cumbria Constabulary response to the inspection",
    "## Our response",
    "We accept every recommendation. A superintendent now approves any overnight detention of "
    "a child, and we publish the figures each quarter.",
    "We have also appointed a missing persons coordinator for each district.",
])
REINSPECTION = "\n\n".join([
    "# Cumbria Constabulary: re-inspection of child protection",
    "## Re-inspection findings",
    "We went back to the force in 2025. Overnight detention of children had become rare and "
    "each case we saw had a superintendent's approval. Our assessment is that recommendation 1 "
    "has been achieved.",
])


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("genres")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "report.md").write_text(REPORT, encoding="utf-8")
    (corpus / "response.md").write_text(RESPONSE, encoding="utf-8")
    (corpus / "reinspection.md").write_text(REINSPECTION, encoding="utf-8")
    settings = load_settings(environ={}, corpus=corpus, index=base / "index")
    report = ingest(settings, embedder=embedder)
    assert report.indexed == 3, report.summary()
    return Engine.open(settings, embedder)


def test_w_genre_finds_the_forces_response_for_a_question_about_its_response(library):
    question = "How did Cumbria respond on children kept in custody overnight?"
    on = library.search(question, k=3)
    off = library.with_rules(RULES.without("w_genre")).search(question, k=3)
    assert on[0].doc.file == "response.md"
    assert off[0].doc.file == "report.md"  # on words and meaning alone, the report leads


def test_w_numbered_finds_the_box_carrying_the_number(library):
    """(Asked in a chat, such a question is answered by the recommendations tracker; the
    search under it finds the box by its number.)"""
    question = "What does Cumbria's recommendation 1 say?"
    on = library.search(question, k=3)
    assert on[0].chunk.text.startswith("Recommendation 1\nWithin three months")
    off = library.with_rules(RULES.without("w_numbered")).search(question, k=3)
    assert not off[0].chunk.text.startswith("Recommendation 1")  # box 2 is as close in words


def test_excerpt_boxes_puts_the_recommendation_on_the_topic_first(library):
    """A trainer asking for passages on a topic is shown the inspectorate's recommendation on
    it first; without the rule, the findings' paragraph and the re-inspection lead."""
    question = "Passages on missing children at Cumbria I can use for training"
    on = library.search(question, k=3)
    assert on[0].chunk.text.startswith("Recommendation 2\nBy 31 March 2024")
    off = library.with_rules(RULES.without("excerpt_boxes")).search(question, k=3)
    assert off[0].chunk.text.startswith("Missing children")
    assert not off[1].chunk.text.startswith("Recommendation")


@pytest.mark.parametrize("typed", ["Cumbria rec 2 – timescale?", "Rec 2 for Cumbria: by when?"])
def test_a_clipped_word_is_read_as_the_documents_word(library, typed):
    """People type "rec 2" for "recommendation 2": read so, the answer is box 2's deadline,
    and the question is kept as typed."""
    on = library.ask(typed)
    assert not on.refused and on.question == typed
    assert "By 31 March 2024" in on.citations[0].quote, on.text
    off = library.with_rules(RULES.without("clipped")).ask(typed)
    assert off.refused or "By 31 March 2024" not in off.citations[0].quote, off.text


def test_demanded_finds_the_box_when_a_question_asks_what_inspectors_wanted(library):
    """"What did inspectors want the force to change about X?" asks for the recommendation on
    X, as "what did they recommend?" does; without the rule the findings on X lead."""
    question = "What did the inspectorate want Cumbria to change about custody records?"
    on = library.search(question, k=3)
    assert on[0].chunk.text.startswith("Recommendation 1\nWithin three months")
    off = library.with_rules(RULES.without("demanded")).search(question, k=3)
    assert not off[0].chunk.text.startswith("Recommendation")


def test_force_acted_finds_the_forces_account_of_what_it_did(library):
    """"What has Cumbria done about X?" is answered by the force's own response; without the
    rule the report, which says most about the topic, leads."""
    question = "What has Cumbria done about children kept in custody overnight?"
    on = library.search(question, k=3)
    assert on[0].doc.file == "response.md"
    off = library.with_rules(RULES.without("force_acted")).search(question, k=3)
    assert off[0].doc.file != "response.md"


def test_a_follow_up_does_not_borrow_the_force_acting():
    """force_acted reads the question's own words: after "What has Kent changed in custody?",
    "how was it graded?" asks for no response."""
    assert understand("how was it graded?", ("What has Kent changed in custody?",)).genres == ()


@pytest.mark.parametrize("question, kinds", [
    ("Essex re-inspection: how many recommendations were achieved?", ("follow-up",)),
    ("When did inspectors go back to Kent?", ("follow-up",)),
    ("What did the post-inspection review say about Surrey?", ("follow-up",)),
    ("Norfolk's figure in the missing children thematic?", ("thematic",)),
    ("What progress has Kent made on missing children?", ()),  # an action plan tells that too
    ("Has Kent achieved the recommendation on custody?", ()),
    ("How quickly did Kent follow up on missing children referrals?", ()),  # the force's work
    ("What did Kent change after children came back from being missing?", ()),
    ("Did Kent revisit its missing persons policy?", ()),
    ("What thematic issues did inspectors find in Kent?", ()),
    ("Services (HMICFRS) revisited the force in May", ("follow-up",)),  # a news item's words
])
def test_a_later_visit_or_a_thematic_report_is_named_outright_or_not(question, kinds):
    assert genres.named_sources(question) == kinds
