"""Cutting answer sentences out of passages and scoring them against the Query.

Owns: the Candidate record, what counts as a usable sentence (a full sentence, a list item
without its marker, a sign-off with its role line, "X said:" and the sentence it leads to),
quotation marks left dangling, and a sentence's score. Choosing among candidates is left to
compose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.ask import genres
from qa.ask.kinds import (GRADE_ASKING_TERMS, GRADES, HOW_MUCH_SHARE, PARAGRAPH, WANTS, asks_author,
                          shares_of, shows, signature_end)
from qa.ask.offices import gives_office
from qa.ask.rules import DEFAULT, Rules
from qa.ask.understand import YEAR, Part, Query, search_terms, topic_terms
from qa.forces import FORCES
from qa.index.keywords import default_idf, terms
from qa.ingest.chunking import page_starts, sentence_spans
from qa.ingest.cleaning import FOOTNOTE_MARKS
from qa.types import Passage

# Terms of force names and their short forms: a question's force is no topic of its own.
FORCE_WORDS = frozenset(t for force in FORCES for name in (force.name, *force.aliases)
                        for t in terms(name))
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
_GRADE_WORD = re.compile(r"\b(?:was|were|is|are|been|be|as)\s+" + GRADES +
                         r"(?=\s*(?:[.;,)]|$|\s+(?:for|on|in|overall)\b))", re.I)
AREA_IDF = 1.0  # a term of the graded area asked about is rarer than this ("police",
#   "children" and "force" are in most chunks of an inspection library and name no area)

_DOUBLE, _SINGLE = "\"“”", "'‘’"
_INSPECTION = re.compile(r"\binspect(?:ion|ed)\b", re.I)
# "when was the original inspection, before the revisit?" asks when the first visit was
_FIRST_VISIT = re.compile(r"\b(?:original|initial|first|earlier|previous|prior)\s+"
                          r"(?:inspections?|visits?)\b", re.I)
# A labelled value on a line of its own ("Status: not achieved", "Grade: good"): an answer when
# the value is the kind asked for, though it is no sentence.
_LABELLED = re.compile(r"^[A-Z][^:.!?\n]{2,60}:\s+\S[^\n]{0,80}$")
_QUOTES = _DOUBLE + _SINGLE
# A list item's marker: a bullet, a dash, or a number, letter or roman numeral ("1.", "2)",
# "(a)", "b)", "(iv)", "(B)"); or a report's paragraph number before its first word ("7.15")
# or figure ("1.5 3 of the 8 recommendations...", not "2.5 million").
ITEM = re.compile(r"\s*([-–•*▪●◦‣]|\(?\d{1,2}[.)]|\(?([a-z]|[ivx]{1,4})\)|\(?[A-Z]\)|"
                  + PARAGRAPH + r"\.?(?=\s+[A-Z0-9]))\s+")
# A table row, its cells parted by " | " (as Word tables and PDF tables are read): an action
# plan's "area | action | owner | date | status" is an answer though it ends in no full stop.
_CELL = re.compile(r" \| ")


def _told_row(text: str) -> bool:
    """A table row with a cell that is a sentence ("area | action taken. | owner | date |
    status"), not a header row ("Force | Children missing three or more times") nor a row of
    figures ("Total | 94 | 18 | 64 | 12"), which mean nothing without their table."""
    cells = _CELL.split(text)
    return len(cells) > 1 and any(len(c.split()) >= 4 and is_statement(c.strip())
                                  for c in cells)



@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int
    end: int
    text: str
    score: float
    coverage: float  # share of the question's weighted terms the sentence holds
    similarity: float  # cosine with the question (a named person's: its passage's, if higher)
    force: str
    named: bool = False  # names a person, and the question asks who
    graded: bool = False  # gives an inspection grade, and the question asks for one
    parts: tuple[float, ...] = ()  # coverage of each part of a multi-part question
    part_words: tuple[bool, ...] = ()  # shares a word of each part's own (not borrowed) words
    signed: bool = False  # a sign-off (name over a role) or byline, when the question asks who
    lead: str = ""  # words of the answer's own before the sentence, quoted after them


def candidates(query: Query, passages: list[Passage], idf: dict[str, float], n_docs: int,
               rules: Rules = DEFAULT) -> list[Candidate]:
    """Every usable sentence of the passages, scored against the query, best first."""
    wants = list(query.wants)
    q_terms = set(search_terms(query))
    if "response" in query.genres and rules.cue_coverage:
        # "how did Kent respond on X?": a sentence saying the force responded is not about X
        cues = q_terms - set(search_terms(query, genres.without_cues(query.text, "response")))
        q_terms = (q_terms - cues) or q_terms
    if "grade" in wants and rules.grade_words_asked:  # they ask for the grade, which the
        q_terms -= GRADE_ASKING_TERMS  # kind bonus weighs; the graded area is the topic
    weigh = lambda ts: sum(idf.get(t, default_idf(n_docs)) for t in ts)  # noqa: E731
    rarest = default_idf(n_docs)  # a term no chunk holds
    specific = lambda ts: weigh(ts) / (rarest * len(ts)) if ts else 0.0  # noqa: E731
    q_weight = weigh(q_terms) or 1.0
    # "what grade for police detention?": a grade answers it only when given for that area
    area = area_terms(query.question, idf, rarest) \
        if "grade" in wants and rules.graded_area else set()
    author = rules.authors and "person" in wants and asks_author(query.question)
    signer = author and bool(re.search(r"\bsign", query.question, re.I))
    part_terms = [set(search_terms(query, p.text)) for p in query.parts]
    fixed = dict(query.spelled)
    own_terms = [{fixed.get(t, t) for t in topic_terms(p.asked)} for p in query.parts]
    # "When was Kent inspected?", "which HMI led the Kent inspection?": the inspection itself,
    # not a re-inspection or review (which the question would name, or ask the progress of)
    first_visit = bool(rules.w_later) and "follow-up" not in query.genres \
        and not WANTS["status"].search(query.question) \
        and (bool(_INSPECTION.search(query.question))
             or query.office == "inspector of constabulary")
    # "how many cases did they look at?": not "around 44 percent of cases"
    shared = bool(rules.w_share) and "number" in wants and bool(query.counted) \
        and not HOW_MUCH_SHARE.search(query.question)
    # "when did inspectors go back?", "when was the re-inspection report published?"
    revisit_date = bool(rules.w_earlier) and "follow-up" in query.genres \
        and bool({"date", "time"} & set(wants)) and not _FIRST_VISIT.search(query.question)
    revisited = _revisited(passages) if revisit_date else {}
    out = []
    for p in passages:
        doc = p.doc
        # the box of the numbered recommendation asked about answers it, in words of its own
        pinned = bool(query.numbered) and genres.carries(p.chunk.text, query.numbered)
        # a status given under a numbered box is about what the box recommended
        box_terms = set(terms(box_text(p))) if "status" in wants and rules.box_topic else set()
        # asked for the boxes, a box of a report's own answers (not one that a response or a
        # later visit's document quotes)
        of_doc = genres.of_document(doc.meta, doc.file) \
            if query.genres or first_visit else set()
        boxed = rules.box_sentences and "box" in query.genres \
            and p.chunk.kind == "recommendation" and not of_doc & {"response", "follow-up"}
        here = of_doc | genres.of_section(p.chunk.section) \
            if first_visit or revisit_date else set()  # the passage's genres
        # a later visit's document, when the question asks about an inspection and no later one
        later = rules.w_later if first_visit and "follow-up" in here else 0.0
        # ...and the first visit's report (a long document of neither later genre: news and
        # statements tell of the revisit too), the force's response to it, or any document
        # dated before the force's first later visit's, when the question asks when a later
        # visit was; in any document, a date more than a year before that later visit's
        # (_before)
        earlier = revisit_date and "follow-up" not in here \
            and ("response" in here or len(doc.pages) >= REPORT_PAGES
                 or "" < doc.meta.published < revisited.get(doc.meta.force, ""))
        spans = p.sentences or tuple((s, e, p.similarity) for s, e in
                                     sentence_spans(doc.text, p.chunk.start, p.chunk.end,
                                                    page_starts(doc)))
        for s, e, sim in spans:
            s, e = strip_quotes(doc.text, s, e)
            while e > s and doc.text[e - 1] in FOOTNOTE_MARKS:  # "...was good.¹"
                e -= 1
            bullet = ITEM.match(doc.text, s, e)
            if bullet:  # the item without its marker, and without the "and" joining the next
                s = bullet.end()
                joined = re.search(r";\s+(and|or)$", doc.text[s:e])
                e = s + joined.start() + 1 if joined else e
            signed = signature_end(doc.text, s, e, p.chunk.end) \
                if "person" in wants and rules.signatures else -1
            e = max(e, signed)
            text = doc.text[s:e]
            typed = signed > 0 or shows(text, wants, query.counted)
            someone = signed > 0 or (("person" in wants or text.endswith(":"))
                                     and shows(text, ["person"]))
            if author and (signed < 0 or (signer and text.startswith("By "))):
                # who wrote it: a byline or sign-off, not a quote (who signed it: a sign-off)
                typed = typed and wants != ["person"]
                someone = False
            if query.office and not gives_office(text, query.office):
                typed = someone = False  # "who is the chief constable?": not the ACC's name
            named = "person" in wants and someone
            graded = "grade" in wants and shows(text, ["grade"])
            # A sign-off speaks for its whole document: the document's title counts as its words.
            said = set(terms(f"{doc.meta.title}\n{text}" if signed > 0 else text))
            if area and "grade" in wants:
                if area & said and not graded and _GRADE_WORD.search(text):
                    graded = typed = True  # "its performance in <area> was adequate"
                elif graded and not area & said:  # another area's grade
                    graded = False
                    typed = signed > 0 or shows(text, [w for w in wants if w != "grade"],
                                                query.counted)
            # "X said:" leads to what X said when the question asks who, or names X.
            speaker = rules.speaker_lead_ins and text.endswith(":") and someone \
                and ("person" in wants or bool(q_terms & said))
            # "Status: not achieved" (its value gives the kind; "Table 1: Results" gives none)
            labelled = typed and bool(_LABELLED.match(text)) \
                and shows(text[text.index(":") + 1:], wants, query.counted)
            # a short sentence is a heading or fragment, unless it states what was asked for
            # ("We have made 6 recommendations.")
            short = len(text.split()) < 6 and not (
                typed and wants and len(text.split()) >= 3 and is_statement(text))
            if signed < 0 and not labelled and (short or not (
                    bullet or is_statement(text) or speaker or _told_row(text))):
                continue  # headings, fragments and other lead-ins answer nothing alone
            coverage = weigh(q_terms & said) / q_weight
            if box_terms and shows(text, ["status"]):
                coverage = max(coverage, weigh(q_terms & box_terms) / q_weight)
            score = rules.w_coverage * coverage + rules.w_sentence * sim \
                + rules.w_passage * p.similarity + rules.w_kind_sentence * (typed or boxed) \
                + rules.w_numbered * pinned + rules.w_specific * specific(said - q_terms) - later \
                - (rules.w_earlier if typed and (earlier or _before(
                    text, revisited.get(doc.meta.force, ""))) else 0.0) \
                - (rules.w_share if shared and shares_of(text, query.counted) else 0.0)
            # A sentence naming the person asked for ("Deb Smith said:") may say little of the
            # topic itself: its passage does, and counts as its evidence.
            evidence = max(sim, p.similarity) if named else sim
            parts = tuple(weigh(t & said) / (weigh(t) or 1.0) for t in part_terms)
            words = tuple(not t or _shares(t, said) for t in own_terms)
            out.append(Candidate(p, s, e, text, score, coverage, evidence, doc.meta.force, named,
                                 graded, parts, words, signed > 0))
    return sorted(out, key=lambda c: -c.score)


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


def box_text(p: Passage, reach: int = 6000) -> str:
    """The text from the heading of the numbered box (recommendation, cause of concern) the
    passage's section is under to the passage's start: a follow-up quotes the box, then gives
    its findings and status under a sub-heading of their own. Empty when not under a box."""
    for heading in reversed(p.chunk.section.split(" > ")):
        if genres.numbered(heading):
            at = p.doc.text.rfind(heading, max(0, p.chunk.start - reach), p.chunk.start + 1)
            return p.doc.text[at:p.chunk.start] if at >= 0 else ""
    return ""


def _shares(own: set[str], said: set[str]) -> bool:
    """Some term of `own` is said, or one of its family ("inspected" and "inspectors": the
    stems inspect and inspector, one the start of the other)."""
    return bool(own & said) or any(len(a) >= 5 and len(b) >= 5 and (a.startswith(b) or
                                                                      b.startswith(a))
                                   for a in own for b in said)


def about(c: Candidate) -> set[str]:
    """The forces a candidate's passage is about: its document's and those its chunk names."""
    chunk_forces = getattr(c.passage.chunk, "forces", ())
    return {f for f in (c.force, *chunk_forces) if f}


def answers(c: Candidate, n: int, part: Part) -> bool:
    """The sentence answers part n: gives the kind of answer it asks for and shares a word of
    the part's own, or (a part asking for no kind) shares most of its terms."""
    if part.office and not gives_office(c.text, part.office):
        return False  # "who is the chief constable": not the assistant chief constable
    if part.wants:
        return shows(c.text, part.wants) and c.part_words[n]
    return c.parts[n] >= 0.5


def is_statement(text: str) -> bool:
    """A full sentence or list item: it ends like one (headings and captions do not)."""
    return bool(re.search(r"[.!?;][\"'”’)]*$", text))


def strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop a quotation mark left dangling at either end of a sentence (the first sentence of a
    quoted speech opens one it does not close). An apostrophe ("we’ve") is not a quote mark."""
    inner = text[s:e]
    if inner and inner[0] in _QUOTES and not _quote_marks(inner[1:], inner[0]):
        s += 1
    inner = text[s:e]
    if inner and inner[-1] in _QUOTES and not _quote_marks(inner[:-1], inner[-1]):
        e -= 1
    return s, e


def _quote_marks(text: str, mark: str) -> bool:
    """Whether the text holds another quotation mark of the same kind (double or single); a
    single mark between letters is an apostrophe, not a quotation mark."""
    kind = _DOUBLE if mark in _DOUBLE else _SINGLE
    return any(ch in kind and not (kind is _SINGLE and 0 < i < len(text) - 1
                                   and text[i - 1].isalpha() and text[i + 1].isalpha())
               for i, ch in enumerate(text))


def said(c: Candidate) -> Candidate | None:
    """What a sentence ending in ":" ("Deb Smith said:") leads to: the next sentence."""
    text = c.passage.doc.text
    window = min(len(text), c.end + 600)
    spans = sentence_spans(text, c.end, window)
    if not spans or (spans[0][1] == window and window < len(text)):
        return None  # no next sentence, or it runs past what was read
    s, e = strip_quotes(text, *spans[0])
    following = text[s:e]
    if not c.text.endswith(":") or not is_statement(following) or len(following.split()) < 4:
        return None
    return replace(c, start=s, end=e, text=following, named=False)


def overlaps(a: Candidate, b: Candidate) -> bool:
    if a.passage.doc.doc_id == b.passage.doc.doc_id and a.start < b.end and b.start < a.end:
        return True
    return a.text.strip().lower() == b.text.strip().lower()
