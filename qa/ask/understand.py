"""Understanding a question, once: the question and its conversation become one Query record
that retrieval, sentence scoring, composing and declining all take whole.

Owns: the forces a question names (or, for a follow-up naming none, the conversation named),
which of them the search can focus on (`focus`), the search text with force names taken out
(the force is a signal and a filter, not words to match), the kind of answer asked for, years,
the parts of a multi-part question, and the glossary's expansions (RSO, CSE).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from qa.ask import genres
from qa.ask.counting import compared_counts, counted
from qa.ask.kinds import ROLE_TITLE, asks_for_one, wanted
from qa.ask.offices import asked_office
from qa.ask.rules import DEFAULT, Rules
from qa.forces import REFERRERS, find_forces, force_spans
from qa.index.keywords import terms
from qa.types import Filters
from qa.vocab import clipped, glossary

YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_EMPTY = re.compile(r"^\W*$")
# Words comparing amounts: with two forces named, the question asks for a figure of each.
_VERSUS = re.compile(r"\b(vs\.?|v\.?|versus|compared?|comparison|against)(?=\s|$)", re.I)
_COMPARATIVE = re.compile(r"\b(more|fewer|less|most|fewest|least|bigger|biggest|larger|largest|"
                          r"higher|highest|lower|lowest|smaller|smallest|greater|greatest)\b",
                          re.I)
# Where a second question starts inside one: "When was it inspected, and what grade did it
# get?", "How many cases were audited and how were they graded?".
_SECOND_QUESTION = re.compile(r"(?:,\s*|\s+)(?:and|also|then)\s+(?=(?:when|what|who|whom|how|"
                              r"which|where|why|whether|did|does|do|is|are|was|were|has|have)"
                              r"\b)", re.I)


@dataclass(frozen=True)
class Part:
    """One of the questions a multi-part question asks."""

    text: str  # what it is scored on: its words and the first part's (force names out, glossary
    #            expanded), since "...and how were they graded?" borrows its subject
    wants: tuple[str, ...] = ()  # the kinds of answer it asks for
    asked: str = ""  # its own words (force names as "the force"), to name it to people
    office: str = ""  # the office it asks who holds ("chief constable"), as Query.office


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    text: str  # what to search and match: force names out, glossary expanded
    forces: tuple[str, ...] = ()  # named by the question or, for a follow-up, the conversation
    from_conversation: bool = False  # the forces were named earlier, not in this question
    years: tuple[str, ...] = ()  # years the question names
    wants: tuple[str, ...] = ()  # kinds of answer asked for (kinds.WANTS): a grade, a person...
    asks_for_one: bool = False  # "which officer...?": one person, by a singular role
    parts: tuple[Part, ...] = ()  # the questions a multi-part question asks (else empty)
    genres: tuple[str, ...] = ()  # kinds of source asked for (genres.GENRES): a response...
    numbered: tuple[str, ...] = ()  # numbered boxes named: "recommendation 4"
    spelled: tuple[tuple[str, str], ...] = ()  # (typed term, the library's term it misspells)
    counted: tuple[str, ...] = ()  # terms of what "how many...?" counts: "recommend"
    office: str = ""  # the office a who-question names: "chief constable" (vocab/offices.csv)
    borrowed: bool = False  # a follow-up searching the earlier question's topic too


@dataclass(frozen=True)
class Focus:
    forces: tuple[str, ...]  # forces to search: named ones that have documents, else filtered
    missing: tuple[str, ...]  # named forces no indexed document is about


def asked_genres(plain: str, rules: Rules) -> tuple[str, ...]:
    """The kinds of source the question asks for: those its words name (genres.asked), else,
    when it asks what a named force did (`plain`: its own words, force names read as "the
    force"; not a borrowed earlier question's), the force's own account of it."""
    found = genres.asked(plain, rules.excerpt_boxes, rules.demanded, rules.worried)
    if not found and rules.force_acted and genres.acted(plain):
        found = ("response",)
    return found


def _wanted(text: str, rules: Rules) -> tuple[str, ...]:
    """The kinds of answer the text asks for (kinds.wanted), under the rules."""
    return tuple(w for w in wanted(text) if w != "name" or rules.name_asked)


def _a_figure(wants: tuple[str, ...]) -> tuple[str, ...]:
    """What forces compared by a figure want: a figure of each ("who had more...?" asks which
    force, not for a person)."""
    return tuple(w for w in wants if w != "person") + (() if "number" in wants else ("number",))


def understand(question: str, history: tuple[str, ...] = (), rules: Rules = DEFAULT) -> Query:
    named = tuple(find_forces(question, typed=True))
    # "Kent vs Herts: number of NCA referrals?": the National Crime Agency beside a force is
    # where referrals come from, no force asked about, and its name is part of the topic
    beside = tuple(f for f in named if f in REFERRERS) if set(named) - REFERRERS else ()
    named = tuple(f for f in named if f not in beside)
    forces = named
    plain = text = _without_forces(question, keep=beside)  # plain: the question's own words
    wants = _wanted(text, rules)
    if history and not named:  # a follow-up keeps the conversation's force
        forces = tuple(next((f for h in reversed(history) if (f := find_forces(h, True))), []))
    borrowed = bool(history) and rules.borrow_topic and _bare(text, wants)
    if borrowed:
        # "how did they respond?": the topic is the earlier question's; what is asked (a
        # response, a follow-up's finding) stays this one's
        text = f"{text} {genres.without_cues(_without_forces(history[-1]))}"
    parts = _parts(plain, rules) if rules.multi_part else ()
    compared = ()
    if parts:
        wants = tuple(dict.fromkeys(w for p in parts for w in p.wants))
    elif len(named) > 1 and rules.compared_figures and _COMPARATIVE.search(plain):
        # "which had more X, A or B?", "who had the bigger backlog, A or B?": a figure for
        # each force, of X when the question says what it compares; "who" asks which force,
        # not for a person
        wants = _a_figure(wants)
        compared = compared_counts(text)
    asked = asked_genres(plain, rules)
    if len(named) > 1 and rules.compared_boxes and asked == ("box",) and _VERSUS.search(plain) \
            and not genres.numbered(question) and not parts and not genres.topical(text):
        # "Recommendations made to A vs B?": forces are compared on their boxes by how many
        # each was given (each force's list is a question of its own)
        wants = _a_figure(wants)
        compared = compared or tuple(terms(genres.box_noun(plain)))
        asked = ()
    office = asked_office(plain) if rules.named_office and not parts else ""
    if office and "person" not in wants:  # "name of the chief constable?" asks who
        wants += ("person",)
    return Query(question, expand(text, rules), forces, bool(forces) and not named,
                 tuple(dict.fromkeys(YEAR.findall(question))), wants, asks_for_one(question),
                 parts, asked, genres.numbered(question),
                 counted=(counted(text) or compared) if rules.counted and "number" in wants
                 else (),
                 office=office, borrowed=borrowed)


def unclip(text: str, rules: Rules = DEFAULT) -> str:
    """The text with each clipped word people type for the documents' word written in full
    ("Surrey rec 4 - timescale?" -> "Surrey recommendation 4 - timescale?"), a capital kept;
    the same letters in capitals are an acronym of something else and stay."""
    if not rules.clipped:
        return text
    pattern, table = _clipped()

    def full(m: re.Match) -> str:
        typed = m.group(0)
        if typed.isupper():
            return typed
        word = table[typed.lower()]
        return word[0].upper() + word[1:] if typed[0].isupper() else word

    return pattern.sub(full, text)


@cache
def _clipped() -> tuple[re.Pattern, dict]:
    table = clipped()
    alternation = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(r"\b(?:" + alternation + r")\b", re.I), table


def _parts(text: str, rules: Rules) -> tuple[Part, ...]:
    """The questions in a multi-part question, when there are several with words of their own;
    the subject of the first is lent to a later one with few words of its own ("...and how were
    they graded?"), not to one with a topic of its own ("...and who leads on public
    protection?")."""
    pieces = [p.strip(" ,;?") for p in _SECOND_QUESTION.split(text)]
    if len(pieces) < 2 and rules.two_people:
        return _two_people(text, rules)
    if len(pieces) < 2 or any(len(topic_terms(p)) < 1 for p in pieces):
        return ()
    return tuple(Part(expand(p if i == 0 or not _borrows(p) else f"{p} {pieces[0]}", rules),
                      _wanted(p, rules), p,
                      asked_office(p) if rules.named_office else "")
                 for i, p in enumerate(pieces))


# "names of the chief constable and the public protection lead?", "who are the PCC and the
# chief constable?": two people, each by a role
_TWO_PEOPLE = re.compile(r"\b(?:who\s+(?:is|are|were|was)|names?\s+of|name)\s+(the\s+[^?,;]+?)"
                         r"\s+and\s+(the\s+[^?,;]+?)\s*\??\s*$", re.I)
_A_ROLE = re.compile(r"\blead\b|" + ROLE_TITLE.pattern, re.I)


def _two_people(text: str, rules: Rules) -> tuple[Part, ...]:
    """The two parts of a question asking who holds each of two roles, or ()."""
    m = _TWO_PEOPLE.search(text)
    if not m or not all(_A_ROLE.search(role) for role in m.groups()):
        return ()
    return tuple(Part(expand(f"who is {role}", rules), ("person",), f"who is {role}",
                      asked_office(f"who is {role}") if rules.named_office else "")
                 for role in m.groups())


_POINTS_BACK = re.compile(r"\b(it|its|they|their|them|this|that|these|those)\b", re.I)
_POINTS_TO_A_THING = re.compile(r"\b(it|this|that|these|those)\b(?!\s+(?:the|a|an)\b)", re.I)


def _bare(question: str, wants: tuple[str, ...]) -> bool:
    """A follow-up about the earlier question's topic: it points back to a thing ("did they
    achieve it?") with at most two topic terms of its own besides the genre it asks for, or
    asks for no kind of answer and has at most one ("how did they respond?"). "Who is in
    charge there?", "how many cases did they look at?" and "is that team coping with
    demand?" have topics of their own."""
    own = len(topic_terms(genres.without_cues(question)))
    return (bool(_POINTS_TO_A_THING.search(question)) and own <= 2) or (not wants and own <= 1)


def _borrows(part: str) -> bool:
    """A later part takes the first part's subject when it points back to it or says little
    of its own."""
    return bool(_POINTS_BACK.search(part)) or len(topic_terms(part)) <= 2


def focus(query: Query, filters: Filters, indexed: list[str] | set[str]) -> Focus:
    """Forces to search (those named that have documents, within the force filter; else the
    filter's) and the named forces that no indexed document is about."""
    if not query.forces:
        return Focus(tuple(filters.forces), ())
    known = set(indexed)
    present = [f for f in query.forces if f in known]
    if filters.forces:
        present = [f for f in present if f in filters.forces]
    return Focus(tuple(present), tuple(f for f in query.forces if f not in known))


def search_terms(query: Query, text: str | None = None) -> list[str]:
    """The terms of the query's text (or of `text`, a part of it) to match in passages, each
    misspelt one read as the library's term it misspells (query.spelled)."""
    fixed = dict(query.spelled)
    return [fixed.get(t, t) for t in terms(query.text if text is None else text)]


def topic_terms(text: str) -> set[str]:
    """What a text is about, in terms: force mentions ("the force" by now) do not count."""
    return set(terms(text)) - _FORCE_TERMS


def _without_forces(text: str, keep: tuple[str, ...] = ()) -> str:
    """The text with every force mention (but those of `keep`) replaced by "the force" (the
    search is focused on that force; its name would only pull in passages that repeat it)."""
    out, cursor = [], 0
    for start, end, name in force_spans(text, typed=True):
        if name in keep:
            continue
        out.append(text[cursor:start])
        out.append("the force")
        cursor = end
        if text[cursor:cursor + 2] in ("'s", "’s"):
            out.append("'s")
            cursor += 2
    out.append(text[cursor:])
    stripped = re.sub(r"\bthe (the force)\b", r"\1", "".join(out), flags=re.I)
    stripped = re.sub(r"\s+", " ", stripped).strip()
    return text if _EMPTY.match(stripped.replace("the force", "")) else stripped


def expand(text: str, rules: Rules = DEFAULT) -> str:
    """Append what each known abbreviation stands for, so both forms can match ("RSOs" ->
    "RSOs (registered sex offender)")."""
    if not rules.glossary:
        return text
    pattern, table = _glossary()
    extra = [table[m.group(1)] for m in pattern.finditer(text)]
    return text if not extra else f"{text} ({'; '.join(dict.fromkeys(extra))})"


@cache
def _glossary() -> tuple[re.Pattern, dict]:
    """The glossary as one pattern; an abbreviation typed in the plural stands for the same."""
    table = glossary()
    alternation = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(r"\b(" + alternation + r")s?\b"), table


_FORCE_TERMS = frozenset(terms("the force"))  # what a force mention becomes in the search text
