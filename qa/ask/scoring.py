"""Scoring the sentences of the retrieved passages against the Query.

Owns a sentence's score and what goes into it: what the question weighs (its terms, the area a
grade is asked for, whether it asks about the first visit or a later one), what a passage adds
(the numbered box asked about, a box of the report's own, a later or an earlier visit's
document) and what the sentence shows (the kind of answer asked for, a grade of the area asked,
a speaker's lead-in, a sign-off). Cutting sentences is sentences'; choosing among them compose's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.ask import genres
from qa.ask.counting import HOW_MUCH_SHARE, shares_of
from qa.ask.kinds import (CASE_NOUNS, GRADE_ASKING_TERMS, GRADES, WANTS, asks_author,
                          force_graded, shows, signature_end)
from qa.ask.offices import gives_office
from qa.ask.rules import DEFAULT, Rules
from qa.ask.sentences import (FORCE_WORDS, ITEM, Candidate, box_text, elsewhere, is_statement,
                              shares_term, strip_quotes, told_row)
from qa.ask.tables import grade_cell, read_row
from qa.ask.understand import YEAR, Query, search_terms, topic_terms
from qa.index.keywords import default_idf, terms
from qa.ingest.chunking import page_starts, sentence_spans
from qa.ingest.cleaning import FOOTNOTE_MARKS
from qa.ingest.files import FLOWING
from qa.types import Passage

# The area a grade is asked for: what follows "graded/rated/grade... for/on/in/at" ("what grade
# did Kent get for police detention?"); "What grade did Kent get?" names none.
_GRADED_AREA = (re.compile(r"\b(?:grade[sd]?|grading|rated|rating|ratings|judged)\b[^?]*?"
                           r"\b(?:for|on|in|at)\s+([^?;]+)", re.I),
                re.compile(r"\bhow\s+(?:was|were|is|are)\s+([^?;]+?)\s+(?:rated|graded|judged)\b",
                           re.I))  # "how was initial contact rated?"
# ...less words naming no area ("in its latest inspection", "in the 2023 report")
_NOT_AREA = frozenset(terms(" ".join(genres.NOT_TOPIC) + " latest last recent previous first "
                            "overall year years forc get got peel inspection report"))


def area_terms(question: str, idf: dict[str, float], rarest: float) -> set[str]:
    """The terms of the area a grade is asked for that could name one: not a force's, a
    year, nor words most chunks hold ("child", "protection")."""
    return {t for t in set(terms(graded_area(question))) - FORCE_WORDS - _NOT_AREA
            if idf.get(t, rarest) >= AREA_IDF and not t[0].isdigit()}


def gives_grade(text: str) -> bool:
    """The sentence gives an inspection grade ("rated as good", "was inadequate.")."""
    return shows(text, ["grade"]) or bool(_GRADE_WORD.search(text))


def graded_area(question: str) -> str:
    """The words naming the area a grade is asked for, or ''."""
    return " ".join(m.group(1) for m in (p.search(question) for p in _GRADED_AREA) if m)


REPORT_PAGES = 10  # a document this long is a report, not a news item or a statement
# a grade stated of something ("...was adequate.", "is good for..."), not "a good standard"
# A question about a case audit ("how were the cases graded?")
_CASES = re.compile(r"\b(?:" + CASE_NOUNS + r"|audit\w*)\b", re.I)
_GRADE_WORD = re.compile(r"\b(?:was|were|is|are|been|be|as)\s+" + GRADES +
                         r"(?=\s*(?:[.;,)]|$|\s+(?:for|on|in|overall)\b))", re.I)
AREA_IDF = 1.0  # a term of the graded area asked about is rarer than this ("police",
#   "children" and "force" are in most chunks of an inspection library and name no area)

_INSPECTION = re.compile(r"\binspect(?:ion|ed)\b", re.I)
# "when was the original inspection, before the revisit?" asks when the first visit was
_FIRST_VISIT = re.compile(r"\b(?:original|initial|first|earlier|previous|prior)\s+"
                          r"(?:inspections?|visits?)\b", re.I)
# A labelled value on a line of its own ("Status: not achieved", "Grade: good"): an answer when
# the value is the kind asked for, though it is no sentence.
_LABELLED = re.compile(r"^[A-Z][^:.!?\n]{2,60}:\s+\S[^\n]{0,80}$")


@dataclass(frozen=True)
class _Asked:
    """What the question weighs, worked out once for all its sentences."""

    wants: list[str]
    q_terms: set[str]  # the question's terms a sentence is scored on
    q_weight: float  # their weight
    idf: dict[str, float]
    rarest: float  # the weight of a term no chunk holds
    area: set[str]  # the terms of the area a grade is asked for
    author: bool  # asks who wrote the document (a byline or sign-off, not a quote)
    signer: bool  # ...who signed it
    part_terms: list[set[str]]  # each part's terms, for a multi-part question
    own_terms: list[set[str]]  # each part's own words (not borrowed from the first part)
    first_visit: bool  # asks about the inspection itself, not a later visit
    shared: bool  # "how many cases?": a share of cases is no count of them
    revisit_date: bool  # asks when a later visit was
    revisited: dict[str, str]  # per force, the date of its first later visit's document
    forces: tuple[str, ...] = ()  # the forces asked about (named, or the filter's)
    case_grades: bool = True  # a case audit's grades count as grades (the question is about
    #   cases, or Rules.case_grades is off)
    tables: dict = field(default_factory=dict)  # per document, its table rows' walks

    def weigh(self, ts: set[str]) -> float:
        return sum(self.idf.get(t, self.rarest) for t in ts)

    def specific(self, ts: set[str]) -> float:
        return self.weigh(ts) / (self.rarest * len(ts)) if ts else 0.0


@dataclass(frozen=True)
class _Place:
    """What a passage adds to the scores of its sentences."""

    pinned: bool  # it holds the box of the numbered recommendation asked about
    box_terms: set[str]  # the terms of the numbered box it is under, when a status is asked
    boxed: bool  # a box of the report's own, when the boxes are asked for
    label: set[str]  # ...the terms of its label line ("Cause of concern"), said by each sentence
    later: float  # the penalty of a later visit's document, asked about the inspection
    earlier: bool  # a document from before the later visit asked about


def candidates(query: Query, passages: list[Passage], idf: dict[str, float], n_docs: int,
               rules: Rules = DEFAULT, forces: tuple[str, ...] = ()) -> list[Candidate]:
    """Every usable sentence of the passages, scored against the query, best first. `forces`:
    those the search focused on (named, or the filter's; else the query's)."""
    asked = _asked(query, passages, idf, n_docs, rules, forces or query.forces)
    out = []
    for p in passages:
        place = _place(p, query, asked, rules)
        spans = p.sentences or tuple((s, e, p.similarity) for s, e in
                                     sentence_spans(p.doc.text, p.chunk.start, p.chunk.end,
                                                    page_starts(p.doc)))
        for s, e, sim in spans:
            c = _scored(p, *_cut(p.doc.text, s, e), sim, query, asked, place, rules)
            if c is not None:
                out.append(c)
    return sorted(out, key=lambda c: -c.score)


def _asked(query: Query, passages: list[Passage], idf: dict[str, float], n_docs: int,
           rules: Rules, forces: tuple[str, ...]) -> _Asked:
    """What the question weighs, for all its sentences."""
    wants = list(query.wants)
    q_terms = set(search_terms(query))
    if "response" in query.genres and rules.cue_coverage:
        # "how did Kent respond on X?": a sentence saying the force responded is not about X
        cues = q_terms - set(search_terms(query, genres.without_cues(query.text, "response")))
        q_terms = (q_terms - cues) or q_terms
    if "grade" in wants and rules.grade_words_asked:  # they ask for the grade, which the
        q_terms -= GRADE_ASKING_TERMS  # kind bonus weighs; the graded area is the topic
    rarest = default_idf(n_docs)  # a term no chunk holds
    # "what grade for police detention?": a grade answers it only when given for that area
    area = area_terms(query.question, idf, rarest) \
        if "grade" in wants and rules.graded_area else set()
    author = rules.authors and "person" in wants and asks_author(query.question)
    fixed = dict(query.spelled)
    # "When was Kent inspected?", "which HMI led the Kent inspection?": the inspection itself,
    # not a re-inspection or review (which the question would name, or ask the progress of)
    first_visit = bool(rules.w_later) and "follow-up" not in query.genres \
        and not WANTS["status"].search(query.question) \
        and (bool(_INSPECTION.search(query.question))
             or query.office == "inspector of constabulary")
    # "when did inspectors go back?", "when was the re-inspection report published?"
    revisit_date = bool(rules.w_earlier) and "follow-up" in query.genres \
        and bool({"date", "time"} & set(wants)) and not _FIRST_VISIT.search(query.question)
    weight = sum(idf.get(t, rarest) for t in q_terms) or 1.0
    return _Asked(
        wants, q_terms, weight, idf, rarest, area, author,
        signer=author and bool(re.search(r"\bsign", query.question, re.I)),
        part_terms=[set(search_terms(query, p.text)) for p in query.parts],
        own_terms=[{fixed.get(t, t) for t in topic_terms(p.asked)} for p in query.parts],
        first_visit=first_visit,
        # "how many cases did they look at?": not "around 44 percent of cases"
        shared=bool(rules.w_share) and "number" in wants and bool(query.counted)
        and not HOW_MUCH_SHARE.search(query.question),
        revisit_date=revisit_date,
        revisited=_revisited(passages) if revisit_date else {},
        forces=forces,
        case_grades=not rules.case_grades or bool(_CASES.search(query.question)))


def _place(p: Passage, query: Query, asked: _Asked, rules: Rules) -> _Place:
    """What the passage adds to its sentences' scores."""
    doc = p.doc
    # asked for the boxes, a box of a report's own answers (not one that a response or a
    # later visit's document quotes)
    of_doc = genres.of_document(doc.meta, doc.file) \
        if query.genres or asked.first_visit else set()
    here = of_doc | genres.of_section(p.chunk.section) \
        if asked.first_visit or asked.revisit_date else set()  # the passage's genres
    # a web page's (or text's) "Causes of concern" section: a report's boxes have their shape
    # (a PDF's or Word document's section so headed is its summary of them)
    heading = p.chunk.section.rsplit(" > ", 1)[-1] \
        if rules.box_sections and doc.file.lower().endswith(FLOWING) else ""
    under_box = genres.of_section(heading) == {"box"}  # not "Progress against recommendations"
    boxed = rules.box_sentences and "box" in query.genres \
        and (p.chunk.kind == "recommendation" or under_box) \
        and not of_doc & {"response", "follow-up"}
    label = " ".join(_LABEL.findall(p.chunk.text) + [heading] * under_box) \
        if boxed and rules.box_label else ""
    return _Place(
        # the box of the numbered recommendation asked about answers it, in words of its own
        pinned=bool(query.numbered) and genres.carries(p.chunk.text, query.numbered),
        # a status given under a numbered box is about what the box recommended
        box_terms=set(terms(box_text(p))) if "status" in asked.wants and rules.box_topic
        else set(),
        boxed=boxed, label=set(terms(label)),
        # a later visit's document, when the question asks about an inspection and no later one
        later=rules.w_later if asked.first_visit and "follow-up" in here else 0.0,
        # ...and the first visit's report (a long document of neither later genre: news and
        # statements tell of the revisit too), the force's response to it, or any document
        # dated before the force's first later visit's, when the question asks when a later
        # visit was; in any document, a date more than a year before that later visit's
        # (_before)
        earlier=asked.revisit_date and "follow-up" not in here
        and ("response" in here or len(doc.pages) >= REPORT_PAGES
             or "" < doc.meta.published < asked.revisited.get(doc.meta.force, "")))


# A box's label and heading: a line of a few words with no stop ("Cause of concern", "Area
# for improvement")
_LABEL = re.compile(r"^[ \t]*([A-Z][^\n.:;]{2,40}?):?[ \t]*$", re.M)


def _cut(text: str, s: int, e: int) -> tuple[int, int, bool]:
    """A sentence's span without dangling quotation marks, footnote marks after its stop, or
    a list item's marker (and the "and" joining the next item); and whether it is an item."""
    s, e = strip_quotes(text, s, e)
    while e > s and text[e - 1] in FOOTNOTE_MARKS:  # "...was good.¹"
        e -= 1
    bullet = ITEM.match(text, s, e)
    if bullet:  # the item without its marker, and without the "and" joining the next
        s = bullet.end()
        joined = re.search(r";\s+(and|or)$", text[s:e])
        e = s + joined.start() + 1 if joined else e
    return s, e, bool(bullet)


def _scored(p: Passage, s: int, e: int, bullet: bool, sim: float, query: Query, asked: _Asked,
            place: _Place, rules: Rules) -> Candidate | None:
    """The sentence at s:e scored, or None when it is no answer on its own (a heading, a
    fragment, a lead-in leading nowhere)."""
    doc, wants = p.doc, asked.wants
    signed = signature_end(doc.text, s, e, p.chunk.end) \
        if "person" in wants and rules.signatures else -1
    e = max(e, signed)
    text = doc.text[s:e]
    header, row_force = read_row(doc.text, s, text, wants, asked.tables.setdefault(doc.doc_id, {})) \
        if rules.table_rows and signed < 0 else ("", "")
    if row_force and asked.forces and row_force not in asked.forces:
        return None  # another force's row of a table about many
    # A sign-off speaks for its whole document: the document's title counts as its words; a
    # table row, its header's.
    said = set(terms(f"{doc.meta.title}\n{text}" if signed > 0 else
                     f"{header}\n{text}" if header else text)) | place.label
    if header and asked.area and "grade" in wants and not asked.area & said:
        return None  # a table of another area's grades
    typed, someone, graded = _shows(text, signed, said, query, asked)
    if header:  # (it gives the kind asked for: _row)
        typed, graded = True, "grade" in wants and grade_cell(text)
    # "X said:" leads to what X said when the question asks who, or names X.
    speaker = rules.speaker_lead_ins and text.endswith(":") and someone \
        and ("person" in wants or bool(asked.q_terms & said))
    # "Status: not achieved" (its value gives the kind; "Table 1: Results" gives none)
    labelled = typed and bool(_LABELLED.match(text)) \
        and shows(text[text.index(":") + 1:], wants, query.counted)
    # a short sentence is a heading or fragment, unless it states what was asked for
    # ("We have made 6 recommendations.")
    short = len(text.split()) < 6 and not (
        typed and wants and len(text.split()) >= 3 and is_statement(text))
    if signed < 0 and not labelled and not header and (short or not (
            bullet or is_statement(text) or speaker or told_row(text))):
        return None  # headings, fragments and other lead-ins answer nothing alone
    # (a table row gives the kind asked for only in its table's terms: it counts as giving
    # it when it names the force asked about, as a table of forces' figures does; else words
    # that say it lead, and the row is there for what they leave out)
    given = typed and (not header or (bool(row_force) and bool(asked.forces)))
    score, coverage = _score(p, text, said, sim, typed, given, query, asked, place, rules)
    named = "person" in wants and someone
    # A sentence naming the person asked for ("Deb Smith said:") may say little of the
    # topic itself: its passage does, and counts as its evidence.
    evidence = max(sim, p.similarity) if named else sim
    parts = tuple(asked.weigh(t & said) / (asked.weigh(t) or 1.0) for t in asked.part_terms)
    words = tuple(not t or shares_term(t, said) for t in asked.own_terms)
    return Candidate(p, s, e, text, score, coverage, evidence, doc.meta.force, named,
                     graded, parts, words, signed > 0,
                     header=header, row_force=row_force)


def _score(p: Passage, text: str, said: set[str], sim: float, typed: bool, given: bool,
           query: Query, asked: _Asked, place: _Place, rules: Rules) -> tuple[float, float]:
    """The sentence's score, and its coverage (the share of the question's weighted terms it
    holds; a status under a numbered box holds the box's). `given`: it gives the kind asked."""
    q_terms, q_weight = asked.q_terms, asked.q_weight
    coverage = asked.weigh(q_terms & said) / q_weight
    if place.box_terms and shows(text, ["status"]):
        coverage = max(coverage, asked.weigh(q_terms & place.box_terms) / q_weight)
    score = rules.w_coverage * coverage + rules.w_sentence * sim \
        + rules.w_passage * p.similarity + rules.w_kind_sentence * (given or place.boxed) \
        + rules.w_numbered * place.pinned + rules.w_specific * asked.specific(said - q_terms) \
        - place.later \
        - (rules.w_earlier if typed and (place.earlier or _before(
            text, asked.revisited.get(p.doc.meta.force, ""))) else 0.0) \
        - (rules.w_share if asked.shared and shares_of(text, query.counted) else 0.0) \
        - (rules.w_elsewhere if rules.w_elsewhere
           and elsewhere(text, asked.forces, p.doc.meta.force) else 0.0)
    return score, coverage


def _shows(text: str, signed: int, said: set[str], query: Query,
           asked: _Asked) -> tuple[bool, bool, bool]:
    """Whether the sentence gives the kind of answer asked for, names someone (a person is
    asked for, or it leads in to what they said) and gives a grade of the area asked."""
    wants = asked.wants
    typed = signed > 0 or shows(text, wants, query.counted)
    someone = signed > 0 or (("person" in wants or text.endswith(":"))
                             and shows(text, ["person"]))
    if asked.author and (signed < 0 or (asked.signer and text.startswith("By "))):
        # who wrote it: a byline or sign-off, not a quote (who signed it: a sign-off)
        typed = typed and wants != ["person"]
        someone = False
    if query.office and not gives_office(text, query.office):
        typed = someone = False  # "who is the chief constable?": not the ACC's name
    graded = "grade" in wants and shows(text, ["grade"])
    if graded and not asked.case_grades and not force_graded(text):  # the cases' grades only
        graded = False
        typed = signed > 0 or shows(text, [w for w in wants if w != "grade"], query.counted)
    if asked.area and "grade" in wants:
        if asked.area & said and not graded and _GRADE_WORD.search(text):
            graded = typed = True  # "its performance in <area> was adequate"
        elif graded and not asked.area & said:  # another area's grade
            graded = False
            typed = signed > 0 or shows(text, [w for w in wants if w != "grade"],
                                        query.counted)
    return typed, someone, graded


def _before(text: str, revisited: str) -> bool:
    """The sentence's years all fall more than a year before `revisited` (a later visit's
    document's date): it tells of an earlier visit ("We published our report on 7 October
    2021", in a 2023 re-inspection)."""
    if not revisited:
        return False
    years = [int(y) for y in YEAR.findall(text)]
    return bool(years) and max(years) < int(revisited[:4]) - 1


def _revisited(passages: list[Passage]) -> dict[str, str]:
    """Per force, the date of the earliest later visit's document (a re-inspection, a review)
    among the passages: a document dated before it tells of no revisit."""
    out: dict[str, str] = {}
    for p in passages:
        meta = p.doc.meta
        if meta.published and meta.force and "follow-up" in genres.of_document(meta, p.doc.file):
            out[meta.force] = min(out.get(meta.force, meta.published), meta.published)
    return out


