"""Answer sentences (qa.ask.sentences): cutting them out of passages, dangling quotation
marks, and each sentence-scoring rule of Rules, shown on hand-written passages whose sentence
cosines are set by hand. What a question asks for and what a text shows: test_kinds."""
from dataclasses import replace

import pytest
from handmade import answer, assert_grounded, document, passage

from qa.ask.compose import select
from qa.ask.rules import Rules
from qa.ask.scoring import candidates
from qa.ask.sentences import box_text, said, strip_quotes
from qa.ask.understand import understand
from qa.index.keywords import terms
from qa.ingest.chunking import sentence_spans
from qa.types import Chunk, Passage

RULES = Rules()


def ranked(question: str, passages, rules: Rules = RULES) -> list[str]:
    """The candidate sentences' texts, best first (every term weighs the same: no idf)."""
    q = understand(question, rules=rules)
    return [c.text for c in candidates(q, passages, {}, 10, rules)]


# --- quotation marks ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, kept", [
    ("“We’ve cut the backlog by half.", "We’ve cut the backlog by half."),  # opens, never closes
    ("The hub was called ‘a model’.”", "The hub was called ‘a model’."),  # closes a speech
    ("“All of it, in quotes.”", "“All of it, in quotes.”"),  # a pair stays
    ("‘It’s working,’ he said.", "‘It’s working,’ he said."),  # its pair is after an apostrophe
])
def test_a_dangling_quotation_mark_is_dropped_but_not_an_apostrophe(sentence, kept):
    s, e = strip_quotes(sentence, 0, len(sentence))
    assert sentence[s:e] == kept


# --- cutting sentences out of passages --------------------------------------------------------

def test_list_items_lose_their_marker_and_joining_word_and_headings_are_skipped():
    text = ("Stalking work\nInspectors asked the force to improve several things, as follows:\n"
            "(a) the triage of stalking reports by call handlers; and\n"
            "(b) the training of officers who take stalking reports.\n")
    p = passage(document(text))
    found = ranked("How are stalking reports triaged by call handlers?", [p])
    assert "the triage of stalking reports by call handlers;" in found
    assert "the training of officers who take stalking reports." in found
    assert "Stalking work" not in found  # a heading answers nothing alone
    for c in candidates(understand("stalking reports"), [p], {}, 10):
        assert p.doc.text[c.start:c.end] == c.text


def test_a_short_sentence_answers_when_it_states_what_was_asked_for():
    """A line under six words is a heading or fragment ("Our findings.", "Recommendations"),
    unless it is a full sentence giving the kind of answer asked for: "We have made 6
    recommendations." answers how many."""
    text = ("Summary\nOur findings.\nWe have made 6 recommendations.\nThe force has "
            "improved how it records referrals since 2021.")
    p = passage(document(text))
    found = ranked("How many recommendations did the inspectors make?", [p])
    assert found[0] == "We have made 6 recommendations."
    assert "Our findings." not in found and "Summary" not in found
    assert "We have made 6 recommendations." not in ranked("What did inspectors find?", [p])


def test_a_sentence_score_is_the_weighted_sum_of_its_evidence():
    """Checked against the weights applied by hand, with every weight changed from its default."""
    rules = replace(RULES, w_coverage=2.0, w_sentence=0.5, w_passage=0.25, w_kind_sentence=0.7,
                    w_specific=0.3)
    question = "When will stalking reports be triaged faster?"
    text = "Stalking reports will be triaged within six months by the new desk."
    p = passage(document(text), rank=2, similarity=0.4, default=0.8)
    (c,) = candidates(understand(question), [p], {}, 10, rules)
    q_terms, s_terms = set(terms(question)), set(terms(text))
    coverage = len(q_terms & s_terms) / len(q_terms)
    assert 0 < coverage < 1 and c.coverage == pytest.approx(coverage)
    # no idf given: every term the question lacks is as rare as one no chunk holds (1.0)
    assert c.score == pytest.approx(2.0 * coverage + 0.5 * 0.8 + 0.25 * 0.4 + 0.7 + 0.3)


# --- each sentence-scoring rule, on and off ---------------------------------------------------

QUESTION = "How are stalking reports triaged?"


def test_w_coverage_prefers_the_sentence_holding_the_questions_words():
    p = passage(document("The unit made several changes after the inspection visit. "
                         "Stalking reports are now triaged by a specialist team."),
                cosines={"unit made": 0.7, "Stalking": 0.4})
    assert ranked(QUESTION, [p])[0].startswith("Stalking reports")
    off = RULES.without("w_coverage")
    assert ranked(QUESTION, [p], off)[0].startswith("The unit made")


def test_w_sentence_prefers_the_sentence_closest_in_meaning():
    p = passage(document("Stalking reports are triaged within a day. "
                         "Reports of stalking are read by a specialist detective within the hour."),
                cosines={"within a day": 0.2, "specialist detective": 0.9})
    assert ranked(QUESTION, [p])[0].startswith("Reports of stalking")
    assert ranked(QUESTION, [p], RULES.without("w_sentence"))[0].startswith("Stalking reports")


def test_w_passage_prefers_a_sentence_whose_passage_is_closest_in_meaning():
    near = passage(document("Stalking reports are triaged by the hub.", "near"), rank=2,
                   similarity=0.6)
    far = passage(document("Stalking reports are triaged by the desk.", "far"), rank=1,
                  similarity=0.3)
    assert ranked(QUESTION, [far, near])[0].endswith("by the hub.")
    assert ranked(QUESTION, [far, near], RULES.without("w_passage"))[0].endswith("by the desk.")


def test_w_kind_sentence_prefers_a_sentence_giving_the_kind_of_answer_asked_for():
    p = passage(document("Stalking reports will be triaged faster by a new desk. "
                         "Stalking reports will be triaged faster within six months."),
                cosines={"new desk": 0.6, "six months": 0.5})
    question = "When will stalking reports be triaged faster?"
    assert ranked(question, [p])[0].endswith("within six months.")
    assert ranked(question, [p], RULES.without("w_kind_sentence"))[0].endswith("new desk.")


def test_when_something_happened_is_answered_by_a_date_not_by_a_deadline():
    """"When did inspectors go back?" asks for a date: a recommendation's "within 12 months"
    is a length of time, and its "(2020 inspection)" names a report, not when anything
    happened."""
    p = passage(document("Recommendation 4 (2020 inspection) Within 12 months, the force should "
                         "share referrals sooner with inspectors. "
                         "Inspectors returned to the force in February 2022."),
                cosines={"Within 12": 0.6, "returned": 0.5})
    question = "Kent re-inspection - when did inspectors go back?"
    assert understand(question).wants == ("date",)
    assert ranked(question, [p])[0].endswith("in February 2022.")
    assert ranked(question, [p], RULES.without("w_kind_sentence"))[0].startswith("Recommendation")


def test_w_specific_prefers_a_finding_to_a_stock_line_repeating_the_topic():
    """Both sentences hold the question's words; the stock line's other words are in most
    chunks of the library, the finding's in few."""
    stock = "The force's own audits had identified similar concerns about stalking reports."
    finding = "Stalking reports are now read by a detective sergeant within the first hour."
    p = passage(document(f"{stock} {finding}"), cosines={"own audits": 0.6, "detective": 0.6})
    common = {t: 0.2 for t in terms(stock)}  # in most of the library's chunks
    rare = {t: 6.0 for t in terms(finding)}  # in a handful of them
    idf = {**rare, **common, **{t: 1.0 for t in terms("stalking reports")}}
    q = understand("What changed on stalking reports?")
    best = lambda rules: candidates(q, [p], idf, 1000, rules)[0].text  # noqa: E731
    assert best(RULES) == finding
    assert best(RULES.without("w_specific")) == stock


def test_counted_prefers_a_figure_of_what_is_asked_about_to_any_figure():
    p = passage(document("Recommendation 2, on referrals, has been achieved by the force. "
                         "The force has achieved 4 of its 6 recommendations so far."),
                cosines={"Recommendation 2": 0.6, "so far": 0.5})
    question = "How many recommendations has the force achieved?"
    assert ranked(question, [p])[0].endswith("so far.")
    assert ranked(question, [p], RULES.without("counted"))[0].startswith("Recommendation 2")


FOLLOW_UP = ("Recommendation 4 (2021 inspection)\n"
             "“The force should improve the supervision of child abuse investigations.”\n"
             "Re-inspection findings\n"
             "Investigations had clear plans that were reviewed regularly. "
             "We found this recommendation has been achieved.\n")


def test_box_topic_reads_a_status_as_about_the_recommendation_it_is_under():
    """A follow-up quotes the recommendation, then gives its finding under a sub-heading: the
    status sentence shares no word with the question, its box does."""
    doc = document(FOLLOW_UP + "We were encouraged by the force’s plans to review the "
                   "supervision of child abuse investigations.\n")
    start = doc.text.index("Re-inspection findings")
    chunk = Chunk(doc.doc_id, 1, start, len(doc.text), doc.text[start:],
                  "Our findings > Recommendation 4 (2021 inspection) > Re-inspection findings")
    spans = tuple((s, e, 0.5) for s, e in sentence_spans(doc.text, start, len(doc.text)))
    p = Passage(1, 0.0, chunk, doc, 0.5, spans)
    assert box_text(p).startswith("Recommendation 4 (2021 inspection)\n“The force should")
    question = "What did the follow-up find on the supervision of investigations?"
    assert ranked(question, [p])[0] == "We found this recommendation has been achieved."
    assert ranked(question, [p], RULES.without("box_topic"))[0].startswith("We were encouraged")
    # a passage under no numbered box, and a question asking for no status, are left alone
    assert box_text(passage(doc)) == ""
    assert ranked("What changed on the supervision of investigations?", [p])[0] != \
        "We found this recommendation has been achieved."


def test_grade_words_asked_leave_the_graded_area_as_the_topic():
    """"Rated", "graded" ask for a grade (the kind bonus weighs that): a sentence sharing only
    them is no closer to the question than one grading the area asked about."""
    p = passage(document("Inspectors rated decision-making as good this year. "
                         "Our grade for investigation is inadequate this year."))
    question = "How was investigation rated?"
    assert ranked(question, [p])[0].startswith("Our grade for investigation")
    # (graded_area, which takes "investigation" for the area asked, puts it first too:
    # switched off with it)
    assert ranked(question, [p], RULES.without("grade_words_asked").without("graded_area")
                  )[0].startswith("Inspectors rated decision-making")


LETTER = ("Thank you for your continued support of our work with children and families.\n"
          "Yours sincerely\nPriya Shah\nDetective Chief Superintendent\n")


def test_signatures_answer_who_signed_with_the_name_and_role():
    p = passage(document(LETTER, title="Letter to partners about child protection"))
    question = "Whose signature ends the letter for partners?"
    q = understand(question)
    best = candidates(q, [p], {}, 10)[0]
    assert best.text == "Priya Shah\nDetective Chief Superintendent" and best.named
    assert LETTER[best.start:best.end] == best.text
    off = RULES.without("signatures")
    assert all("Priya Shah" not in c.text for c in candidates(q, [p], {}, 10, off))


def test_a_signature_is_not_an_answer_when_no_one_is_asked_for():
    p = passage(document(LETTER))
    assert all("Priya Shah" not in t for t in ranked("What support did partners give?", [p]))


STORY = ("Inspectors criticise the force over missing children\nBy Sophie Calloway\n"
         "The report was published on Tuesday.\n"
         "Detective Superintendent Jane Doe, head of safeguarding, said: “We are changing how "
         "we work with missing children.”\n")
REPORT_END = ("We are grateful to the officers and staff who helped with this inspection.\n"
              "Priya Shah\nHis Majesty’s Inspector of Constabulary\n")


@pytest.mark.parametrize("question, author", [
    ("Who wrote the Gazette piece on missing children?", "By Sophie Calloway"),
    ("Which reporter covered the missing children report?", "By Sophie Calloway"),
    ("Who signed off the report on missing children?", "Priya Shah"),
])
def test_authors_answer_who_wrote_with_the_byline_or_sign_off_not_someone_quoted(question,
                                                                                 author):
    """Who wrote a document is its byline or sign-off, not the officer it quotes (the quote
    names someone and shares more of the question's words); who signed it is the sign-off."""
    story = passage(document(STORY, "story", title="Missing children | The Gazette"),
                    cosines={"Jane Doe": 0.6, "By Sophie": 0.2})
    report = passage(document(REPORT_END, "report", title="Inspection of missing children"),
                     rank=2, cosines={"Priya Shah": 0.2})
    q = understand(question)
    best = compose_select(q, [story, report])
    assert best.startswith(author), best
    off = compose_select(q, [story, report], RULES.without("authors"))
    assert not off.startswith(author), off


def compose_select(q, passages, rules=RULES) -> str:
    """The text of the sentence an answer would open with."""
    return select(candidates(q, passages, {}, 10, rules), q, (), rules)[0].text


PCC_STATEMENT = ("HMICFRS has today published its inspection of Cumbria Constabulary.\n"
                 "Police and Crime Commissioner for Cumbria Jo Bell said: “Residents expect "
                 "better.”\nI have met Chief Constable Sam Hill to discuss the findings.\n"
                 "I will hold the chief constable to account for the 4 recommendations.\n")


def test_speakers_cite_who_speaks_a_first_person_answer_to_who():
    """"Who holds Cumbria's chief constable to account?" is best answered by the
    commissioner's "I will hold the chief constable to account...", which names no one: the
    nearest "X said:" before it says who "I" is (not the chief constable named between)."""
    p = passage(document(PCC_STATEMENT, title="PCC statement"))
    q = understand("Who holds Cumbria's chief constable to account?")
    chosen = [c.text for c in select(candidates(q, [p], {}, 10), q)]
    assert chosen[0].startswith("I will hold the chief constable to account"), chosen
    assert any("Jo Bell said" in t for t in chosen), chosen
    off = RULES.without("speakers")
    chosen = [c.text for c in select(candidates(q, [p], {}, 10, off), q, (), off)]
    assert not any("Jo Bell" in t for t in chosen), chosen


SPEECH = ("The referral unit was reviewed by inspectors in the spring.\n"
          "Detective Superintendent Jane Doe, head of safeguarding, said:\n"
          "“We have doubled the number of staff who review referrals every week. Each referral "
          "is now read within a day.”\n")
LEAD_IN = "Detective Superintendent Jane Doe, head of safeguarding, said:"


@pytest.mark.parametrize("question", ["Who commented on the referral unit?",
                                      "What did Jane Doe say about referrals?"])
def test_speaker_lead_ins_answer_who_spoke_or_what_a_named_person_said(question):
    p = passage(document(SPEECH))
    assert LEAD_IN in ranked(question, [p])
    assert LEAD_IN not in ranked(question, [p], RULES.without("speaker_lead_ins"))


def test_a_lead_in_naming_someone_not_asked_about_is_not_an_answer():
    p = passage(document(SPEECH))
    assert LEAD_IN not in ranked("What did the inspectors review in the spring?", [p])


def test_a_lead_in_leads_to_the_sentence_it_introduces():
    p = passage(document(SPEECH))
    lead = next(c for c in candidates(understand("Who commented on the referral unit?"), [p],
                                      {}, 10) if c.text == LEAD_IN)
    nxt = said(lead)
    assert nxt.text == "We have doubled the number of staff who review referrals every week."
    assert SPEECH[nxt.start:nxt.end] == nxt.text  # the opening quotation mark left out
    plain = next(c for c in candidates(understand("Who reviewed it?"), [p], {}, 10)
                 if c.text.startswith("The referral unit"))
    assert said(plain) is None  # a sentence that is not a lead-in leads to nothing


@pytest.mark.parametrize("line, kept", [
    ("7.15 Not all staff knew the policy.", "Not all staff knew the policy."),
    ("12.3.4 We found delays.", "We found delays."),
    ("2.5 million pounds was spent.", None),  # a decimal figure, not a paragraph number
    ("1.5 3 of the 8 recommendations have been achieved.",  # before a figure too
     "3 of the 8 recommendations have been achieved."),
])
def test_a_report_paragraph_number_is_not_part_of_the_quote(line, kept):
    from qa.ask.sentences import ITEM
    m = ITEM.match(line)
    assert (line[m.end():] if m else None) == kept


def test_a_caption_numbering_its_table_is_no_answer_to_how_many():
    """"Table 1: Case audit results" has the form of a labelled value ("Status: achieved"), but
    its figure numbers the table; it answers nothing."""
    p = passage(document("Table 1: Case audit results by category\n"
                         "Inspectors audited 94 cases in total."),
                cosines={"Table 1": 0.7, "audited": 0.5})
    found = ranked("How many cases were audited?", [p])
    assert found == ["Inspectors audited 94 cases in total."]


GRADES_BOX = ("Our grades\nThe force’s performance in initial contact was inadequate.\n"
              "Our grade for assessment and help is adequate.\n"
              "We graded the force’s investigation as adequate.\n"
              "We judged decision-making to be inadequate.\n"
              "We graded the force’s use of custody as good.\n"
              "Our grade for managing offenders is requires improvement.\n")
AREAS = ("initial contact", "assessment and help", "investigation", "decision-making")


def test_a_forces_grades_asked_for_are_each_areas_grade():
    """"What grades did Kent get?" asks for every area's: the box that gives them is quoted,
    not its best line beside a date from the news, and what it gives beyond the answer's four
    sentences is said."""
    box = passage(document(GRADES_BOX, "report", force="Kent Police"), rank=1)
    news = passage(document("The inspection of Kent Police was carried out in July 2022. "
                            "Kent Police was rated adequate for investigation.", "news",
                            force="Kent Police"), rank=2)
    for question in ("What grades did Kent Police get in its 2022 inspection?",
                     "Kent Police's ratings?", "How was Kent Police graded?",
                     "What grade did Kent Police get?"):
        a = answer(question, [box, news], forces=("Kent Police",))
        assert_grounded(a)
        assert {c.doc.doc_id for c in a.citations} == {"report"} and len(a.citations) == 4
        assert sum(area in a.text for area in AREAS + ("custody", "managing offenders")) == 4
        assert "The passage of [1] gives 2 more grades: open it to read them." in a.notice
        off = answer(question, [box, news], RULES.without("all_grades"), ("Kent Police",))
        assert len({c.doc.doc_id for c in off.citations}) == 2 or len(off.citations) < 4
        assert "more grade" not in off.notice
    # one area's grade asked for: that grade, not the box; no force named: no one's grades
    one = answer("What grade did Kent Police get for initial contact?", [box, news],
                 forces=("Kent Police",))
    assert "initial contact was inadequate" in one.text and "decision-making" not in one.text
    assert "more grade" not in answer("What grades did forces get?", [box, news]).notice
