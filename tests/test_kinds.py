"""Kinds of answer (qa.ask.kinds): what a question asks for (a person, a date, a time, a
length of time, a figure, a grade, a sum, a status; one person or several), whether a text
gives it, and sign-offs. What a how-many question counts is test_counting.py's."""
import pytest

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
