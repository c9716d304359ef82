"""What kind of answer a question wants, and whether a text shows one."""
from types import SimpleNamespace

import pytest

from qa.ask.compose import EXCERPTS, Candidate, _lead_in, _strip_quotes, select
from qa.ask.kinds import (
    ROLE_TITLE,
    WHICH_ROLE,
    asks_for_one,
    shows,
    signature_end,
    wanted,
)


@pytest.mark.parametrize("question, kinds", [
    ("Who spoke for Warwickshire?", ["person"]),
    ("Which senior officer responded?", ["person"]),
    ("When did the inspectors go back?", ["time"]),
    ("How many cases were audited?", ["number"]),
    ("What did Wiltshire change on training?", []),
    ("Which HM Inspector led the inspection?", ["person"]),
    ("What did inspectors say about supervisors?", []),  # a verb before the role: no one asked
    ("What percentage of officers completed the training?", ["number"]),
    ("Which teams lead on child exploitation?", []),
    ("And when was that?", ["time"]),
    ("What Did Inspectors Say About Wiltshire?", []),  # capitalised verbs are still verbs
    ("Can you tell me which officer chairs the board?", ["person"]),
    ("What was the force's budget for child protection?", ["money"]),
    ("How much does the force spend on cybercrime?", ["number", "money"]),
    ("What investment has the force made in online safety?", []),  # what, not how much
    ("How much time did officers spend on training?", ["number"]),  # time is not money
    ("How long have they got to send a plan?", ["time"]),
])
def test_wanted(question, kinds):
    assert wanted(question) == kinds


@pytest.mark.parametrize("kind, text, shown", [
    # a person: by a name, not by a role or a body
    ("person", "Assistant Chief Constable Deb Smith said: “Protecting children matters.”", True),
    ("person", "His Majesty’s Inspector of Constabulary, Wendy Williams, said:", True),
    ("person", "Police and Crime Commissioner Philip Seccombe said the force had improved.", True),
    ("person", "Jane Doe, head of safeguarding, said the team had grown.", True),
    ("person", "A HMICFRS spokesperson said: “We were pleased.”", False),
    ("person", "Wiltshire Police said it accepted the findings.", False),
    ("person", "Control centre supervisors are said to be slow.", False),
    # a time: a date, or one relative to it
    ("time", "The force was re-inspected in March 2023.", True),
    ("time", "The force was re-inspected.", False),
    ("time", "It must send a plan within six weeks.", True),
    ("time", "The plan runs over the next 12 months.", True),
    ("time", "Inspectors return next year.", True),
    ("time", "Six officers joined the team.", False),
    ("time", "In two years the unit will double.", True),
    ("time", "Over the years the unit grew.", False),
    # a sum of money, and a number
    ("money", "It invested £2.5m in the team.", True),
    ("money", "The plan costs 3 million pounds.", True),
    ("money", "It invested significant resources over 12 months.", False),
    ("number", "It made 15 recommendations.", True),
    # a grade: a grade word given, not any "good"
    ("grade", "HMICFRS said we were ‘inadequate’ at responding to children at risk", True),
    ("grade", "The inspectorate rated us as ‘adequate’ at working with partners", True),
    ("grade", "The force was rated good for leadership.", True),
    ("grade", "Inspectors audited 12 good child protection cases.", False),
    ("grade", "The team received praise for its good efforts.", False),
])
def test_a_text_shows_an_answer_of_a_kind(kind, text, shown):
    assert shows(text, [kind]) is shown


def test_no_kind_asked_is_shown_by_nothing():
    assert not shows("It made 15 recommendations.", [])


@pytest.mark.parametrize("text, line, signature", [
    ("We thank you.\nYours sincerely\nJane Doe\nChief Constable", "Jane Doe",
     "Jane Doe\nChief Constable"),
    ("Thanks for reading.\nKind regards,\nJane McDonald", "Jane McDonald", "Jane McDonald"),
    ("The force will act.\nIssued: Sam Lee, Corporate Communications\n", "Issued: Sam Lee, "
     "Corporate Communications", "Issued: Sam Lee, Corporate Communications"),
    ("It ends here.\nMary O'Neil\nDetective Superintendent", "Mary O'Neil",
     "Mary O'Neil\nDetective Superintendent"),
    # headings above a team's name, or a role with no name, are not sign-offs
    ("Thanks for reading.\nYours sincerely\nChief Constable", "Chief Constable", None),
    ("The report follows.\nChild Protection\nPublic Protection Unit", "Child Protection", None),
    ("The report follows.\nNext Steps\nChief Officer Group", "Next Steps", None),
    ("Latest figures\nLocal Elections\nResults follow below.", "Local Elections", None),
    ("She said Jane Doe was there.\nMore follows.", "She said Jane Doe was there.", None),
])
def test_a_signature_is_a_name_on_its_own_line_in_a_sign_off(text, line, signature):
    start = text.index(line)
    end = signature_end(text, start, start + len(line), len(text))
    assert (text[start:end] if end > 0 else None) == signature


@pytest.mark.parametrize("question, text, answers", [
    ("Which senior officer chairs the board?", "The board is chaired by an Assistant Chief "
     "Constable.", True),
    ("Which officer reviews referrals?", "A detective inspector now reviews every referral.", True),
    ("Which HM Inspector led the inspection?", "Gloucestershire Police is taking action "
     "following an inspection by HMICFRS.", False),
])
def test_which_officer_is_answered_by_a_role_not_a_body(question, text, answers):
    assert asks_for_one(question)
    assert bool(ROLE_TITLE.search(text)) is answers


def test_which_officers_asks_for_people_not_one_person():
    assert WHICH_ROLE.search("Which officers were trained?")
    assert not asks_for_one("Which officers were trained?")
    assert not asks_for_one("Who re-inspected Staffordshire Police?")


@pytest.mark.parametrize("request_text, excerpts", [
    ("quotes on missing children", True), ("anything on police IT", True),
    ("Looking for excerpts on training in Wiltshire", True),
    ("extracts about neglect", True), ("material on call handler training", True),
    ("What did Wiltshire change on training?", False), ("Who quoted the inspectors?", False),
    ("Any grade for Glos?", False), ("Find out who wrote the letter", False),
    ("Show me how many officers were trained", False),
])
def test_requests_for_excerpts_are_told_from_questions(request_text, excerpts):
    assert bool(EXCERPTS.search(request_text)) is excerpts


def _cand(score, start, coverage=0.5, force="F"):
    doc = SimpleNamespace(doc_id="d")
    return Candidate(SimpleNamespace(doc=doc), start, start + 5, f"s{start}", score, coverage,
                     0.5, force)


def test_excerpt_requests_keep_more_and_less_close_runners_up():
    cands = [_cand(1.0, 0), _cand(0.8, 10), _cand(0.7, 20), _cand(0.65, 30), _cand(0.62, 40)]
    assert [c.start for c in select(cands, ())] == [0, 10]  # 0.72 of the best, at most 3
    assert [c.start for c in select(cands, (), excerpts=True)] == [0, 10, 20, 30]


@pytest.mark.parametrize("marker", ["- ", "– ", "• ", "1. ", "2) ", "(b) ", "(iv) ", "(B) "])
def test_a_list_item_finds_the_line_introducing_its_list(marker):
    text = (f"The force was inspected.\nWe recommend that the force:\n{marker}reviews its "
            f"training;\n{marker}audits its missing person cases.\nIt agreed.")
    item = text.index("audits")
    doc = SimpleNamespace(doc_id="d", text=text)
    c = Candidate(SimpleNamespace(doc=doc), item, text.index("\nIt agreed"),
                  "audits its missing person cases.", 1.0, 0.5, 0.5, "F")
    lead = _lead_in(c)
    assert lead is not None and lead.text == "We recommend that the force:"
    assert text[lead.start:lead.end] == lead.text
    plain = Candidate(SimpleNamespace(doc=doc), 0, 24, "The force was inspected.", 1, 0.5, 0.5,
                      "F")
    assert _lead_in(plain) is None


@pytest.mark.parametrize("sentence, kept", [
    ("“The steps we’ve taken will help us.", "The steps we’ve taken will help us."),
    ("It was rated ‘inadequate’.”", "It was rated ‘inadequate’."),
    ("“Quoted in full.”", "“Quoted in full.”"),
    ("‘We’re pleased,’ she said.", "‘We’re pleased,’ she said."),
])
def test_a_dangling_quotation_mark_is_dropped_but_not_for_an_apostrophe(sentence, kept):
    s, e = _strip_quotes(sentence, 0, len(sentence))
    assert sentence[s:e] == kept
