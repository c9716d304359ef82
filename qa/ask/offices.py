"""Offices a who-question can ask for by title ("who is the chief constable?", "which HMI led
the inspection?") and whether a text names one: the forms each office is written in come from
vocab/offices.csv. What kind of answer a question wants otherwise is left to kinds.
"""
from __future__ import annotations

import re

from qa.ask.kinds import LEAD
from qa.vocab import offices


# Offices a who-question can name (vocab/offices.csv), each as a pattern of the forms it is
# written in. A chief constable is not a deputy or assistant chief constable: a form after
# "deputy" or "assistant" (across any space, a PDF's line break too) is not the office, nor is
# an HM Inspector of Fire & Rescue Services one of constabulary.
_OFFICE_FORMS = {office: re.compile(r"(?<![\w-])(" + "|".join(
    re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True)) + r")\b",
    re.I) for office, forms in offices().items()}
_RANK_BEFORE = re.compile(r"\b(deputy|assistant)\s+$", re.I)
_FIRE_AFTER = re.compile(r"\s+of\s+fire\b", re.I)  # HM Inspector of Fire & Rescue Services
_ANY_OFFICE = "|".join(p.pattern for p in _OFFICE_FORMS.values())
# Words between "who is" and the office that say what is asked of someone else ("who is
# working for the PCC?", "who reports to the chief constable?")
_NOT_BETWEEN = r"(?!(?:for|to|of|with|by|under|from|at|on|in|than|about)\b)"
# "Who is the chief constable?", "who's the force's PCC", "which HMI led...?", "name of the
# inspector of constabulary behind the report?", "the chief constable's name?"
_ASKS_OFFICE = re.compile(LEAD + r"(?:who(?:['’]s|\s+(?:is|was|are|were))\s+(?:" + _NOT_BETWEEN
                          + r"[^?\s]+\s+){0,4}?|(?:which|what)\s+(?:[^?\s]+\s+)?|(?:what(?:['’]s|"
                          r"\s+is|\s+was)\s+)?(?:the\s+)?name\s+of\s+(?:[^?\s]+\s+){0,4}?)(?:"
                          + _ANY_OFFICE + r")|(?:" + _ANY_OFFICE + r")['’]s\s+name\b", re.I)
# ...but "who was the chief constable's deputy?" asks for the deputy
_SOMEONE_ELSES = re.compile(r"['’]s\s+(?!name\b)\w")


def asked_office(question: str) -> str:
    """The office a who-question asks for by its title ("who is the chief constable?":
    "chief constable"), else ''."""
    m = _ASKS_OFFICE.search(question)
    if not m or _SOMEONE_ELSES.match(question, m.end()):
        return ""
    found = [(office_at(m.group(0), office), office) for office in _OFFICE_FORMS]
    return max(((f.end(), f.end() - f.start(), office) for f, office in found if f),
               default=(0, 0, ""))[2]


def office_at(text: str, office: str) -> re.Match | None:
    """Where the text first names the office (in any of its forms), or None (also for an
    office vocab/offices.csv does not know)."""
    pattern = _OFFICE_FORMS.get(office)
    for m in pattern.finditer(text) if pattern else ():
        if not _RANK_BEFORE.search(text, max(0, m.start() - 20), m.start()) \
                and not _FIRE_AFTER.match(text, m.end()):
            return m
    return None


def gives_office(text: str, office: str) -> bool:
    """The text names the office (in any of its forms)."""
    return office_at(text, office) is not None
