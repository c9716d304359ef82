"""The answering rules and weights, in one record, each of which can be switched off.

Every field is a rule or weight that earned its place: switching it off (False, or a weight of
0) lost questions on an evaluation set that was not used to choose it. `python -m qa eval
--ablate` measures that for every field; docs/evaluation.md lists the figures. A rule that
stops earning its place is removed, not left switched off.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Rules:
    # understanding the question
    glossary: bool = True  # policing abbreviations searched with what they stand for
    clipped: bool = True  # a clipped word read as the documents' word ("rec 4": recommendation)
    spelling: bool = True  # a misspelt word matched as the library's word ("decison")
    two_people: bool = True  # "names of the chief constable and the PP lead?": a part each
    name_asked: bool = True  # "what is the team called?" asks for a thing's own name
    new_person: bool = True  # a part asking who is answered by someone no other part names
    multi_part: bool = True  # "when... and what...?": each part answered (or said uncovered)
    borrow_topic: bool = True  # a follow-up pointing back with little topic of its own ("did
    #   they achieve it?"), or with none ("how did they respond?"), searches the earlier
    #   question's topic too
    counted: bool = True  # "how many X?": a figure of X shows the number asked for
    compared_boxes: bool = True  # "recommendations made to A vs B?" compares how many each got
    compared_figures: bool = True  # "which had more X, A or B?" asks for a figure of each
    tracked_follow_ups: bool = True  # a follow-up with little topic of its own ("...was it
    #   achieved?", "how did they respond?") after a question about what was recommended is
    #   answered from the recommendations tracker too
    force_acted: bool = True  # "what has Kent done about X?" asks for the force's own account
    excerpt_boxes: bool = True  # "quotes on X's handling of Y", "extracts about Y": asks
    #   for the boxes (recommendations, causes of concern), which rank higher
    demanded: bool = True  # "what were inspectors asking the force to change on Y?", "what
    #   should the force do about Y?": asks for the boxes (and the tracker) as "recommend" does
    worried: bool = True  # "what worried the inspectorate about Y?": asks for the boxes (causes
    #   of concern)
    # finding passages
    w_bm25: float = 0.3  # share of the keyword score beside the cosine (0.7)
    force_signal: float = 0.6  # a passage about a force the question names ranks higher
    w_kind_passage: float = 0.25  # ...and one holding the kind of answer asked for (a date...)
    w_genre: float = 0.45  # ...and one of the kind of source asked for (a response, a follow-up)
    w_numbered: float = 0.6  # ...and the box of a numbered recommendation asked about
    w_title: float = 0.3  # ...and a chunk of a document the question names by its title
    person_pool: bool = True  # "who...?": the passages naming someone are searched as a pool
    w_telling: float = 0.3  # ...and, for a question naming a force, one holding a sentence
    #   among the closest to the question that gives the kind of answer asked for
    # scoring sentences
    w_coverage: float = 1.0  # share of the question's weighted terms the sentence holds
    cue_coverage: bool = True  # ...the words asking for the force's response ("respond",
    #   "reply", "answer") are not among them: the genre ranks the source
    w_sentence: float = 0.6  # cosine of the sentence and the question
    w_passage: float = 0.3  # cosine of its passage and the question
    w_share: float = 0.3  # a share of what a how-many question counts, and no count of it
    #   ("around 44 percent of cases" for "how many cases?")
    w_earlier: float = 0.6  # a date of the first visit's document, when the question asks
    #   when a later visit was (its date is in the re-inspection or review)
    w_later: float = 0.3  # a sentence of a later visit's document (a re-inspection, a review)
    #   scores less when the question asks about an inspection and names no later visit
    w_specific: float = 0.45  # the sentence says something of its own: the mean rarity (IDF
    #   over the library's, 0-1) of its words the question does not use; a finding with its
    #   figure, place or practice outranks a stock line that repeats the topic
    w_kind_sentence: float = 0.3  # the sentence gives the kind of answer asked for
    w_elsewhere: float = 0.3  # the sentence names forces, none of them one asked about ("139
    #   children in the North Wales area..." for Derbyshire's): it scores less
    box_topic: bool = True  # a status under a numbered recommendation holds its topic words
    box_sentences: bool = True  # when the boxes are asked for (recommendations, extracts), a
    #   sentence of a report's own box counts as giving the kind of answer asked for
    box_label: bool = True  # ...and says its label's words ("Cause of concern")
    box_sections: bool = True  # ...and a web page's (or text's) section headed "Causes of
    #   concern" or "Recommendations" is read as a box, its heading as its label (a PDF's or
    #   Word report's boxes have their shape: its summary's sections so headed are no boxes)
    graded_area: bool = True  # a grade asked for an area ("for police detention") is given
    #   only by a sentence naming it: another area's grade neither leads nor answers
    case_grades: bool = True  # a case audit's grades ("27 of the 60 cases as good") give no
    #   grade of the force, unless the question asks about cases
    grade_words_asked: bool = True  # "rated", "graded" ask for the grade: not topic words
    signatures: bool = True  # a sign-off (name, role) answers who-questions
    speakers: bool = True  # a who-question's best sentence in the first person, naming no
    #   one ("I will hold the chief constable to account..."), is cited with who speaks it: the
    #   nearest "X said:" before it in its document, else the document's sign-off
    authors: bool = True  # "who wrote...?", "which reporter...?": a byline or sign-off
    #   answers, not someone the document quotes
    speaker_lead_ins: bool = True  # "X said:" answers, with the sentence it leads to
    table_rows: bool = True  # a table row giving the figure, grade or date asked for answers
    #   under its header row ("Force | Children missing..." over "Kent Police | 547"); a row
    #   naming another force than those asked about does not
    # choosing and ordering sentences
    runners_up: bool = True  # close runners-up join the best sentence
    each_force: bool = True  # a comparison cites each force's best sentence
    all_grades: bool = True  # "what grades did Kent get?": every grade of the passage giving one
    published_date: bool = True  # "when was it published?": the date line of the document's opening
    each_kind: bool = True  # "inspection date and grade?" cites the best giving each kind
    typed_first: bool = True  # a close runner-up giving a name or grade asked for leads
    kind_beside: bool = True  # the kind asked for (a date, a figure...) that the chosen
    #   sentences leave out is cited from a sentence of the best one's document sharing a term
    #   of the question that gives it ("when was the re-inspection's fieldwork done?": "Much of
    #   the fieldwork was done remotely." and "We carried out the re-inspection in November
    #   2020..."); not for a comparison
    answer_passage_first: bool = True  # the passage the answer rests on is listed first
    # declining
    weak_evidence: bool = True  # far in meaning and sharing few terms: declined (uncalibrated)
    missing_year: bool = True  # a year asked about must be in the passages
    missing_figure: bool = True  # "how many" needs a figure in the best sentence
    missing_grade: bool = True  # a grade asked for must be given
    missing_money: bool = True  # a sum asked for must be given
    missing_length: bool = True  # ...and a length of time ("how long...?", "the average wait")
    unknown_words: bool = True  # most of the question's words in no indexed document, and the
    #   best sentence far from it in meaning and in terms ("speed limit on a smart
    #   motorway?"): declined
    other_year: bool = True  # an answer led by a sentence naming years, none of them one
    #   asked about (nor its document's): "In 2017, 61 children..." for 2019's figure
    other_force: bool = True  # an answer led by a sentence naming only forces other than those
    #   asked about ("Bedfordshire's turnaround was 21 days" for Hertfordshire's) gives no
    #   answer of theirs
    which_officer: bool = True  # "which officer?" needs a name or a role
    named_office: bool = True  # "who is the chief constable?", "which HMI led it?": an answer
    #   must give that office (an assistant chief constable is not the chief constable)
    absent_source: bool = True  # a question naming a re-inspection or review, or a thematic
    #   report, of forces that no indexed document of that kind is about is declined (saying
    #   so), as one naming a force no document is about is
    unknown_thing: bool = True  # "how many X?" where no indexed document mentions X (a noun
    #   in no chunk: "burglaries", "police horses") is declined

    def without(self, name: str) -> "Rules":
        """These rules with one switched off."""
        value = getattr(self, name)
        return replace(self, **{name: False if isinstance(value, bool) else 0.0})


def names() -> list[str]:
    return [f.name for f in fields(Rules)]


DEFAULT = Rules()
