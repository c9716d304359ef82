"""Compose a short extractive answer whose every sentence cites an exact quote, or decline.

Owns: choosing 1 to 4 sentences from the scored candidates, putting
them in a readable order with [n] markers, building the Citations (exact quotes with offsets
and pages), and the Answer record, declined when decline.reason gives a reason. Cutting
sentences is left to sentences, scoring them to scoring, finding passages to retrieve.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from qa.ask import decline
from qa.ask.kinds import ROLE_TITLE, people, shows
from qa.ask.published import asks_published, dated_line, says_published
from qa.ask.rules import DEFAULT, Rules
from qa.ask.scoring import area_terms, candidates, gives_grade
from qa.ask.sentences import Candidate, about, answers, overlaps, said
from qa.ask.understand import Query, topic_terms
from qa.index.keywords import default_idf, terms
from qa.types import Answer, Citation, Passage

MAX_SENTENCES = 4
KEEP_RATIO = 0.72  # a further sentence must score at least this share of the best one
REPEAT_SHARE = 0.25  # a sentence the conversation already gave scores this share less


def build_answer(query: Query, passages: list[Passage], idf: dict[str, float], n_docs: int,
                 forces: tuple[str, ...] = (), refusal: str = "", qid: str = "",
                 rules: Rules = DEFAULT, model: decline.Model | None = None,
                 given: frozenset[str] = frozenset()) -> Answer:
    """The Answer record: cited sentences, or a plain refusal that still shows the passages.
    `forces` are those the search focused on; `refusal` a reason to decline decided before;
    `model` the fitted decline model, if any; `given` the quotes earlier answers in the
    conversation gave."""
    cands = candidates(query, passages, idf, n_docs, rules, forces)
    if given:
        given = stale(cands, given, query)
        cands = demote_repeats(cands, given)
    every_grade = rules.all_grades and asks_all_grades(query, forces, idf, n_docs)
    selected = prose_first(select(cands, query, forces, rules, given, every_grade), query)
    if rules.speaker_lead_ins:
        selected = with_what_was_said(selected)
    if refusal:
        return _refusal(query, passages, refusal, qid, forces)
    why, strength, evidence = decline.reason(query, passages, selected, rules, idf, forces,
                                             model)
    if why:
        return _refusal(query, passages, why, qid, forces, strength, evidence)
    if rules.kind_beside and not query.parts and len(forces) < 2:  # (weighed without it: it
        #   declines nothing; a comparison cites each force's best instead)
        selected = kind_beside(selected, cands, query)
    if len(forces) < 2 and rules.answer_passage_first:  # a comparison's passages take turns
        passages, selected = lead_first(passages, selected)
    if rules.published_date and asks_published(query):  # the evidence weighed, its line leads
        selected = dated_first(selected)
    text, citations = compose(selected)
    notice = " ".join(decline.gaps(query, selected, forces, rules))
    if every_grade:
        notice = " ".join([notice, more_grades(selected, cands, citations)]).strip()
    if given and all(c.text in given for c in selected):
        notice = " ".join([REPEATED, notice]).strip()
    return Answer(query.question, text, False, citations, tuple(passages), qid, notice, forces,
                  strength, evidence)


_ELSE = re.compile(r"\b(else|other|others|further|another|besides)\b", re.I)
REPEATED = ("These sentences were already given earlier in this conversation: the documents "
            "found say nothing more on this.")


def prose_first(selected: list[Candidate], query: Query) -> list[Candidate]:
    """A table row leads the answer only when no sentence chosen with it says in words what
    it gives, of the same force."""
    if not selected or not selected[0].header:
        return selected
    said = next((c for c in selected[1:] if not c.header and about(c) & about(selected[0])
                 and shows(c.text, list(query.wants))), None)
    return selected if said is None else [said] + [c for c in selected if c is not said]


def dated_first(selected: list[Candidate]) -> list[Candidate]:
    """A question asking when a document was published: the date line of the document the
    answer rests on (its best sentence's) first, then the chosen sentences that say when
    something was published; the answer as it was when that document dates itself nowhere."""
    line = dated_line(selected[0].passage) if selected else None
    if line is None:
        return selected
    return [line] + [c for c in selected if not overlaps(c, line) and says_published(c.text)
                     and shows(c.text, ["date"])][:2]


def stale(cands: list[Candidate], given: frozenset[str], query: Query) -> frozenset[str]:
    """The sentences given earlier that share none of this question's own words, or all of
    them when it asks for something else: a follow-up on another topic, or asking "what
    else...?", should not be answered with them again; "are they short of staff?" may well be
    answered by a sentence already shown about staffing."""
    if _ELSE.search(query.question):
        return given
    own = topic_terms(query.question)
    return frozenset(c.text for c in cands if c.text in given and not own & set(terms(c.text)))


def demote_repeats(cands: list[Candidate], given: frozenset[str]) -> list[Candidate]:
    """Stale sentences an earlier answer in the conversation gave score REPEAT_SHARE less, so
    a follow-up is answered by what is new when something new answers it. Not a rule of Rules:
    it is what a conversation should do (issue 13), and the sets measured score the same with
    it as without it."""
    out = [replace(c, score=c.score * (1 - REPEAT_SHARE)) if c.text in given else c
           for c in cands]
    return sorted(out, key=lambda c: -c.score)


def _refusal(query: Query, passages: list[Passage], why: str, qid: str,
             forces: tuple[str, ...], strength: float | None = None,
             evidence: dict | None = None) -> Answer:
    """A plain refusal that still shows the closest passages."""
    text = "I can't answer that from the indexed documents. " + why
    if passages:
        text += " The closest passages are listed below."
    return Answer(query.question, text, True, (), tuple(passages), qid, why, forces, strength,
                  evidence or {})


def select(cands: list[Candidate], query: Query, forces: tuple[str, ...] = (),
           rules: Rules = DEFAULT, given: frozenset[str] = frozenset(),
           every_grade: bool = False) -> list[Candidate]:
    """The best sentence; then, for a comparison, each force's best, for a multi-part
    question, each part's best, and for a question asking two kinds of answer, the best giving
    each, where the sentences so far leave it out; with `every_grade` (a force's grades asked
    for), the other grades of the best sentence's passage; then close runners-up
    that the conversation has not given already, at most 4 in all (3 for a plain question).
    A who-question answered in the first person by no one named gets its speaker too."""
    if not cands:
        return []
    if len(forces) == 1:  # the answer is about the force asked about, when it can be
        cands = [c for c in cands if forces[0] in about(c)] or cands
    most = MAX_SENTENCES if len(forces) > 1 or query.parts else 3
    first = (lambda cs: typed_first(cs, query.office)) if rules.typed_first else \
        (lambda cs: cs[0])
    chosen = [first(cands)]

    def add(c: Candidate | None) -> None:
        if c is not None and len(chosen) < MAX_SENTENCES \
                and all(not overlaps(c, o) for o in chosen):
            chosen.append(c)

    for force in forces if rules.each_force and len(forces) > 1 else ():
        if not any(force in about(c) for c in chosen):
            own = [c for c in cands if force in about(c) and (c.coverage > 0 or c.named)]
            add(first(own) if own else None)
    # "who is the chief constable and who leads on public protection?": a part asking who is
    # answered by someone the sentences answering the parts before it do not name
    named: set[str] = set()
    for n, part in enumerate(query.parts if rules.multi_part else ()):
        asks_who = rules.new_person and "person" in part.wants

        def new(c: Candidate) -> bool:
            return not asks_who or not named or bool(people(c.text) - named)

        # (a sentence giving the office the part names answers it, new or not: "Chief
        # Constable Jane Doe and PCC John Smith welcomed the report")
        done = next((c for c in chosen if answers(c, n, part)
                     and (new(c) or bool(part.office))), None)
        if done is None:
            fresh = [c for c in cands if c.parts[n] > 0 and not any(overlaps(c, o) for o in chosen)]
            done = max(fresh, default=None, key=lambda c: (
                answers(c, n, part) and new(c), answers(c, n, part), new(c),
                bool(part.wants) and shows(c.text, part.wants), c.part_words[n], c.parts[n]))
            add(done)
        if done is not None and asks_who:
            named |= people(done.text)
    if rules.each_kind and len(query.wants) > 1 and not query.parts:
        # "inspection date and investigation grade?": two kinds of answer in one question
        for kind in query.wants:
            if not any(shows(c.text, [kind]) for c in chosen):
                add(giving(cands, chosen, lambda c: shows(c.text, [kind])))
    if every_grade:
        # "what grades did Kent get?": each area's grade, from the passage giving the first
        box = chosen[0].passage
        for c in sorted((c for c in cands if c.passage is box and gives_grade(c.text)),
                        key=lambda c: c.start):
            add(c)
    if rules.speakers and "person" in query.wants:  # "I will hold...": who says so
        add(speaker(chosen[0], cands))
    top = chosen[0].score
    for c in cands if rules.runners_up else ():
        if len(chosen) >= most or c.score < KEEP_RATIO * top or c.coverage == 0:
            break
        if c.text not in given:
            add(c)
    return chosen


# A force's grades asked for: "grades", "ratings", "how was Kent graded?", "what grade did Kent
# get?" (with no area named, a report's grade is each area's)
_ALL_GRADES = re.compile(r"\b(grades|ratings|gradings)\b|\bhow (?:was|were|is|are)\b[^?]*\b"
                         r"(?:graded|rated|judged)\b|\b(?:what|which) (?:grade|rating)\b", re.I)


def asks_all_grades(query: Query, forces: tuple[str, ...], idf: dict[str, float],
                    n_docs: int) -> bool:
    """The question asks for a force's grades, in no one area ("what grades did Kent get in
    its 2022 inspection?", "how was Kent rated?"): a report gives one for each area it
    inspects."""
    return "grade" in query.wants and len(forces) == 1 and not query.parts \
        and bool(_ALL_GRADES.search(query.question)) \
        and not area_terms(query.question, idf, default_idf(n_docs))


def more_grades(selected: list[Candidate], cands: list[Candidate],
                citations: tuple[Citation, ...]) -> str:
    """What an answer giving a force's grades says of those its passage gives beyond the
    sentences an answer holds (a PEEL report grades up to nine areas)."""
    box = selected[0].passage  # (renumbered by lead_first: the same chunk, another record)
    left = [c for c in cands if c.passage.chunk == box.chunk and gives_grade(c.text)
            and all(c.text != s.text for s in selected)]
    if not left:
        return ""
    n = next((c.n for c in citations if c.start == selected[0].start
              and c.doc.doc_id == box.doc.doc_id), 1)
    return (f"The passage of [{n}] gives {len(left)} more grade{'s' if len(left) > 1 else ''}"
            f": open it to read {'them' if len(left) > 1 else 'it'}.")


_FIRST_PERSON = re.compile(r"^[“\"‘']?(I|I'm|I’m|I've|I’ve|My)\b")
_SAYS = re.compile(r"\b(said|says|added|told)\b")


def speaker(best: Candidate, cands: list[Candidate]) -> Candidate | None:
    """Who speaks a first-person sentence that names no one ("I will hold the chief
    constable to account..."): the nearest person named as speaking before it in its document
    ("Police and Crime Commissioner X said: ..."), else a sign-off of that document, when
    either is among the candidates. None when the sentence names someone or is not in the
    first person."""
    if best.named or not _FIRST_PERSON.match(best.text):
        return None
    same = [c for c in cands if c.named and c is not best
            and c.passage.doc.doc_id == best.passage.doc.doc_id]
    before = [c for c in same if c.start < best.start and _SAYS.search(c.text)]
    if before:
        return max(before, key=lambda c: c.start)
    return next((c for c in same if c.signed), None)


def giving(cands: list[Candidate], chosen: list[Candidate],
           gives: Callable[[Candidate], bool]) -> Candidate | None:
    """The best candidate that shares a term of the question, `gives` what is wanted and
    overlaps none of the sentences chosen (None if none does)."""
    return next((c for c in cands if c.coverage > 0 and gives(c)
                 and all(not overlaps(c, o) for o in chosen)), None)


def kind_beside(selected: list[Candidate], cands: list[Candidate],
                query: Query) -> list[Candidate]:
    """The chosen sentences and, for each kind of answer asked for that none of them gives,
    the best sentence of the best one's document that gives it and shares a term of the
    question: the sentence matching the question's words best often says what was done, and
    another of its document when ("Much of the fieldwork was done remotely." / "We carried out
    the re-inspection in November 2020."). Sentences of other documents are not taken: their
    date is another thing's. A person is given as the scoring reads one (Candidate.named: the
    holder of an office asked for), a grade as a grade of the area asked (Candidate.graded)."""
    def gives(c: Candidate, kind: str) -> bool:
        if kind == "person":
            return c.named
        if kind == "grade":
            return c.graded
        return shows(c.text, [kind], query.counted)

    out, doc = list(selected), selected[0].passage.doc.doc_id
    for kind in query.wants:
        if len(out) >= MAX_SENTENCES or any(gives(c, kind) for c in out):
            continue
        beside = giving(cands, out, lambda c: c.passage.doc.doc_id == doc and gives(c, kind))
        if beside is not None:
            out.append(beside)
    return out


def typed_first(cands: list[Candidate], office: str = "") -> Candidate:
    """The best candidate, unless the question asks who (or for a grade) and a close runner-up
    names someone (gives a grade) where the best does not: "which officer responded?" is
    answered by a name. A best sentence giving a role ("chaired by an Assistant Chief
    Constable") already answers who, unless the question names the `office` it asks for (then
    only a sentence giving that office names someone: Candidate.named)."""
    best = cands[0]
    for kind in ("named", "graded"):
        typed = next((c for c in cands if getattr(c, kind)), None)
        if typed and not getattr(best, kind) and typed.score >= KEEP_RATIO * best.score \
                and not (kind == "named" and not office and ROLE_TITLE.search(best.text)):
            return typed
    return best


def with_what_was_said(chosen: list[Candidate]) -> list[Candidate]:
    """Each chosen "X said:" followed by the sentence it leads to, while there is room."""
    out = list(chosen)
    for c in chosen:
        if len(out) >= MAX_SENTENCES:
            break
        nxt = said(c)
        if nxt and all(not overlaps(nxt, o) for o in out):
            out.insert(out.index(c) + 1, nxt)
    return out


def compose(chosen: list[Candidate]) -> tuple[str, tuple]:
    """Answer text with [n] markers and its citations, sentences grouped by document."""
    doc_rank: dict[str, int] = {}  # a document's place: its best-ranked chosen passage
    for c in chosen:
        doc_id = c.passage.doc.doc_id
        doc_rank[doc_id] = min(doc_rank.get(doc_id, c.passage.rank), c.passage.rank)
    ordered = best_first(sorted(chosen, key=lambda c: (doc_rank[c.passage.doc.doc_id],
                                                       c.start)), chosen[0])
    parts, citations = [], []
    for n, c in enumerate(ordered, start=1):
        doc = c.passage.doc
        citations.append(Citation(n, doc, doc.page_at(c.start), c.text, c.start, c.end,
                                  doc.page_label_at(c.start), doc.section_at(c.start)))
        lead = c.lead or (f"Under “{c.header}”:" if c.header else "")
        parts.append(f"{lead} “{c.text}” [{n}]." if lead else _with_marker(c.text, n))
    # a list item's ";" before a sentence that is not the next item, or at the very end, is a
    # full stop (so is a lead-in's ":" at the end)
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if re.search(r"\[\d+\];$", part) and not nxt[:1].islower() or \
                (not nxt and re.search(r"\[\d+\]:$", part)):
            parts[i] = part[:-1] + "."
    return " ".join(parts), tuple(citations)


def best_first(ordered: list[Candidate], best: Candidate) -> list[Candidate]:
    """The answer opens with its best sentence: when sentences of its document come before it,
    the best and those after it lead and the earlier ones follow ("X said:" stays with what
    it leads to)."""
    group = [c for c in ordered if c.passage.doc.doc_id == best.passage.doc.doc_id]
    at = group.index(best) if best in group else 0
    if at > 0 and group[at - 1].text.rstrip().endswith(":"):
        at -= 1
    if at == 0 or ordered[0] is not group[0]:
        return ordered
    return group[at:] + group[:at] + ordered[len(group):]


def _with_marker(sentence: str, n: int) -> str:
    """'It improved.' -> 'It improved [1].' (the marker goes before the closing punctuation)."""
    m = re.search(r"([.!?;:]+[\"'”’)]*)$", sentence)
    if m:
        return f"{sentence[:m.start()]} [{n}]{m.group(1)}"
    return f"{sentence} [{n}]"


def lead_first(passages: list[Passage], chosen: list[Candidate]) -> tuple[list, list]:
    """The passage holding the answer's best sentence moved to the top, the rest in search order:
    sentence scoring is a finer second look than passage fusion, and the reader's first passage
    is then the one the answer rests on. Ranks are renumbered; `chosen` points to the new ones."""
    lead = chosen[0].passage
    ordered = [lead] + [p for p in passages if p is not lead]
    renumbered = {id(p): replace(p, rank=r) for r, p in enumerate(ordered, start=1)}
    return ([renumbered[id(p)] for p in ordered],
            [replace(c, passage=renumbered[id(c.passage)]) for c in chosen])
