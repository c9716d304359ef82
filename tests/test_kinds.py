"""Kinds of answer (qa.ask.kinds): what a question asks for (a person, a date, a time, a
figure, a grade, a sum, a status; one person or several; what a how-many question counts; a
figure of each force compared), whether a text gives it, and sign-offs."""
import pytest

from qa.ask.counting import counted, counts, shares_of
from qa.ask.kinds import asks_for_one, people, shows, signature_end, wanted
from qa.ask.offices import asked_office, gives_office
from qa.ask.rules import Rules
from qa.ask.understand import understand

RULES = Rules()


# --- what a question wants ------------------------------------------------------------------

@pytest.mark.parametrize("question, kinds", [
    ("Who runs the exploitation team?", ["person"]),
    ("Whose idea was the monthly board?", ["person"]),
    ("Which detective sergeant reviewed the files?", ["person"]),
    ("Do you know which individual approved it?", ["person"]),
    ("When does the new plan start?", ["time"]),
    ("Since when has the desk been staffed?", ["time"]),
    ("How long will the audit take?", ["time"]),
    ("What year did the hub open?", ["date"]),
    ("When did the hub open?", ["date"]),  # when it happened: a date, not a length of time
    ("When did the force have to answer?", ["time"]),  # a deadline may be a length of time
    ("Essex report - publication date?", ["date"]),
    ("Is the policy up to date?", []),
    ("So could you tell me when the audit ends?", ["time"]),  # leading words change nothing
    ("Kent re-inspection - when did they go back?", ["date"]),  # the topic, then a dash
    ("Herts hub: when did it open?", ["date"]),  # ...or a colon
    ("Glos excerpt - what HMI said about the hub", []),  # what was said, not which HMI
    ("What did the force do for children, who were held overnight?", []),  # no new question
    ("How many staff joined the hub?", ["number"]),
    ("What share of referrals were late?", ["number"]),
    ("How much effort went into the audit?", ["number"]),  # effort is not money
    ("How were call handlers graded?", ["grade"]),
    ("What rating did the hub receive?", ["grade"]),
    ("What was the cost of the new phones?", ["money"]),
    ("How much was spent on laptops?", ["money"]),  # a sum, not any figure
    ("How much did Kent spend on overtime, how many hours?", ["number", "money"]),
    ("What is the salary of Kent's chief constable?", ["money"]),  # a sum by its name
    ("What's the policing precept in Kent?", ["money"]),
    ("What's the PCC funding to tackle exploitation?", []),  # a verb: what is funded
    ("What was the gender pay gap in Kent?", []),  # a sum names something else: a share
    ("What is the precept consultation about?", []),
    ("What were the costs to the taxpayer?", ["money"]),
    ("What investment went into body cameras?", []),  # what, not how much
    ("What does the document state on neglect?", []),
    ("Which teams handle online grooming?", []),  # a team, not a person
    ("What did detectives say about supervisors?", []),  # a verb before the role
    ("What Did The Review Conclude On Staffing?", []),  # capitalised verbs are still verbs
    ("Have they put more detectives on it?", []),  # more, but no comparison of figures
    ("What is the number of stalking desks?", ["number"]),
    ("Kent - number of stalking desks?", ["number"]),
    ("Did a number of stalking desks close?", []),
    ("What is the size of the stalking desk's backlog?", ["number"]),  # a figure, of any unit
    ("Where do Kent's officers and social workers sit together?", ["place"]),
    ("Where is the stalking desk based?", ["place"]),
    ("Where does Kent stand on recommendation 2?", []),  # how far it has got, not a place
    ("Where has Kent gone for outside advice?", []),  # whom it asked
    ("Where did inspectors find delays in Kent?", []),  # in which work, not at which place
    ("Where does responsibility for missing children sit?", []),
    ("Where were the recommendations met?", []),
    ("Where is the custody suite?", ["place"]),
    ("How big was the backlog when it was inspected?", ["number"]),
    ("Which desk opened first, Kent's or Dorset's?", ["time"]),
    # a later visit named: how far the force got, unless its words or a thing are asked for
    ("What did the re-inspection find on custody?", ["status"]),
    ("Exact line from the re-inspection on custody?", []),
    ("Kent re-inspection - what hub do police and social workers now share?", ["name"]),
    ("What did the follow-up find on what children say?", ["status"]),  # a clause, not a what
    ("Kent re-inspection: which recommendations were achieved?", ["status"]),
    ("Which recommendations were met at the Kent re-inspection?", ["status"]),
    ("How big a problem is domestic abuse in Kent?", []),  # no figure asked
    ("Has the desk recommendation been met?", ["status"]),
    ("What is the status of the desk recommendation?", ["status"]),
    # a thing's own name
    ("Kent joint hub with social workers, whats it called", ["name"]),
    ("What is the Kent missing children team called?", ["name"]),
    ("Kent missing children team name?", ["name"]),
    ("kent child exploitation op name??", ["name"]),
    ("Name of the development course Kent sergeants are sent on?", ["name"]),
    ("What development programme do Kent sergeants go on?", ["name"]),
    ("Which tool does the control room use?", ["name"]),
    ("Which campaign did Kent run in February?", ["name"]),
    ("What was the report called?", []),  # no team, hub or the like: a title, maybe
    ("What are officers called who do this?", []),
    ("Name of the chair of the board?", []),  # someone's name, not the board's
    ("Which teams handle online grooming?", []),  # what they do, not which are named
    ("What did the team find?", []),
])
def test_the_kind_of_answer_a_question_wants(question, kinds):
    assert wanted(question) == kinds


def test_name_asked_switched_off_reads_no_name_asked():
    """(Rules.name_asked) the question's kinds as understood, with the rule and without."""
    assert understand("Kent missing children team name?").wants == ("name",)
    assert understand("Kent missing children team name?",
                      rules=RULES.without("name_asked")).wants == ()


@pytest.mark.parametrize("question, one", [
    ("Which detective sergeant reviewed the files?", True),
    ("Which Kent inspector signed it off?", True),
    ("Which sergeants reviewed the files?", False),  # people, not one person
    ("Which chief superintendents attended?", False),
    ("Who reviewed the files?", False),  # a team or a body may answer "who"
])
def test_which_officer_asks_for_one_person(question, one):
    assert asks_for_one(question) is one


@pytest.mark.parametrize("question, office", [
    ("Who is the chief constable of Lincs?", "chief constable"),
    ("who's the force's chief constable", "chief constable"),
    ("Name of the force's chief constable?", "chief constable"),
    ("The chief constable's name?", "chief constable"),
    ("Who is the deputy chief constable?", "deputy chief constable"),  # not the chief
    ("who is the ACC for crime", "assistant chief constable"),
    ("Which HMI led the inspection?", "inspector of constabulary"),
    ("Which HM Inspector led the revisit?", "inspector of constabulary"),
    ("Name of the inspector of constabulary behind the report?", "inspector of constabulary"),
    ("Who is the PCC for the area?", "police and crime commissioner"),
    ("What did the chief constable say?", ""),  # asks what was said, not who holds it
    ("Who did the chief constable appoint?", ""),
    ("Which football club does the chief constable support?", ""),
    ("Who leads on public protection?", ""),  # no office named
    ("Who was the chief constable's deputy?", ""),  # someone else
    ("Who is working for the PCC?", ""),
    ("Who reports to the chief constable?", ""),
])
def test_a_who_question_can_name_the_office_it_asks_for(question, office):
    assert asked_office(question) == office


@pytest.mark.parametrize("text, office, given", [
    ("Chief Constable Jane Doe said the force had listened.", "chief constable", True),
    ("Jane Doe, our chief constable, said the force had listened.", "chief constable", True),
    ("Assistant Chief Constable Deb Smith said:", "chief constable", False),
    ("Deputy Chief Constable Tom Bell said:", "chief constable", False),
    ("Deputy\nChief Constable Tom Bell said:", "chief constable", False),  # a PDF's line break
    ("Deputy Chief Constable Tom Bell said:", "deputy chief constable", True),
    ("the Lord Mayor of Leeds", "police and crime commissioner", False),
    ("HM Inspector of Fire & Rescue Services Ann Lee", "inspector of constabulary", False),
    ("Wendy Williams\nHis Majesty’s Inspector of Constabulary", "inspector of constabulary",
     True),
    ("HMI Wendy Williams led the inspection.", "inspector of constabulary", True),
    ("Inspector Amir Khan reviews the files.", "inspector of constabulary", False),  # a rank
    ("the Police, Fire and Crime Commissioner for North Yorkshire, Ann Lee",
     "police and crime commissioner", True),
    ("the Deputy Mayor for Policing and Crime, Sam Ray", "police and crime commissioner", True),
])
def test_a_text_gives_an_office_in_any_of_its_forms(text, office, given):
    assert gives_office(text, office) is given


@pytest.mark.parametrize("kind, text, shown", [
    ("person", "Detective Sergeant Amir Khan said the backlog had gone.", True),
    ("person", "Dr Ruth Evans told the panel the hub was busy.", True),
    ("person", "Tom Baker, the hub manager, explained the new rota.", True),
    ("person", "A Kent Police spokesman said the force welcomed the report.", False),
    ("person", "Kent Police said it would act.", False),  # a body names nobody
    ("person", "The sergeant said the rota worked.", False),  # a role alone names nobody
    ("person", "Officers are said to be tired.", False),
    ("time", "The hub opened in October 2021.", True),
    ("time", "Staff will be trained within three months.", True),
    ("time", "In the coming weeks the hub opens.", True),
    ("time", "It will be reviewed this year.", True),
    ("time", "The hub opened recently.", False),
    ("time", "Seized devices waited 203 days on average.", True),  # how long: a length of time
    ("time", "A 14-year-old girl was seen; she was 14 years old.", False),  # an age is none
    ("time", "Children aged 14 years and those under 18 years of age.", False),
    ("time", "After many months of work the hub opened.", False),
    ("time", "Seven detectives joined.", False),
    ("date", "The hub opened in October 2021.", True),
    ("date", "In 2021 the hub opened.", True),
    ("date", "Staff will be trained within three months.", False),  # a length of time
    ("date", "Recommendation 4 (2020 inspection)", False),  # a year naming a report
    ("date", "The 2021 report found delays.", False),
    # "when were inspectors on site?" is not answered by a press release's "published today"
    ("date", "The force has responded to the publication today of the report.", False),
    ("money", "The force spent £400,000 on cameras.", True),
    ("money", "The budget rose to 2.1 million.", True),
    ("money", "Each camera cost 300 pounds.", True),
    ("money", "The force spent a great deal on cameras.", False),
    ("place", "Police and social workers now share an office at the Ember hub.", True),
    ("place", "The stalking desk is based in Maidstone.", True),
    ("place", "The force has a multi-agency safeguarding hub.", False),  # no hub by name
    ("place", "Officers work closely with social workers.", False),
    ("place", "The hub was understaffed.", False),  # a capital opening the sentence
    ("place", "The Home Office funds the programme.", False),
    ("number", "Nine officers joined.", True),
    ("number", "Nearly half of the referrals were late.", True),
    ("number", "Officers joined.", False),
    ("grade", "Inspectors judged the hub to be inadequate.", True),
    ("grade", "The force was graded ‘requires improvement’ for call handling.", True),
    ("grade", "It was rated outstanding.", True),
    ("grade", "We judged the handling of online referrals to be inadequate.", True),
    ("status", "Status: partially achieved", True),
    ("status", "This recommendation has now been implemented.", True),
    ("status", "The force should achieve a better balance.", False),
    ("grade", "The hub is a good example of joint working.", False),  # "good", not a grade
    ("grade", "Officers said the training was adequate for their needs.", False),
    ("name", "We opened the Granite hub, where police and social workers sit together.", True),
    ("name", "A new unit called the Sentinel team will focus on missing children.", True),
    ("name", "A new risk triage tool known as Falcon is now used.", True),
    ("name", "Operation Beacon targets exploitation.", True),
    ("name", "All sergeants now attend Quarry, a development programme for supervisors.", True),
    ("name", "The hub opened in May.", False),
    ("name", "Specialist teams were set up.", False),  # a capital opening the sentence
    ("name", "However, the team was understaffed.", False),
    ("name", "The force's ‘Sentinel’ team leads on missing children.", True),
    ("name", "The Multi-Agency Child Exploitation (MACE) team meets weekly.", True),
    ("name", "Op ENCOMPASS alerts schools.", True),
    ("name", "Officers work closely with the team.", False),
])
def test_a_text_shows_an_answer_of_a_kind(kind, text, shown):
    assert shows(text, [kind]) is shown


def test_no_kind_asked_is_shown_by_nothing():
    assert not shows("Nine officers joined in October 2021.", [])


@pytest.mark.parametrize("text, line, signature", [
    ("We will keep you informed.\nYours faithfully\nPriya Shah\nDetective Chief Inspector",
     "Priya Shah", "Priya Shah\nDetective Chief Inspector"),
    ("With thanks for your help.\nBest regards\nOwen MacLeod", "Owen MacLeod", "Owen MacLeod"),
    ("The plan follows.\nContact: Ali Hassan, Media Relations\n",
     "Contact: Ali Hassan, Media Relations", "Contact: Ali Hassan, Media Relations"),
    ("Thank you.\nSean O'Brien\nChief Superintendent", "Sean O'Brien",
     "Sean O'Brien\nChief Superintendent"),
    # a role without a name, a heading above a team, a name inside a sentence: no sign-off
    ("Thank you.\nYours faithfully\nChief Superintendent", "Chief Superintendent", None),
    ("Our teams\nMissing Persons\nVulnerability Unit", "Missing Persons", None),
    ("Next steps\nPublic Safety\nCommand Team\n", "Public Safety", None),
    ("We met Priya Shah there.\nMore follows.", "We met Priya Shah there.", None),
])
def test_a_signature_is_a_name_on_its_own_line_in_a_sign_off(text, line, signature):
    start = text.index(line)
    end = signature_end(text, start, start + len(line), len(text))
    assert (text[start:end] if end > 0 else None) == signature


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


@pytest.mark.parametrize("question", ["What chief concerns did inspectors raise?",
                                      "What lead times apply to referrals?",
                                      "What leads to delays in strategy meetings?"])
def test_part_of_a_title_alone_asks_for_no_one(question):
    """"Chief", "lead" and "head" are parts of titles (roles.csv: prefix), not roles."""
    assert not asks_for_one(question) and "person" not in wanted(question)


@pytest.mark.parametrize("text, named", [
    ("Mohammed Needham, the force’s chief constable, said: “We will act.”", {"Mohammed Needham"}),
    ("I am grateful to Chief Constable Mohammed Needham and his officers.", {"Mohammed Needham"}),
    ("We spoke to the lead for public protection, Temporary Assistant Chief Constable Daniel "
     "Penhaligon.", {"Daniel Penhaligon"}),
    ("A spokesperson said the force would act.", set()),
])
def test_people_are_the_names_a_sentence_gives(text, named):
    """kinds.people: a title is no part of the name ("Chief Constable Jane Doe" is Jane Doe)."""
    assert people(text) == named


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


@pytest.mark.parametrize("question", [
    "What is the average time to hold a strategy discussion in Oxfordshire?",
    "What are GMP's average response times to 999 calls?",
    "longest delay in a DA referral to social care that inspectors found at humberside?",
    "What was the typical wait for a device to be examined?"])
def test_an_average_or_longest_time_asks_for_a_length_of_time(question):
    assert "length" in wanted(question)


@pytest.mark.parametrize("question, kind", [
    ("How long did notifications take to reach social care?", "length"),
    ("How long has the hub been open?", "time"),  # since when
    ("How long is the recruitment campaign open for?", "time"),  # until when
    ("When did the hub open?", "date")])
def test_how_long_asks_for_a_length_of_time_unless_since_or_until_when(question, kind):
    assert wanted(question) == [kind]


def test_unsaid_is_a_sentence_saying_the_fact_is_not_given():
    from qa.ask.kinds import unsaid
    for text in ("The hub is still expected to open, but the force could not say when.",
                 "The force did not say how many detectives it hopes to recruit.",
                 "No date has yet been set for the opening.",
                 "The precise allocation had not been decided at the time of our review.",
                 "Its data was not reliable enough for us to confirm this."):
        assert unsaid(text), text
    for text in ("112 referrals had not been given to an investigator.",
                 "Officers often did not know that an interview had taken place.",
                 "The hub opened in May 2021."):
        assert not unsaid(text), text


def test_force_graded_leaves_out_a_case_audits_grades():
    from qa.ask.kinds import force_graded
    for text in ("They rated 27 of the 60 cases they looked at as good.",
                 "Almost a third of its cases had been judged inadequate.",
                 "The 12 inadequate cases were referred back."):
        assert not force_graded(text), text
    for text in ("We graded the force as good.", "In 2022 the force was graded inadequate.",
                 "The force was rated \"inadequate\" overall, and 9 cases were inadequate."):
        assert force_graded(text), text


@pytest.mark.parametrize("question, figure", [
    ("durham transfer rate custody thematic", True), ("What was the charge rate in Herts?", True),
    ("How did officers rate the training?", False), ("How was the force rated?", False)])
def test_a_rate_asks_for_a_figure_and_the_verb_does_not(question, figure):
    assert ("number" in wanted(question)) == figure


@pytest.mark.parametrize("text, named", [
    ("Joanne Ashcroft-Reid, Greater Manchester's Deputy Mayor for Policing and Crime, has said "
     "the findings were disappointing.", True),
    ("Jane Doe had told the board about it.", True),
    ("Kent Police has said it will act on the report.", False)])
def test_a_name_before_has_said_names_someone(text, named):
    assert shows(text, ["person"]) == named


@pytest.mark.parametrize("question, when", [
    ("Which force was inspected first, Kent or Essex?", True),
    ("Which was inspected earlier - Kent or Essex?", True),
    ("Which force had more inadequate cases at its first child protection inspection - "
     "Humberside or Cumbria?", False)])
def test_which_first_asks_when_but_a_first_inspection_does_not(question, when):
    assert ("time" in wanted(question)) == when
