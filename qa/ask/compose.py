"""Compose a short extractive answer whose every sentence cites an exact quote, or decline.

Owns: picking 1 to 4 sentences (5 with a list's lead-in) from the retrieved passages that
answer the question, putting them in a readable order with [n] markers, building the Citations
(exact quotes with offsets and pages), and deciding when the evidence is too weak to answer.
Finding the passages is left to retrieve.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.ask.kinds import NUMBER, ROLE_TITLE, asks_for_one, shows, signature_end, wanted
from qa.ask.understand import POINTS_TO_PERSON, topic_terms
from qa.index.keywords import default_idf, terms
from qa.ingest.chunking import sentence_spans
from qa.types import Answer, Citation, Passage

MAX_SENTENCES = 4
KEEP_RATIO = 0.72  # a further sentence must score at least this share of the best one
EXCERPT_KEEP_RATIO = 0.6  # ...when excerpts on a topic are asked for, not one fact
# A request for excerpts rather than a question: "quotes on...", "anything about...", "looking
# for extracts on...". ("Any grade for Glos?" and "find out who..." are questions.)
_EXCERPT_NOUN = r"(excerpts?|extracts?|quotes?|quotations?|passages?|material|anything)"
EXCERPTS = re.compile(r"^\s*((any(thing)?|material)\s+(on|about|regarding|mentioning)\b|"
                      r"(excerpts?|extracts?|quotes?|quotations?|passages?)\b|"
                      r"(i'?m\s+)?looking\s+for\s+" + _EXCERPT_NOUN + r"\b|"
                      r"(find|show|give)(\s+me)?\s+" + _EXCERPT_NOUN + r"\b)|"
                      r"\b(excerpts?|extracts?|quotes?|quotations?|passages?)\s+"
                      r"(on|about|regarding|mentioning|from|for)\b", re.I)
# Evidence is weak when the best chosen sentence is both far from the question in meaning
# (cosine) and shares little of its weighted terms (coverage). Calibrated on eval/.
MIN_SIMILARITY = 0.35
MIN_COVERAGE = 0.16
W_COVERAGE, W_SENTENCE, W_PASSAGE, W_RANK, W_TYPE = 1.0, 0.6, 0.3, 0.05, 0.3
_DOUBLE, _SINGLE = "\"“”", "'‘’"
_QUOTES = _DOUBLE + _SINGLE
# Kinds of answer a question can ask for that some chosen sentence must give, or it is declined.
_GIVEN = {"grade": "inspection grade", "time": "date", "money": "sum of money"}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    start: int
    end: int
    text: str
    score: float
    coverage: float
    similarity: float
    force: str
    named: bool = False  # names a person, and the question asks who
    graded: bool = False  # gives an inspection grade, and the question asks for one


def candidates(match_text: str, passages: list[Passage], idf: dict[str, float],
               n_docs: int, wants: tuple[str, ...] | None = None,
               own_text: str = "") -> list[Candidate]:
    """Every usable sentence of the passages, scored against the search text, best first. A
    follow-up's search text holds the earlier question too; `own_text`, the follow-up's own
    words, is covered on its own as well (the better share counts)."""
    q_terms = set(terms(match_text))
    wants = list(wanted(match_text) if wants is None else wants)
    q_weight = sum(idf.get(t, default_idf(n_docs)) for t in q_terms) or 1.0
    own_terms = topic_terms(own_text) if own_text else set()
    own_weight = sum(idf.get(t, default_idf(n_docs)) for t in own_terms) or 1.0
    out = []
    for p in passages:
        doc = p.doc
        spans = p.sentences or tuple((s, e, p.similarity) for s, e in
                                     sentence_spans(doc.text, p.chunk.start, p.chunk.end))
        for s, e, sim in spans:
            s, e = _strip_quotes(doc.text, s, e)
            bullet = _ITEM.match(doc.text, s, e)
            if bullet:  # the item without its marker, and without the "and" joining the next
                s = bullet.end()
                joined = re.search(r";\s+(and|or)$", doc.text[s:e])
                e = s + joined.start() + 1 if joined else e
            signed = signature_end(doc.text, s, e, p.chunk.end) if "person" in wants else -1
            e = max(e, signed)
            text = doc.text[s:e]
            typed = signed > 0 or shows(text, wants)
            someone = signed > 0 or (("person" in wants or text.endswith(":"))
                                     and shows(text, ["person"]))
            named = "person" in wants and someone
            graded = "grade" in wants and shows(text, ["grade"])
            # A sign-off speaks for its whole document, so the document's title counts as its words.
            said = set(terms(f"{doc.meta.title}\n{text}" if signed > 0 else text))
            # "X said:" leads to what X said when the question asks who, or names X.
            speaker = text.endswith(":") and someone and ("person" in wants or bool(q_terms & said))
            if signed < 0 and (len(text.split()) < 6 or not (bullet or _is_statement(text)
                                                             or speaker)):
                continue  # headings, fragments and other lead-ins answer nothing alone
            coverage = sum(idf.get(t, default_idf(n_docs)) for t in q_terms & said) / q_weight
            if own_terms:
                coverage = max(coverage, sum(idf.get(t, default_idf(n_docs))
                                             for t in own_terms & said) / own_weight)
            score = W_COVERAGE * coverage + W_SENTENCE * sim + W_PASSAGE * p.similarity \
                + W_RANK / p.rank + W_TYPE * typed
            # A sentence naming the person asked for ("Deb Smith said:") may say little of the
            # topic itself: its passage does, and counts as its evidence.
            evidence = max(sim, p.similarity) if named else sim
            out.append(Candidate(p, s, e, text, score, coverage, evidence, doc.meta.force, named,
                                 graded))
    return sorted(out, key=lambda c: -c.score)


def _is_statement(text: str) -> bool:
    """A full sentence or list item: it ends like one (headings and captions do not)."""
    return bool(re.search(r"[.!?;][\"'”’)]*$", text))


def _strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
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


def select(cands: list[Candidate], forces: tuple[str, ...],
           excerpts: bool = False) -> list[Candidate]:
    """The best sentence (one per force when comparing), then close runners-up, at most 4 (3
    for one force, unless excerpts are asked for: then 4, and runners-up less close)."""
    if not cands:
        return []
    keep = EXCERPT_KEEP_RATIO if excerpts else KEEP_RATIO
    most = MAX_SENTENCES if excerpts or len(forces) > 1 else 3
    chosen: list[Candidate] = []
    for force in forces if len(forces) > 1 else ():
        own = [c for c in cands if c.force == force and (c.coverage > 0 or c.named)]
        if own:
            chosen.append(_typed_first(own))
    if not chosen:
        chosen.append(_typed_first(cands))
    top = max(c.score for c in chosen)
    for c in cands:
        if len(chosen) >= most:
            break
        if c.score < keep * top or c.coverage == 0:
            break
        if all(not _overlaps(c, o) for o in chosen):
            chosen.append(c)
    return chosen


def with_continuations(chosen: list[Candidate]) -> list[Candidate]:
    """Each chosen sentence followed by the next one in its document when that one carries it
    on ("...areas we were still working on. These included..."), while there is room."""
    out = list(chosen)
    for c in chosen:
        if len(out) >= MAX_SENTENCES:
            break
        nxt = _continuation(c)
        if nxt and all(not _overlaps(nxt, o) for o in out):
            out.insert(out.index(c) + 1, nxt)
    return out


def with_lead_ins(chosen: list[Candidate], n_forces: int = 1) -> list[Candidate]:
    """Each chosen list item preceded by the line that introduces its list ("...inspectors
    found that the force needs to improve:"): an item alone says nothing of whether it was
    praised or criticised, and beside another list's lead-in it would seem to say the opposite.
    Lead-ins may take the answer one sentence past MAX_SENTENCES. Past that, room is made by
    leaving out the weakest runner-up, never the best sentence or a compared force's own; an
    item that still finds no room is left out itself (unless it is one of those)."""
    out = list(chosen)
    protected = [chosen[0]] if chosen else []
    if n_forces > 1:
        protected += [next(c for c in chosen if c.force == f)
                      for f in dict.fromkeys(c.force for c in chosen)]
    settled: list[Candidate] = []  # lead-ins and the items they introduce
    for c in chosen:
        lead = _lead_in(c)
        if not lead or not _among(c, out) or any(_overlaps(lead, o) for o in out):
            continue
        if len(out) > MAX_SENTENCES:
            spare = [o for o in out if not _among(o, [c, *protected, *settled])]
            if spare:
                out.remove(min(spare, key=lambda o: o.score))
            elif not _among(c, protected):
                out.remove(c)
                continue
            else:
                continue
        out.insert(out.index(c), lead)
        settled += [lead, c]
    return out


def _among(c: Candidate, items: list[Candidate]) -> bool:
    return any(o is c for o in items)


# A list item's marker: a bullet, a dash, or a number, letter or roman numeral ("1.", "2)",
# "(a)", "b)", "(iv)", "(B)").
_ITEM = re.compile(r"\s*([-–•*▪●◦‣]|\(?\d{1,2}[.)]|\(?([a-z]|[ivx]{1,4})\)|"
                   r"\(?[A-Z]\))\s+")


def _lead_in(c: Candidate) -> Candidate | None:
    text = c.passage.doc.text
    line_start = text.rfind("\n", 0, c.start) + 1
    if not _ITEM.match(text, line_start):
        return None
    end = line_start - 1
    for _ in range(30):  # items of one list, back to the line before them
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        if not _ITEM.match(text, start):
            line = text[start:end].strip()
            if not line.endswith(":") or len(line.split()) < 4:
                return None
            s = start + (len(text[start:end]) - len(text[start:end].lstrip()))
            return replace(c, start=s, end=s + len(line), text=line, named=False)
        end = start - 1
    return None


_CONTINUES = re.compile(r"^(These|Those|They|This|Such|Including|Among them)\b")


def _continuation(c: Candidate) -> Candidate | None:
    text = c.passage.doc.text
    window = min(len(text), c.end + 600)
    spans = sentence_spans(text, c.end, window)
    if not spans or (spans[0][1] == window and window < len(text)):
        return None  # no next sentence, or it runs past what was read
    s, e = _strip_quotes(text, *spans[0])
    following = text[s:e]
    if not (_CONTINUES.match(following) or c.text.endswith(":")) or \
            not _is_statement(following) or len(following.split()) < 4:
        return None
    return replace(c, start=s, end=e, text=following, named=False)


def _typed_first(cands: list[Candidate]) -> Candidate:
    """The best candidate, unless the question asks who (or for a grade) and a close runner-up
    names someone (gives a grade) where the best does not: "which officer responded?" is
    answered by a name. A best sentence giving a role ("chaired by an Assistant Chief
    Constable") already answers who. (Numbers and dates are too common in reports for the same
    rule to pick the right one.)"""
    best = cands[0]
    for kind in ("named", "graded"):
        typed = next((c for c in cands if getattr(c, kind)), None)
        if typed and not getattr(best, kind) and typed.score >= KEEP_RATIO * best.score \
                and not (kind == "named" and ROLE_TITLE.search(best.text)):
            return typed
    return best


def _overlaps(a: Candidate, b: Candidate) -> bool:
    if a.passage.doc.doc_id == b.passage.doc.doc_id and a.start < b.end and b.start < a.end:
        return True
    return a.text.strip().lower() == b.text.strip().lower()


def weak_evidence(question: str, passages: list[Passage], chosen: list[Candidate],
                  wants: tuple[str, ...] | None = None, own_text: str = "") -> str:
    """Why the evidence cannot answer the question, or '' when it can. `own_text`: a folded
    follow-up's own words; when it points back to a person ("what did he say about body-worn
    video?"), its topic is in those words, and a chosen sentence must share one."""
    wants = tuple(wanted(question) if wants is None else wants)
    if not passages or not chosen:
        return "No passage in the indexed documents matches this question."
    best_sim = max(c.similarity for c in chosen)
    best_cov = max(c.coverage for c in chosen)
    if best_sim < MIN_SIMILARITY and best_cov < MIN_COVERAGE:
        return "The indexed documents do not appear to cover this question."
    if own_text and POINTS_TO_PERSON.search(own_text):
        own = topic_terms(own_text)
        if own and not any(own & set(terms(c.text)) for c in chosen):
            return "The documents found say nothing about that."
    evidence = " ".join(p.chunk.text for p in passages)
    missing = [y for y in _YEAR.findall(question) if y not in evidence]
    if missing:
        return f"The documents found say nothing about {', '.join(sorted(set(missing)))}."
    if "number" in wants and not NUMBER.search(chosen[0].text):
        return "The documents found give no figure for this."
    for kind, what in _GIVEN.items():
        if kind in wants and not any(shows(c.text, [kind]) for c in chosen):
            return f"The documents found give no {what} for this."
    # "Which officer...?" asks for one person ("who...?" may be answered by a body or a team).
    if asks_for_one(question) and not any(c.named or ROLE_TITLE.search(c.text) for c in chosen):
        return "The documents found name no one for this."
    return ""


def compose(question: str, passages: list[Passage], chosen: list[Candidate]) -> tuple[str, tuple]:
    """Answer text with [n] markers and its citations, sentences grouped by document."""
    doc_rank: dict[str, int] = {}  # a document's place: its best-ranked chosen passage
    for c in chosen:
        doc_id = c.passage.doc.doc_id
        doc_rank[doc_id] = min(doc_rank.get(doc_id, c.passage.rank), c.passage.rank)
    ordered = sorted(chosen, key=lambda c: (doc_rank[c.passage.doc.doc_id], c.start))
    parts, citations = [], []
    for n, c in enumerate(ordered, start=1):
        doc = c.passage.doc
        citations.append(Citation(n, doc, doc.page_at(c.start), c.text, c.start, c.end))
        parts.append(_with_marker(c.text, n))
    # a list item's ";" before a sentence that is not the next item, or at the very end, is a
    # full stop (so is a lead-in's ":" at the end)
    for i, part in enumerate(parts):
        nxt = parts[i + 1] if i + 1 < len(parts) else ""
        if re.search(r"\[\d+\];$", part) and not nxt[:1].islower() or \
                (not nxt and re.search(r"\[\d+\]:$", part)):
            parts[i] = part[:-1] + "."
    return " ".join(parts), tuple(citations)


def _with_marker(sentence: str, n: int) -> str:
    """'It improved.' -> 'It improved [1].' (the marker goes before the closing punctuation)."""
    m = re.search(r"([.!?;:]+[\"'”’)]*)$", sentence)
    if m:
        return f"{sentence[:m.start()]} [{n}]{m.group(1)}"
    return f"{sentence} [{n}]"


def build_answer(question: str, passages: list[Passage], idf: dict[str, float], n_docs: int,
                 forces: tuple[str, ...] = (), match_text: str = "", decline: str = "",
                 qid: str = "", wants: tuple[str, ...] | None = None,
                 own_text: str = "") -> Answer:
    """The Answer record: cited sentences, or a plain refusal that still shows the passages.
    `match_text` is what sentences are scored against (the question by default); `wants` the
    kinds of answer asked for, when not the question's own (a follow-up's); `own_text` a
    follow-up's own words when `match_text` has the earlier question folded in."""
    cands = candidates(match_text or question, passages, idf, n_docs, wants, own_text)
    selected = with_continuations(select(cands, forces, bool(EXCERPTS.search(question))))
    reason = decline or weak_evidence(question, passages, selected, wants, own_text)
    if reason:
        text = "I can't answer that from the indexed documents. " + reason
        if passages:
            text += " The closest passages are listed below."
        return Answer(question, text, True, (), tuple(passages), qid, reason, forces)
    if len(forces) < 2:  # a comparison keeps its passages taking turns by force
        passages, selected = lead_first(passages, selected)
    text, citations = compose(question, passages, with_lead_ins(selected, len(forces)))
    return Answer(question, text, False, citations, tuple(passages), qid, "", forces)


def lead_first(passages: list[Passage], chosen: list[Candidate]) -> tuple[list, list]:
    """The passage holding the answer's best sentence moved to the top, the rest in search order:
    sentence scoring is a finer second look than passage fusion, and the reader's first passage
    is then the one the answer rests on. Ranks are renumbered; `chosen` points to the new ones."""
    lead = chosen[0].passage
    ordered = [lead] + [p for p in passages if p is not lead]
    renumbered = {id(p): replace(p, rank=r) for r, p in enumerate(ordered, start=1)}
    return ([renumbered[id(p)] for p in ordered],
            [replace(c, passage=renumbered[id(c.passage)]) for c in chosen])
