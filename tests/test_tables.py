"""Table rows as answers (qa.ask.tables, Rules.table_rows): a row read under its table's
header, for the force asked about, of the area and the kind asked for; words that say what a
row gives lead. Shown on hand-written passages, as test_answer.py shows the other rules."""
from dataclasses import replace

from handmade import answer, cand, document, passage

from qa.ask.compose import prose_first
from qa.ask.rules import Rules
from qa.ask.tables import table_header
from qa.ask.understand import understand

RULES = Rules()


TABLE = document("Annex A: Figures by force\nForce | Children missing three or more times\n"
                 "Essex Police | 398\nKent Police | 547\nSurrey Police | 120\n", "t",
                 title="Missing children: a joint thematic inspection")
KENT_CASE = document("We examined a case in which a girl had been reported missing three times "
                     "in a week.", "k", "Kent Police")


def test_a_table_row_answers_under_its_header_for_the_force_it_names():
    """(Rules.table_rows) "How many Kent children went missing three or more times?": the
    thematic's table gives Kent's figure only as "Kent Police | 547" under its header; the
    answer quotes that row, read under the header, never another force's row, where a
    sentence of Kent's own report that tells of one case is all the rest offers."""
    question = "How many children in Kent went missing three or more times?"
    passages = [passage(KENT_CASE, default=0.6), passage(TABLE, rank=2, default=0.4)]
    a = answer(question, passages, forces=("Kent Police",))
    assert "Under “Force | Children missing three or more times”: “Kent Police | 547” [" \
        in a.text
    assert "Essex" not in a.text and "Surrey" not in a.text
    [row] = [c for c in a.citations if c.doc is TABLE]
    assert row.quote == "Kent Police | 547" == TABLE.text[row.start:row.end]
    assert "547" not in answer(question, passages, RULES.without("table_rows"),
                               forces=("Kent Police",)).text


def test_a_table_row_is_read_only_under_a_header_for_what_was_asked():
    """A row answers only for the forces asked about (named, or the filter's), under a header
    that is one (not a first row of grades), of the area a grade is asked for, and as a date
    only when it gives one (not a length of time)."""
    asked_filter = answer("How many children went missing three or more times?",
                          [passage(TABLE)], forces=("Kent Police", "Surrey Police")).text
    assert "Essex" not in asked_filter and "Kent Police | 547" in asked_filter
    grades = document("Kent Police | Good\nEssex Police | Inadequate\n", "g")
    assert "Essex Police | Inadequate" not in answer(
        "What grade did Essex get?", [passage(grades)], forces=("Essex Police",)).text
    custody = document("Force | Police custody\nEssex Police | Inadequate\n", "c")
    other_area = answer("What grade did Essex get for investigating crime?",
                        [passage(custody)], forces=("Essex Police",)).text
    assert "Essex Police | Inadequate" not in other_area
    assert "Essex Police | Inadequate" in answer("What grade did Essex get for police custody?",
                                                 [passage(custody)],
                                                 forces=("Essex Police",)).text
    waits = document("Force | Time taken to publish its action plan\nKent Police | 6 months\n",
                     "w")
    assert "6 months" not in answer("When did Kent publish its action plan?", [passage(waits)],
                                    forces=("Kent Police",)).text


def test_a_table_header_is_the_first_row_of_its_table_and_holds_no_figure():
    text = TABLE.text
    assert table_header(text, text.index("Kent Police")) == \
        "Force | Children missing three or more times"
    assert table_header(text, text.index("Force |")) == ""  # the header itself
    far = "Force | Figure | Note\n" + "".join(f"Row {n} | {n} | a note on the row\n"
                                               for n in range(400))
    assert table_header(far, far.index("Row 300 |")) == ""  # further back than it reads
    cache: dict = {}
    assert [table_header(far, far.index(f"Row {n} |"), cache) for n in (1, 2, 3)] == \
        ["Force | Figure | Note"] * 3


def test_words_that_say_what_a_row_gives_lead_the_answer():
    """A row chosen first gives way to a chosen sentence of the same force that says the
    kind asked for in words; a row with no such sentence keeps the lead."""
    audit = document("Category | Cases examined | Inadequate\nTotal | 104 | 19\n19 of the 104 "
                     "cases we examined were inadequate.", "a", "Kent Police")
    p = passage(audit)
    row = replace(cand(p, "Total | 104 | 19", 1.2), header="Category | Cases examined | "
                  "Inadequate")
    words = cand(p, "19 of the 104 cases we examined were inadequate.", 1.0)
    query = understand("How many cases were inadequate?")
    assert prose_first([row, words], query) == [words, row]
    other = cand(passage(document("The force has 12 teams.", "o", "Essex Police")),
                 "The force has 12 teams.")
    assert prose_first([row, other], query) == [row, other]


def test_a_header_may_name_a_year_and_a_date_and_a_rate_asks_for_a_figure():
    """A thematic's header "Force | NCA referrals 2021/22 | ... (31 March 2022)" holds a year
    and a date but no figure: its rows are read under it. "Kent vs Herts: number of NCA
    referrals?" compares Kent and Hertfordshire (the National Crime Agency beside them is where
    referrals come from, and stays a word of the topic); "Durham's transfer rate" asks for a
    figure, which its row gives."""
    online = document("Force | NCA referrals 2021/22 | Devices waiting (31 March 2022)\n"
                      "Hertfordshire | 830 | 203\nKent | 1,420 | 355\nDorset | 540 | 97\n", "o")
    q = understand("Kent vs Hertfordshire: number of NCA referrals in 2021/22?")
    assert q.forces == ("Kent Police", "Hertfordshire Constabulary") and "NCA" in q.text
    a = answer(q.question, [passage(online)], forces=q.forces)
    assert "“Kent | 1,420 | 355”" in a.text and "“Hertfordshire | 830 | 203”" in a.text, a.text
    assert "Dorset" not in a.text
    custody = document("Force | Charged and refused bail | Transfer rate\nDurham | 73 | 30%\n"
                       "Cumbria | 41 | 15%\n", "c")
    rate = answer("durham transfer rate custody thematic", [passage(custody)],
                  forces=("Durham Constabulary",))
    assert "“Durham | 73 | 30%”" in rate.text, rate.text
