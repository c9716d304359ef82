"""Query understanding: what to search for, separated from where to search.

Owns: the forces a question names (or, for a follow-up, the conversation named), the search
text with those force names taken out (the force becomes a filter, not words to match), the
earlier question folded in when a follow-up only points back ("are they putting more people
into it?"), the kind of answer asked for (carried over by "and for...?"), and the expansion of
policing abbreviations people type (RSO, CSA, MASH...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.ask.kinds import wanted
from qa.forces import find_forces, force_spans
from qa.index.keywords import terms

# Abbreviations common in policing and inspection work, with what they stand for.
GLOSSARY = {
    "ACC": "Assistant Chief Constable", "ASB": "anti-social behaviour",
    "CAIT": "child abuse investigation team", "CPS": "Crown Prosecution Service",
    "CSA": "child sexual abuse", "CSE": "child sexual exploitation",
    "CCE": "child criminal exploitation", "DA": "domestic abuse",
    "DAM": "Domestic Abuse Matters", "DCC": "Deputy Chief Constable",
    "HM": "His Majesty's", "HMI": "His Majesty's Inspector",
    "IOPC": "Independent Office for Police Conduct", "IT": "information technology",
    "MAPPA": "multi-agency public protection arrangements",
    "MARAC": "multi-agency risk assessment conference",
    "MASH": "multi-agency safeguarding hub", "MISPER": "missing person",
    "NCA": "National Crime Agency", "NPCC": "National Police Chiefs' Council",
    "OCSE": "online child sexual exploitation", "PCC": "Police and Crime Commissioner",
    "PPD": "public protection department", "PPU": "public protection unit",
    "RSO": "registered sex offender", "RSOs": "registered sex offenders",
    "SARC": "sexual assault referral centre", "VAWG": "violence against women and girls",
    "VKPP": "Vulnerability Knowledge and Practice Programme",
    "CP": "child protection", "DV": "domestic abuse", "CID": "criminal investigation department",
    "CSEA": "child sexual exploitation and abuse", "IIOC": "indecent images of children",
    "MOSOVO": "management of sexual or violent offenders", "PVP": "protecting vulnerable people",
    "PPN": "public protection notice", "LADO": "local authority designated officer",
    "DASH": "domestic abuse, stalking and harassment risk assessment",
    "OCG": "organised crime group",
}
# Everyday words people type for what reports name formally (matched in any case).
EVERYDAY = {
    "kid": "child", "kids": "children", "teen": "adolescent", "teens": "adolescents",
    "teenage": "adolescent", "teenager": "adolescent", "teenagers": "adolescents",
    "youngsters": "young people", "cops": "police officers", "paedophile": "child sex offender",
    "paedophiles": "child sex offenders", "groomers": "people grooming children",
    # plain words for what reports say formally
    "admit": "acknowledge", "admits": "acknowledges",  # not "admitted": to hospital, say
    "own up to": "acknowledge", "owned up to": "acknowledged", "shortcomings": "areas to improve",
    "weaknesses": "areas to improve", "get better": "improve", "got better": "improved",
    "getting better": "improving", "fix": "address", "fixing": "addressing",
    "fixed": "addressed", "sort out": "address", "bosses": "senior leaders",
    "worried": "concerned", "worries": "concerns",
    "partnership working": "working with partners",
    "info": "information", "comms": "communications", "stats": "figures",
}
_EVERYDAY = re.compile(r"\b(" + "|".join(sorted(map(re.escape, EVERYDAY), key=len,
                                                  reverse=True)) + r")\b", re.I)
# an abbreviation typed in the plural ("ACCs") stands for the same thing
_ABBREV = re.compile(r"\b(" + "|".join(sorted(map(re.escape, GLOSSARY), key=len,
                                                reverse=True)) + r")s?\b")
# Words that point back to the earlier question's subject ("are they putting more people into
# it?", "what did she say?"); "they" and "the force" usually mean the force, which the
# conversation already keeps.
POINTS_TO_PERSON = re.compile(r"\b(he|she|him|his|her)\b(?!\s+majesty)", re.I)
_POINTS_BACK = re.compile(r"\b(it|its|this|that|these|those|the same|there)\b|" +
                          POINTS_TO_PERSON.pattern, re.I)
_EMPTY = re.compile(r"^\W*$")
_FORCE_TERMS = frozenset(terms("the force"))  # what a force mention becomes in the search text


@dataclass(frozen=True)
class Query:
    question: str  # as asked
    text: str  # what to search and match: force names out, abbreviations expanded, context in
    forces: tuple[str, ...]  # forces named by the question or, for a follow-up, the conversation
    wants: tuple[str, ...] = ()  # kinds of answer asked for (answer_types): a grade, a person...
    own: str = ""  # a follow-up's own words, when `text` has the earlier question folded in


def understand(question: str, history: tuple[str, ...] = ()) -> Query:
    forces = tuple(find_forces(question))
    text = _without_forces(question)
    wants = tuple(wanted(text))
    own = ""
    if history and _follows_up(question, forces):
        earlier = history[-1]
        if not forces:
            forces = tuple(next((find_forces(h) for h in reversed(history) if find_forces(h)),
                                []))
        folds = _POINTS_BACK.search(question) or len(topic_terms(text)) < 2
        if folds:
            own = expand_abbreviations(text)
            text = f"{text} {_without_forces(earlier)}"
        if not wants and (folds or _elliptical(question)) \
                and not _ASKS.search(_ELLIPTICAL.sub("", question)):
            # "And for partnership working?" after "How was Glos graded on...?" asks the same
            # thing of a new topic: a grade again. A question word of its own asks afresh.
            wants = tuple(wanted(_without_forces(earlier)))
    return Query(question, expand_abbreviations(text), forces, wants, own)


_ELLIPTICAL = re.compile(r"^\s*(?:(?:and|also|so|but)\s+)?(?:(?:what|how) about\b)?", re.I)
_ASKS = re.compile(r"\b(who|whom|whose|what|when|where|which|why|how)\b", re.I)


def _elliptical(question: str) -> bool:
    """Starts as a follow-up that leaves its question unsaid: "And for...?", "What about...?"."""
    return bool(_ELLIPTICAL.match(question).group().strip())


def _follows_up(question: str, forces: tuple[str, ...]) -> bool:
    return not forces or _elliptical(question)


def topic_terms(text: str) -> set[str]:
    """What a question is about, in terms: force mentions ("the force" by now) do not count."""
    return set(terms(text)) - _FORCE_TERMS


def _without_forces(text: str) -> str:
    """The text with every force mention replaced by "the force" (the search is filtered to
    that force; its name would only pull in passages that repeat the name)."""
    out, cursor = [], 0
    for start, end, _name in force_spans(text):
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


def expand_abbreviations(text: str) -> str:
    """Append what each known abbreviation or everyday word stands for in reports, so both
    forms can match."""
    extra = [GLOSSARY[m.group(1)] for m in _ABBREV.finditer(text)]
    extra += [EVERYDAY[m.group(1).lower()] for m in _EVERYDAY.finditer(text)]
    return text if not extra else f"{text} ({'; '.join(dict.fromkeys(extra))})"
